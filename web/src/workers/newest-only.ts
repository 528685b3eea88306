/**
 * A worker fed newest inputs only: while one request runs, later ones replace each other and
 * only the last is sent when the running one returns (the page never waits on stale work).
 */
export interface NewestOnly<Req> {
  /** Send now, or keep as the next request when one is running. */
  send(req: Req): void;
  /** Call on every reply: frees the worker and sends the kept request, if any. */
  replied(): void;
}

export function newestOnly<Req>(worker: Worker): NewestOnly<Req> {
  let busy = false;
  let queued: Req | null = null;
  return {
    send(req) {
      if (busy) queued = req;
      else {
        busy = true;
        worker.postMessage(req);
      }
    },
    replied() {
      busy = false;
      const next = queued;
      queued = null;
      if (next !== null) {
        busy = true;
        worker.postMessage(next);
      }
    },
  };
}

/**
 * Web Workers for the CPU measurement in a browser. The page passes a way to create its
 * worker (`() => new Worker(url, { type: "module" })`); the worker's script calls
 * `serveInWebWorker(self, () => performance.now())`. Threads share one WebAssembly memory,
 * which needs SharedArrayBuffer: a cross-origin isolated page (COOP same-origin, COEP
 * require-corp). Without it, measure one thread on the page itself (no `createWorker`).
 */
import type { FromWorker, ToWorker, WorkerFactory } from "./protocol.js";
import { serveMeasureWorker } from "./worker.js";

export interface WebWorkerLike {
  postMessage(m: unknown): void;
  addEventListener(
    type: "message" | "error" | "messageerror",
    h: (e: { data?: unknown; message?: string }) => void,
  ): void;
  terminate(): void;
}

export function webWorkerFactory(create: () => WebWorkerLike): WorkerFactory {
  return () => {
    const w = create();
    return {
      post: (m: ToWorker) => w.postMessage(m),
      listen: (h: (m: FromWorker) => void) => w.addEventListener("message", (e) => h(e.data as FromWorker)),
      onError: (h: (e: unknown) => void) => {
        w.addEventListener("error", (e) => h(new Error(`measuring worker failed: ${e.message ?? "error"}`)));
        w.addEventListener("messageerror", () =>
          h(new Error("measuring worker: a message could not be cloned")),
        );
      },
      terminate: () => w.terminate(),
    };
  };
}

export interface WorkerScopeLike {
  postMessage(m: unknown): void;
  addEventListener(type: "message", h: (e: { data: unknown }) => void): void;
}

/** Serve the measuring protocol from inside a Web Worker (`self`). */
export function serveInWebWorker(scope: WorkerScopeLike, now: () => number): void {
  serveMeasureWorker(
    {
      post: (m) => scope.postMessage(m),
      listen: (h) => scope.addEventListener("message", (e) => h(e.data as ToWorker)),
    },
    now,
  );
}

/** Worker factory for Node: worker_threads running node-worker.js, for the core's WorkerPool. */
import { Worker } from "node:worker_threads";
import type { FromWorker, WorkerFactory } from "../../core/index.js";

const WORKER_URL = new URL("./node-worker.js", import.meta.url);

export const nodeWorkerFactory: WorkerFactory = () => {
  const w = new Worker(WORKER_URL);
  let errorHandler: ((e: unknown) => void) | undefined;
  let terminating = false;
  w.on("error", (e) => errorHandler?.(e));
  w.on("exit", (code) => {
    if (!terminating) errorHandler?.(new Error(`measuring thread exited (code ${code})`));
  });
  return {
    post: (m) => w.postMessage(m),
    listen: (h) => w.on("message", (m: FromWorker) => h(m)),
    onError: (h) => {
      errorHandler = h;
    },
    terminate: () => {
      terminating = true;
      return w.terminate();
    },
  };
};

/** Entry script of a measuring thread in Node (worker_threads): serves the core's worker protocol. */
import { performance } from "node:perf_hooks";
import { parentPort } from "node:worker_threads";
import type { ToWorker } from "../../core/index.js";
import { serveMeasureWorker } from "../../core/index.js";

if (!parentPort) throw new Error("node-worker.js runs as a worker thread");
const port = parentPort;
serveMeasureWorker(
  {
    post: (m) => port.postMessage(m),
    listen: (h) => port.on("message", (m: ToWorker) => h(m)),
  },
  () => performance.now(),
);

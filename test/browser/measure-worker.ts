/** The measuring Web Worker of the browser test (what a web app's worker entry looks like). */
import { serveInWebWorker, type WorkerScopeLike } from "../../src/core/measure/web-workers.js";

declare const self: WorkerScopeLike;
declare const performance: { now(): number };

serveInWebWorker(self, () => performance.now());

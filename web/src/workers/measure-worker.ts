/** A Web Worker of "Measure this device": runs the library's WebAssembly kernels on request. */
import { serveInWebWorker, type WorkerScopeLike } from "../../../src/core/index.js";

serveInWebWorker(self as unknown as WorkerScopeLike, () => performance.now());

/**
 * Messages between the measuring coordinator and its worker threads (Node worker_threads
 * or Web Workers). Each worker instantiates the kernels on the shared memory and runs
 * jobs on request; a run starts behind a barrier in shared memory so that all threads
 * work at the same time.
 */
import type { FillSpec, Job } from "./kernel-host.js";
import type { KernelOptions } from "./kernels.js";
import type { WasmMemory } from "./wasm-env.js";

export type ToWorker =
  | {
      readonly type: "init";
      readonly options: KernelOptions;
      /** The shared memory; absent when the worker makes its own (`pages` 64 KiB pages). */
      readonly memory?: WasmMemory;
      readonly pages: number;
      /** Int32Array over a SharedArrayBuffer: [arrived, go]. */
      readonly control?: Int32Array;
      readonly fill: readonly FillSpec[];
      readonly weights: readonly number[];
    }
  | { readonly type: "warm"; readonly jobs: readonly Job[]; readonly ms: number }
  | { readonly type: "run"; readonly seq: number; readonly job: Job; readonly participants: number };

export type FromWorker =
  | { readonly type: "ready" }
  | { readonly type: "warmed" }
  | { readonly type: "done"; readonly seq: number; readonly elapsedMs: number; readonly value: number }
  | { readonly type: "error"; readonly message: string };

/** The worker side of a transport: how a worker sends and receives messages. */
export interface WorkerPort {
  post(msg: FromWorker): void;
  listen(handler: (msg: ToWorker) => void): void;
}

/** The coordinator's handle on one worker. */
export interface WorkerHandle {
  post(msg: ToWorker): void;
  listen(handler: (msg: FromWorker) => void): void;
  /** Called once with any failure of the worker itself (script error, exit). */
  onError(handler: (e: unknown) => void): void;
  terminate(): unknown;
}

/** Creates a worker running `serveMeasureWorker` (worker.ts). */
export type WorkerFactory = () => WorkerHandle;

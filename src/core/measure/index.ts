/**
 * Empirical rooflines: WebAssembly SIMD kernels for the CPU (Node and browsers) and WebGPU
 * shaders for the GPU (browsers), with plateau detection and device profiles.
 */
export * from "./cpu.js";
export type { Job, JobResult } from "./kernel-host.js";
export * from "./kernels.js";
export * from "./native-peaks.js";
export * from "./plateaus.js";
export * from "./profile.js";
export type { FromWorker, ToWorker, WorkerFactory, WorkerHandle, WorkerPort } from "./protocol.js";
export * from "./stats.js";
export * from "./summary.js";
export * from "./web-workers.js";
export * from "./webgpu.js";
export { serveMeasureWorker } from "./worker.js";

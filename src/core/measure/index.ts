/**
 * Empirical rooflines: WebAssembly SIMD kernels for the CPU (Node and browsers) and WebGPU
 * shaders for the GPU (browsers), with plateau detection and device profiles.
 */
export * from "./cpu.js";
export * from "./kernels.js";
export * from "./plateaus.js";
export * from "./profile.js";
export * from "./stats.js";
export * from "./summary.js";
export * from "./webgpu.js";
export * from "./web-workers.js";
export { serveMeasureWorker } from "./worker.js";
export type { WorkerFactory, WorkerHandle, WorkerPort, ToWorker, FromWorker } from "./protocol.js";
export type { Job, JobResult } from "./kernel-host.js";

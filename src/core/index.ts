/**
 * Ridgeline's public API: pure functions from (model, device, workload) to analyses.
 * No I/O here: callers read files and pass parsed data in.
 */
export * from "./units/index.js";
export * from "./quant/index.js";
export * from "./errors.js";
export * from "./ops/index.js";
export * from "./roofline/index.js";
export { DeviceSpec, Source, SourcedValue, DEVICE_CLASSES, COMPUTE_UNITS } from "./hardware/schema.js";
export { ModelSpec, MoeSpec } from "./models/schema.js";
export * from "./models/weights.js";
export * from "./models/params.js";
export * from "./inference/workload.js";
export * from "./inference/resolve.js";
export * from "./inference/build-ops.js";
export * from "./inference/timeline.js";
export * from "./predict/analysis-types.js";
export * from "./predict/analyze.js";
export * from "./predict/by-kind.js";
export * from "./models/ids.js";
export * from "./catalog.js";
export * from "./models/import/hf-config.js";
export * from "./models/import/gguf-reader.js";
export * from "./models/import/gguf-model.js";
export * from "./advisor/advise.js";
export * from "./advisor/summary.js";
export * from "./calibration/index.js";
export {
  measureCpu,
  cpuProfile,
  measureWebGpu,
  gpuProfile,
  webWorkerFactory,
  serveInWebWorker,
  type OsCache,
  type WorkerFactory,
  type CpuMeasurement,
  type CpuMeasureOptions,
  type MeasureProgress,
  type HostInfo,
  type WebGpuMeasurement,
  type GpuLike,
  type WebWorkerLike,
  type WorkerScopeLike,
} from "./measure/index.js";
export { measureThisDevice, type MeasureThisDeviceInput, type ThisDeviceMeasurement, type GpuOutcome } from "./measure/this-device.js";
export * as chapter from "./chapter/index.js";

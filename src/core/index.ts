/**
 * Ridgeline's public API: pure functions from (model, device, workload) to analyses.
 * No I/O here: callers read files and pass parsed data in.
 */

export * from "./advisor/advise.js";
export * from "./advisor/batch.js";
export * from "./advisor/fit.js";
export * from "./advisor/fit-limits.js";
export * from "./advisor/offload-summary.js";
export * from "./advisor/policy.js";
export * from "./advisor/second-unit.js";
export * from "./advisor/summary.js";
export * from "./advisor/synthetic-model.js";
export * from "./calibration/index.js";
export * from "./catalog/lookup.js";
export * from "./cluster/index.js";
export * from "./efficiency/checked.js";
export * from "./efficiency/index.js";
export * from "./errors.js";
export * from "./graph/build-ops.js";
export * from "./graph/resolve.js";
export * from "./graph/workload.js";
export * from "./hardware/checked.js";
export * from "./hardware/derivation.js";
export * from "./hardware/limits.js";
export {
  COMPUTE_UNITS,
  DEVICE_CLASSES,
  Derivation,
  type DeviceClass,
  DeviceSpec,
  Source,
  SourcedValue,
} from "./hardware/schema.js";
export * from "./hardware/search.js";
export * from "./hardware/threads.js";
export * from "./hardware/usable-memory.js";
export * from "./measure/index.js";
export {
  type GpuOutcome,
  type MeasureThisDeviceInput,
  measureThisDevice,
  type ThisDeviceMeasurement,
} from "./measure/this-device.js";
export * from "./models/checked.js";
export * from "./models/ids.js";
export * from "./models/import/gguf-model.js";
export * from "./models/import/gguf-reader.js";
export * from "./models/import/hf-config.js";
export * from "./models/layers.js";
export * from "./models/limits.js";
export * from "./models/params.js";
export { AttentionMixer, LayerKind, LayerPattern, Mixer, ModelSpec, MoeSpec } from "./models/schema.js";
export * from "./models/weights.js";
export * from "./offload/index.js";
export * from "./ops/index.js";
export * from "./predict/analysis-types.js";
export * from "./predict/analyze.js";
export * from "./predict/by-kind.js";
export * from "./predict/caches.js";
export * from "./predict/engine-memory/index.js";
export * from "./predict/gemm.js";
export * from "./predict/memory.js";
export * from "./predict/pass.js";
export * from "./predict/timeline.js";
export * from "./quant/index.js";
export * from "./report/index.js";
export * from "./resolve/index.js";
export * from "./roofline/index.js";
export * from "./units/index.js";

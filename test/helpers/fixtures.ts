/** Hand-written model and device fixtures, independent of the catalogs. */
import type { DeviceSpec } from "../../src/core/hardware/schema.js";
import type { ModelSpec } from "../../src/core/models/schema.js";

/** Llama-2-7B as in its config.json (meta-llama/Llama-2-7b-hf). */
export const LLAMA2_7B: ModelSpec = {
  id: "test-llama-2-7b",
  name: "Llama-2-7B (fixture)",
  family: "llama",
  hiddenSize: 4096,
  numLayers: 32,
  numHeads: 32,
  numKvHeads: 32,
  headDim: 128,
  intermediateSize: 11008,
  vocabSize: 32000,
  ffn: { gated: true, activation: "silu" },
  norm: "rmsnorm",
  qkvBias: false,
  qkNorm: false,
  tieEmbeddings: false,
  maxContext: 4096,
};

/** A round-number device: 100 GB/s, 3.6 TFLOP/s fp16 and fp32 (ridge 36 FLOP/B). */
export const DEVICE_100GBPS: DeviceSpec = {
  id: "test-device",
  name: "Test device",
  vendor: "Test",
  unit: "gpu",
  class: "apple-gpu",
  peakTflops: { fp32: { value: 3.6, source: "s" }, fp16: { value: 3.6, source: "s" } },
  bandwidthGBps: { value: 100, source: "s" },
  memoryGiB: { value: 16, source: "s" },
  sources: { s: { title: "fixture", kind: "derived" } },
};

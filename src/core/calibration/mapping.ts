/**
 * From the labels of a measured row to catalog entries: hardware label (and backend) →
 * device id and device family; model label → preset id; quantization label → weight
 * recipe. A label with no entry, or an entry with a reason instead of an id, makes the
 * row unpredictable, and the reason is reported.
 *
 * Families group devices of one architecture generation for cross-validation (leave one
 * family out); classes (in the device JSON) group them for fitting.
 */
import { BUILTIN_DEVICES, BUILTIN_MODELS } from "../catalog/lookup.js";

export interface DeviceMapping {
  /** Catalog device id, or null with a reason. */
  readonly device: string | null;
  readonly family: string;
  readonly reason?: string;
  /** A caveat reported with the prediction. */
  readonly note?: string;
  /**
   * The label does not say which variant (e.g. GPU core count): the variants share the
   * memory bandwidth but not the compute peak, so only decode (memory-bound) rows are
   * predicted, with this device standing for them.
   */
  readonly decodeOnly?: boolean;
}

const gpu = (device: string, family: string, note?: string): DeviceMapping =>
  note ? { device, family, note } : { device, family };
const none = (family: string, reason: string): DeviceMapping => ({ device: null, family, reason });
const NOT_IN_CATALOG = "device not in the catalog (no sourced specification)";

/** Exact hardware labels of the measured file. */
const HARDWARE: Readonly<Record<string, DeviceMapping>> = {
  "Apple M1 (7-core GPU)": gpu("apple-m1-gpu-7c", "Apple M1"),
  "Apple M1 (8-core GPU)": gpu("apple-m1-gpu-8c", "Apple M1"),
  "Apple M1 Pro (14-core GPU)": gpu("apple-m1-pro-gpu-14c", "Apple M1"),
  "Apple M1 Pro (16-core GPU)": gpu("apple-m1-pro-gpu-16c", "Apple M1"),
  "Apple M1 Max (24-core GPU)": gpu("apple-m1-max-gpu-24c", "Apple M1"),
  "Apple M1 Max (32-core GPU)": gpu("apple-m1-max-gpu-32c", "Apple M1"),
  "Apple M1 Ultra (48-core GPU)": gpu("apple-m1-ultra-gpu-48c", "Apple M1"),
  "Apple M1 Ultra (64-core GPU)": gpu("apple-m1-ultra-gpu-64c", "Apple M1"),
  "Apple M1 Max (GPU cores not stated)": {
    device: "apple-m1-max-gpu-24c",
    family: "Apple M1",
    decodeOnly: true,
    note: "GPU cores not stated: both M1 Max variants have 400 GB/s, so decode uses the 24-core entry",
  },
  "Apple M1 Pro (GPU cores not stated)": {
    device: "apple-m1-pro-gpu-14c",
    family: "Apple M1",
    decodeOnly: true,
    note: "GPU cores not stated: both M1 Pro variants have 200 GB/s, so decode uses the 14-core entry",
  },
  "Apple M3 (10-core GPU)": gpu("apple-m3-gpu-10c", "Apple M3"),
  "Apple M3 Pro (14-core GPU)": gpu("apple-m3-pro-gpu-14c", "Apple M3"),
  "Apple M3 Pro (18-core GPU)": gpu("apple-m3-pro-gpu-18c", "Apple M3"),
  "Apple M3 Max (30-core GPU)": gpu("apple-m3-max-gpu-30c", "Apple M3"),
  "Apple M3 Max (40-core GPU)": gpu("apple-m3-max-gpu-40c", "Apple M3"),
  "Apple M3 Ultra (60-core GPU)": gpu("apple-m3-ultra-gpu-60c", "Apple M3"),
  "Apple M3 Ultra (80-core GPU)": gpu("apple-m3-ultra-gpu-80c", "Apple M3"),
  "Apple M3 Ultra (GPU cores not stated)": {
    device: "apple-m3-ultra-gpu-60c",
    family: "Apple M3",
    decodeOnly: true,
    note: "GPU cores not stated: both M3 Ultra variants have 800 GB/s, so decode uses the 60-core entry",
  },
  "NVIDIA RTX 3060 12GB": gpu("nvidia-rtx-3060-12gb", "NVIDIA Ampere"),
  "NVIDIA RTX 3070": gpu("nvidia-rtx-3070", "NVIDIA Ampere"),
  "NVIDIA RTX 3090": gpu("nvidia-rtx-3090", "NVIDIA Ampere"),
  "NVIDIA RTX A4000": gpu("nvidia-rtx-a4000", "NVIDIA Ampere"),
  "NVIDIA RTX A6000": gpu("nvidia-rtx-a6000", "NVIDIA Ampere"),
  "NVIDIA A100 80GB SXM": gpu("nvidia-a100-80gb-sxm", "NVIDIA Ampere"),
  "NVIDIA A100-SXM4-40GB": gpu("nvidia-a100-40gb-sxm", "NVIDIA Ampere"),
  "NVIDIA RTX 4060 Ti": gpu(
    "nvidia-rtx-4060-ti-8gb",
    "NVIDIA Ada",
    "memory size not stated: the 8 GB and 16 GB cards have the same bandwidth and peaks",
  ),
  "NVIDIA RTX 4090": gpu("nvidia-rtx-4090", "NVIDIA Ada"),
  "NVIDIA L40": gpu("nvidia-l40", "NVIDIA Ada"),
  "NVIDIA L40S": gpu("nvidia-l40s", "NVIDIA Ada"),
  "NVIDIA H100 PCIe 80GB": gpu("nvidia-h100-pcie", "NVIDIA Hopper"),
  "NVIDIA RTX 5080": gpu("nvidia-rtx-5080", "NVIDIA Blackwell"),
  "NVIDIA Quadro RTX 6000": gpu("nvidia-quadro-rtx-6000", "NVIDIA Turing"),
  "NVIDIA Tesla V100 32GB": {
    device: "nvidia-tesla-v100-pcie-32gb",
    family: "NVIDIA Volta",
    decodeOnly: true,
    note: "SXM2 or PCIe not stated: both V100 32GB variants have 900 GB/s, so decode uses the PCIe entry",
  },
  "NVIDIA Jetson Orin Nano 8GB (original, 15W)": gpu("nvidia-jetson-orin-nano-8gb", "NVIDIA Jetson Orin"),
  "AMD Radeon RX 7900 XTX": gpu("amd-radeon-rx-7900-xtx", "AMD RDNA3"),
  "AMD Instinct MI100": gpu("amd-instinct-mi100", "AMD CDNA"),
  "Intel Arc A770": none(
    "Intel Arc",
    "memory variant not stated (8 GB: 512 GB/s, 16 GB: 560 GB/s), and neither is in the catalog",
  ),
  "Raspberry Pi 5": gpu("raspberry-pi-5", "Arm Cortex-A76"),
  "Intel Core i5-6500 (DDR3)": gpu("intel-core-i5-6500", "Intel Core"),
  "Qualcomm Snapdragon 8 Gen 2 (CPU)": gpu("qualcomm-snapdragon-8-gen-2-cpu", "Qualcomm Kryo"),
  "Qualcomm Snapdragon 8 Elite (Hexagon NPU)": gpu("qualcomm-snapdragon-8-elite-npu", "Qualcomm Hexagon"),
};

/** Apple SoCs whose GPU label is used for a run on the CPU (-ngl 0). */
const APPLE_CPU_OF: Readonly<Record<string, string>> = {
  "Apple M1 Max": "apple-m1-max-cpu",
  "Apple M3 Max": "apple-m3-max-cpu",
  "Apple M3": "apple-m3-cpu",
  "Apple M2": "apple-m2-cpu",
  "Apple M1": "apple-m1-cpu",
};

const deviceIds = new Set(BUILTIN_DEVICES.map((d) => d.id));

/** Device for a row: the hardware label, and the backend (a CPU backend on an Apple GPU label means the SoC's CPU). */
export function mapDevice(hardware: string, backend: string): DeviceMapping {
  const m = HARDWARE[hardware];
  if (!m) return none(familyGuess(hardware), `hardware "${hardware}" has no entry in the device table`);
  if (/\bCPU\b/.test(backend) && m.device?.startsWith("apple-") && m.device.includes("-gpu")) {
    const soc = /^Apple M\d( (Pro|Max|Ultra))?/.exec(hardware)?.[0] ?? hardware;
    const cpu = APPLE_CPU_OF[soc];
    if (cpu && deviceIds.has(cpu)) return { device: cpu, family: m.family, note: "run on the CPU (-ngl 0)" };
    return none(m.family, `run on the ${soc} CPU (-ngl 0): ${NOT_IN_CATALOG}`);
  }
  if (m.device && !deviceIds.has(m.device)) return none(m.family, `${m.device}: ${NOT_IN_CATALOG}`);
  return m;
}

function familyGuess(hardware: string): string {
  return /^(Apple M\d|NVIDIA|AMD|Intel|Qualcomm)/.exec(hardware)?.[0] ?? hardware;
}

export interface ModelMapping {
  readonly model: string | null;
  readonly reason?: string;
  readonly note?: string;
}

/** Model labels, most specific first; the first matching pattern wins. */
const MODELS: readonly (readonly [RegExp, ModelMapping])[] = [
  [
    /^gpt-oss-20b/i,
    {
      model: null,
      reason:
        "gpt-oss-20b cannot be expressed honestly: it alternates 128-token sliding-window and full-attention layers, has attention sinks and biased experts, and stores only the experts in MXFP4",
    },
  ],
  [/^LLaMA 7B \(v1\)/i, { model: "llama-7b" }],
  [/^LLaMA 2 7B/i, { model: "llama-2-7b" }],
  [/^LLaMA 2 13B/i, { model: "llama-2-13b" }],
  [/^LLaMA 2 70B/i, { model: "llama-2-70b" }],
  [/^Llama 3 8B/i, { model: "llama-3-8b" }],
  [/^Llama 3 70B/i, { model: "llama-3-70b" }],
  [/^Llama 3\.1 8B/i, { model: "llama-3.1-8b" }],
  [/^Llama 3\.1 70B/i, { model: "llama-3.1-70b" }],
  [/^Llama 3\.2 3B/i, { model: "llama-3.2-3b" }],
  [/^Qwen2\.5 7B/i, { model: "qwen2.5-7b" }],
  [/^Qwen3-8B/i, { model: "qwen3-8b" }],
  [/^Qwen3-30B-A3B/i, { model: "qwen3-30b-a3b" }],
  [/^Gemma 2 2B/i, { model: "gemma-2-2b" }],
  [/^Gemma 2 9B/i, { model: "gemma-2-9b" }],
  [/^Phi 3\.5 mini/i, { model: "phi-3.5-mini" }],
  [/^SmolLM2 \(size not stated\)/i, { model: null, reason: "model size not stated" }],
];

const modelIds = new Set(BUILTIN_MODELS.map((m) => m.id));

export function mapModel(label: string): ModelMapping {
  for (const [re, m] of MODELS) {
    if (!re.test(label)) continue;
    if (m.model && !modelIds.has(m.model))
      return { model: null, reason: `${m.model}: model not in the catalog` };
    return m;
  }
  return { model: null, reason: `model "${label}" is not in the catalog` };
}

export interface QuantMapping {
  readonly recipe: string | null;
  readonly reason?: string;
  readonly note?: string;
  /** The recipe only approximates the format (the row is left out of fits). */
  readonly approximate?: boolean;
}

/** Quantization labels, first match wins. `model` is the preset id (Ollama's default depends on it). */
export function mapQuant(label: string, model: string | null, backend = ""): QuantMapping {
  const l = label.trim();
  if (/^F16$/i.test(l)) return { recipe: "fp16" };
  if (/^Q8_0$/i.test(l)) return { recipe: "q8_0" };
  if (/^Q4_0( \(W4\))?$/i.test(l)) return { recipe: "q4_0" };
  if (/^q4_0 \(old ggml format\)$/i.test(l)) {
    return {
      recipe: "q4_0",
      note: "old ggml q4_0 (2023): block layout assumed to be today's 4.5 bits per weight, as the file states",
    };
  }
  if (/^Q4_K_M$/i.test(l)) return { recipe: "q4_k_m" };
  if (/^Q2_K( \(W2\))?$/i.test(l)) return { recipe: "q2_k" };
  if (/^MXFP4$/i.test(l)) return { recipe: "mxfp4" };
  if (/^Ollama default/i.test(l)) {
    // Ollama's default tags: Q4_K_M for Llama 3.x, Q4_0 for Llama 2 (as the file's note says).
    const llama2 = model?.startsWith("llama-2-");
    return {
      recipe: llama2 ? "q4_0" : "q4_k_m",
      note: `Ollama's default tag, taken as ${llama2 ? "Q4_0 (Llama 2)" : "Q4_K_M (Llama 3.x)"}`,
    };
  }
  if (/MLC q4f16/i.test(l) && /ExLlama/i.test(backend)) {
    return {
      recipe: "q4_0",
      approximate: true,
      note: "ExLlama's GPTQ 4-bit (about 4.15-4.25 bits/weight) approximated by Q4_0 (4.5)",
    };
  }
  if (/MLC q4f16/i.test(l)) {
    // q4f16_1: 4-bit weights in groups of 32 with one fp16 scale = 4.5 bits per weight, the layout of Q4_0.
    return {
      recipe: "q4_0",
      note: "MLC q4f16 (4-bit, fp16 scale per 32 weights = 4.5 bits/weight) costed as Q4_0, the same layout",
    };
  }
  if (/^w4a16 \(\+ some w8a16\)$/i.test(l)) {
    return {
      recipe: "int4",
      approximate: true,
      note: "w4a16 with some w8a16 tensors: costed as int4 weights throughout",
    };
  }
  if (/^w4 \(fp16 act\.\)$/i.test(l)) return { recipe: "int4", note: "4-bit weights, fp16 activations" };
  if (/^Q4_K_XL/i.test(l)) {
    return {
      recipe: "q4_k_m",
      approximate: true,
      note: "unsloth's Q4_K_XL dynamic mix approximated by Q4_K_M",
    };
  }
  if (/type not stated|^4-bit$/i.test(l))
    return { recipe: null, reason: `quantization type not stated ("${l}")` };
  return { recipe: null, reason: `quantization "${l}" is not a format or llama.cpp mix Ridgeline models` };
}

/** Engines whose kernels the calibration describes (llama.cpp and front ends built on it). */
export function isLlamaCppFamily(backend: string): boolean {
  return /llama\.cpp|ollama/i.test(backend);
}

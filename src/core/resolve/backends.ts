/**
 * Engine and API from a backend label ("llama.cpp CUDA (CUDA 12.1, RunPod)", "Ollama
 * (llama.cpp Metal)", "MLC-LLM (CUDA)", llama-bench's `backends` column "CUDA", "Metal,BLAS").
 * The API says which compute unit ran the model: a CPU backend on an Apple GPU label is a
 * run on the SoC's CPU (-ngl 0).
 */
import type { DeviceSpec } from "../hardware/schema.js";
import { normalizeLabel } from "./normalize.js";

export type BackendApi = "cpu" | "cuda" | "rocm" | "metal" | "vulkan" | "sycl" | "opencl" | "npu";

export interface BackendResolution {
  readonly label: string;
  /** Engine family, e.g. "llama.cpp", "ollama", "mlc-llm"; null when the label names none. */
  readonly engine: string | null;
  readonly api: BackendApi | null;
  /** llama.cpp or a front end built on it (the kernels the calibration describes). */
  readonly llamaCpp: boolean;
  /** The compute unit the API runs on. */
  readonly unit: DeviceSpec["unit"] | null;
}

/** Engines by the words that name them (normalised labels), most specific first. */
const ENGINES: readonly (readonly [engine: string, words: readonly string[], llamaCpp: boolean])[] = [
  ["ollama", ["ollama"], true],
  ["lm-studio", ["lm studio", "lmstudio"], true],
  ["llama.cpp", ["llama.cpp", "llamacpp", "llama cpp", "llama bench", "ggml"], true],
  ["mlc-llm", ["mlc"], false],
  ["exllama", ["exllama"], false],
  ["tensorrt-llm", ["tensorrt", "trt llm"], false],
  ["vllm", ["vllm"], false],
  ["mlx", ["mlx"], false],
  ["qnn", ["genie", "qnn"], false],
  ["litert", ["litert", "tflite"], false],
  ["onnxruntime", ["onnx"], false],
];

/** APIs by the words that name them; the first found in the label wins. */
const APIS: readonly (readonly [BackendApi, readonly string[]])[] = [
  ["cuda", ["cuda"]],
  ["rocm", ["rocm", "hip", "hipblas"]],
  ["metal", ["metal", "mps"]],
  ["vulkan", ["vulkan"]],
  ["sycl", ["sycl", "oneapi"]],
  ["opencl", ["opencl", "clblast"]],
  ["npu", ["npu", "qnn", "hexagon", "ane", "coreml"]],
  ["cpu", ["cpu", "blas", "accelerate", "openblas", "avx2", "neon"]],
];

const UNIT_OF: Readonly<Record<BackendApi, DeviceSpec["unit"]>> = {
  cpu: "cpu",
  cuda: "gpu",
  rocm: "gpu",
  metal: "gpu",
  vulkan: "gpu",
  sycl: "gpu",
  opencl: "gpu",
  npu: "npu",
};

const hasWord = (text: string, word: string) => ` ${text} `.includes(` ${word} `);

export function resolveBackend(label: string): BackendResolution {
  const text = normalizeLabel(label);
  const engine = ENGINES.find(([, words]) => words.some((w) => hasWord(text, w)));
  // The API words are looked for in order of the label: "Metal, BLAS" ran on the GPU.
  let api: BackendApi | null = null;
  let at = Infinity;
  for (const [a, words] of APIS) {
    for (const w of words) {
      const i = ` ${text} `.indexOf(` ${w} `);
      if (i >= 0 && i < at) {
        at = i;
        api = a;
      }
    }
  }
  return {
    label,
    engine: engine?.[0] ?? null,
    api,
    llamaCpp: engine?.[2] ?? false,
    unit: api ? UNIT_OF[api] : null,
  };
}

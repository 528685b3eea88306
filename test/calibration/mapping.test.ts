import { describe, expect, it } from "vitest";
import { isLlamaCppFamily, mapDevice, mapModel, mapQuant } from "../../src/core/calibration/mapping.js";
import { BUILTIN_DEVICES, BUILTIN_MODELS } from "../../src/core/catalog/lookup.js";
import { isRecipeName } from "../../src/core/quant/index.js";
import { measuredRows } from "./data.js";

const deviceIds = new Set(BUILTIN_DEVICES.map((d) => d.id));
const modelIds = new Set(BUILTIN_MODELS.map((m) => m.id));

describe("hardware label -> catalog device and family", () => {
  it("maps the labels of the file", () => {
    expect(mapDevice("Apple M1 (7-core GPU)", "llama.cpp Metal")).toEqual({
      device: "apple-m1-gpu-7c",
      family: "Apple M1",
    });
    expect(mapDevice("Apple M3 Ultra (80-core GPU)", "llama.cpp Metal")).toEqual({
      device: "apple-m3-ultra-gpu-80c",
      family: "Apple M3",
    });
    expect(mapDevice("NVIDIA RTX 4090", "llama.cpp Vulkan")).toEqual({
      device: "nvidia-rtx-4090",
      family: "NVIDIA Ada",
    });
    expect(mapDevice("NVIDIA A100 80GB SXM", "llama.cpp CUDA")).toEqual({
      device: "nvidia-a100-80gb-sxm",
      family: "NVIDIA Ampere",
    });
    expect(mapDevice("AMD Radeon RX 7900 XTX", "llama.cpp ROCm")).toEqual({
      device: "amd-radeon-rx-7900-xtx",
      family: "AMD RDNA3",
    });
    expect(mapDevice("Raspberry Pi 5", "llama.cpp CPU")).toEqual({
      device: "raspberry-pi-5",
      family: "Arm Cortex-A76",
    });
  });
  it("a CPU backend on an Apple GPU label is the SoC's CPU: unpredictable when the catalog lacks it", () => {
    const m = mapDevice("Apple M3 Max (40-core GPU)", "llama.cpp CPU");
    expect(m.device).toBeNull();
    expect(m.reason).toMatch(/Apple M3 Max CPU \(-ngl 0\).*not in the catalog/);
  });
  it("an unstated core count stands for decode only (the variants share the bandwidth)", () => {
    expect(mapDevice("Apple M3 Ultra (GPU cores not stated)", "Ollama")).toMatchObject({
      device: "apple-m3-ultra-gpu-60c",
      decodeOnly: true,
    });
    expect(mapDevice("NVIDIA Tesla V100 32GB", "llama.cpp CUDA")).toMatchObject({
      device: "nvidia-tesla-v100-pcie-32gb",
      family: "NVIDIA Volta",
      decodeOnly: true,
    });
  });
  it("devices without a sourced spec, and ambiguous ones, are unpredictable with a reason", () => {
    expect(mapDevice("Intel Arc A770", "llama.cpp Vulkan").reason).toMatch(
      /8 GB: 512 GB\/s, 16 GB: 560 GB\/s/,
    );
    expect(mapDevice("Some Board", "x").reason).toMatch(/no entry/);
  });
  it("every label of the file resolves to a catalog device or a reason, and every device to a family", () => {
    for (const r of measuredRows()) {
      const m = mapDevice(r.hardware, r.backend);
      expect(m.family.length, r.hardware).toBeGreaterThan(0);
      if (m.device) expect(deviceIds.has(m.device), m.device).toBe(true);
      else expect(m.reason, r.hardware).toBeTruthy();
    }
  });
});

describe("model label -> preset", () => {
  it("maps names and variants to presets", () => {
    expect(mapModel("LLaMA 2 7B").model).toBe("llama-2-7b");
    expect(mapModel("LLaMA 2 13B (ollama llama2:13b)").model).toBe("llama-2-13b");
    expect(mapModel("Llama 3.1 8B Instruct").model).toBe("llama-3.1-8b");
    expect(mapModel("Llama 3 70B").model).toBe("llama-3-70b");
    expect(mapModel("LLaMA 7B (v1)").model).toBe("llama-7b");
    expect(mapModel("Qwen3-30B-A3B-Instruct-2507 (MoE, ~3.3B active)").model).toBe("qwen3-30b-a3b");
    expect(mapModel("Phi 3.5 mini (3.8B)").model).toBe("phi-3.5-mini");
  });
  it("says why a model cannot be predicted", () => {
    expect(mapModel("gpt-oss-20b (MoE)").reason).toMatch(/sliding-window.*MXFP4/);
    expect(mapModel("SmolLM2 (size not stated)").reason).toBe("model size not stated");
    expect(mapModel("Qwen3.5-2B").reason).toMatch(/not in the catalog/);
  });
  it("every mapped id is a preset", () => {
    for (const r of measuredRows()) {
      const m = mapModel(r.model);
      if (m.model) expect(modelIds.has(m.model), m.model).toBe(true);
      else expect(m.reason).toBeTruthy();
    }
  });
});

describe("quantization label -> weight recipe", () => {
  it("GGUF names, Ollama defaults by model, MLC's q4f16 as Q4_0's layout", () => {
    expect(mapQuant("F16", null).recipe).toBe("fp16");
    expect(mapQuant("Q4_0 (W4)", null).recipe).toBe("q4_0");
    expect(mapQuant("Q2_K (W2)", null).recipe).toBe("q2_k");
    expect(mapQuant("Q4_K_M", null).recipe).toBe("q4_k_m");
    expect(
      mapQuant("Ollama default (Q4_K_M for llama3.x; Q4_0 for llama2 - not stated in source)", "llama-2-13b")
        .recipe,
    ).toBe("q4_0");
    expect(
      mapQuant("Ollama default (Q4_K_M for llama3.x; Q4_0 for llama2 - not stated in source)", "llama-3.1-8b")
        .recipe,
    ).toBe("q4_k_m");
    expect(mapQuant("INT4 (MLC q4f16)", "llama-3.2-3b", "MLC-LLM (CUDA)")).toMatchObject({ recipe: "q4_0" });
    expect(mapQuant("4-bit (MLC q4f16_1 / GPTQ 4-bit)", "llama-2-7b", "ExLlama (v1)")).toMatchObject({
      recipe: "q4_0",
      approximate: true,
    });
    expect(mapQuant("Q4_K_XL (unsloth)", "qwen3-8b")).toMatchObject({ recipe: "q4_k_m", approximate: true });
  });
  it("an unstated or custom format is unpredictable", () => {
    expect(mapQuant("4-bit (GGUF, type not stated)", null).recipe).toBeNull();
    expect(mapQuant("Q3_K_S-2.70bpw (byteshape)", null).reason).toMatch(/not a format/);
  });
  it("every recipe it produces is one Ridgeline knows", () => {
    for (const r of measuredRows()) {
      const q = mapQuant(r.quant, mapModel(r.model).model, r.backend);
      if (q.recipe) expect(isRecipeName(q.recipe), q.recipe).toBe(true);
    }
  });
  it("engines the calibration describes: llama.cpp and Ollama", () => {
    expect(isLlamaCppFamily("llama.cpp CUDA (CUDA 12.1, RunPod)")).toBe(true);
    expect(isLlamaCppFamily("Ollama")).toBe(true);
    expect(isLlamaCppFamily("MLC-LLM (CUDA)")).toBe(false);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BUILTIN_DEVICES,
  BUILTIN_MODELS,
  deviceByLabel,
  InputError,
  modelByLabel,
  normalizeLabel,
  resolveBackend,
  resolveDevice,
  resolveModel,
  resolveQuant,
} from "../../src/core/index.js";

const ids = (r: { candidates: readonly { id: string }[] }) => r.candidates.map((c) => c.id);

describe("device labels", () => {
  it("every catalog device is found by its id and by its name", () => {
    for (const d of BUILTIN_DEVICES) {
      expect(resolveDevice(d.id).id, d.id).toBe(d.id);
      const byName = resolveDevice(d.name);
      expect(byName.status === "resolved" ? byName.id : ids(byName), d.name).toEqual(
        byName.status === "resolved" ? d.id : expect.arrayContaining([d.id]),
      );
    }
  });
  it("an alias names its device, or an ambiguity that includes it", () => {
    for (const d of BUILTIN_DEVICES)
      for (const a of d.aliases ?? []) {
        const r = resolveDevice(a);
        if (r.status === "resolved") expect(r.id, a).toBe(d.id);
        else expect(ids(r), a).toContain(d.id);
      }
  });
  it('"RTX 6000" is several devices, reported, never picked', () => {
    const r = resolveDevice("RTX 6000");
    expect(r.status).toBe("ambiguous");
    expect(ids(r)).toEqual(expect.arrayContaining(["nvidia-quadro-rtx-6000", "nvidia-rtx-6000-ada"]));
    expect(ids(r)).not.toContain("nvidia-rtx-a6000");
  });
  it('"M4 Max" without a core count is ambiguous; with the GPU count it resolves', () => {
    const r = resolveDevice("M4 Max", { backend: "llama.cpp Metal" });
    expect(r.status).toBe("ambiguous");
    expect(ids(r).sort()).toEqual(["apple-m4-max-gpu-32c", "apple-m4-max-gpu-40c"]);
    // 32- and 40-core M4 Max differ in bandwidth (410 vs 546 GB/s): not even decode may pick one.
    expect(r.decodeAs).toBeNull();
    expect(resolveDevice("Apple M4 Max (40-core GPU)").id).toBe("apple-m4-max-gpu-40c");
  });
  it("a label ambiguous only in compute says which device decode may use", () => {
    const r = resolveDevice("Apple M1 Max", { backend: "llama.cpp Metal" });
    expect(r.status).toBe("ambiguous");
    expect(r.decodeAs).toBe("apple-m1-max-gpu-24c");
  });
  it("a CPU backend runs on the SoC's CPU whatever the GPU label says", () => {
    expect(resolveDevice("Apple M2 Ultra (76-core GPU)", { backend: "llama.cpp CPU" }).id).toBe(
      "apple-m2-ultra-cpu",
    );
  });
  it("a variant word or model number the entry lacks is not dropped", () => {
    expect(resolveDevice("RTX 3070 Laptop").status).toBe("unresolved");
    expect(resolveDevice("RTX 4090 D").id).toBe("nvidia-rtx-4090-d");
    expect(resolveDevice("RTX 4090 Laptop GPU").id).toBe("nvidia-rtx-4090-laptop");
    expect(resolveDevice("NVIDIA GeForce RTX 4090 24GB").id).toBe("nvidia-rtx-4090");
    expect(resolveDevice("Radeon RX 7900 XT").id).toBe("amd-radeon-rx-7900-xt");
  });
  it("server CPUs: EPYC and Graviton spellings do not cross", () => {
    expect(resolveDevice("AMD EPYC 7763 64-Core Processor").id).toBe("amd-epyc-7763");
    expect(resolveDevice("EPYC 9654").id).toBe("amd-epyc-9654");
    expect(resolveDevice("Graviton 3").id).toBe("aws-graviton3");
    expect(resolveDevice("AWS Graviton4").id).toBe("aws-graviton4");
  });
  it("never throws and never resolves noise (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const r = resolveDevice(s);
        expect(["resolved", "ambiguous", "unresolved"]).toContain(r.status);
        if (r.status === "resolved") expect(BUILTIN_DEVICES.some((d) => d.id === r.id)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
  it("normalises spellings of one name to the same words", () => {
    expect(normalizeLabel("NVIDIA GeForce RTX4090 24 GB")).toBe(
      normalizeLabel("nvidia geforce rtx 4090 24GB"),
    );
    expect(normalizeLabel("Intel(R) Core(TM) i9-13900K")).toBe("intel core i9 13900 k");
  });
});

describe("model labels", () => {
  it("every preset is found by its id, its name and its aliases", () => {
    for (const m of BUILTIN_MODELS)
      for (const label of [m.id, m.name, ...(m.aliases ?? [])]) {
        const r = resolveModel(label);
        expect(r.status, label).toBe("resolved");
        // Presets of one architecture may stand for each other; the label's own preset is first otherwise.
        expect(ids(r), label).toContain(m.id);
      }
  });
  it("Hugging Face ids, GGUF names and llama-bench model types", () => {
    expect(resolveModel("meta-llama/Llama-3.1-8B-Instruct").id).toBe("llama-3.1-8b");
    expect(resolveModel("Meta Llama 3.1 8B Instruct").id).toBe("llama-3.1-8b");
    expect(resolveModel("qwen3moe 30B.A3B Q4_K - Medium").id).toBe("qwen3-30b-a3b");
    expect(resolveModel("gpt-oss 20B MXFP4 MoE").id).toBe("gpt-oss-20b");
  });
  it('"qwen2 7B" is Qwen2 7B, not the DeepSeek distill of the same architecture', () => {
    expect(resolveModel("qwen2 7B").id).toBe("qwen2-7b");
    expect(resolveModel("DeepSeek-R1-Distill-Qwen-7B").id).toBe("deepseek-r1-distill-qwen-7b");
  });
  it("Qwen3-Coder and Qwen3 30B-A3B stay apart", () => {
    expect(resolveModel("Qwen3-Coder-30B-A3B-Instruct-Q4_K_M.gguf").id).toBe("qwen3-coder-30b-a3b");
    expect(resolveModel("Qwen3-30B-A3B-Instruct-2507").id).toBe("qwen3-30b-a3b");
  });
  it("a parameter count breaks a tie between sizes of one architecture", () => {
    expect(resolveModel("llama 1B Q4_K - Medium").status).toBe("ambiguous");
    expect(resolveModel("llama 1B Q4_K - Medium", { paramsB: 1.1 }).id).toBe("tinyllama-1.1b");
    expect(resolveModel("llama 1B Q4_K - Medium", { paramsB: 1.24 }).id).toBe("llama-3.2-1b");
  });
  it("an unknown model is unresolved, not the nearest name", () => {
    expect(resolveModel("Mistral-22B-v0.2").status).toBe("unresolved");
    expect(resolveModel("SmolLM2").status).toBe("unresolved");
  });
});

describe("quantization labels", () => {
  it.each([
    ["Q4_K_M", "q4_k_m"],
    ["q4_k_m", "q4_k_m"],
    ["4-bit (GGUF Q4_K_M)", "q4_k_m"],
    ["Q4_K - Medium", "q4_k_m"],
    ["MLC q4f16_1", "q4_0"],
    ["W4A16", "int4"],
    ["FP8", "fp8"],
    ["MXFP4", "mxfp4"],
    ["BF16", "bf16"],
    ["IQ4_XS - 4.25 bpw", "iq4_xs"],
  ])("%s is %s", (label, recipe) => {
    expect(resolveQuant(label).id).toBe(recipe);
  });
  it("AWQ and unsloth's dynamic mixes are costed, flagged approximate", () => {
    expect(resolveQuant("AWQ")).toMatchObject({ id: "int4", approximate: true });
    expect(resolveQuant("UD-Q4_K_XL")).toMatchObject({ id: "q4_k_m", approximate: true });
    expect(resolveQuant("Q4_K_M").approximate).toBe(false);
  });
  it("MXFP4 on a mixture of experts is gpt-oss's layout", () => {
    expect(resolveQuant("MXFP4", { moe: true }).id).toBe("mxfp4_moe");
  });
  it("a label that names no type is not guessed", () => {
    expect(resolveQuant("4-bit")).toMatchObject({ status: "ambiguous", id: null });
    expect(resolveQuant("Q4_K_M or Q4_0").status).toBe("ambiguous");
    expect(resolveQuant("magic").status).toBe("unresolved");
  });
});

describe("backend labels", () => {
  it("engine, API and unit", () => {
    expect(resolveBackend("Ollama (llama.cpp Metal)")).toMatchObject({
      engine: "ollama",
      api: "metal",
      llamaCpp: true,
      unit: "gpu",
    });
    expect(resolveBackend("MLC-LLM (CUDA 12.1)")).toMatchObject({
      engine: "mlc-llm",
      api: "cuda",
      llamaCpp: false,
    });
    expect(resolveBackend("Metal,BLAS").api).toBe("metal");
    expect(resolveBackend("llama.cpp CPU").unit).toBe("cpu");
  });
});

describe("flags and URLs by label", () => {
  it("an unambiguous label gives the entry; an ambiguous one is one line naming the candidates", () => {
    expect(deviceByLabel("RTX 4090").id).toBe("nvidia-rtx-4090");
    expect(modelByLabel("meta-llama/Llama-3.1-8B-Instruct").id).toBe("llama-3.1-8b");
    expect(() => deviceByLabel("RTX 6000")).toThrow(InputError);
    expect(() => deviceByLabel("RTX 6000")).toThrow(
      /--device: fits \d devices: .*nvidia-quadro-rtx-6000.*; give one id/,
    );
    expect(() => modelByLabel("no such model")).toThrow(/--model: unknown/);
  });
});

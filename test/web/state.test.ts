/**
 * The web app's pure modules, in Node: URL state round trips (with a model from a file
 * inside the link), hostile links, workload validation with the CLI's rules, and the
 * dictionaries. The browser tests (app.test.ts) cover the same paths end to end.
 */
import { describe, expect, it } from "vitest";
import { importHfConfig, modelFromGguf, modelIdFromFileName, readGgufHeader } from "../../src/core/index.js";
import { DICTIONARIES, type MessageKey, translator } from "../../web/src/i18n/index.js";
import { knownDevice, knownModel } from "../../web/src/state/catalog.js";
import {
  computeResults,
  computeSlow,
  resolveDevices,
  resolveModel,
  workloadOf,
} from "../../web/src/state/compute.js";
import { DEFAULT_PLACEMENT } from "../../web/src/state/placement.js";
import { type AppState, DEFAULT_CONTROLS, DEFAULT_STATE } from "../../web/src/state/state.js";
import { decodeState, encodeState } from "../../web/src/state/url-state.js";
import { sourceOf } from "../helpers/gguf-writer.js";
import { LLAMA_CONFIG, tinyLlamaGguf } from "./fixtures.js";

const roundTrip = async (s: AppState) => decodeState(await encodeState(s), knownModel, knownDevice);

describe("URL state", () => {
  it("leaves defaults out and restores them", async () => {
    const hash = await encodeState(DEFAULT_STATE);
    expect(hash).toBe("#m=llama-2-7b&d=apple-m2-gpu");
    const { state, warnings } = await decodeState(hash, knownModel, knownDevice);
    expect(state).toEqual(DEFAULT_STATE);
    expect(warnings).toEqual([]);
  });

  it("round-trips every control, several devices, the table phase and the language", async () => {
    const s: AppState = {
      lang: "zh",
      model: { kind: "preset", id: "mistral-7b" },
      devices: ["nvidia-rtx-4090", "apple-m2-gpu", "nvidia-jetson-orin-nx-16gb"],
      customDevices: [],
      controls: {
        phase: "decode",
        prompt: "1024",
        generate: "100",
        context: "4096",
        batch: "4",
        weights: "q4_k_m",
        activations: "bf16",
        kv: "q8_0",
        attention: "flash",
        fusion: true,
        sparsity: "2:4",
        kvKeep: "0.5",
      },
      placement: DEFAULT_PLACEMENT,
      tablePhase: "prefill",
    };
    const { state, warnings } = await roundTrip(s);
    expect(state).toEqual(s);
    expect(warnings).toEqual([]);
  });

  it("carries a config.json model inside the link", async () => {
    const { model, notes } = importHfConfig(LLAMA_CONFIG, "my-llama");
    const s: AppState = {
      ...DEFAULT_STATE,
      model: { kind: "config", spec: model, notes, fileName: "my-llama.json" },
    };
    const { state, warnings } = await roundTrip(s);
    expect(warnings).toEqual([]);
    expect(state).toEqual(s);
  });

  it("carries a GGUF model with its exact per-tensor weights inside the link", async () => {
    const {
      spec,
      weights,
      warnings: w,
    } = modelFromGguf(await readGgufHeader(sourceOf(tinyLlamaGguf())), "tiny");
    const s: AppState = {
      ...DEFAULT_STATE,
      model: { kind: "gguf", spec, weights, notes: w, fileName: "tiny.gguf" },
    };
    const hash = await encodeState(s);
    const { state, warnings } = await decodeState(hash, knownModel, knownDevice);
    expect(warnings).toEqual([]);
    // The link keeps every tensor's bytes and format but not the file's tensor table (its order
    // only moves the mapped span llama.cpp logs, not what is resident): links stay short.
    expect(weights.file?.length).toBeGreaterThan(0);
    const { file: _file, ...linked } = weights;
    expect(state).toEqual({ ...s, model: { ...s.model, weights: linked } });
  });

  it("ignores what it cannot use in a link, and says so", async () => {
    const { state, warnings } = await decodeState(
      "#m=no-such-model&d=nope,apple-m2-gpu&phase=sideways&attn=x&w=fp3&prompt=<script>&lang=fr&custom=!!!",
      knownModel,
      knownDevice,
    );
    expect(state.model).toEqual({ kind: "preset", id: "llama-2-7b" });
    expect(state.devices).toEqual(["apple-m2-gpu"]);
    expect(state.controls).toEqual(DEFAULT_CONTROLS);
    expect(state.lang).toBe("en");
    expect(warnings.map((w) => w.key).sort()).toEqual(
      [
        "url.badCustom",
        "url.badValue",
        "url.badValue",
        "url.badValue",
        "url.badValue",
        "url.badValue",
        "url.unknownDevice",
      ].sort(),
    );
  });

  it("reads device and model labels in a link through the core's resolver; an ambiguous label is refused", async () => {
    const { state, warnings } = await decodeState(
      `#m=${encodeURIComponent("meta-llama/Llama-3.1-8B-Instruct")}&d=${encodeURIComponent("RTX 4090,RTX 6000")}`,
      knownModel,
      knownDevice,
    );
    expect(state.model).toEqual({ kind: "preset", id: "llama-3.1-8b" });
    expect(state.devices).toEqual(["nvidia-rtx-4090"]);
    expect(warnings).toEqual([{ key: "url.unknownDevice", params: { id: "RTX 6000" } }]);
  });

  it("refuses a link whose model would expand without bound", async () => {
    const bomb = new TextEncoder().encode(JSON.stringify({ v: 1, kind: "config", pad: "x".repeat(8 << 20) }));
    const cs = new Blob([bomb]).stream().pipeThrough(new CompressionStream("deflate-raw"));
    const bytes = new Uint8Array(await new Response(cs).arrayBuffer());
    let bin = "";
    for (const b of bytes) bin += String.fromCharCode(b);
    const b64 = btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    const { state, warnings } = await decodeState(`#custom=${b64}`, knownModel, knownDevice);
    expect(state.model.kind).toBe("preset");
    expect(warnings[0]?.key).toBe("url.badCustom");
    expect(warnings[0]?.params.reason).toMatch(/expands beyond/);
  });
});

describe("workload from the controls", () => {
  it("uses the CLI's defaults and rules", () => {
    const r = workloadOf(DEFAULT_CONTROLS, false);
    expect(r.errors).toEqual([]);
    expect(r.workload).toMatchObject({
      phase: "both",
      promptTokens: 2048,
      contextTokens: 2048,
      batch: 1,
      weights: "fp16",
      kvKeep: 1,
    });
    expect(r.generate).toBe(256);
  });

  it("names each bad field", () => {
    const r = workloadOf(
      { ...DEFAULT_CONTROLS, prompt: "2e3", batch: "0", context: "1.5", kvKeep: "1.2", generate: "" },
      false,
    );
    expect(r.workload).toBeNull();
    expect(r.errors.map((e) => e.field).sort()).toEqual(["batch", "context", "generate", "kvKeep", "prompt"]);
  });

  it("keeps the default weight format with a GGUF model, as the CLI does", () => {
    expect(workloadOf({ ...DEFAULT_CONTROLS, weights: "q4_0" }, true).workload?.weights).toBe("fp16");
  });

  it("computes analyses, timelines and advice through the public API", () => {
    const model = resolveModel({ kind: "preset", id: "llama-3.2-1b" });
    const devices = resolveDevices(["apple-m2-gpu", "nvidia-rtx-4090", "unknown"]);
    expect(devices.map((d) => d.id)).toEqual(["apple-m2-gpu", "nvidia-rtx-4090"]);
    const wl = workloadOf({ ...DEFAULT_CONTROLS, generate: "16" }, false).workload!;
    const r = computeResults(model!, devices, wl, 16);
    expect(r.perDevice).toHaveLength(2);
    const slow = computeSlow(model!, devices, wl, 16);
    expect(slow.timelines.map((t) => t.steps.length)).toEqual([16, 16]);
    expect("recommendations" in slow.advice).toBe(true);
  });
});

describe("file names", () => {
  it("give the CLI's model ids", () => {
    expect(modelIdFromFileName("Meta-Llama-3-8B-Instruct.Q4_K_M.gguf")).toBe(
      "meta-llama-3-8b-instruct.q4-k-m",
    );
    expect(modelIdFromFileName("config.json")).toBe("config");
    expect(modelIdFromFileName("__.json")).toBe("custom");
    expect(modelIdFromFileName("Tiny Llama.Q8.gguf")).toBe("tiny-llama.q8");
  });
});

describe("dictionaries", () => {
  it("translate every key into Chinese, with the same placeholders", () => {
    const en = DICTIONARIES.en;
    const zh = DICTIONARIES.zh;
    for (const k of Object.keys(en) as MessageKey[]) {
      expect(zh[k], k).toBeTruthy();
      const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(ph(zh[k]), k).toEqual(ph(en[k]));
    }
  });

  it("fill placeholders", () => {
    expect(translator("en")("err.whole", { min: 1, max: 9 })).toBe("must be a whole number from 1 to 9");
    expect(translator("zh")("err.whole", { min: 1, max: 9 })).toBe("须为 1 到 9 之间的整数");
  });
});

/**
 * Physical ranges (issue 16): each reproducer class of the hostile-input campaign, at the
 * library level. Values just inside a range pass; just outside, the error names the field,
 * the value and the range's reason.
 */
import { describe, expect, it } from "vitest";
import {
  analyze,
  BUILTIN_DEVICES,
  BUILTIN_MODELS,
  DEVICE_LIMITS,
  DeviceSpec as DeviceSchema,
  type DeviceSpec,
  findDevice,
  findModel,
  InputError,
  importHfConfig,
  MODEL_LIMITS,
  ModelSpec as ModelSchema,
  type ModelSpec,
  resolveWorkload,
} from "../../src/core/index.js";
import llama2 from "../fixtures/hf/llama-2-7b-hf.json" with { type: "json" };

const wl = resolveWorkload({ promptTokens: 128 });
const m2 = findDevice("apple-m2-gpu");
const llama = findModel("llama-2-7b");

const thrown = (f: () => unknown): InputError => {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error("did not throw");
};

describe("the catalog sits inside every range", () => {
  it("every preset and device parses (the ranges refuse no real entry)", () => {
    for (const m of BUILTIN_MODELS) expect(ModelSchema.safeParse(m).success, m.id).toBe(true);
    for (const d of BUILTIN_DEVICES) expect(DeviceSchema.safeParse(d).success, d.id).toBe(true);
    const deepest = Math.max(...BUILTIN_MODELS.map((m) => m.numLayers));
    expect(deepest).toBeLessThan(MODEL_LIMITS.layers.max / 10);
  });
  it("every range states its reason", () => {
    for (const r of [...Object.values(MODEL_LIMITS), ...Object.values(DEVICE_LIMITS)]) {
      expect(r.min).toBeLessThan(r.max);
      expect(r.why.length).toBeGreaterThan(10);
    }
  });
});

describe("a config.json with absurd sizes is refused naming the config field", () => {
  const config = (patch: Record<string, unknown>) => ({ ...llama2, ...patch });
  it.each([
    ["num_hidden_layers", 1_000_000_000],
    ["num_hidden_layers", 2 ** 40],
    ["num_hidden_layers", MODEL_LIMITS.layers.max + 1],
  ])("%s = %d", (key, v) => {
    const e = thrown(() => importHfConfig(config({ [key]: v })));
    expect(e.field).toBe(`config.${key}`);
    expect(e.message).toContain(String(v));
    expect(e.message).toMatch(/between 1 and 4096 \(the deepest published/);
  });
  it.each([
    ["head_dim", 2 ** 40, /between 1 and 4096 \(the largest published head dimensions/],
    ["hidden_size", 2 ** 40, /between 1 and 131072/],
    ["num_attention_heads", 1e6, /between 1 and 4096/],
    ["vocab_size", 1e12, /between 1 and 8388608/],
    ["max_position_embeddings", 2 ** 40, /between 1 and 16777216/],
  ])("%s = %d is refused naming the config key, not the model field it becomes", (key, v, range) => {
    const e = thrown(() => importHfConfig(config({ [key]: v })));
    expect(e.field).toBe(`config.${key}`);
    expect(e.message).toContain(String(v));
    expect(e.message).toMatch(range);
  });
  it("a 1,000-layer model is legitimate and analysed", () => {
    const { model } = importHfConfig(config({ num_hidden_layers: 1000 }));
    const a = analyze({ model, device: m2, workload: wl });
    expect(model.numLayers).toBe(1000);
    expect(Number.isFinite(a.decode!.totals.timeEstimateS)).toBe(true);
    expect(a.decode!.totals.timeEstimateS).toBeGreaterThanOrEqual(a.decode!.totals.timeBoundS);
  });
});

describe("analyze() validates raw objects (it does not trust its types)", () => {
  const raw = <T>(x: T, patch: Record<string, unknown>) => ({ ...x, ...patch }) as T;
  it.each([
    ["numLayers", 1e9],
    ["numLayers", -3],
    ["hiddenSize", Number.POSITIVE_INFINITY],
    ["headDim", Number.NaN],
    ["vocabSize", 0.5],
  ])("model.%s = %d", (field, v) => {
    const e = thrown(() =>
      analyze({ model: raw<ModelSpec>(llama, { [field]: v }), device: m2, workload: wl }),
    );
    expect(e.field).toBe(`model.${field}`);
  });
  it.each([
    [1e-320, "device.bandwidthGBps.value"],
    [-5, "device.bandwidthGBps.value"],
    [1e308, "device.bandwidthGBps.value"],
  ])("bandwidth %d", (v, field) => {
    const d = raw<DeviceSpec>(m2, { bandwidthGBps: { value: v, source: "x" } });
    expect(thrown(() => analyze({ model: llama, device: d, workload: wl })).field).toBe(field);
  });
  it("a peak of 1e308 and a memory of Infinity", () => {
    const peak = raw<DeviceSpec>(m2, { peakTflops: { fp16: { value: 1e308, source: "x" } } });
    expect(thrown(() => analyze({ model: llama, device: peak, workload: wl })).field).toBe(
      "device.peakTflops.fp16.value",
    );
    const mem = raw<DeviceSpec>(m2, { memoryGiB: { value: Number.POSITIVE_INFINITY, source: "x" } });
    expect(thrown(() => analyze({ model: llama, device: mem, workload: wl })).field).toBe(
      "device.memoryGiB.value",
    );
  });
  it("a raw workload and an efficiency above 1 (an estimate faster than its bound)", () => {
    const w = { ...wl, batch: 1e12 };
    expect(thrown(() => analyze({ model: llama, device: m2, workload: w })).field).toBe("workload.batch");
    const fast = { ...analyze({ model: llama, device: m2, workload: wl }).efficiency };
    const eff = { ...fast, bandwidth: { ...fast.bandwidth, matvec: 3 } };
    expect(thrown(() => analyze({ model: llama, device: m2, workload: wl, efficiency: eff })).field).toBe(
      "efficiency.bandwidth.matvec",
    );
  });
  it("not an object at all", () => {
    const e = thrown(() => analyze({ model: null as unknown as ModelSpec, device: m2, workload: wl }));
    expect(e.message).toBe("model: must be an object (got null)");
  });
  it("a copy of a preset is validated and analysed like the preset", () => {
    const a = analyze({ model: { ...llama }, device: { ...m2 }, workload: { ...wl } });
    const b = analyze({ model: llama, device: m2, workload: wl });
    expect(a.decode!.totals).toEqual(b.decode!.totals);
  });
});

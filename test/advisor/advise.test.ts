/**
 * The advisor's recommendations for the fixture Llama-2-7B on the 100 GB/s fixture device:
 * codes, and numbers worked out by hand. Prompt 2048, 256 generated tokens: the
 * representative decode step sits at context 2048 + 128 = 2176. advise() looks in the
 * catalog for drafts (same vocabulary, ≤ 1/4 the size) and MoE alternatives.
 *
 * Bytes of that decode step at fp16 (per-op counts as in analyze-llama2.test.ts):
 *  - weights: 32 layers · 404,766,720 + embedding row 8,192 + final norm 8,192 + lm_head
 *    262,144,000 = 13,214,695,424
 *  - KV read 32 · 2 · 2176 · 4096 · 2 = 1,140,850,688; KV write 32 · 16,384 = 524,288
 *  - activations per layer at 2176 keys: norms, q, k, o 81,920; v input 8,192; rope 24,576;
 *    scores 8,192 + 32 · 2176 · 2 = 147,456; softmax 278,528; values 147,456; residuals
 *    49,152; gate/up/down 90,624; act 66,048 → 893,952; × 32 = 28,606,464; model-level 96,768
 *  → 14,384,773,632 bytes, every op memory-bound (I ≈ 1 ≪ 36): latency ∝ bytes.
 */
import { describe, expect, it } from "vitest";
import { ADVICE_CODES, advise, type Recommendation } from "../../src/core/advisor/advise.js";
import { findModel } from "../../src/core/catalog/lookup.js";
import { DEFAULT_EFFICIENCY } from "../../src/core/efficiency/defaults.js";
import { resolveWorkload } from "../../src/core/graph/resolve.js";
import { countParams } from "../../src/core/models/params.js";
import { adviceText } from "../../src/core/report/advice-text.js";
import { DEVICE_100GBPS, LLAMA2_7B } from "../helpers/fixtures.js";

const BEFORE = 14_384_773_632;
const WEIGHTS_FP16 = 13_214_695_424;

/**
 * The fixture with 24 GiB of unified memory: an Apple-class GPU may hold two thirds of it (Metal's
 * working set), 16 GiB, the budget the fits below are worked against. (With 16 GiB of RAM the GPU
 * may hold 10.67 GiB and the fp16 model itself does not fit: see "a 16 GiB Mac" below.)
 */
const DEVICE = { ...DEVICE_100GBPS, memoryGiB: { value: 24, source: "s" } };

describe("advise: Llama-2-7B on the 100 GB/s fixture, fp16, prompt 2048, 256 tokens", () => {
  // The chapter's uniform fractions: with them a memory-bound step's estimate is bytes / (0.7 · BW).
  const a = advise({
    model: LLAMA2_7B,
    device: DEVICE,
    workload: resolveWorkload({}),
    generate: 256,
    efficiency: DEFAULT_EFFICIENCY,
  });
  const recs = (code: string) => a.recommendations.filter((r) => r.code === code);
  const title = (r: Recommendation, s: string) => r.title.includes(s);
  const ratio = (r: Recommendation) => r.after.decodeLatencyEstimateS / r.before.decodeLatencyEstimateS;

  it("baseline decode step: 14,384,773,632 B at 70 GB/s", () => {
    expect(a.baseline.decodeLatencyEstimateS).toBeCloseTo(BEFORE / 70e9, 12);
    expect(a.baseline.decodeLatencyBoundS).toBeCloseTo(BEFORE / 100e9, 12);
    // no power listed: no energy
    expect(a.baseline.energyPerTokenJ).toBeNull();
  });

  it("recommends and rules out the expected codes", () => {
    // Batching 4 or 16 sequences does not fit in the 16 GiB working set: listed, not ranked. (A draft
    // does: see the speculative-decoding case.)
    const codes = new Set([...a.recommendations, ...a.doesNotFit].map((r) => r.code));
    expect(a.doesNotFit.map((r) => r.code).sort()).toEqual(["batch", "batch"]);
    for (const c of [
      "quantize-weights",
      "quantize-kv",
      "flash-attention",
      "fuse-kernels",
      "batch",
      "speculative-decoding",
      "kv-eviction",
      "gqa",
      "mqa",
    ] as const) {
      expect(codes.has(c), c).toBe(true);
    }
    const na = new Map(a.notApplicable.map((n) => [n.code, n.reason]));
    expect(na.get("sparsity-2-4")).toMatch(/no 2:4 sparse tensor cores/);
    expect(na.get("other-compute-unit")).toMatch(/no other compute unit/);
    // The one catalog MoE within ±50% of 6.74 B total: Granite 4.0 H-Tiny (6.94 B, 1.47 B active).
    expect(recs("moe-alternative").map((r) => r.title)).toEqual([
      expect.stringContaining("granite-4.0-h-tiny"),
    ]);
    for (const r of a.recommendations) expect(ADVICE_CODES).toContain(r.code);
    expect(recs("quantize-weights").map((r) => r.title)).toEqual([
      expect.stringContaining("int4"),
      expect.stringContaining("q4_k_m"),
      expect.stringContaining("q8_0"),
    ]);
  });

  it("quantize-weights q8_0: the decode latency ratio is the ratio of decode bytes (2 → 34/32 bytes per weight)", () => {
    const q8 = recs("quantize-weights").find((r) => title(r, "q8_0"))!;
    // weights at q8_0 (norms stay fp16): per layer 202,375,168 · 34/32 = 215,023,616 + norms 16,384 = 215,040,000,
    // × 32 = 6,881,280,000; embedding row 4096/32 · 34 = 4,352; final norm 8,192; lm_head 131,072,000 · 34/32 = 139,264,000
    const weightsQ8 = 6_881_280_000 + 4_352 + 8_192 + 139_264_000; // 7,020,556,544
    const after = BEFORE - WEIGHTS_FP16 + weightsQ8; // 8,190,634,752: KV and activations stay
    expect(ratio(q8)).toBeCloseTo(after / BEFORE, 12); // 0.5694
    expect(q8.after.decodeLatencyEstimateS).toBeCloseTo(after / 70e9, 12);
    expect(q8.cost.accuracyRisk).toBe("low");
    // memory: weights 13,476,831,232 → 32 · 215,040,000 + 2 · 139,264,000 + 8,192 = 7,159,816,192
    expect(q8.cost.memoryDeltaBytes).toBe(7_159_816_192 - 13_476_831_232);
    expect(q8.cost.flopsDelta).toBe(0);
  });

  it("quantize-weights int4: 2 → 0.5 bytes per weight", () => {
    const i4 = recs("quantize-weights").find((r) => title(r, "int4"))!;
    // per layer 202,375,168 / 2 + 16,384 = 101,203,968, × 32 = 3,238,526,976; row 2,048; norm 8,192; lm_head 65,536,000
    const after = BEFORE - WEIGHTS_FP16 + 3_238_526_976 + 2_048 + 8_192 + 65_536_000; // 4,474,151,424
    expect(ratio(i4)).toBeCloseTo(after / BEFORE, 12); // 0.311
    expect(i4.chapterSays).toMatch(/W4A16/);
  });

  it("quantize-kv q8_0: the cache read and write shrink to 34/32 bytes per value", () => {
    const kv = recs("quantize-kv").find((r) => title(r, "q8_0"))!;
    // KV read 1,140,850,688 · 17/32 = 606,076,928; KV write per layer 2 · 4096/32 · 34 = 8,704, × 32 = 278,528
    const after = BEFORE - 1_140_850_688 - 524_288 + 606_076_928 + 278_528; // 13,849,754,112
    expect(ratio(kv)).toBeCloseTo(after / BEFORE, 12);
  });

  it("kv-eviction keeps 20%: round(0.2 · 2176) = 435 keys", () => {
    const ev = recs("kv-eviction")[0]!;
    expect(ev.after.decodeLatencyEstimateS).toBeLessThan(ev.before.decodeLatencyEstimateS);
    // KV read at 435 keys: 32 · 2 · 435 · 4096 · 2 = 228,065,280 instead of 1,140,850,688; the attention
    // activations shrink too: per layer and key, scores write 32 · 2, softmax reads and writes 2 · 32 · 2,
    // values read 32 · 2 = 256 B → 32 · 256 · (2176 − 435) = 14,262,272 less
    const kvSaved = 1_140_850_688 - 228_065_280;
    const actSaved = 32 * 256 * (2176 - 435);
    expect(ratio(ev)).toBeCloseTo((BEFORE - kvSaved - actSaved) / BEFORE, 12);
  });

  it("batch: changes that do not fit are listed as such, never ranked; throughput after latency gains", () => {
    // 4 sequences of 2176 entries need 4 · 1.14 GB of cache besides 13.5 GB of weights: more than 16 GiB
    expect(recs("batch")).toEqual([]);
    const b = a.doesNotFit.filter((r) => r.code === "batch");
    expect(b.map((r) => r.gainKind)).toEqual(["throughput", "throughput"]);
    // closest to fitting first
    expect(b.map((r) => r.title)).toEqual([
      expect.stringContaining("Batch 4"),
      expect.stringContaining("Batch 16"),
    ]);
    expect(a.doesNotFit.every((r) => r.after.fits === false)).toBe(true);
    expect(a.recommendations.every((r) => r.after.fits !== false)).toBe(true);
    const firstThroughput = a.recommendations.findIndex((r) => r.gainKind === "throughput");
    if (firstThroughput >= 0)
      expect(a.recommendations.slice(firstThroughput).every((r) => r.gainKind === "throughput")).toBe(true);
    for (const r of b)
      expect(r.gain).toBeCloseTo(r.after.tokensPerSEstimate / r.before.tokensPerSEstimate, 12);
  });

  it("latency recommendations are ranked by gain, each gain = request time before / after", () => {
    const lat = a.recommendations.filter((r) => r.gainKind === "latency");
    for (const r of lat) expect(r.gain).toBeCloseTo(r.before.requestEstimateS / r.after.requestEstimateS, 12);
    for (let i = 1; i < lat.length; i++) expect(lat[i - 1]!.gain).toBeGreaterThanOrEqual(lat[i]!.gain);
  });

  it("speculative decoding uses a catalog draft with the same 32000-token vocabulary, and fits beside the target", () => {
    const s = a.recommendations.find((r) => r.code === "speculative-decoding")!;
    // GPU, as llama.cpp holds both: the target's layers and lm_head 13,214,687,232 + KV (2048 cells ·
    // 32 layers · 2 · 4096 · 2) 1,073,741,824 + compute (attention stage, 512 · 32 · 2048 f32 scores, the
    // 512 × 2048 mask, 512 · 6 · 4096 activations) 188,743,680 = 14,477,172,736; the draft TinyLlama-1.1B's
    // 2,278,739,968 (its own plan) → 16,755,912,704 ≤ 16 GiB = 17,179,869,184
    expect(s.after.fits).toBe(true);
    const id = /with (\S+) as draft/.exec(s.title)?.[1];
    expect(id).toBeDefined();
    const draft = findModel(id!);
    expect(draft.vocabSize).toBe(32000);
    expect(countParams(draft).total).toBeLessThanOrEqual(6_738_415_616 / 4);
    expect(s.cost.accuracyRisk).toBe("none");
  });

  it("renders codes in the text", () => {
    const text = adviceText(a);
    expect(text).toContain("[quantize-weights] Quantize weights fp16 → q8_0");
    expect(text).toContain("[sparsity-2-4]");
  });
});

describe("a 16 GiB Mac: the GPU may hold two thirds of it (Metal's recommendedMaxWorkingSetSize)", () => {
  const a = advise({
    model: LLAMA2_7B,
    device: DEVICE_100GBPS,
    workload: resolveWorkload({}),
    generate: 256,
    efficiency: DEFAULT_EFFICIENCY,
  });
  it("fp16 Llama-2-7B does not fit (14.48 GB of GPU buffers > 10.67 GiB); quantizing the weights makes it fit", () => {
    // 16 GiB · 2/3 = 11,453,246,122.7 bytes < 14,477,172,736 (the GPU buffers worked out above)
    expect(a.baseline.fits).toBe(false);
    const q8 = a.recommendations.find((r) => r.code === "quantize-weights" && r.title.includes("q8_0"))!;
    expect(q8.after.fits).toBe(true);
    expect(a.recommendations.every((r) => r.after.fits !== false)).toBe(true);
  });
});

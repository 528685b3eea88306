import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveWorkload } from "../../src/core/graph/resolve.js";
import type { ModelSpec } from "../../src/core/models/schema.js";
import { causalPairs } from "../../src/core/ops/attention.js";
import { expectedExpertsTouched } from "../../src/core/ops/moe.js";
import { analyze } from "../../src/core/predict/analyze.js";
import { kvCacheBytes } from "../../src/core/predict/memory.js";
import { DEVICE_100GBPS, LLAMA2_7B } from "../helpers/fixtures.js";

/** Brute force: count (query, key) pairs visible under a causal mask and a window. */
function pairsReference(queries: number, keys: number, window?: number): number {
  let n = 0;
  for (let i = 0; i < queries; i++) {
    const pos = keys - queries + i; // absolute position of query i
    for (let j = 0; j <= pos; j++) if (window === undefined || pos - j < window) n++;
  }
  return n;
}

const modelArb = fc
  .record({
    kvHeads: fc.integer({ min: 1, max: 8 }),
    group: fc.integer({ min: 1, max: 8 }),
    headDim: fc.constantFrom(32, 64, 128),
    hidden: fc.integer({ min: 64, max: 2048 }),
    ff: fc.integer({ min: 64, max: 4096 }),
    layers: fc.integer({ min: 1, max: 8 }),
  })
  .map(
    (r): ModelSpec => ({
      ...LLAMA2_7B,
      hiddenSize: r.hidden,
      numHeads: r.kvHeads * r.group,
      numKvHeads: r.kvHeads,
      headDim: r.headDim,
      intermediateSize: r.ff,
      numLayers: r.layers,
      vocabSize: 1000,
    }),
  );

const workloadArb = fc.record({
  phase: fc.constantFrom("prefill" as const, "decode" as const, "both" as const),
  promptTokens: fc.integer({ min: 1, max: 4096 }),
  batch: fc.integer({ min: 1, max: 16 }),
  weights: fc.constantFrom("fp16", "int8", "q4_0", "q4_k_m"),
  kv: fc.constantFrom("fp16", "int8", "q8_0"),
  attention: fc.constantFrom("naive" as const, "flash" as const),
});

describe("invariants", () => {
  it("causal pairs match brute force", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.option(fc.integer({ min: 1, max: 80 }), { nil: undefined }),
        (q, extra, w) => {
          expect(causalPairs(q, q + extra, w)).toBe(pairsReference(q, q + extra, w));
        },
      ),
    );
  });

  it("estimate ≥ bound ≥ each roof for every op", () => {
    fc.assert(
      fc.property(modelArb, workloadArb, (m, w) => {
        const a = analyze({ model: m, device: DEVICE_100GBPS, workload: resolveWorkload(w) });
        for (const p of [a.prefill, a.decode]) {
          if (!p) continue;
          for (const o of [...p.layerOps, ...p.modelOps]) {
            expect(o.timeEstimateS).toBeGreaterThanOrEqual(o.timeBoundS);
            expect(o.timeBoundS).toBeGreaterThanOrEqual(o.bytesTotal / 100e9 - 1e-18);
            expect(o.timeBoundS).toBeGreaterThanOrEqual(o.flops / 3.6e12 - 1e-18);
          }
          expect(p.latencyEstimateS).toBeGreaterThanOrEqual(p.latencyBoundS);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("more bandwidth never makes the bound slower", () => {
    fc.assert(
      fc.property(modelArb, workloadArb, fc.double({ min: 1.01, max: 10, noNaN: true }), (m, w, f) => {
        const wl = resolveWorkload(w);
        const faster = { ...DEVICE_100GBPS, bandwidthGBps: { value: 100 * f, source: "s" } };
        const a = analyze({ model: m, device: DEVICE_100GBPS, workload: wl });
        const b = analyze({ model: m, device: faster, workload: wl });
        for (const k of ["prefill", "decode"] as const) {
          const pa = a[k],
            pb = b[k];
          if (pa && pb) expect(pb.latencyBoundS).toBeLessThanOrEqual(pa.latencyBoundS * (1 + 1e-12));
        }
      }),
      { numRuns: 100 },
    );
  });

  it("GQA KV cache = MHA KV cache × kvHeads / heads", () => {
    fc.assert(
      fc.property(
        modelArb,
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 1, max: 8 }),
        (m, tokens, batch) => {
          const mha = { ...m, numKvHeads: m.numHeads };
          const g = kvCacheBytes(m, batch, tokens, "fp16").bytes;
          const full = kvCacheBytes(mha, batch, tokens, "fp16").bytes;
          expect(g * m.numHeads).toBeCloseTo(full * m.numKvHeads, 0);
        },
      ),
    );
  });

  it("decode KV reads and K/V projection weights shrink by kvHeads / heads", () => {
    fc.assert(
      fc.property(modelArb, fc.integer({ min: 1, max: 8192 }), (m, ctx) => {
        const wl = resolveWorkload({ phase: "decode", promptTokens: ctx, contextTokens: ctx });
        const g = analyze({ model: m, device: DEVICE_100GBPS, workload: wl }).decode!;
        const f = analyze({ model: { ...m, numKvHeads: m.numHeads }, device: DEVICE_100GBPS, workload: wl })
          .decode!;
        expect(g.layerTotals.bytes.kvRead * m.numHeads).toBeCloseTo(
          f.layerTotals.bytes.kvRead * m.numKvHeads,
          3,
        );
        const kw = (x: typeof g) => x.layerOps.find((o) => o.name === "k_proj")!.bytes.weights;
        expect(kw(g) * m.numHeads).toBeCloseTo(kw(f) * m.numKvHeads, 3);
      }),
    );
  });

  it("flash attention never moves more bytes than naive, and computes no more FLOPs", () => {
    fc.assert(
      fc.property(modelArb, workloadArb, (m, w) => {
        const n = analyze({
          model: m,
          device: DEVICE_100GBPS,
          workload: resolveWorkload({ ...w, attention: "naive" }),
        });
        const f = analyze({
          model: m,
          device: DEVICE_100GBPS,
          workload: resolveWorkload({ ...w, attention: "flash" }),
        });
        for (const k of ["prefill", "decode"] as const) {
          const pn = n[k],
            pf = f[k];
          if (!pn || !pf) continue;
          expect(pf.totals.bytesTotal).toBeLessThanOrEqual(pn.totals.bytesTotal);
          expect(pf.totals.flops).toBeLessThanOrEqual(pn.totals.flops);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("experts touched: k for one token, → E for many, monotone", () => {
    expect(expectedExpertsTouched(8, 2, 1)).toBeCloseTo(2, 12);
    expect(expectedExpertsTouched(128, 8, 4096)).toBeCloseTo(128, 6);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 256 }), fc.integer({ min: 1, max: 1000 }), (e, t) => {
        const k = Math.max(1, Math.floor(e / 4));
        expect(expectedExpertsTouched(e, k, t + 1)).toBeGreaterThanOrEqual(
          expectedExpertsTouched(e, k, t) - 1e-9,
        );
        expect(expectedExpertsTouched(e, k, t)).toBeLessThanOrEqual(e + 1e-9);
      }),
    );
  });
});

/** The placement's timeline (issue 17): every step is the setup's decode pass, the total their sum. */
import { describe, expect, it } from "vitest";
import { findModel } from "../../src/core/catalog/lookup.js";
import { systemFromFlags } from "../../src/core/cluster/system.js";
import { InputError } from "../../src/core/errors.js";
import { resolveWorkload } from "../../src/core/graph/resolve.js";
import { offloadDecodeAt, offloadPrefill, setupOffload } from "../../src/core/offload/analyze-offload.js";
import { timelineOffload } from "../../src/core/offload/timeline-offload.js";

const system = systemFromFlags({ gpus: ["nvidia-rtx-4070"], host: "amd-ryzen-9-7950x", ramGiB: 64 });
const llama = findModel("llama-2-7b");
const wl = resolveWorkload({ weights: "q4_k_m", promptTokens: 100 });
const placement = { gpuLayers: 20 };

describe("timelineOffload", () => {
  it("step t is the decode pass at prompt + t − 1 keys; the request is prefill plus the steps (a 4-token generation by hand)", () => {
    const t = timelineOffload({ model: llama, system, workload: wl, placement, generateTokens: 4 });
    const s = setupOffload({ model: llama, system, workload: wl, placement }, 103);
    const pre = offloadPrefill(s).latencyS;
    const d = [101, 102, 103].map((k) => offloadDecodeAt(s, k).latencyS);
    expect(t.steps.map((x) => x.keys)).toEqual([100, 101, 102, 103]);
    expect(t.ttftS).toBeCloseTo(pre, 15);
    t.steps.slice(1).forEach((x, i) => expect(x.latencyS).toBeCloseTo(d[i]!, 15));
    const total = pre + d[0]! + d[1]! + d[2]!;
    expect(t.totalS).toBeCloseTo(total, 15);
    expect(t.decodeTokensPerS).toBeCloseTo(3 / (d[0]! + d[1]! + d[2]!), 9);
    expect(t.endToEndTokensPerS).toBeCloseTo(4 / total, 9);
    // Each step's parts add up to less than its latency (the rest is the per-pass overhead).
    for (const x of t.steps)
      expect(x.gpuS + x.hostS + x.linkS + x.storageS).toBeLessThanOrEqual(x.latencyS + 1e-15);
  });

  it("the memory is counted at the last step's cache", () => {
    const t = timelineOffload({ model: llama, system, workload: wl, placement, generateTokens: 1000 });
    const s = setupOffload({ model: llama, system, workload: wl, placement }, 1099);
    expect(t.memory).toEqual(s.memory);
    expect(t.placement.flags).toBe("-ngl 20");
  });

  it("a token count out of range is one clear error", () => {
    for (const g of [0, 1.5, Number.NaN])
      expect(() =>
        timelineOffload({ model: llama, system, workload: wl, placement, generateTokens: g }),
      ).toThrow(InputError);
  });
});

/**
 * Which split of a model over several units fits and runs fastest: each split mode that runs
 * units in one host (layer, row, tensor; expert for a mixture-of-experts model) with the
 * proportions people use (by memory, as llama.cpp's default; by bandwidth, which balances
 * memory-bound decode; equal), ranked by decode tokens/s (prefill tokens/s for a prefill-only
 * workload), those that do not fit last.
 */
import type { DeviceSpec } from "../hardware/schema.js";
import { analyzeSplit, type SplitAnalysis, type SplitInput, type SplitMode } from "./split.js";

export interface SplitCandidate {
  readonly proportionsBy: "memory" | "bandwidth" | "equal";
  readonly proportions: readonly number[];
  readonly analysis: SplitAnalysis;
  readonly tokensPerS: number;
}

const PROPORTIONS: Record<SplitCandidate["proportionsBy"], (d: DeviceSpec) => number> = {
  memory: (d) => d.memoryGiB?.value ?? 1,
  bandwidth: (d) => d.bandwidthGBps.value,
  equal: () => 1,
};

export function fitSplit(input: Omit<SplitInput, "split" | "proportions">): SplitCandidate[] {
  const out: SplitCandidate[] = [];
  // Identical units give the same proportions every way: try each distinct one once.
  const seen = new Set<string>();
  // RPC is how the units are reached, not a choice among splits: `--split rpc` costs it.
  const modes: SplitMode[] = ["layer", "row", "tensor", ...(input.model.moe ? (["expert"] as const) : [])];
  for (const split of modes) {
    for (const by of Object.keys(PROPORTIONS) as SplitCandidate["proportionsBy"][]) {
      const proportions = input.units.map(PROPORTIONS[by]);
      const sum = proportions.reduce((a, b) => a + b, 0);
      const key = proportions.map((p) => (p / sum).toFixed(6)).join(",");
      if (seen.has(`${split}|${key}`)) continue;
      seen.add(`${split}|${key}`);
      const analysis = analyzeSplit({ ...input, split, proportions });
      const phase = analysis.decode ?? analysis.prefill;
      out.push({ proportionsBy: by, proportions, analysis, tokensPerS: phase?.tokensPerS ?? 0 });
    }
  }
  const rank = (c: SplitCandidate) => (c.analysis.fits === false ? 1 : 0);
  return out.sort((a, b) => rank(a) - rank(b) || b.tokensPerS - a.tokensPerS);
}

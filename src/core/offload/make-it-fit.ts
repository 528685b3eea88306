/**
 * "Make it fit" (issue 17): when a placement does not fit, the single changes that make it
 * fit — fewer GPU layers, experts on the CPU (all, or the fewest layers), a shorter context,
 * a smaller KV format, the KV cache on the CPU — each re-analysed with `analyzeOffload`
 * (memory checked on every unit by the engine's memory plan), only those that fit kept,
 * fastest first. Each carries its change as data, so a front end applies it in one step.
 */
import type { ResolvedWorkload } from "../graph/workload.js";
import { bitsPerValue, type FormatName } from "../quant/index.js";
import { analyzeOffload, type OffloadAnalysis, type OffloadInput } from "./analyze-offload.js";
import { kvCacheFlags } from "./fit-placement.js";
import type { PlacementInput } from "./placement.js";

export const FIT_CHANGE_KINDS = ["gpu-layers", "cpu-moe", "context", "kv-format", "kv-on-cpu"] as const;
export type FitChangeKind = (typeof FIT_CHANGE_KINDS)[number];

export type FitChange =
  | { readonly kind: "gpu-layers"; readonly gpuLayers: number }
  /** `all`: llama.cpp --cpu-moe (every layer); else --n-cpu-moe N. */
  | { readonly kind: "cpu-moe"; readonly cpuMoeLayers: number; readonly all: boolean }
  /** The context (and the prompt, when longer) cut to this many tokens. */
  | { readonly kind: "context"; readonly contextTokens: number }
  | { readonly kind: "kv-format"; readonly kv: FormatName }
  | { readonly kind: "kv-on-cpu" };

export interface FitOption {
  readonly change: FitChange;
  /** llama.cpp's flags of the changed placement. */
  readonly flags: string;
  /** Decode tokens/s (prefill's when the workload has no decode). */
  readonly tokensPerS: number;
  readonly fits: boolean | null;
  readonly gpuBytes: number;
  readonly hostBytes: number;
}

export interface MakeItFit {
  /** The placement as given. */
  readonly fits: boolean | null;
  /** Changes after which it fits, fastest first (empty when it fits already). */
  readonly options: readonly FitOption[];
}

/** KV formats tried, smallest last (llama.cpp's cache types with flash attention). */
const KV_TRIED: readonly FormatName[] = ["q8_0", "q4_0"];
/** llama.cpp pads the context to 256 cells: shorter contexts are tried in these steps. */
const CONTEXT_STEP = 256;

const speedOf = (a: OffloadAnalysis) => (a.decode ?? a.prefill)!.tokensPerS;
const bytesOn = (a: OffloadAnalysis, role: "gpu" | "host") =>
  a.memory.units.filter((u) => u.role === role).reduce((s, u) => s + u.totalBytes, 0);

export function makeItFit(input: OffloadInput): MakeItFit {
  const base = analyzeOffload(input);
  if (base.fits !== false) return { fits: base.fits, options: [] };
  const m = input.model;
  const p0: PlacementInput = input.placement ?? {};
  const wl0 = input.workload;
  const L = m.numLayers;
  const at = (placement: PlacementInput, workload: ResolvedWorkload = wl0) =>
    analyzeOffload({ ...input, placement, workload });
  const options: FitOption[] = [];
  const keep = (change: FitChange, a: OffloadAnalysis) => {
    if (a.fits === false) return;
    options.push({
      change,
      flags: `${a.placement.flags}${kvCacheFlags(a.workload.kv)}`,
      tokensPerS: speedOf(a),
      fits: a.fits,
      gpuBytes: bytesOn(a, "gpu"),
      hostBytes: bytesOn(a, "host"),
    });
  };
  const placed = base.placement;
  const hasGpu = base.system.gpu !== null;

  // Fewer GPU layers: the most that fit (more layers on the GPU is faster).
  if (hasGpu)
    for (let n = placed.gpuLayers - 1; n >= 0; n--) {
      const a = at({ ...p0, gpuLayers: n });
      if (a.fits !== false) {
        keep({ kind: "gpu-layers", gpuLayers: n }, a);
        break;
      }
    }
  // Experts on the CPU: all of them, and the fewest layers' that fit.
  if (hasGpu && m.moe && placed.cpuMoeLayers < L) {
    keep({ kind: "cpu-moe", cpuMoeLayers: L, all: true }, at({ ...p0, cpuMoeLayers: L }));
    for (let k = placed.cpuMoeLayers + 1; k < L; k++) {
      const a = at({ ...p0, cpuMoeLayers: k });
      if (a.fits !== false) {
        keep({ kind: "cpu-moe", cpuMoeLayers: k, all: false }, a);
        break;
      }
    }
  }
  // A shorter context: the longest that fits (memory grows with it), in the engine's steps.
  const longest = Math.max(wl0.promptTokens, wl0.contextTokens);
  const withContext = (c: number): ResolvedWorkload => ({
    ...wl0,
    promptTokens: Math.min(wl0.promptTokens, c),
    contextTokens: c,
  });
  let best: { c: number; a: OffloadAnalysis } | null = null;
  let lo = 1;
  let hi = Math.ceil(longest / CONTEXT_STEP) - 1; // steps strictly shorter than now
  while (lo <= hi) {
    const mid = Math.floor((lo + hi) / 2);
    const a = at(p0, withContext(mid * CONTEXT_STEP));
    if (a.fits !== false) {
      best = { c: mid * CONTEXT_STEP, a };
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (best) keep({ kind: "context", contextTokens: best.c }, best.a);
  // A smaller KV format.
  for (const kv of KV_TRIED)
    if (bitsPerValue(kv) < bitsPerValue(wl0.kv)) keep({ kind: "kv-format", kv }, at(p0, { ...wl0, kv }));
  // The KV cache in host memory (-nkvo).
  if (hasGpu && placed.kvOn === "gpu" && placed.gpuRepeatingLayers > 0)
    keep({ kind: "kv-on-cpu" }, at({ ...p0, kvOn: "cpu" }));
  options.sort((a, b) => b.tokensPerS - a.tokensPerS);
  return { fits: base.fits, options };
}

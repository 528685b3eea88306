/**
 * `fit` on a system (issue 17): the fastest placement that fits, like llama.cpp's `--fit` but
 * ranked by predicted decode tokens/s. Candidates: every `-ngl` from 0 to n_layer + 1; for an
 * MoE model also every `--n-cpu-moe` with all layers on the GPU (how gpt-oss-120b or
 * Qwen3-30B-A3B are run on 16–24 GB cards); each with the KV cache on the GPU or the CPU, and
 * each KV format tried. Only candidates whose memory fits every unit are ranked (a unit of
 * unknown capacity counts as fitting, and is reported so). Two trade-off curves go with it:
 * tokens/s against `-ngl` (at the best placement's other choices) and against context length
 * (the fastest fitting placement at each length).
 */
import type { System } from "../cluster/system.js";
import type { ResolvedWorkload } from "../graph/workload.js";
import type { ModelSpec } from "../models/schema.js";
import type { ModelWeights } from "../models/weights.js";
import type { FormatName } from "../quant/index.js";
import { analyzeOffload, type OffloadAnalysis } from "./analyze-offload.js";
import type { KvPlace, PlacementInput } from "./placement.js";
import { hostAndGpu } from "./units.js";

export interface FitPlacementInput {
  readonly model: ModelSpec;
  readonly system: System;
  readonly workload: ResolvedWorkload;
  readonly weights?: ModelWeights;
  /** KV formats to try (default: the workload's, q8_0, q4_0). */
  readonly kvFormats?: readonly FormatName[];
  /** Context lengths of the curve (default: powers of two from 512 to the model's maximum). */
  readonly contexts?: readonly number[];
  readonly mmapFromStorage?: boolean;
}

export interface PlacementCandidate {
  readonly gpuLayers: number;
  readonly cpuMoeLayers: number;
  readonly kvOn: KvPlace;
  readonly kv: FormatName;
  /** llama.cpp's flags for it. */
  readonly flags: string;
  readonly decodeTokensPerS: number;
  readonly fits: boolean | null;
  readonly gpuBytes: number;
  readonly hostBytes: number;
  readonly bottleneck: string;
}

export interface TradeoffPoint {
  readonly x: number;
  /** null when nothing fits at this point. */
  readonly tokensPerS: number | null;
  readonly fits: boolean | null;
  readonly flags: string | null;
}

export interface PlacementFit {
  /** The fastest fitting placement; null when none fits. */
  readonly best: (PlacementCandidate & { readonly analysis: OffloadAnalysis }) | null;
  /** Fitting candidates, fastest first (at most `MAX_RANKED`). */
  readonly ranked: readonly PlacementCandidate[];
  /** How many candidates were tried and how many fit. */
  readonly tried: number;
  readonly fitting: number;
  readonly byGpuLayers: readonly TradeoffPoint[];
  readonly byContext: readonly TradeoffPoint[];
  readonly notes: readonly string[];
}

export const MAX_RANKED = 12;
const KV_DEFAULTS: readonly FormatName[] = ["q8_0", "q4_0"];

function analyse(i: FitPlacementInput, wl: ResolvedWorkload, p: PlacementInput): OffloadAnalysis {
  return analyzeOffload({
    model: i.model,
    system: i.system,
    workload: wl,
    placement: { ...p, ...(i.mmapFromStorage ? { mmapFromStorage: true } : {}) },
    ...(i.weights ? { weights: i.weights } : {}),
  });
}

/** llama.cpp's flags for a KV format (" -fa on -ctk q8_0 -ctv q8_0"; none for fp16 / bf16): a quantized V cache needs flash attention. */
export const kvCacheFlags = (kv: FormatName): string =>
  kv === "fp16" || kv === "bf16" ? "" : ` -fa on -ctk ${kv} -ctv ${kv}`;

function candidateOf(a: OffloadAnalysis, kv: FormatName): PlacementCandidate {
  const bytes = (role: string) =>
    a.memory.units.filter((u) => u.role === role).reduce((s, u) => s + u.totalBytes, 0);
  return {
    gpuLayers: a.placement.gpuLayers,
    cpuMoeLayers: a.placement.cpuMoeLayers,
    kvOn: a.placement.kvOn,
    kv,
    flags: `${a.placement.flags}${kvCacheFlags(kv)}`,
    decodeTokensPerS: a.decode!.tokensPerS,
    fits: a.fits,
    gpuBytes: bytes("gpu"),
    hostBytes: bytes("host"),
    bottleneck: a.decode!.bottleneck,
  };
}

/** The placements a search tries (layer counts, expert placement, KV placement). */
function placements(m: ModelSpec, hasGpu: boolean): PlacementInput[] {
  if (!hasGpu) return [{ gpuLayers: 0 }];
  const L = m.numLayers;
  const out: PlacementInput[] = [];
  for (const kvOn of ["gpu", "cpu"] as const) {
    for (let n = 0; n <= L + 1; n++) out.push({ gpuLayers: n, kvOn });
    if (m.moe) for (let k = 1; k <= L; k++) out.push({ gpuLayers: L + 1, cpuMoeLayers: k, kvOn });
  }
  return out;
}

const rank = (a: PlacementCandidate, b: PlacementCandidate) => b.decodeTokensPerS - a.decodeTokensPerS;

/** The fastest fitting placement for one workload, with the whole ranked list. */
function search(i: FitPlacementInput, wl: ResolvedWorkload, kvs: readonly FormatName[], hasGpu: boolean) {
  const all: { c: PlacementCandidate; a: OffloadAnalysis }[] = [];
  for (const kv of kvs) {
    const w = { ...wl, kv, phase: "decode" as const };
    for (const p of placements(i.model, hasGpu)) {
      const a = analyse(i, w, p);
      all.push({ c: candidateOf(a, kv), a });
    }
  }
  const fitting = all.filter((x) => x.c.fits !== false).sort((x, y) => rank(x.c, y.c));
  return { all, fitting };
}

export function fitPlacement(i: FitPlacementInput): PlacementFit {
  const { gpu } = hostAndGpu(i.system);
  const hasGpu = gpu !== null;
  const kvs = [...new Set<FormatName>([i.workload.kv, ...(i.kvFormats ?? KV_DEFAULTS)])];
  const { all, fitting } = search(i, i.workload, kvs, hasGpu);
  const top = fitting[0];
  const best = top ? { ...top.c, analysis: top.a } : null;
  // Curve 1: tokens/s against -ngl, the best's other choices held.
  const byGpuLayers: TradeoffPoint[] = [];
  if (best && hasGpu) {
    const L = i.model.numLayers;
    for (let n = 0; n <= L + 1; n++) {
      const a = analyse(
        i,
        { ...i.workload, kv: best.kv, phase: "decode" },
        {
          gpuLayers: n,
          cpuMoeLayers: Math.min(best.cpuMoeLayers, n > L ? L : best.cpuMoeLayers),
          kvOn: best.kvOn,
        },
      );
      const c = candidateOf(a, best.kv);
      byGpuLayers.push({ x: n, tokensPerS: c.decodeTokensPerS, fits: c.fits, flags: c.flags });
    }
  }
  // Curve 2: the fastest fitting placement at each context length.
  const max = i.model.maxContext;
  const contexts =
    i.contexts ??
    Array.from({ length: 20 }, (_, k) => 512 * 2 ** k)
      .filter((c) => c <= max)
      .concat(max % 512 === 0 && max > 512 ? [] : [max]);
  const byContext: TradeoffPoint[] = [];
  for (const ctx of [...new Set(contexts)].sort((a, b) => a - b)) {
    const wl = { ...i.workload, promptTokens: ctx, contextTokens: ctx };
    const f = search(i, wl, best ? [best.kv] : kvs, hasGpu).fitting[0];
    byContext.push(
      f
        ? { x: ctx, tokensPerS: f.c.decodeTokensPerS, fits: f.c.fits, flags: f.c.flags }
        : { x: ctx, tokensPerS: null, fits: false, flags: null },
    );
  }
  const notes: string[] = [];
  if (best?.fits === null)
    notes.push("a unit's memory is not stated (e.g. the host's --ram): its fit is not checked");
  if (!best)
    notes.push("no placement fits: add RAM, a larger GPU, a smaller weight format or a shorter context");
  return {
    best,
    ranked: fitting.slice(0, MAX_RANKED).map((x) => x.c),
    tried: all.length,
    fitting: fitting.length,
    byGpuLayers,
    byContext,
    notes,
  };
}

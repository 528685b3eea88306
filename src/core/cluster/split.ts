/**
 * A model split across several compute units (issue 19), built on one analysis per unit:
 *
 * - layer split (pipeline, llama.cpp `--split-mode layer`): each unit runs a contiguous slice of
 *   layers in turn and holds their weights and KV cache; the residual stream (hidden × tokens,
 *   f32 as llama.cpp keeps it) crosses a link at every boundary. One decode step is the sum of
 *   the units' times: at batch 1 they take turns. Prefill of k micro-batches (prompt / ubatch)
 *   overlaps the stages (llama.cpp's pipeline parallelism, PR #6017): Σ stage / k + (k − 1)/k ·
 *   max stage.
 * - tensor split (`--split-mode tensor`/`row`, vLLM tensor parallel): each unit holds a share f
 *   of every matrix (and of the attention heads and KV cache) and runs its share of every layer
 *   at once; the layer waits for the slowest unit and pays two all-reduces of the residual
 *   stream (after attention and after the FFN), costed as a ring over the link. Element-wise
 *   ops (norms, residuals) are replicated.
 *
 * A unit's per-layer time is its whole-model analysis divided by the layer count (layers that
 * differ — sliding-window or MoE variants — are averaged over the slice).
 */
import { InputError } from "../errors.js";
import type { ResolvedWorkload } from "../graph/workload.js";
import type { DeviceSpec } from "../hardware/schema.js";
import type { ModelSpec } from "../models/schema.js";
import type { ModelWeights } from "../models/weights.js";
import type { Analysis, PhaseAnalysis } from "../predict/analysis-types.js";
import { analyze } from "../predict/analyze.js";
import { weightsOf } from "../predict/caches.js";
import { formatPercent } from "../units/format.js";
import { GiB } from "../units/quantities.js";
import { allReduceSeconds, type LinkType, transferSeconds } from "./links.js";

export const SPLIT_MODES = ["layer", "tensor"] as const;
export type SplitMode = (typeof SPLIT_MODES)[number];

/** Bytes per value of the hidden state crossing a link: llama.cpp keeps activations in f32. */
const STREAM_BYTES = 4;
/** llama.cpp's default micro-batch (n_ubatch) for prefill. */
export const DEFAULT_UBATCH = 512;
/** Most units a split may name (beyond this, describe a cluster per node). */
export const MAX_UNITS = 64;

export interface SplitInput {
  readonly model: ModelSpec;
  readonly units: readonly DeviceSpec[];
  readonly link: LinkType;
  readonly split: SplitMode;
  /** Share of the model per unit (any positive numbers, normalised); default: by memory capacity, as llama.cpp splits by free memory. */
  readonly proportions?: readonly number[];
  readonly workload: ResolvedWorkload;
  readonly weights?: ModelWeights;
  readonly ubatch?: number;
}

export interface UnitMemory {
  readonly weightsBytes: number;
  readonly kvCacheBytes: number;
  readonly activationsBytes: number;
  readonly totalBytes: number;
  readonly capacityBytes: number | null;
  readonly fits: boolean | null;
}

export interface SplitUnit {
  readonly deviceId: string;
  readonly share: number;
  /** Layers this unit runs (layer split); every layer for a tensor split. */
  readonly layers: number;
  readonly memory: UnitMemory;
}

export interface SplitPhase {
  readonly latencyS: number;
  readonly tokensPerS: number;
  /** Time each unit computes per pass (its share, at its roofs). */
  readonly unitS: readonly number[];
  /** Time on the link per pass (boundary transfers or all-reduces). */
  readonly linkS: number;
  /** The largest contributor to the pass and its share of it, in words. */
  readonly bottleneck: string;
}

export interface SplitAnalysis {
  readonly split: SplitMode;
  readonly link: {
    readonly id: string;
    readonly name: string;
    readonly bandwidthGBps: number;
    readonly latencyUs: number;
  };
  readonly units: readonly SplitUnit[];
  readonly prefill: SplitPhase | null;
  readonly decode: SplitPhase | null;
  readonly fits: boolean | null;
  readonly diagnostics: readonly string[];
}

interface PhaseParts {
  readonly layerS: number;
  readonly splittableShare: number;
  readonly modelS: number;
  readonly overheadS: number;
  readonly produced: number;
}

function parts(p: PhaseAnalysis, numLayers: number): PhaseParts {
  const layers = p.layerVariants.reduce((a, v) => a + v.count * v.totals.timeEstimateS, 0);
  const modelS = p.modelOps.reduce((a, o) => a + o.timeEstimateS, 0);
  const rep = p.layerOps.reduce((a, o) => a + o.timeEstimateS, 0);
  const split = p.layerOps.reduce((a, o) => a + (o.kernel === "elementwise" ? 0 : o.timeEstimateS), 0);
  return {
    layerS: layers / numLayers,
    splittableShare: rep > 0 ? split / rep : 1,
    modelS,
    overheadS: Math.max(0, p.latencyEstimateS - layers - modelS),
    produced: p.tokensPerSEstimate * p.latencyEstimateS,
  };
}

/** Integer layer counts proportional to `shares` (largest remainder), summing to `total`. */
export function apportion(total: number, shares: readonly number[]): number[] {
  const raw = shares.map((s) => s * total);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    out[i]!++;
    left--;
  }
  return out;
}

function normalise(units: readonly DeviceSpec[], proportions: readonly number[] | undefined): number[] {
  const raw = proportions ?? units.map((u) => u.memoryGiB?.value ?? 1);
  if (raw.length !== units.length)
    throw new InputError("--tensor-split", raw.join(","), `needs one proportion per unit (${units.length})`);
  if (raw.some((x) => !(Number.isFinite(x) && x >= 0)) || !raw.some((x) => x > 0))
    throw new InputError(
      "--tensor-split",
      raw.join(","),
      "proportions must be finite, non-negative and not all 0",
    );
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((x) => x / sum);
}

function bottleneck(
  units: readonly DeviceSpec[],
  unitS: readonly number[],
  linkS: number,
  link: LinkType,
  total: number,
  turns: boolean,
): string {
  // With a layer split the units take turns, so each unit's time is a share of the pass;
  // with a tensor split they run at once and the slowest one is what the pass waits for.
  let best = { what: `the ${link.name} link`, s: linkS };
  unitS.forEach((s, i) => {
    if (s > best.s) best = { what: `unit ${i + 1} (${units[i]!.id})`, s };
  });
  const share = total > 0 ? best.s / total : 0;
  return `${best.what}: ${formatPercent(share, 0)} of each pass${turns || best.s === linkS ? "" : " (the slowest unit)"}`;
}

export function analyzeSplit(input: SplitInput): SplitAnalysis {
  const { model: m, units, link, split, workload: wl } = input;
  if (units.length < 1 || units.length > MAX_UNITS)
    throw new InputError("--device", units.length, `a split needs 1 to ${MAX_UNITS} units`);
  const shares = normalise(units, input.proportions);
  const L = m.numLayers;
  const layers = split === "layer" ? apportion(L, shares) : units.map(() => L);
  const w = input.weights ?? weightsOf(m, wl.weights, wl.activations);
  const byDevice = new Map<DeviceSpec, Analysis>();
  const analysisOf = (d: DeviceSpec) => {
    let a = byDevice.get(d);
    if (!a) {
      a = analyze({
        model: m,
        device: d,
        workload: wl,
        ...(input.weights ? { weights: input.weights } : {}),
      });
      byDevice.set(d, a);
    }
    return a;
  };
  const analyses = units.map(analysisOf);
  const mem0 = analyses[0]!.memory;
  const outputBytes = (w.tied ? w.embedding.bytes : w.lmHead.bytes) + w.finalNormBytes;
  const layerWeights = Math.max(
    0,
    mem0.weightsBytes - w.embedding.bytes - (w.tied ? 0 : w.lmHead.bytes) - w.finalNormBytes,
  );
  const last = units.length - 1;

  const unitList: SplitUnit[] = units.map((d, i) => {
    const f = split === "layer" ? layers[i]! / L : shares[i]!;
    const weightsBytes =
      split === "layer"
        ? layerWeights * f + (i === 0 ? w.embedding.bytes : 0) + (i === last ? outputBytes : 0)
        : (layerWeights + w.embedding.bytes + outputBytes) * f;
    const kvCacheBytes = mem0.kvCacheBytes * f;
    const activationsBytes = f > 0 ? mem0.activationsBytes : 0;
    const totalBytes = weightsBytes + kvCacheBytes + activationsBytes;
    const capacityBytes = d.memoryGiB ? d.memoryGiB.value * GiB : null;
    return {
      deviceId: d.id,
      share: f,
      layers: layers[i]!,
      memory: {
        weightsBytes,
        kvCacheBytes,
        activationsBytes,
        totalBytes,
        capacityBytes,
        fits: capacityBytes === null ? null : totalBytes <= capacityBytes,
      },
    };
  });

  const phase = (pick: (a: Analysis) => PhaseAnalysis | null, prefill: boolean): SplitPhase | null => {
    const ps = analyses.map((a) => pick(a));
    if (ps.some((p) => p === null)) return null;
    const pp = ps.map((p) => parts(p!, L));
    const tokens = wl.batch * (prefill ? wl.promptTokens : 1);
    const streamBytes = m.hiddenSize * tokens * STREAM_BYTES;
    const overhead = pp[0]!.overheadS;
    const produced = pp[0]!.produced;
    if (split === "layer") {
      const k = prefill ? Math.max(1, Math.ceil(wl.promptTokens / (input.ubatch ?? DEFAULT_UBATCH))) : 1;
      const unitS = pp.map((p, i) => layers[i]! * p.layerS + (i === last ? p.modelS : 0));
      // Each boundary moves the stream once per micro-batch: k latencies and all the bytes.
      const hop = transferSeconds(link, streamBytes, k);
      const stages = unitS.map((s, i) => s + (i < last && layers[i]! > 0 ? hop : 0));
      const linkS = stages.reduce((a, s, i) => a + (s - unitS[i]!), 0);
      const sum = stages.reduce((a, b) => a + b, 0);
      const latencyS = sum / k + ((k - 1) / k) * Math.max(...stages) + overhead;
      return {
        latencyS,
        tokensPerS: produced / latencyS,
        unitS,
        linkS,
        bottleneck: bottleneck(units, unitS, linkS, link, latencyS, true),
      };
    }
    const perLayer = pp.map(
      (p, i) =>
        shares[i]! * p.layerS * p.splittableShare + (shares[i]! > 0 ? p.layerS * (1 - p.splittableShare) : 0),
    );
    const n = shares.filter((s) => s > 0).length;
    const reduce = 2 * allReduceSeconds(link, streamBytes, n);
    const modelS = Math.max(...pp.map((p, i) => shares[i]! * p.modelS));
    const unitS = perLayer.map((s, i) => L * s + shares[i]! * pp[i]!.modelS);
    const linkS = L * reduce;
    const latencyS = L * (Math.max(...perLayer) + reduce) + modelS + overhead;
    return {
      latencyS,
      tokensPerS: produced / latencyS,
      unitS,
      linkS,
      bottleneck: bottleneck(units, unitS, linkS, link, latencyS, false),
    };
  };

  const prefill = phase((a) => a.prefill, true);
  const decode = phase((a) => a.decode, false);
  const verdicts = unitList.map((u) => u.memory.fits);
  const fits = verdicts.includes(false) ? false : verdicts.includes(null) ? null : true;
  const diagnostics: string[] = [];
  unitList.forEach((u) => {
    if (u.memory.fits === false)
      diagnostics.push(
        `${u.deviceId} needs ${(u.memory.totalBytes / GiB).toFixed(2)} GiB but has ${((u.memory.capacityBytes ?? 0) / GiB).toFixed(2)} GiB`,
      );
  });
  if (split === "layer" && unitList.some((u) => u.layers === 0))
    diagnostics.push("a unit gets no layers at these proportions: it holds nothing and runs nothing");
  return {
    split,
    link: {
      id: link.id,
      name: link.name,
      bandwidthGBps: link.bandwidthGBps.value,
      latencyUs: link.latencyUs.value,
    },
    units: unitList,
    prefill,
    decode,
    fits,
    diagnostics,
  };
}

/**
 * A model split across several compute units (issue 19), built on one analysis per unit: per-unit
 * memory, and per pass each unit's time, the link's time and the bottleneck (passes.ts has the
 * time of each mode, split-types.ts what the modes are).
 *
 * A unit's per-layer time is its whole-model analysis divided by the layer count (layers that
 * differ — sliding-window or MoE variants — are averaged over the slice).
 */
import { InputError } from "../errors.js";
import type { DeviceSpec } from "../hardware/schema.js";
import { layerKindName, layerKinds } from "../models/layers.js";
import type { ModelSpec } from "../models/schema.js";
import type { ModelWeights } from "../models/weights.js";
import type { Analysis, PhaseAnalysis } from "../predict/analysis-types.js";
import { analyze } from "../predict/analyze.js";
import { weightsOf } from "../predict/caches.js";
import { formatPercent } from "../units/format.js";
import { GiB } from "../units/quantities.js";
import type { LinkType } from "./links.js";
import {
  expertPass,
  layerPass,
  type PassContext,
  type PassCost,
  rowPass,
  rpcPass,
  tensorPass,
} from "./passes.js";
import type {
  LinkSummary,
  SplitAnalysis,
  SplitInput,
  SplitMode,
  SplitPhase,
  SplitUnit,
} from "./split-types.js";
import { unitParts } from "./unit-parts.js";

export * from "./split-types.js";

/** Bytes per value of the hidden state crossing a link: llama.cpp keeps activations in f32. */
const STREAM_BYTES = 4;
/** llama.cpp's default micro-batch (n_ubatch) for prefill. */
export const DEFAULT_UBATCH = 512;
/** llama.cpp's default logical batch (n_batch, common/common.h): the pipeline overlaps micro-batches within one. */
export const DEFAULT_BATCH = 2048;
/** Most units a split may name (beyond this, describe a cluster per node). */
export const MAX_UNITS = 64;

const PASSES: Record<SplitMode, (ctx: PassContext) => PassCost> = {
  layer: layerPass,
  row: rowPass,
  tensor: tensorPass,
  rpc: rpcPass,
  expert: expertPass,
};

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

function normalise(
  units: readonly DeviceSpec[],
  proportions: readonly number[] | undefined,
  capacities: readonly (number | null)[] | undefined,
): number[] {
  const raw =
    proportions ?? units.map((u, i) => capacities?.[i] ?? (u.memoryGiB ? u.memoryGiB.value * GiB : GiB));
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
  // otherwise they run at once and the slowest one is what the pass waits for.
  let best = { what: `the ${link.name} link`, s: linkS };
  unitS.forEach((s, i) => {
    if (s > best.s) best = { what: `unit ${i + 1} (${units[i]!.id})`, s };
  });
  const share = total > 0 ? best.s / total : 0;
  return `${best.what}: ${formatPercent(share, 0)} of each pass${turns || best.s === linkS ? "" : " (the slowest unit)"}`;
}

/** Bytes of the routed experts of every MoE layer (each layer holds numExperts copies of one expert's matrices). */
function expertBytes(m: ModelSpec, w: ModelWeights): number {
  if (!m.moe) return 0;
  const kinds = layerKinds(m);
  return w.layers.reduce((a, l, i) => {
    const kind = kinds[l.kind ?? layerKindName(m, i)];
    if (kind?.ffn !== "moe") return a;
    const t = l.tensors;
    return a + (t.ffn_gate.bytes + t.ffn_up.bytes + t.ffn_down.bytes) * m.moe!.numExperts;
  }, 0);
}

function memoryOf(
  input: SplitInput,
  analysis: Analysis,
  w: ModelWeights,
  shares: readonly number[],
  layers: readonly number[],
): SplitUnit[] {
  const { model: m, units, split } = input;
  const L = m.numLayers;
  const mem = analysis.memory;
  const outputBytes = (w.tied ? w.embedding.bytes : w.lmHead.bytes) + w.finalNormBytes;
  const layerWeights = Math.max(
    0,
    mem.weightsBytes - w.embedding.bytes - (w.tied ? 0 : w.lmHead.bytes) - w.finalNormBytes,
  );
  const experts = split === "expert" ? Math.min(expertBytes(m, w), mem.weightsBytes) : 0;
  const last = units.length - 1;
  const pipelined = split === "layer" || split === "rpc";
  return units.map((d, i) => {
    const f = pipelined ? layers[i]! / L : shares[i]!;
    const weightsBytes = pipelined
      ? layerWeights * f + (i === 0 ? w.embedding.bytes : 0) + (i === last ? outputBytes : 0)
      : split === "expert"
        ? f > 0
          ? mem.weightsBytes - experts + experts * f
          : 0
        : mem.weightsBytes * f;
    // Row split keeps the KV cache on the main unit; expert parallelism replicates attention.
    const kvShare = split === "row" ? (i === 0 ? 1 : 0) : split === "expert" ? (f > 0 ? 1 : 0) : f;
    const kvCacheBytes = mem.kvCacheBytes * kvShare;
    const activationsBytes = f > 0 ? mem.activationsBytes : 0;
    const totalBytes = weightsBytes + kvCacheBytes + activationsBytes;
    const capacityBytes = input.capacitiesBytes?.[i] ?? (d.memoryGiB ? d.memoryGiB.value * GiB : null);
    return {
      name: input.unitNames?.[i] ?? d.id,
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
}

const summary = (l: LinkType): LinkSummary => ({
  id: l.id,
  name: l.name,
  bandwidthGBps: l.bandwidthGBps.value,
  latencyUs: l.latencyUs.value,
});

export function analyzeSplit(input: SplitInput): SplitAnalysis {
  const { model: m, units, link, split, workload: wl } = input;
  if (units.length < 1 || units.length > MAX_UNITS)
    throw new InputError("--device", units.length, `a split needs 1 to ${MAX_UNITS} units`);
  if (split === "expert" && !m.moe)
    throw new InputError(
      "--split",
      split,
      `expert parallelism needs a mixture-of-experts model; ${m.id} is dense`,
    );
  const n = units.length;
  for (const [name, list] of [
    ["boundaryLinks", input.boundaryLinks],
    ["clientLinks", input.clientLinks],
  ] as const)
    if (list && list.length !== n - 1)
      throw new InputError(name, list.length, `needs ${n - 1} links for ${n} units`);
  if (input.capacitiesBytes && input.capacitiesBytes.length !== n)
    throw new InputError("capacitiesBytes", input.capacitiesBytes.length, `needs one per unit (${n})`);
  const shares = normalise(units, input.proportions, input.capacitiesBytes);
  const L = m.numLayers;
  const layers = split === "layer" || split === "rpc" ? apportion(L, shares) : units.map(() => L);
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
  const unitList = memoryOf(input, analyses[0]!, w, shares, layers);

  const phase = (pick: (a: Analysis) => PhaseAnalysis | null, prefill: boolean): SplitPhase | null => {
    const ps = analyses.map((a) => pick(a));
    if (ps.some((p) => p === null)) return null;
    const parts = ps.map((p) => unitParts(p!, L));
    const tokens = wl.batch * (prefill ? wl.promptTokens : 1);
    const ubatch = input.ubatch ?? DEFAULT_UBATCH;
    const k = prefill ? Math.max(1, Math.ceil(wl.promptTokens / ubatch)) : 1;
    const batches = prefill ? Math.max(1, Math.ceil(wl.promptTokens / Math.max(ubatch, DEFAULT_BATCH))) : 1;
    const cost = PASSES[split]({
      link,
      boundaryLinks: input.boundaryLinks ?? [],
      clientLinks: input.clientLinks ?? [],
      parts,
      shares,
      layers,
      numLayers: L,
      k,
      batches,
      streamBytes: m.hiddenSize * tokens * STREAM_BYTES,
      // One row of logits per sequence per pass (llama-bench and generation ask for the last token's).
      logitsBytes: m.vocabSize * wl.batch * STREAM_BYTES,
      expertsPerToken: m.moe?.expertsPerToken ?? 0,
      tokens,
    });
    const overhead = parts[0]!.overheadS;
    const latencyS = cost.latencyS + overhead;
    const end = cost.timeline.reduce((a, s) => Math.max(a, s.startS + s.durationS), 0);
    const timeline =
      cost.timeline.length > 0 && overhead > 0
        ? [...cost.timeline, { unit: 0, kind: "host" as const, startS: end, durationS: overhead }]
        : cost.timeline;
    return {
      latencyS,
      tokensPerS: parts[0]!.produced / latencyS,
      unitS: cost.unitS,
      linkS: cost.linkS,
      bottleneck: bottleneck(
        units,
        cost.unitS,
        cost.linkS,
        link,
        latencyS,
        split === "layer" || split === "rpc",
      ),
      timeline,
    };
  };

  const prefill = phase((a) => a.prefill, true);
  const decode = phase((a) => a.decode, false);
  const verdicts = unitList.map((u) => u.memory.fits);
  const fits = verdicts.includes(false) ? false : verdicts.includes(null) ? null : true;
  const diagnostics: string[] = [];
  for (const u of unitList) {
    if (u.memory.fits === false)
      diagnostics.push(
        `${u.deviceId} needs ${(u.memory.totalBytes / GiB).toFixed(2)} GiB but has ${((u.memory.capacityBytes ?? 0) / GiB).toFixed(2)} GiB`,
      );
  }
  if ((split === "layer" || split === "rpc") && unitList.some((u) => u.layers === 0))
    diagnostics.push("a unit gets no layers at these proportions: it holds nothing and runs nothing");
  return {
    split,
    link: summary(link),
    hops: ((split === "rpc" ? input.clientLinks : input.boundaryLinks) ?? []).map(summary),
    units: unitList,
    prefill,
    decode,
    fits,
    diagnostics,
  };
}

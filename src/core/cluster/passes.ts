/**
 * The time of one pass (a decode step, or a prefill) of a split, per mode: the same roofline
 * terms as one unit (each unit's layer time from its own analysis) plus the link terms, written
 * out so that a reader can check them. See split-types.ts for what each mode is.
 */
import type { LinkType } from "./links.js";
import { allReduceSeconds, transferSeconds } from "./links.js";
import { rpcStage } from "./rpc.js";
import type { TimelineSegment } from "./split-types.js";
import type { UnitParts } from "./unit-parts.js";

export interface PassContext {
  readonly link: LinkType;
  /** Link after unit i (pipeline), and from unit 1 to unit i + 2 (RPC). */
  readonly boundaryLinks: readonly LinkType[];
  readonly clientLinks: readonly LinkType[];
  readonly parts: readonly UnitParts[];
  /** Normalised shares of the model per unit. */
  readonly shares: readonly number[];
  /** Layers per unit (layer and rpc splits). */
  readonly layers: readonly number[];
  readonly numLayers: number;
  /** Micro-batches of the pass (prefill: prompt / ubatch; decode: 1). */
  readonly k: number;
  /** Batches (prompt / n_batch) the micro-batches come in: the pipeline drains between batches. */
  readonly batches: number;
  /** Bytes of the residual stream for the whole pass (hidden × tokens × 4, f32 as llama.cpp keeps it). */
  readonly streamBytes: number;
  /** Bytes of the logits the pass returns (vocabulary × output rows × 4). */
  readonly logitsBytes: number;
  /** Routed experts per token and tokens of the pass (expert parallelism). */
  readonly expertsPerToken: number;
  readonly tokens: number;
}

export interface PassCost {
  /** Without the host overhead. */
  readonly latencyS: number;
  readonly unitS: readonly number[];
  readonly linkS: number;
  readonly timeline: readonly TimelineSegment[];
}

/** A unit's busy stretch on the time line: its memory-bound part after its compute-bound part. */
function busy(out: TimelineSegment[], unit: number, startS: number, s: number, memoryShare: number): void {
  if (s <= 0) return;
  const mem = s * memoryShare;
  if (s - mem > 0) out.push({ unit, kind: "compute", startS, durationS: s - mem });
  if (mem > 0) out.push({ unit, kind: "memory", startS: startS + s - mem, durationS: mem });
}

function linkSeg(out: TimelineSegment[], startS: number, s: number): void {
  if (s > 0) out.push({ unit: null, kind: "link", startS, durationS: s });
}

/**
 * Units in turn, each running its layers; `hops[i]` is the link time after unit i, `tail` after
 * the last. With k micro-batches the stages overlap (llama.cpp's pipeline parallelism, PR #6017),
 * but only within one batch of n_batch tokens: each of B batches takes Σ stage_b / k_b +
 * (k_b − 1)/k_b · max stage_b with stage_b = stage · k_b / k, which sums to
 * (B · Σ stage + (k − B) · max stage) / k (B = 1: Σ / k + (k − 1)/k · max; B = k: Σ).
 */
function pipeline(ctx: PassContext, hops: readonly number[], tail: number): PassCost {
  const last = ctx.parts.length - 1;
  const unitS = ctx.parts.map((p, i) => ctx.layers[i]! * p.layerS + (i === last ? p.modelS : 0));
  const stages = unitS.map((s, i) => s + (hops[i] ?? 0) + (i === last ? tail : 0));
  const linkS = stages.reduce((a, s, i) => a + s - unitS[i]!, 0);
  const sum = stages.reduce((a, b) => a + b, 0);
  const k = ctx.k;
  const timeline: TimelineSegment[] = [];
  if (k === 1) {
    let t = 0;
    unitS.forEach((s, i) => {
      busy(timeline, i, t, s, ctx.parts[i]!.memoryShare);
      t += s;
      const hop = (hops[i] ?? 0) + (i === last ? tail : 0);
      linkSeg(timeline, t, hop);
      t += hop;
    });
  }
  const b = Math.min(k, Math.max(1, ctx.batches));
  return { latencyS: (b * sum + (k - b) * Math.max(...stages)) / k, unitS, linkS, timeline };
}

export function layerPass(ctx: PassContext): PassCost {
  const last = ctx.parts.length - 1;
  // Each boundary moves the stream once per micro-batch: k latencies and all the bytes.
  const hop = (i: number) => transferSeconds(ctx.boundaryLinks[i] ?? ctx.link, ctx.streamBytes, ctx.k);
  return pipeline(
    ctx,
    ctx.layers.map((n, i) => (i < last && n > 0 ? hop(i) : 0)),
    0,
  );
}

/** Unit 1 is the client; units 2… are RPC servers, every hop going through the client. */
export function rpcPass(ctx: PassContext): PassCost {
  const last = ctx.parts.length - 1;
  const stage = ctx.layers.map((n, i) =>
    rpcStage(
      i > 0 ? (ctx.clientLinks[i - 1] ?? ctx.link) : ctx.link,
      n,
      ctx.streamBytes,
      i === last ? ctx.logitsBytes : ctx.streamBytes,
      ctx.k,
    ),
  );
  const active = (i: number) => i > 0 && ctx.layers[i]! > 0;
  // After unit i: its output back to the client (if remote), then the next unit's input and graph.
  const hops = ctx.layers.map((_, i) =>
    i < last ? (active(i) ? stage[i]!.outS : 0) + (active(i + 1) ? stage[i + 1]!.inS : 0) : 0,
  );
  return pipeline(ctx, hops, active(last) ? stage[last]!.outS : 0);
}

/** Units that run every layer at once: the layer waits for the slowest, then `commS` on the link. */
function parallel(
  ctx: PassContext,
  perLayer: readonly number[],
  modelS: readonly number[],
  commS: number,
): PassCost {
  const L = ctx.numLayers;
  const unitS = perLayer.map((s, i) => L * s + modelS[i]!);
  const linkS = L * commS;
  const latencyS = L * (Math.max(...perLayer) + commS) + Math.max(...modelS);
  const timeline: TimelineSegment[] = [];
  unitS.forEach((s, i) => {
    busy(timeline, i, 0, s, ctx.parts[i]!.memoryShare);
  });
  linkSeg(timeline, Math.max(...unitS), linkS);
  return { latencyS, unitS, linkS, timeline };
}

/** Tensor parallelism: splittable ops shared, element-wise ops replicated, two ring all-reduces per layer. */
export function tensorPass(ctx: PassContext): PassCost {
  const { shares: f, parts: pp } = ctx;
  const perLayer = pp.map(
    (p, i) => f[i]! * p.layerS * p.splittableShare + (f[i]! > 0 ? p.layerS * (1 - p.splittableShare) : 0),
  );
  const n = f.filter((s) => s > 0).length;
  const reduce = 2 * allReduceSeconds(ctx.link, ctx.streamBytes, n);
  return parallel(
    ctx,
    perLayer,
    pp.map((p, i) => f[i]! * p.modelS),
    reduce,
  );
}

/**
 * llama.cpp's row split: unit 1 (the main GPU) broadcasts each matmul's input to every other unit
 * holding rows and gathers their outputs back, one copy each way per unit in turn; the units'
 * matmul shares run at once, every other op on the main unit.
 */
export function rowPass(ctx: PassContext): PassCost {
  const { shares: f, parts: pp } = ctx;
  const perLayer = pp.map(
    (p, i) => f[i]! * p.layerS * p.weightShare + (i === 0 ? p.layerS * (1 - p.weightShare) : 0),
  );
  const peers = f.filter((s, i) => i > 0 && s > 0).length;
  const main = pp[0]!;
  const copies = 2 * peers * main.matmuls;
  const comm = peers > 0 ? transferSeconds(ctx.link, peers * main.matmulActivationBytes, copies * ctx.k) : 0;
  return parallel(
    ctx,
    perLayer,
    pp.map((p, i) => f[i]! * p.modelS),
    comm,
  );
}

/**
 * Expert parallelism: each unit holds a share of the routed experts and runs the rest of every
 * layer itself (attention and dense parts replicated); per MoE layer the tokens' hidden states go
 * to the units holding their experts and come back (dispatch, combine), each an all-to-all where
 * a unit sends (n − 1)/n of tokens × experts-per-token hidden states, one message per peer.
 */
export function expertPass(ctx: PassContext): PassCost {
  const { shares: f, parts: pp } = ctx;
  const perLayer = pp.map((p, i) =>
    f[i]! > 0 ? p.layerS * (1 - p.expertShare) + f[i]! * p.layerS * p.expertShare : 0,
  );
  const n = f.filter((s) => s > 0).length;
  const perToken = ctx.streamBytes / Math.max(1, ctx.tokens);
  const bytes = (ctx.tokens * ctx.expertsPerToken * perToken * (n - 1)) / Math.max(1, n);
  const a2a = n > 1 ? 2 * transferSeconds(ctx.link, bytes, (n - 1) * ctx.k) : 0;
  return parallel(
    ctx,
    perLayer,
    pp.map((p, i) => (i === 0 ? p.modelS : 0)),
    a2a,
  );
}

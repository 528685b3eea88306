/**
 * Pass helpers shared by every reader of an analysis (the CLI's advisor, the web app's
 * charts and tables): how many layers a pass has, its time and traffic summed by op kind,
 * and which ops can be drawn on a log–log roofline. Pure.
 */
import type { OpKind } from "../ops/types.js";
import type { PhaseAnalysis } from "./analysis-types.js";

type Op = PhaseAnalysis["layerOps"][number];
type Pass = Pick<PhaseAnalysis, "layerOps" | "modelOps" | "layerVariants">;

/** Layers of a pass: the counts of all its layer variants. */
export function layerCount(pass: Pick<PhaseAnalysis, "layerVariants">): number {
  return pass.layerVariants.reduce((s, v) => s + v.count, 0);
}

/** One op kind over a whole pass. */
export interface KindTotal {
  readonly kind: OpKind;
  /** Seconds over the pass: layer ops times the layer count, plus the model-level ops. */
  readonly timeEstimateS: number;
  readonly timeBoundS: number;
  /** FLOPs and bytes over the pass, counted the same way. */
  readonly flops: number;
  readonly bytes: number;
  /** The ridge of the first op of this kind (null when the device lists no peak for it). */
  readonly ridge: number | null;
}

/**
 * Time, FLOPs and bytes of a pass by op kind. One rule for every reader: ops are keyed
 * by their kind, layer ops and model-level ops alike, so lm_head counts as a GEMM and
 * the final norm as a norm. Layer ops (of the most common variant) are multiplied by the
 * layer count. Kinds come in order of first appearance (layer ops first).
 */
export function byKind(pass: Pass): KindTotal[] {
  const layers = layerCount(pass);
  const by = new Map<OpKind, { -readonly [K in keyof KindTotal]: KindTotal[K] }>();
  const add = (o: Op, times: number) => {
    const e = by.get(o.kind);
    if (e) {
      e.timeEstimateS += o.timeEstimateS * times;
      e.timeBoundS += o.timeBoundS * times;
      e.flops += o.flops * times;
      e.bytes += o.bytesTotal * times;
    } else
      by.set(o.kind, {
        kind: o.kind,
        timeEstimateS: o.timeEstimateS * times,
        timeBoundS: o.timeBoundS * times,
        flops: o.flops * times,
        bytes: o.bytesTotal * times,
        ridge: o.ridge,
      });
  };
  for (const o of pass.layerOps) add(o, layers);
  for (const o of pass.modelOps) add(o, 1);
  return [...by.values()];
}

/**
 * Whether an op (or a pass's totals) has a point on a log–log roofline: arithmetic, a
 * positive intensity and a positive time. Ops that move bytes only (residual adds with
 * no FLOPs, lookups) have none.
 */
export function isPlottableOp<
  O extends { readonly flops: number; readonly intensity: number | null; readonly timeEstimateS: number },
>(o: O): o is O & { readonly intensity: number } {
  return o.flops > 0 && o.intensity !== null && o.intensity > 0 && o.timeEstimateS > 0;
}

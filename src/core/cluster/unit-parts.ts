/**
 * What a split needs to know of one unit's single-device analysis of a pass: the mean time of a
 * layer and how it divides (ops with weights, ops a tensor split can share, routed experts,
 * memory-bound ops), the model-level ops (embedding, norm, head) and the fixed host overhead.
 *
 * Shares are read off the layer's ops (the most common layer variant when layers differ) and
 * applied to the mean layer time.
 */
import type { PhaseAnalysis } from "../predict/analysis-types.js";

type OpResult = PhaseAnalysis["layerOps"][number];

export interface UnitParts {
  /** Mean time of one layer, s. */
  readonly layerS: number;
  /** Share of a layer's time in ops that a tensor split divides (all but element-wise ops). */
  readonly splittableShare: number;
  /** Share in matmuls with weights (what llama.cpp's row split divides). */
  readonly weightShare: number;
  /** Share in the routed experts' matmuls and activation (what expert parallelism divides). */
  readonly expertShare: number;
  /** Share in memory-bound ops (for the time line's compute / memory split). */
  readonly memoryShare: number;
  /** Matmuls with weights per layer, and the activation bytes they read and write. */
  readonly matmuls: number;
  readonly matmulActivationBytes: number;
  /** Embedding, final norm and lm_head, s. */
  readonly modelS: number;
  /** Fixed per-pass host overhead of the analysis (beyond its ops), s. */
  readonly overheadS: number;
  /** Tokens the pass produces (for tokens/s). */
  readonly produced: number;
}

const time = (ops: readonly OpResult[], keep: (o: OpResult) => boolean) =>
  ops.reduce((a, o) => a + (keep(o) ? o.timeEstimateS : 0), 0);

export function unitParts(p: PhaseAnalysis, numLayers: number): UnitParts {
  const layers = p.layerVariants.reduce((a, v) => a + v.count * v.totals.timeEstimateS, 0);
  const modelS = time(p.modelOps, () => true);
  const ops = p.layerOps;
  const all = time(ops, () => true);
  const share = (keep: (o: OpResult) => boolean) => (all > 0 ? time(ops, keep) / all : 0);
  const matmul = (o: OpResult) => o.bytes.weights > 0 && o.kernel !== "elementwise";
  const matmulOps = ops.filter(matmul);
  return {
    layerS: layers / numLayers,
    splittableShare: all > 0 ? share((o) => o.kernel !== "elementwise") : 1,
    weightShare: share(matmul),
    expertShare: share((o) => o.name.startsWith("expert_")),
    memoryShare: share((o) => o.bound === "memory"),
    matmuls: matmulOps.length,
    matmulActivationBytes: matmulOps.reduce((a, o) => a + o.bytes.activations, 0),
    modelS,
    overheadS: Math.max(0, p.latencyEstimateS - layers - modelS),
    produced: p.tokensPerSEstimate * p.latencyEstimateS,
  };
}

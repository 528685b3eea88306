/**
 * The compute buffer llama.cpp reserves: ggml's graph allocator (ggml-alloc.c) lays out the
 * worst-case graph of one micro-batch (u = min(n_ctx, n_ubatch) tokens, every token an output;
 * llama-context.cpp `sched_reserve`) and keeps the high-water mark. Tensors live from the op that
 * makes them to their last reader, so the mark is the largest set alive at once, plus the holes
 * the allocator cannot reuse. The stages that set it, each f32 (4 bytes) per token:
 *
 * - attention, without flash attention: the KQ scores of every head, H · n_kv, beside the KQ
 *   masks (one of n_kv per cache kind, f32, alive through every layer) and the layer's
 *   activations; with flash attention the scores never exist and the masks are f16;
 * - the FFN: gate, up and their product, 3 · f, and the layer's activations; MoE: the k routed
 *   experts' and the shared experts' widths in place of f;
 * - recurrent mixers: their input projections (Mamba-2's z·x·B·C·dt, Gated DeltaNet's q·k·v·z·β·α,
 *   short convolution's B·C·x) and their copies in the scan or convolution;
 * - the output: the logits of every token, V, and the final norm.
 *
 * The activation terms (how many d- and q-wide tensors are alive, how many holes stay) were read
 * off node-llama-cpp's llama.cpp on synthetic llama, gpt-oss, GLM-4.5, DeepSeek-2, Qwen3-Next,
 * LFM2 and Granite-hybrid GGUFs (test/engine/memory-plan.test.ts checks them); they are the
 * part of the plan that is fitted, not derived, and the engine test bounds its error.
 */
import { layerKindCounts, resolveAttention } from "../../models/layers.js";
import { mlaDims } from "../../models/mixers.js";
import type { LayerKind, ModelSpec } from "../../models/schema.js";
import { layerTensorElements } from "../../models/weights.js";
import { windowOf } from "./caches.js";

const F32 = 4;
const F16 = 2;

export interface ComputeShape {
  /** Tokens of the worst-case micro-batch: min(n_ctx, n_ubatch). */
  readonly tokens: number;
  /** Cells of the full-attention cache and of the sliding-window cache (per sequence). */
  readonly fullCells: number;
  readonly swaCells: number;
  readonly flashAttention: boolean;
}

export interface ComputeStage {
  readonly stage: string;
  readonly bytes: number;
}

/** Width (values per token) of an attention layer's query, its heads, and whether it has an output gate. */
function queryOf(m: ModelSpec, kind: LayerKind): { heads: number; q: number; gated: boolean } | null {
  const x = kind.mixer;
  if (x.kind === "attention") {
    const a = resolveAttention(m, x);
    return { heads: a.heads, q: a.heads * a.headDim, gated: a.outputGate };
  }
  if (x.kind === "mla") {
    const d = mlaDims(m.hiddenSize, m.numHeads, x);
    // Absorbed MLA attends in the latent space: each head's query is kv_lora + rope wide.
    const perHead = (x.path ?? "absorbed") === "absorbed" ? d.kvLoraRank + d.ropeDim : d.nopeDim + d.ropeDim;
    return { heads: d.heads, q: d.heads * perHead, gated: false };
  }
  return null;
}

/** Every stage's high-water mark, bytes; the compute buffer is the largest. */
export function computeStages(m: ModelSpec, s: ComputeShape): ComputeStage[] {
  const u = s.tokens;
  const d = m.hiddenSize;
  const kinds = layerKindCounts(m);
  // The masks: one per cache kind the model has, alive from the first layer to the last.
  const hasFull = kinds.some((k) => queryOf(m, k.kind) && windowOf(k.kind) === undefined);
  const hasSwa = kinds.some((k) => queryOf(m, k.kind) && windowOf(k.kind) !== undefined);
  const maskCells = (hasFull ? s.fullCells : 0) + (hasSwa ? s.swaCells : 0);
  const masks = u * maskCells * (s.flashAttention ? F16 : F32);
  const stages: ComputeStage[] = [];
  for (const { name, kind } of kinds) {
    const q = queryOf(m, kind);
    if (q) {
      const cells = windowOf(kind) === undefined ? s.fullCells : s.swaCells;
      const scores = s.flashAttention ? 0 : u * q.heads * cells * F32;
      const act = u * (3 * d + 3 * q.q + (q.gated ? q.q : 0)) * F32;
      stages.push({ stage: `${name}: attention`, bytes: masks + scores + act });
    } else if (kind.mixer.kind !== "none") {
      const e = layerTensorElements(m, kind);
      const inW = (e.mix_in + e.mix_gate + e.mix_ba) / d;
      const per =
        kind.mixer.kind === "mamba2"
          ? 3 * inW + d
          : kind.mixer.kind === "gated_deltanet"
            ? 3 * inW
            : 2 * inW + d;
      stages.push({ stage: `${name}: ${kind.mixer.kind}`, bytes: masks + u * per * F32 });
    }
    if (kind.ffn === "dense") {
      const f = m.intermediateSize;
      stages.push({ stage: `${name}: ffn`, bytes: masks + u * (3 * f + Math.min(4 * d, f + d)) * F32 });
    } else if (kind.ffn === "moe" && m.moe) {
      const moe = m.moe;
      const shared = moe.sharedExperts * (moe.sharedIntermediateSize ?? moe.expertIntermediateSize);
      const f = moe.expertsPerToken * moe.expertIntermediateSize + shared;
      stages.push({ stage: `${name}: moe`, bytes: masks + u * (3 * f + 5 * d + moe.numExperts) * F32 });
    }
  }
  stages.push({ stage: "output", bytes: u * (m.vocabSize + 2 * d) * F32 });
  return stages;
}

/** The compute buffer (bytes) and the stage that sets it. */
export function computeBuffer(m: ModelSpec, s: ComputeShape): ComputeStage {
  let best: ComputeStage = { stage: "output", bytes: 0 };
  for (const st of computeStages(m, s)) if (st.bytes > best.bytes) best = st;
  return best;
}

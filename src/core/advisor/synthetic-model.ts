/**
 * A synthetic dense model of a requested size, shaped like Llama 2, for questions such as
 * "can a 7B model meet 100 ms/token here?" (exercise 2.6) when no real configuration is
 * at hand. The rule, chosen to reproduce Llama-2-7B/13B/70B from their sizes:
 *
 *  - head dim 128, vocabulary 32000, untied embeddings, RMSNorm, gated SiLU FFN, max
 *    context 4096 (all as Llama 2);
 *  - FFN width from Llama's rule: 2/3 · 4d rounded up to a multiple of 256
 *    (4096 → 11008, 5120 → 13824);
 *  - width d = 128 × heads with heads = layers, the aspect ratio of Llama-2-7B (32 layers,
 *    d 4096) and 13B (40, 5120): the heads for which that count lands closest to the request;
 *  - then, d fixed, the layer count re-fitted to the request (round to the nearest layer),
 *    so the count lands within half a layer of it (±1.5% at 7B, ±0.6% at 70B); where that
 *    is still more than 1.5% off (small models: few, wide layers, e.g. 500M), the head
 *    counts ±2 around it are re-fitted too and the closest count wins (500M: 11 heads,
 *    17 layers, +0.14%);
 *  - from 30B on, grouped-query attention with 8 KV heads (heads a multiple of 8), as
 *    Llama 2 34B and 70B.
 *
 * So 7B gives d 4096, 32 heads, 33 layers (6.94 B, Llama-2-7B with one more layer) and
 * 70B gives d 9216, 72 heads / 8 KV heads, 80 layers (70.0 B; Llama-2-70B has d 8192 and
 * a wider FFN). Parameters are counted by countParams, like every model.
 */
import { InputError } from "../errors.js";
import { countParams } from "../models/params.js";
import type { ModelSpec } from "../models/schema.js";

export const SYNTHETIC_MIN_PARAMS = 50e6;
export const SYNTHETIC_MAX_PARAMS = 2e12;
/** From this size on, 8 KV heads (GQA) as in Llama 2 34B/70B. */
export const SYNTHETIC_GQA_FROM = 30e9;

const HEAD_DIM = 128;
/** Beyond this relative error, the neighbouring head counts (±2) are tried too. */
const NEIGHBOUR_TOLERANCE = 0.015;
const VOCAB = 32000;

/** Llama's FFN width: 2/3 · 4d, rounded up to a multiple of 256. */
export function llamaFfnWidth(d: number): number {
  return 256 * Math.ceil(Math.floor((2 * 4 * d) / 3) / 256);
}

function spec(heads: number, layers: number, gqa: boolean, id: string, label: string): ModelSpec {
  const d = heads * HEAD_DIM;
  return {
    id,
    name: `Synthetic dense ${label} (Llama-2-style)`,
    family: "llama",
    hiddenSize: d,
    numLayers: layers,
    numHeads: heads,
    numKvHeads: gqa ? 8 : heads,
    headDim: HEAD_DIM,
    intermediateSize: llamaFfnWidth(d),
    vocabSize: VOCAB,
    ffn: { gated: true, activation: "silu" },
    norm: "rmsnorm",
    qkvBias: false,
    qkNorm: false,
    tieEmbeddings: false,
    maxContext: 4096,
    source:
      "synthetic: head dim 128, d = 128·heads, heads ≈ layers, FFN 2/3·4d to a multiple of 256, vocab 32000, layers fitted to the size",
  };
}

/** "7B", "1.5B", "500M": the label of a requested size. */
export function sizeLabel(params: number): string {
  const [p, s] = params >= 1e12 ? [1e12, "T"] : params >= 1e9 ? [1e9, "B"] : [1e6, "M"];
  return `${Number((params / p).toPrecision(3))}${s}`;
}

/** A Llama-2-style dense model whose parameter count is as close as the rule allows to `params`. */
export function syntheticDense(params: number): ModelSpec {
  if (!(params >= SYNTHETIC_MIN_PARAMS && params <= SYNTHETIC_MAX_PARAMS)) {
    throw new InputError(
      "params",
      params,
      `synthetic models range from ${sizeLabel(SYNTHETIC_MIN_PARAMS)} to ${sizeLabel(SYNTHETIC_MAX_PARAMS)}`,
    );
  }
  const gqa = params >= SYNTHETIC_GQA_FROM;
  const step = gqa ? 8 : 1;
  const label = sizeLabel(params);
  const id = `synthetic-${label.toLowerCase()}`;
  // 1. heads = layers (the 7B/13B aspect ratio): the closest count.
  let best = { heads: step, err: Infinity };
  for (let h = step; h <= 1024; h += step) {
    const err = Math.abs(countParams(spec(h, h, gqa, id, label)).total - params);
    if (err < best.err) best = { heads: h, err };
    else break; // the count grows with h: past the minimum the error only grows
  }
  // 2. d fixed: re-fit the layer count (parameters are affine in it).
  const refit = (heads: number): ModelSpec => {
    const one = countParams(spec(heads, 1, gqa, id, label)).total;
    const perLayer = countParams(spec(heads, 2, gqa, id, label)).total - one;
    return spec(heads, Math.max(1, Math.round((params - (one - perLayer)) / perLayer)), gqa, id, label);
  };
  const off = (m: ModelSpec) => Math.abs(countParams(m).total / params - 1);
  let chosen = refit(best.heads);
  // 3. Few, wide layers (small models) can land further off: then try the neighbouring head counts.
  if (off(chosen) > NEIGHBOUR_TOLERANCE) {
    for (let h = Math.max(step, best.heads - 2 * step); h <= best.heads + 2 * step; h += step) {
      const m = refit(h);
      if (off(m) < off(chosen)) chosen = m;
    }
  }
  return chosen;
}

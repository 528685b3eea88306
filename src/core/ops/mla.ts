/**
 * Multi-head latent attention (MLA: DeepSeek-V2/V3/R1, Kimi K2).
 *
 * Each token is compressed to a latent c_kv of `kvLoraRank` values (W_DKV, then an RMSNorm)
 * and one rotary key k_pe of `ropeDim` values shared by all heads; per head, the non-rotary
 * key (nopeDim) and the value (vDim) are the latent times W_UK and W_UV (together the
 * `attn_kv_b` matrix). Queries go through their own low-rank pair (q_a → norm → q_b) when
 * `qLoraRank` > 0.
 *
 * Two ways to run it:
 * - **absorbed**: W_UK is applied to the query (q_nope·W_UK, per head, giving a query in
 *   latent space) and W_UV after the attention-weighted sum of latents; attention is then
 *   multi-query over the cache itself: keys of kvLoraRank + ropeDim values, values = the
 *   latent (the first kvLoraRank of them, the same memory). The cache holds kvLoraRank +
 *   ropeDim values per token and layer. This is what llama.cpp runs for GGUFs that carry
 *   `attention.key_length_mla` and the split `attn_k_b` / `attn_v_b` tensors, in prefill and
 *   decode alike (src/models/deepseek2.cpp, the `is_mla` branch: "MLA with the absorption
 *   optimization converts into MQA"; src/llama-kv-cache.cpp allocates no V tensor when
 *   `hparams.is_mla()`; src/llama-graph.cpp `build_attn_mha` multiplies by `v_mla` after).
 * - **decompressed**: W_UKV is applied to each new token's latent and the per-head keys
 *   (nopeDim + ropeDim, k_pe repeated for every head) and values (vDim) are cached, as in
 *   multi-head attention. llama.cpp's path for older GGUFs with the fused `attn_kv_b` (same
 *   file, the `!is_mla` branch: "MLA without the absorption optimization converts into
 *   MHA"), and what Hugging Face transformers' DeepSeek-V3 attention caches.
 *
 * Per (query, key) pair and head, absorbed attention costs 2·(r + dr) + 2·r FLOPs against
 * 2·(dn + dr) + 2·dv decompressed (DeepSeek-V3: 2176 against 640), but it reads r + dr cached
 * values per key instead of H·(dn + dr + dv) (576 against 40 960): decode (one query, long
 * context) is far cheaper absorbed, while a long prefill from an empty cache does fewer FLOPs
 * decompressed (engines such as vLLM and SGLang decompress for prefill).
 */

import type { MlaDims, MlaPath } from "../models/mixers.js";
import { causalPairs, SOFTMAX_FLOPS_PER_ELEMENT } from "./attention.js";
import { NORM_FLOPS, ROPE_FLOPS_PER_ELEMENT } from "./elementwise.js";
import { type MixerPass, type ProjectFn, tokensOf } from "./mixer.js";
import { makeOp, type OpCost } from "./types.js";

/** The MLA block of one layer for one pass: projections, norms, rotary, attention, output. */
export function mlaOps(m: MlaDims, path: MlaPath, s: MixerPass, proj: ProjectFn): OpCost[] {
  const n = tokensOf(s);
  const H = m.heads;
  const r = m.kvLoraRank;
  const dr = m.ropeDim;
  const dn = m.nopeDim;
  const dv = m.vDim;
  const ab = s.activationBytes;
  const ops: OpCost[] = [];
  const g = "attention" as const;

  if (m.qLoraRank > 0) {
    ops.push(
      proj({
        name: "q_a_proj",
        tensor: "attn_q_a",
        rows: n,
        inFeatures: m.hidden,
        outFeatures: m.qLoraRank,
        group: g,
      }),
    );
    ops.push(rmsnorm("q_a_norm", n, m.qLoraRank, ab, 0, s));
    ops.push(
      proj({
        name: "q_b_proj",
        tensor: "attn_q_b",
        rows: n,
        inFeatures: m.qLoraRank,
        outFeatures: H * (dn + dr),
        group: g,
      }),
    );
  } else {
    ops.push(
      proj({
        name: "q_proj",
        tensor: "attn_q",
        rows: n,
        inFeatures: m.hidden,
        outFeatures: H * (dn + dr),
        group: g,
      }),
    );
  }
  ops.push(
    proj({
      name: "kv_a_proj",
      tensor: "attn_kv_a",
      rows: n,
      inFeatures: m.hidden,
      outFeatures: r + dr,
      group: g,
    }),
  );
  // The latent's norm writes straight to the cache when the cache holds the latent.
  ops.push(rmsnorm("kv_a_norm", n, r, ab, path === "absorbed" ? r * s.kvBytes : 0, s));

  // Rotary on every head's q_pe and the one shared k_pe (cached: once per token absorbed,
  // repeated into each head's key when decompressed).
  const kPeCached = path === "absorbed" ? dr : H * dr;
  ops.push(
    makeOp({
      name: "rope",
      kind: "rope",
      kernel: "elementwise",
      group: g,
      shape: `[${n}×${H}×${dr}] + [${n}×${dr}]`,
      flops: ROPE_FLOPS_PER_ELEMENT * n * (H * dr + dr),
      bytes: {
        weights: 0,
        activations: n * (2 * H * dr + dr) * ab,
        kvRead: 0,
        kvWrite: n * kPeCached * s.kvBytes,
      },
      precision: s.precision,
    }),
  );

  if (path === "absorbed") {
    // q_nope (per head) · W_UK → a query in latent space.
    ops.push(
      proj({
        name: "q_absorb",
        tensor: "attn_k_b",
        rows: n,
        heads: H,
        inFeatures: dn,
        outFeatures: r,
        group: g,
      }),
    );
    ops.push(...mlaAttentionCore(s, H, 1, r + dr, r, true));
    // Weighted latent (per head) · W_UV → the head's value.
    ops.push(
      proj({
        name: "v_absorb",
        tensor: "attn_v_b",
        rows: n,
        heads: H,
        inFeatures: r,
        outFeatures: dv,
        group: g,
      }),
    );
  } else {
    // W_UKV on each new latent: k_nope and v of every head, written to the cache.
    ops.push(
      proj({
        name: "kv_b_proj",
        tensor: "attn_kv_b",
        rows: n,
        inFeatures: r,
        outFeatures: H * (dn + dv),
        group: g,
        toCache: true,
      }),
    );
    ops.push(...mlaAttentionCore(s, H, H, dn + dr, dv, false));
  }
  ops.push(
    proj({ name: "o_proj", tensor: "attn_o", rows: n, inFeatures: H * dv, outFeatures: m.hidden, group: g }),
  );
  return ops;
}

function rmsnorm(
  name: string,
  n: number,
  width: number,
  ab: number,
  toCacheBytes: number,
  s: MixerPass,
): OpCost {
  return makeOp({
    name,
    kind: "norm",
    kernel: "elementwise",
    group: "attention",
    shape: `[${n}×${width}]`,
    flops: NORM_FLOPS.rmsnorm * n * width,
    bytes: {
      weights: width * 4,
      activations: n * width * ab + (toCacheBytes > 0 ? 0 : n * width * ab),
      kvRead: 0,
      kvWrite: n * toCacheBytes,
    },
    precision: s.precision,
  });
}

/**
 * Attention with key width `kDim` and value width `vDim` over `kvHeads` cached heads.
 * `sharedKv`: values are a prefix of the keys in the same cache rows (absorbed MLA), so the
 * cache is read once.
 */
export function mlaAttentionCore(
  s: MixerPass,
  heads: number,
  kvHeads: number,
  kDim: number,
  vDim: number,
  sharedKv: boolean,
): OpCost[] {
  const q = s.queries;
  const keys = s.keys;
  const ab = s.activationBytes;
  const qBytes = s.batch * q * heads * kDim * ab;
  const oBytes = s.batch * q * heads * vDim * ab;
  const kBytes = s.batch * keys * kvHeads * kDim * s.kvBytes;
  const vBytes = sharedKv ? 0 : s.batch * keys * kvHeads * vDim * s.kvBytes;
  const label = `${heads}h/${kvHeads}kv q${q} k${keys} dk${kDim} dv${vDim}`;
  if (s.attention === "flash") {
    const pairs = s.batch * heads * causalPairs(q, keys);
    return [
      makeOp({
        name: "attention",
        kind: "attn_fused",
        kernel: "attention",
        group: "attention",
        shape: label,
        flops: 2 * pairs * (kDim + vDim) + SOFTMAX_FLOPS_PER_ELEMENT * pairs,
        bytes: { weights: 0, activations: qBytes + oBytes, kvRead: kBytes + vBytes, kvWrite: 0 },
        precision: s.precision,
      }),
    ];
  }
  const scores = s.batch * heads * q * keys;
  return [
    makeOp({
      name: "attn_scores",
      kind: "attn_scores",
      kernel: "attention",
      group: "attention",
      shape: `${heads}h×[${q}×${kDim}]·[${kDim}×${keys}]`,
      flops: 2 * scores * kDim,
      bytes: { weights: 0, activations: qBytes + scores * ab, kvRead: kBytes, kvWrite: 0 },
      precision: s.precision,
    }),
    makeOp({
      name: "softmax",
      kind: "softmax",
      kernel: "attention",
      group: "attention",
      shape: `${s.batch * heads}×[${q}×${keys}]`,
      flops: SOFTMAX_FLOPS_PER_ELEMENT * scores,
      bytes: { weights: 0, activations: 2 * scores * ab, kvRead: 0, kvWrite: 0 },
      precision: s.precision,
    }),
    makeOp({
      name: "attn_values",
      kind: "attn_values",
      kernel: "attention",
      group: "attention",
      shape: `${heads}h×[${q}×${keys}]·[${keys}×${vDim}]`,
      flops: 2 * scores * vDim,
      // Absorbed: the latent values are the keys' first r columns, already read for the
      // scores in a fused kernel but read again by this separate kernel.
      bytes: {
        weights: 0,
        activations: scores * ab + oBytes,
        kvRead: sharedKv ? s.batch * keys * kvHeads * vDim * s.kvBytes : vBytes,
        kvWrite: 0,
      },
      precision: s.precision,
    }),
  ];
}

/**
 * Model architecture schema: what the cost model needs to know about a decoder-only
 * transformer, read from the real configuration (never d_ff = 4d or h·d_k = d by assumption).
 *
 * Each layer is a token mixer (attention today) followed by a feed-forward block. A model
 * whose layers are all alike needs no `layers` field: the top-level attention fields
 * (`numHeads`, `numKvHeads`, `headDim`, `qkNorm`, `slidingWindow`, …) and `moe` describe
 * every layer. Models whose layers differ (Gemma 3's five sliding-window layers per global
 * one, gpt-oss's alternating sliding/full layers with sinks, Llama 4's chunked layers with a
 * NoPE global layer every fourth, DeepSeek's dense first layers) name their distinct layer
 * kinds in `layers.kinds` and say which layer is which with a compact rule (`first` +
 * `repeat`) or an explicit `list`. The analysis costs each distinct kind once and multiplies
 * by its layer count (see layers.ts `layerKindCounts`), so cost never grows with numLayers.
 *
 * Adding a new layer kind (MLA, a state-space block, linear attention, a short convolution):
 *  1. add its variant to `Mixer` below (a `z.object({ kind: z.literal("<name>"), …sizes })`,
 *     strict, with the config's sizes as fields) — nothing else in the schema changes;
 *  2. give its tensors and small parameters in weights.ts (`mixerTensorElements`,
 *     `mixerSmallElements`; new tensor slots go into LAYER_TENSORS);
 *  3. build its ops in graph/build-ops.ts (`pushMixer` switches on `kind`);
 *  4. give its per-sequence cache or state bytes in layers.ts (`layerCacheBytes`: KV entries
 *     for attention, a fixed state for recurrent kinds), which memory.ts and the timeline use.
 * TypeScript's exhaustiveness checks on `Mixer["kind"]` point at every switch to extend.
 */
import * as z from "zod";
import { intIn, numberIn } from "../units/bounds.js";
import { MODEL_LIMITS as L } from "./limits.js";
import { GatedDeltaNetMixer, Mamba2Mixer, MlaMixer, ShortConvMixer } from "./mixers.js";

// Every size within its physical range (limits.ts gives each range and its reason).
const layers = intIn(L.layers);
const width = intIn(L.width);
const heads = intIn(L.heads);
const headDim = intIn(L.headDim);
const tokens = intIn(L.context);
const experts = intIn(L.experts);
const params = numberIn(L.params);

export const FFN_ACTIVATIONS = ["silu", "gelu", "gelu_tanh", "relu"] as const;
export const NORM_KINDS = ["rmsnorm", "layernorm"] as const;

export const MoeSpec = z
  .object({
    numExperts: experts,
    expertsPerToken: experts,
    /** Intermediate size of one routed expert. */
    expertIntermediateSize: intIn(L.intermediate),
    /** Always-active shared experts (DeepSeek/Qwen-MoE style), 0 if none. */
    sharedExperts: intIn(L.sharedExperts).default(0),
    sharedIntermediateSize: intIn(L.intermediate).optional(),
    /** A sigmoid gate (hidden_size weights) scales the shared experts' output (Qwen2-MoE, Qwen3-Next). */
    sharedExpertGate: z.boolean().optional(),
    /** A bias per expert on the router logits or scores (gpt-oss; DeepSeek-V3's score correction). */
    routerBias: z.boolean().optional(),
    /** Biases on every expert's projections (gpt-oss). */
    expertBias: z.boolean().optional(),
    /** Group-limited routing (DeepSeek): experts come from `used` of `count` groups. Changes no cost. */
    groups: z.object({ count: experts, used: experts }).strict().optional(),
  })
  .strict()
  .refine((m) => m.expertsPerToken <= m.numExperts, {
    message: "expertsPerToken must not exceed numExperts",
    path: ["expertsPerToken"],
  });

/**
 * Attention as a token mixer. Every field is optional and falls back to the model's
 * top-level value (heads, KV heads, head dim, QK norm, rotary fraction), so a kind only
 * states how it differs. Keys a query sees: every earlier position (global, the default),
 * the last `window` positions (sliding window: the KV cache holds `window` entries), or the
 * positions of its own `chunk` (chunked local attention, Llama 4: the cache holds one chunk).
 */
export const AttentionMixer = z
  .object({
    kind: z.literal("attention"),
    /** Sliding window: a query sees itself and the window − 1 positions before it. */
    window: tokens.optional(),
    /** Chunked local attention: a query sees the earlier positions of its chunk of this size. */
    chunk: tokens.optional(),
    /** Rotary position embedding on this layer (default true; false: a NoPE layer). */
    rope: z.boolean().optional(),
    /** Fraction of each head's dimensions that are rotated (partial rotary), default the model's. */
    rotaryFraction: z.number().gt(0).max(1).optional(),
    /** Per-head RMSNorm on Q and K, default the model's `qkNorm`. */
    qkNorm: z.boolean().optional(),
    /** A learned sink logit per head joins every softmax (gpt-oss): numHeads parameters. */
    sinks: z.boolean().optional(),
    /**
     * A sigmoid output gate per head (Qwen3-Next's gated attention): q_proj also gives the
     * gate (numHeads · headDim more outputs), multiplied into the attention output.
     */
    outputGate: z.boolean().optional(),
    numHeads: heads.optional(),
    numKvHeads: heads.optional(),
    headDim: headDim.optional(),
  })
  .strict()
  .refine((a) => a.window === undefined || a.chunk === undefined, {
    message: "an attention layer has a sliding window or chunks, not both",
    path: ["chunk"],
  });

/** A layer with no token mixer (FFN-only layers of some hybrids). */
export const NoMixer = z.object({ kind: z.literal("none") }).strict();

/**
 * The token mixer of a layer: one variant per kind (add new kinds here, see the file comment).
 * Latent attention and the O(1)-state mixers are in mixers.ts.
 */
export const Mixer = z.discriminatedUnion("kind", [
  AttentionMixer,
  NoMixer,
  MlaMixer,
  Mamba2Mixer,
  GatedDeltaNetMixer,
  ShortConvMixer,
]);

export const FFN_KINDS = ["dense", "moe", "none"] as const;

/** What one layer is: its token mixer and its feed-forward block (dense, the model's MoE, or none). */
export const LayerKind = z
  .object({
    mixer: Mixer,
    ffn: z.enum(FFN_KINDS),
  })
  .strict();

const kindName = z
  .string()
  .regex(/^[a-z][a-z0-9_-]*$/, "a layer kind name: lower-case letters, digits, _ and -");

/**
 * Which layer is which kind. Layer i is `first[i]` for the first `first.length` layers, then
 * `repeat[(i − first.length) mod repeat.length]` (every k-th layer global: k − 1 local kinds
 * then one global); or `list[i]` when every layer is listed (costed by distinct kind all the same).
 */
export const LayerPattern = z
  .object({
    kinds: z.record(kindName, LayerKind),
    first: z.array(kindName).max(L.layers.max).optional(),
    repeat: z.array(kindName).min(1).max(L.layers.max).optional(),
    list: z.array(kindName).max(L.layers.max).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (Object.keys(p.kinds).length > L.layers.max) {
      ctx.addIssue({
        code: "custom",
        path: ["kinds"],
        message: `more kinds than layers can be (${L.layers.max})`,
      });
    }
    if ((p.repeat === undefined) === (p.list === undefined)) {
      ctx.addIssue({ code: "custom", path: ["repeat"], message: "give exactly one of repeat or list" });
    }
    if (p.list !== undefined && p.first !== undefined) {
      ctx.addIssue({ code: "custom", path: ["first"], message: "first goes with repeat, not with list" });
    }
    for (const key of ["first", "repeat", "list"] as const) {
      for (const [i, name] of (p[key] ?? []).entries()) {
        if (!Object.hasOwn(p.kinds, name)) {
          ctx.addIssue({ code: "custom", path: [key, i], message: `no layer kind "${name}" in kinds` });
        }
      }
    }
  });

export const ModelSpec = z
  .object({
    $schema: z.string().optional(),
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
    name: z.string().min(1),
    family: z.string().min(1),
    /** Other names people and tools print for this model (Hugging Face ids, GGUF `general.name`s). */
    aliases: z.array(z.string().min(1)).optional(),
    /** Tokenizer family (e.g. "llama3", "qwen2"): a draft model must share it with its target. */
    tokenizer: z.string().min(1).optional(),
    hiddenSize: width,
    numLayers: layers,
    numHeads: heads,
    numKvHeads: heads,
    headDim,
    /** Dense FFN intermediate size (ignored by MoE layers, which use the expert size). */
    intermediateSize: intIn(L.intermediate),
    vocabSize: intIn(L.vocab),
    ffn: z.object({ gated: z.boolean(), activation: z.enum(FFN_ACTIVATIONS) }).strict(),
    norm: z.enum(NORM_KINDS),
    /** Bias on the Q/K/V projections (Qwen2). */
    qkvBias: z.boolean().default(false),
    /** Per-head RMSNorm on Q and K (Qwen3). */
    qkNorm: z.boolean().default(false),
    /** Q/K norm over each head (Qwen3, Gemma 3: headDim weights each), over the whole projection (OLMo 2), or without weights (Llama 4's L2 norm). */
    qkNormWidth: z.enum(["head", "projection", "unweighted"]).optional(),
    /** Norms per layer: 2 (before attention and FFN, the default) or 4 (Gemma 2/3 also norm after each). */
    normsPerLayer: z.union([z.literal(2), z.literal(4)]).optional(),
    /** Bias on the attention output projection (gpt-oss), default false. */
    oBias: z.boolean().optional(),
    /** Fraction of each head's dimensions that rotary embeddings rotate (partial rotary), default 1. */
    rotaryFraction: z.number().gt(0).max(1).optional(),
    tieEmbeddings: z.boolean(),
    moe: MoeSpec.optional(),
    /** Sliding-window attention length, applied to every layer, if any (without `layers` only). */
    slidingWindow: tokens.optional(),
    /** Layers that differ from one another: their kinds and which layer is which (see the file comment). */
    layers: LayerPattern.optional(),
    /**
     * Weights the language model does not run but memory holds (a multimodal model's vision
     * tower and projector): counted in memory, their compute is not modelled.
     */
    vision: z
      .object({
        params: params.int(),
        /** What they are, in words (e.g. "SigLIP vision tower and projector"). */
        what: z.string().min(1),
      })
      .strict()
      .optional(),
    maxContext: tokens,
    /** Published total parameter count, with its source. */
    published: z
      .object({
        params,
        activeParams: params.optional(),
        /** What the published active count leaves out: the input embedding (gpt-oss), or it and the output head (GLM-4.5). */
        activeExcludes: z.enum(["embedding", "embedding-and-head"]).optional(),
        /**
         * The published active count is rounded to one significant digit (Qwen3-Next's "3B
         * activated"): it is checked within half a unit of that digit, not to a percentage.
         */
        activeRounded: z.boolean().optional(),
        /** The published counts leave out the vision tower (`vision`). */
        excludesVision: z.boolean().optional(),
        source: z.string().min(1),
      })
      .strict()
      .optional(),
    source: z.string().optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.numHeads % m.numKvHeads !== 0) {
      ctx.addIssue({
        code: "custom",
        path: ["numKvHeads"],
        message: `numHeads (${m.numHeads}) must be a multiple of numKvHeads (${m.numKvHeads})`,
      });
    }
    const p = m.layers;
    if (!p) return;
    if (m.slidingWindow !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["slidingWindow"],
        message: "with layers, each attention kind gives its own window",
      });
    }
    if (p.list !== undefined && p.list.length !== m.numLayers) {
      ctx.addIssue({
        code: "custom",
        path: ["layers", "list"],
        message: `lists ${p.list.length} layers; numLayers is ${m.numLayers}`,
      });
    }
    if ((p.first?.length ?? 0) > m.numLayers) {
      ctx.addIssue({
        code: "custom",
        path: ["layers", "first"],
        message: `longer than numLayers (${m.numLayers})`,
      });
    }
    for (const [name, k] of Object.entries(p.kinds)) {
      if (k.ffn === "moe" && !m.moe) {
        ctx.addIssue({
          code: "custom",
          path: ["layers", "kinds", name, "ffn"],
          message: "a moe layer needs the model's moe",
        });
      }
      if (k.mixer.kind === "attention") {
        const h = k.mixer.numHeads ?? m.numHeads;
        const kv = k.mixer.numKvHeads ?? m.numKvHeads;
        if (h % kv !== 0) {
          ctx.addIssue({
            code: "custom",
            path: ["layers", "kinds", name, "mixer", "numKvHeads"],
            message: `numHeads (${h}) must be a multiple of numKvHeads (${kv})`,
          });
        }
      }
    }
  });

export type ModelSpec = z.infer<typeof ModelSpec>;
export type ModelSpecInput = z.input<typeof ModelSpec>;
export type MoeSpec = z.infer<typeof MoeSpec>;
export type Mixer = z.infer<typeof Mixer>;
export type AttentionMixer = z.infer<typeof AttentionMixer>;
export type LayerKind = z.infer<typeof LayerKind>;
export type LayerPattern = z.infer<typeof LayerPattern>;

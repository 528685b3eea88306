/**
 * Model architecture schema: what the cost model needs to know about a decoder-only
 * transformer, read from the real configuration (never d_ff = 4d or h·d_k = d by assumption).
 */
import * as z from "zod";

const posInt = z.number().int().positive();

export const FFN_ACTIVATIONS = ["silu", "gelu", "gelu_tanh", "relu"] as const;
export const NORM_KINDS = ["rmsnorm", "layernorm"] as const;

export const MoeSpec = z
  .object({
    numExperts: posInt,
    expertsPerToken: posInt,
    /** Intermediate size of one routed expert. */
    expertIntermediateSize: posInt,
    /** Always-active shared experts (DeepSeek/Qwen-MoE style), 0 if none. */
    sharedExperts: z.number().int().nonnegative().default(0),
    sharedIntermediateSize: posInt.optional(),
  })
  .strict()
  .refine((m) => m.expertsPerToken <= m.numExperts, {
    message: "expertsPerToken must not exceed numExperts",
    path: ["expertsPerToken"],
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
    hiddenSize: posInt,
    numLayers: posInt,
    numHeads: posInt,
    numKvHeads: posInt,
    headDim: posInt,
    /** Dense FFN intermediate size (ignored by MoE layers, which use the expert size). */
    intermediateSize: posInt,
    vocabSize: posInt,
    ffn: z.object({ gated: z.boolean(), activation: z.enum(FFN_ACTIVATIONS) }).strict(),
    norm: z.enum(NORM_KINDS),
    /** Bias on the Q/K/V projections (Qwen2). */
    qkvBias: z.boolean().default(false),
    /** Per-head RMSNorm on Q and K (Qwen3). */
    qkNorm: z.boolean().default(false),
    tieEmbeddings: z.boolean(),
    moe: MoeSpec.optional(),
    /** Sliding-window attention length, applied to every layer, if any. */
    slidingWindow: posInt.optional(),
    maxContext: posInt,
    /** Published total parameter count, with its source. */
    published: z
      .object({
        params: z.number().positive(),
        activeParams: z.number().positive().optional(),
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
  });

export type ModelSpec = z.infer<typeof ModelSpec>;
export type ModelSpecInput = z.input<typeof ModelSpec>;
export type MoeSpec = z.infer<typeof MoeSpec>;

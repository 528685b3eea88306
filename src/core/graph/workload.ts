/** What is being run: phase, token counts, batch, number formats, attention kernel. */
import * as z from "zod";
import { MAX_CONTEXT } from "../models/limits.js";
import { FORMATS, type FormatName, isFormatName, isRecipeName } from "../quant/index.js";

export const PHASES = ["prefill", "decode", "both"] as const;
export const ATTENTION_KERNELS = ["naive", "flash"] as const;
export const SPARSITY = ["none", "2:4"] as const;

/** Token counts beyond this are rejected as absurd: the longest context a model may have (models/limits.ts). */
export const MAX_TOKENS = MAX_CONTEXT;
export const MAX_BATCH = 1 << 16;
/** The prompt length when none is given (and the context is not shorter). */
export const DEFAULT_PROMPT_TOKENS = 2048;

const tokens = (what: string) =>
  z
    .number()
    .int(`${what} must be a whole number`)
    .positive(`${what} must be at least 1`)
    .max(MAX_TOKENS, `${what} must be at most ${MAX_TOKENS}`);

const scalarFormat = z.string().refine((s) => isFormatName(s) && FORMATS[s].kind !== "gguf", {
  message: "activations must be one of fp32, fp16, bf16, fp8, int8, int4",
});

export const Workload = z
  .object({
    phase: z.enum(PHASES).default("both"),
    /** Prompt length processed by prefill. Default: 2048, or the context when that is shorter. */
    promptTokens: tokens("promptTokens").optional(),
    /** KV entries attended at the decode step (includes the token being generated). Default: promptTokens. */
    contextTokens: tokens("contextTokens").optional(),
    batch: z.number().int().positive().max(MAX_BATCH, `batch must be at most ${MAX_BATCH}`).default(1),
    /** Weight format or llama.cpp mix (q4_k_m …). */
    weights: z.string().refine(isRecipeName, { message: "unknown weight format" }).default("fp16"),
    activations: scalarFormat.default("fp16"),
    kv: z.string().refine(isFormatName, { message: "unknown KV-cache format" }).default("fp16"),
    attention: z.enum(ATTENTION_KERNELS).default("naive"),
    /** Fuse element-wise ops (norms, rotary, activation, residual adds) into their neighbouring GEMMs. */
    fusion: z.boolean().default(false),
    /** 2:4 structured sparsity of the layer weights (sparse tensor cores). */
    sparsity: z.enum(SPARSITY).default("none"),
    /** Fraction of KV entries kept by an eviction policy (H2O-style) during decode; 1 = keep all. */
    kvKeep: z.number().gt(0, "kvKeep must be above 0").max(1, "kvKeep must be at most 1").default(1),
  })
  .strict();

export type WorkloadInput = z.input<typeof Workload>;
export interface ResolvedWorkload {
  readonly phase: (typeof PHASES)[number];
  readonly promptTokens: number;
  readonly contextTokens: number;
  readonly batch: number;
  readonly weights: string;
  readonly activations: FormatName;
  readonly kv: FormatName;
  readonly attention: (typeof ATTENTION_KERNELS)[number];
  readonly fusion: boolean;
  readonly sparsity: (typeof SPARSITY)[number];
  readonly kvKeep: number;
}

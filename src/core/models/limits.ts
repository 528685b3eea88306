/**
 * The physical range of every size in a model's architecture, with its reason. The largest
 * published values are far inside each range (so no real model is refused); the ranges keep
 * every product of accepted sizes finite and every per-layer table bounded.
 */
import type { Range } from "../units/bounds.js";

/** Longest context the library models: 2^24 tokens (Llama 4 Scout's 10M is the longest published). */
export const MAX_CONTEXT = 1 << 24;

export const MODEL_LIMITS = {
  layers: {
    min: 1,
    max: 4096,
    why: "the deepest published LLMs have 126 layers (Llama 3.1 405B); 1,000-layer research models exist",
  },
  width: {
    min: 1,
    max: 1 << 17,
    why: "the widest published models have 18,432 (PaLM 540B) to 20,480 (MT-NLG 530B)",
  },
  intermediate: {
    min: 1,
    max: 1 << 20,
    why: "the largest published feed-forward width is 73,728 (PaLM 540B)",
  },
  heads: {
    min: 1,
    max: 4096,
    why: "the most published attention heads are 128 (Llama 3.1 405B, DeepSeek-V3)",
  },
  headDim: {
    min: 1,
    max: 4096,
    why: "the largest published head dimensions are 256 (Gemma) and 576 (DeepSeek's latent key)",
  },
  vocab: {
    min: 1,
    max: 1 << 23,
    why: "the largest published vocabularies have about 262,000 tokens (Gemma 3)",
  },
  experts: { min: 1, max: 1 << 14, why: "the most published routed experts are 512 (Qwen3-Next)" },
  sharedExperts: {
    min: 0,
    max: 1024,
    why: "published models share at most a few experts (DeepSeek: 1 or 2)",
  },
  context: { min: 1, max: MAX_CONTEXT, why: "Llama 4 Scout's 10M tokens is the longest published context" },
  stateDim: { min: 1, max: 1 << 14, why: "published state-space states are 16 to 256 wide (Mamba 2: 128)" },
  convKernel: { min: 1, max: 1024, why: "published short convolutions have kernels of 3 or 4" },
  params: {
    min: 1,
    max: 1e15,
    why: "the largest published models have about 2·10^12 parameters (Switch-C: 1.6·10^12)",
  },
} as const satisfies Record<string, Range>;

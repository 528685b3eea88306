/**
 * Small synthetic shapes of the newer architectures (a few MB as GGUF), shared by the engine,
 * reader and CLI tests; each test names its own file and overrides what it varies.
 */
import type { ArchShape } from "./synthetic-arch.js";
import type { DeepseekShape, Qwen3NextShape } from "./synthetic-hybrid.js";

/** gpt-oss: sliding window every other layer, 4 experts with 2 used. */
export const SMALL_GPT_OSS: Omit<ArchShape, "name"> = {
  embd: 256,
  layers: 4,
  heads: 8,
  kvHeads: 2,
  headDim: 64,
  ff: 256,
  vocab: 1024,
  ctxTrain: 8192,
  swa: 32,
  experts: 4,
  expertsUsed: 2,
  expertFf: 256,
};

/** DeepSeek-V2/V3: MLA, one dense lead layer, grouped routing over 8 experts and a shared one. */
export const SMALL_DEEPSEEK2: Omit<DeepseekShape, "name" | "mla"> = {
  embd: 256,
  layers: 4,
  denseLead: 1,
  heads: 8,
  qLoraRank: 96,
  kvLoraRank: 128,
  ropeDim: 32,
  nopeDim: 64,
  vDim: 64,
  ff: 512,
  expertFf: 128,
  experts: 8,
  expertsUsed: 2,
  sharedExperts: 1,
  expertGroups: 4,
  groupsUsed: 2,
  vocab: 1024,
  ctxTrain: 8192,
};

/** Qwen3-Next: gated attention every fourth layer, Gated DeltaNet between, MoE with a shared expert. */
export const SMALL_QWEN3NEXT: Omit<Qwen3NextShape, "name"> = {
  embd: 256,
  layers: 8,
  fullAttentionInterval: 4,
  heads: 4,
  kvHeads: 2,
  headDim: 64,
  ropeDim: 16,
  kHeads: 2,
  vHeads: 4,
  kDim: 64,
  vDim: 64,
  convKernel: 4,
  experts: 8,
  expertsUsed: 2,
  expertFf: 64,
  sharedFf: 128,
  vocab: 1024,
  ctxTrain: 8192,
};

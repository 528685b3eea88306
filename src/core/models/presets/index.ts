/**
 * Built-in model presets: the real configuration of each model (from its Hugging Face
 * config.json) with its published parameter count. Each JSON file is checked against
 * `ModelSpec` in test/models/presets.test.ts; every field with a schema default is written
 * out explicitly, so the JSON is already the parsed form and the cast below is honest.
 */
import type { ModelSpec } from "../schema.js";
import llama_2_7b from "./llama-2-7b.json" with { type: "json" };
import llama_2_13b from "./llama-2-13b.json" with { type: "json" };
import llama_2_70b from "./llama-2-70b.json" with { type: "json" };
import mistral_7b from "./mistral-7b.json" with { type: "json" };
import qwen2_7b from "./qwen2-7b.json" with { type: "json" };
import gemma_7b from "./gemma-7b.json" with { type: "json" };
import phi_3_mini from "./phi-3-mini.json" with { type: "json" };
import llama_3_8b from "./llama-3-8b.json" with { type: "json" };
import llama_3_2_1b from "./llama-3.2-1b.json" with { type: "json" };
import llama_3_2_3b from "./llama-3.2-3b.json" with { type: "json" };
import qwen2_5_0_5b from "./qwen2.5-0.5b.json" with { type: "json" };
import qwen2_5_1_5b from "./qwen2.5-1.5b.json" with { type: "json" };
import qwen2_5_7b from "./qwen2.5-7b.json" with { type: "json" };
import tinyllama_1_1b from "./tinyllama-1.1b.json" with { type: "json" };
import mixtral_8x7b from "./mixtral-8x7b.json" with { type: "json" };
import qwen3_30b_a3b from "./qwen3-30b-a3b.json" with { type: "json" };
import llama_7b from "./llama-7b.json" with { type: "json" };
import llama_3_70b from "./llama-3-70b.json" with { type: "json" };
import llama_3_1_8b from "./llama-3.1-8b.json" with { type: "json" };
import llama_3_1_70b from "./llama-3.1-70b.json" with { type: "json" };
import qwen3_8b from "./qwen3-8b.json" with { type: "json" };
import gemma_2_2b from "./gemma-2-2b.json" with { type: "json" };
import gemma_2_9b from "./gemma-2-9b.json" with { type: "json" };
import phi_3_5_mini from "./phi-3.5-mini.json" with { type: "json" };

export const BUILTIN_MODELS: readonly ModelSpec[] = [
  llama_2_7b,
  llama_2_13b,
  llama_2_70b,
  mistral_7b,
  qwen2_7b,
  gemma_7b,
  phi_3_mini,
  llama_3_8b,
  llama_3_2_1b,
  llama_3_2_3b,
  qwen2_5_0_5b,
  qwen2_5_1_5b,
  qwen2_5_7b,
  tinyllama_1_1b,
  mixtral_8x7b,
  qwen3_30b_a3b,
  llama_7b,
  llama_3_70b,
  llama_3_1_8b,
  llama_3_1_70b,
  qwen3_8b,
  gemma_2_2b,
  gemma_2_9b,
  phi_3_5_mini,
] as unknown as readonly ModelSpec[];

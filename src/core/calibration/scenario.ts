/**
 * What a measured row ran, as passes Ridgeline can cost:
 *
 * - prefill of `tokens` prompt tokens in chunks of `ubatch` (llama.cpp's micro-batch,
 *   512 by default): chunk i attends over depth + all tokens up to its end;
 *   tokens/s = tokens / Σ chunk times. `pp512` is one chunk of 512 on an empty cache.
 * - decode of `steps` tokens one at a time after `startKeys` cached entries: step s
 *   attends over startKeys + s entries; tokens/s = steps / Σ step times. `tg128` is
 *   128 steps from an empty cache (llama-bench, batch 1), so contexts 1..128.
 */

export interface PrefillScenario {
  readonly kind: "prefill";
  readonly tokens: number;
  readonly depth: number;
  readonly ubatch: number;
  readonly attention: "naive" | "flash";
}

export interface DecodeScenario {
  readonly kind: "decode";
  readonly steps: number;
  readonly startKeys: number;
  readonly attention: "naive" | "flash";
}

export type Scenario = PrefillScenario | DecodeScenario;

/** llama.cpp's default micro-batch (llama-bench -ub, llama-cli/server n_ubatch; n_batch before 2024). */
export const LLAMA_CPP_UBATCH = 512;

export function describeScenario(s: Scenario): string {
  const fa = s.attention === "flash" ? ", flash attention" : "";
  if (s.kind === "prefill") {
    const chunks = Math.ceil(s.tokens / s.ubatch);
    return `prefill ${s.tokens} tokens${s.depth ? ` after ${s.depth} cached` : ""}${chunks > 1 ? ` in ${chunks} chunks of ${s.ubatch}` : ""}${fa}`;
  }
  return `decode ${s.steps} tokens, context ${s.startKeys + 1}..${s.startKeys + s.steps}${fa}`;
}

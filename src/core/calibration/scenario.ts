/**
 * What a measured row ran, as passes Ridgeline can cost:
 *
 * - prefill of `tokens` prompt tokens in chunks of `ubatch` (llama.cpp's micro-batch,
 *   512 by default): chunk i attends over depth + all tokens up to its end;
 *   tokens/s = tokens / Σ chunk times. `pp512` is one chunk of 512 on an empty cache.
 * - decode of `steps` tokens one at a time after `startKeys` cached entries: step s
 *   attends over startKeys + s entries; tokens/s = steps / Σ step times. `tg128` is
 *   128 steps from an empty cache (llama-bench, batch 1), so contexts 1..128.
 * - a prefill then a decode in one timed run (llama-bench `-pg 512,128`, "pp512+tg128"):
 *   tokens/s = (prompt + generated tokens) / (prefill time + decode time).
 *
 * `kv` is the KV-cache format (llama-bench -ctk / -ctv; default fp16).
 */

export interface PrefillScenario {
  readonly kind: "prefill";
  readonly tokens: number;
  readonly depth: number;
  readonly ubatch: number;
  readonly attention: "naive" | "flash";
  readonly kv?: string;
}

export interface DecodeScenario {
  readonly kind: "decode";
  readonly steps: number;
  readonly startKeys: number;
  readonly attention: "naive" | "flash";
  readonly kv?: string;
}

/** A prefill followed by a decode, timed together; the decode starts after the prefill's keys. */
export interface MixedScenario {
  readonly kind: "mixed";
  readonly prefill: PrefillScenario;
  readonly decode: DecodeScenario;
}

export type Scenario = PrefillScenario | DecodeScenario | MixedScenario;

/** The tokens a scenario's tokens/s counts. */
export const scenarioTokens = (s: Scenario): number =>
  s.kind === "prefill" ? s.tokens : s.kind === "decode" ? s.steps : s.prefill.tokens + s.decode.steps;

/** The most keys any pass of the scenario attends. */
export const scenarioLongest = (s: Scenario): number =>
  s.kind === "prefill"
    ? s.depth + s.tokens
    : s.kind === "decode"
      ? s.startKeys + s.steps
      : s.decode.startKeys + s.decode.steps;

/** llama.cpp's default micro-batch (llama-bench -ub, llama-cli/server n_ubatch; n_batch before 2024). */
export const LLAMA_CPP_UBATCH = 512;

export function describeScenario(s: Scenario): string {
  if (s.kind === "mixed")
    return `${describeScenario(s.prefill)}, then ${describeScenario(s.decode)} (timed together)`;
  const fa =
    (s.attention === "flash" ? ", flash attention" : "") +
    (s.kv && s.kv !== "fp16" ? `, ${s.kv} KV cache` : "");
  if (s.kind === "prefill") {
    const chunks = Math.ceil(s.tokens / s.ubatch);
    return `prefill ${s.tokens} tokens${s.depth ? ` after ${s.depth} cached` : ""}${chunks > 1 ? ` in ${chunks} chunks of ${s.ubatch}` : ""}${fa}`;
  }
  return `decode ${s.steps} tokens, context ${s.startKeys + 1}..${s.startKeys + s.steps}${fa}`;
}

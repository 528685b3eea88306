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
import type { MeasuredRow } from "./rows.js";

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

export interface ScenarioParse {
  readonly scenario: Scenario | null;
  /** Why the row's test cannot be expressed (when scenario is null). */
  readonly reason?: string;
  /** An assumption the parse had to make (context not stated, approximate prompt length…). */
  readonly assumption?: string;
}

/** llama.cpp's default micro-batch (llama-bench -ub, llama-cli/server n_ubatch; n_batch before 2024). */
export const LLAMA_CPP_UBATCH = 512;

/** Short-context decode when the row does not state the context: 128 steps from an empty cache, as tg128. */
export const SHORT_DECODE_STEPS = 128;

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

export function parseScenario(r: MeasuredRow): ScenarioParse {
  const attention: "naive" | "flash" = /\bFA\b/.test(r.source) || /-fa 1\b/.test(r.notes) ? "flash" : "naive";
  const prefill = (tokens: number, depth = 0): PrefillScenario => ({
    kind: "prefill",
    tokens,
    depth,
    ubatch: LLAMA_CPP_UBATCH,
    attention,
  });
  const decode = (steps: number, startKeys = 0): DecodeScenario => ({
    kind: "decode",
    steps,
    startKeys,
    attention,
  });

  if (r.test === "pp512") return { scenario: prefill(512) };
  if (r.test === "tg128") return { scenario: decode(128) };

  const test = /test=([^;]+)/.exec(r.notes)?.[1]?.trim();
  if (test !== undefined) {
    let m = /^pp(\d+)$/.exec(test);
    if (m) return { scenario: prefill(Number(m[1])) };
    m = /^tg(\d+)$/.exec(test);
    if (m) return { scenario: decode(Number(m[1])) };
    const prompt = Number(/~(\d+)-token prompt/.exec(r.notes)?.[1] ?? NaN);
    m = /^TG \(generate (\d+) tokens\)$/.exec(test);
    if (m && Number.isFinite(prompt)) {
      return {
        scenario: decode(Number(m[1]), prompt),
        assumption: `prompt of about ${prompt} tokens taken as ${prompt}`,
      };
    }
    m = /^PP \(prompt eval ~(\d+) tokens\)$/.exec(test);
    if (m)
      return {
        scenario: prefill(Number(m[1])),
        assumption: `prompt of about ${m[1]} tokens taken as ${m[1]}`,
      };
    return { scenario: null, reason: `test "${test}" is not one Ridgeline can express` };
  }

  // "353-token prompt then 99 tokens": the prompt-eval row or the eval (decode) row of one run.
  const run = /^(\d+)-token prompt then (\d+) tokens$/.exec(r.context);
  if (run) {
    const p = Number(run[1]);
    const g = Number(run[2]);
    return /prompt eval/i.test(r.notes) ? { scenario: prefill(p) } : { scenario: decode(g, p) };
  }
  const promptEval = /prompt eval [^;]*? over (\d+) tokens/.exec(r.notes);
  if (promptEval) return { scenario: prefill(Number(promptEval[1])) };
  if (/prefill/i.test(r.notes) && !/decode/i.test(r.notes.split(";")[0] ?? "")) {
    return { scenario: null, reason: "prefill test whose prompt length is not stated" };
  }
  const promptTps = /prompt tok\/s \(~(\d+)k-token prompt\)/.exec(r.notes);
  if (promptTps) {
    const p = Number(promptTps[1]) * 1000;
    return { scenario: prefill(p), assumption: `prompt of about ${p} tokens taken as ${p}` };
  }
  if (/decode|eval rate|tokens_per_second|tok\/s/i.test(r.notes) || /^short/i.test(r.context)) {
    const gen = /^~(\d+)k prompt \+ (\d+) gen$/.exec(r.context);
    if (gen) {
      const p = Number(gen[1]) * 1000;
      return { scenario: decode(Number(gen[2]), p), assumption: `prompt of about ${p} tokens taken as ${p}` };
    }
    const depth = /^(\d+)$/.exec(r.context);
    if (depth) {
      const d = Number(depth[1]);
      return {
        scenario: decode(SHORT_DECODE_STEPS, d),
        assumption: `decode at depth ${d}, taken as ${SHORT_DECODE_STEPS} tokens after ${d} cached (llama-bench tg128 -d ${d})`,
      };
    }
    return {
      scenario: decode(SHORT_DECODE_STEPS),
      assumption: `context "${r.context}" not stated precisely: taken as ${SHORT_DECODE_STEPS} tokens from an empty cache`,
    };
  }
  return { scenario: null, reason: "the notes do not say what was measured" };
}

/** A run limited to fewer threads than the CPU has (Ridgeline models the whole unit). */
export function threadLimited(r: MeasuredRow): number | null {
  const m = /NUM_THREADS=(\d+)/.exec(r.notes);
  return m ? Number(m[1]) : null;
}

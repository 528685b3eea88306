/**
 * The one place that reads free-text notes of measured rows, to *propose* interpretations
 * for rows the reviewed table (src/core/calibration/interpretation.json) does not have yet:
 * what test was run (llama-bench names, ./main timings, prompt and context phrases), flash
 * attention, thread limits and anomaly flags. Proposals are reviewed before they are
 * committed; the product never reads notes.
 */
import type { Interpretation } from "../../core/calibration/interpretation.js";
import type { MeasuredRow } from "../../core/calibration/rows.js";
import { LLAMA_CPP_UBATCH, type Scenario } from "../../core/calibration/scenario.js";

/** Short-context decode when the row does not state the context: 128 steps from an empty cache, as tg128. */
const SHORT_DECODE_STEPS = 128;

export interface ScenarioReading {
  readonly scenario: Scenario | null;
  readonly reason?: string;
  readonly assumption?: string;
}

export function readScenario(r: MeasuredRow): ScenarioReading {
  const attention: "naive" | "flash" =
    /\bFA\b/.test(r.source) || /-fa 1\b|\bFA on\b/.test(r.notes) ? "flash" : "naive";
  const prefill = (tokens: number, depth = 0): Scenario => ({
    kind: "prefill",
    tokens,
    depth,
    ubatch: LLAMA_CPP_UBATCH,
    attention,
  });
  const decode = (steps: number, startKeys = 0): Scenario => ({
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

  // Notes that begin with llama-bench's test name: "[trust B] pp2048, FA on; ...".
  const lead = /^\s*\[trust [ABC]\]\s*(pp|tg)(\d+)\b/.exec(r.notes);
  if (lead) return { scenario: lead[1] === "pp" ? prefill(Number(lead[2])) : decode(Number(lead[2])) };
  // "16-token prompt, 128 new": a decode of 128 tokens after a 16-token prompt.
  const promptNew = /^(\d+)-token prompt, (\d+) new$/.exec(r.context);
  if (promptNew) return { scenario: decode(Number(promptNew[2]), Number(promptNew[1])) };
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
  if (
    /decode|eval rate|mean eval time|tokens_per_second|tok\/s/i.test(r.notes) ||
    /^short/i.test(r.context)
  ) {
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

/**
 * The CPU threads a llama-bench row states ("; 4 threads;", from its `threads` column), which the
 * prediction models (deviceAtThreads). Other spellings (NUM_THREADS=) stay exclusions below.
 */
export function readThreads(r: MeasuredRow): number | undefined {
  const m = /(?:^|; )(\d+) threads?(?:;|$)/.exec(r.notes);
  return m && !/NUM_THREADS=/.test(r.notes) ? Number(m[1]) : undefined;
}

/** Exclusions the notes state: an anomaly flag, or a run limited to fewer threads than the unit has. */
export function readExclusion(r: MeasuredRow): Interpretation["exclusion"] {
  if (/\banomal|exclude from scoring|outlier|memory pressure/i.test(r.notes))
    return { kind: "anomalous", reason: "flagged anomalous in the notes" };
  if (readThreads(r) === 1)
    return {
      kind: "threads",
      reason:
        "one thread: a single core's share of the memory bandwidth (its outstanding misses) is not modelled",
    };
  const m = /NUM_THREADS=(\d+)/.exec(r.notes);
  if (m) {
    const n = Number(m[1]);
    return {
      kind: "threads",
      reason: `run limited to ${n} thread${n > 1 ? "s" : ""}; Ridgeline models the whole unit`,
    };
  }
  return undefined;
}

/** Quantization labels whose meaning depends on the model or engine (Ollama's default tags, GPTQ under ExLlama). */
export function readQuant(
  r: MeasuredRow,
  modelId: string | null,
): { recipe: string; note: string; approximate?: boolean } | null {
  if (/^Ollama default/i.test(r.quant) && modelId) {
    // Ollama's default tags: Q4_K_M for Llama 3.x, Q4_0 for Llama 2.
    const llama2 = modelId.startsWith("llama-2-");
    return {
      recipe: llama2 ? "q4_0" : "q4_k_m",
      note: `Ollama's default tag, taken as ${llama2 ? "Q4_0 (Llama 2)" : "Q4_K_M (Llama 3.x)"}`,
    };
  }
  if (/q4f16|GPTQ/i.test(r.quant) && /ExLlama/i.test(r.backend)) {
    return {
      recipe: "q4_0",
      approximate: true,
      note: "ExLlama's GPTQ 4-bit (about 4.15-4.25 bits/weight) approximated by Q4_0 (4.5)",
    };
  }
  if (/^w4a16 \(\+ some w8a16\)$/i.test(r.quant))
    return {
      recipe: "int4",
      approximate: true,
      note: "w4a16 with some w8a16 tensors: costed as int4 weights throughout",
    };
  return null;
}

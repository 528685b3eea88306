/**
 * Real-engine runs on this CPU (written by `npm run bench:engine -- --save F`, committed under
 * test/fixtures/engine-cpu/) and what Ridgeline predicts for each: the same synthetic llama
 * GGUF header (test/helpers/synthetic-llama.ts) analysed on the `ridgeline measure` profile of
 * the thread count, exactly as `analyze --gguf F --device-file P --prompt N --context N+G/2`.
 */

import { resolveWorkload } from "../../src/core/graph/resolve.js";
import { DeviceSpec } from "../../src/core/hardware/schema.js";
import { modelFromGguf } from "../../src/core/models/import/gguf-model.js";
import { readGgufHeader } from "../../src/core/models/import/gguf-reader.js";
import { analyze } from "../../src/core/predict/analyze.js";
import { sourceOf, writeGguf } from "./gguf-writer.js";
import { type LlamaShape, llamaGguf, type MatrixType } from "./synthetic-llama.js";

export interface EngineRow {
  readonly type: MatrixType;
  readonly threads: number;
  /** "pp128" (prompt in one batch) or "tg32" (tokens generated one at a time). */
  readonly test: string;
  /** tokens/s of each repetition (after one warm-up), on the wall clock. */
  readonly tokensPerS: readonly number[];
  /**
   * tokens/s of each repetition on the process's CPU time per thread (process.cpuUsage / threads):
   * what the engine does with the CPU time it got, so less dependent on other load on a shared
   * machine (spinning threads count as busy, so it stays conservative).
   */
  readonly tokensPerSCpu?: readonly number[];
}

export interface EngineRuns {
  readonly engine: string;
  readonly date: string;
  readonly host: {
    readonly cpuModel: string;
    readonly logicalCpus: number;
    readonly loadAverage: readonly number[];
  };
  readonly shape: Omit<LlamaShape, "name" | "type">;
  readonly prompt: number;
  readonly gen: number;
  readonly reps: number;
  /** Measure profile file (beside the runs file) per thread count. */
  readonly profiles: Readonly<Record<string, string>>;
  readonly rows: readonly EngineRow[];
}

export interface Prediction {
  readonly estimate: number;
  readonly bound: number;
}

/** Ridgeline's prefill and decode tokens/s for one model type of the runs on one profile. */
export async function predict(
  runs: EngineRuns,
  type: MatrixType,
  profile: DeviceSpec,
): Promise<{ prefill: Prediction; decode: Prediction }> {
  const file = writeGguf(llamaGguf({ ...runs.shape, name: `synthetic llama ${type}`, type }));
  const { spec, weights } = modelFromGguf(await readGgufHeader(sourceOf(file)));
  const a = analyze({
    model: spec,
    weights,
    device: DeviceSpec.parse(profile),
    workload: resolveWorkload({
      promptTokens: runs.prompt,
      contextTokens: runs.prompt + runs.gen / 2,
      attention: "naive",
      kv: "fp16",
    }),
  });
  return {
    prefill: { estimate: a.prefill!.tokensPerSEstimate, bound: a.prefill!.tokensPerSBound },
    decode: { estimate: a.decode!.tokensPerSEstimate, bound: a.decode!.tokensPerSBound },
  };
}

export interface ComparedRow extends EngineRow {
  readonly mean: number;
  readonly sd: number;
  readonly best: number;
  readonly estimate: number;
  readonly bound: number;
  /** (estimate − mean) / mean, percent. */
  readonly errorPct: number;
  /** Mean of the CPU-time rates, and the estimate's error against it (NaN without them). */
  readonly meanCpu: number;
  readonly errorCpuPct: number;
  /** The fastest repetition (wall clock or CPU time) beats the roofline bound. */
  readonly beatsBound: boolean;
}

/** Every row beside its prediction, with the profile of its thread count. */
export async function compare(
  runs: EngineRuns,
  profileOf: (threads: number) => DeviceSpec,
): Promise<ComparedRow[]> {
  const out: ComparedRow[] = [];
  for (const r of runs.rows) {
    const p = await predict(runs, r.type, profileOf(r.threads));
    const which = r.test.startsWith("pp") ? p.prefill : p.decode;
    const xs = r.tokensPerS;
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
    const cpu = r.tokensPerSCpu ?? [];
    const meanCpu = cpu.length ? cpu.reduce((a, b) => a + b, 0) / cpu.length : Number.NaN;
    const best = Math.max(...xs, ...cpu);
    out.push({
      ...r,
      mean,
      sd,
      best,
      estimate: which.estimate,
      bound: which.bound,
      errorPct: ((which.estimate - mean) / mean) * 100,
      meanCpu,
      errorCpuPct: ((which.estimate - meanCpu) / meanCpu) * 100,
      beatsBound: best > which.bound,
    });
  }
  return out;
}

/** Mean absolute percentage error of the rows, percent (NaN for none): on the wall-clock rates, or the CPU-time ones. */
export const mape = (rows: readonly ComparedRow[], clock: "wall" | "cpu" = "wall") =>
  rows.reduce((s, r) => s + Math.abs(clock === "wall" ? r.errorPct : r.errorCpuPct), 0) / rows.length;

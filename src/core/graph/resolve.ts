import { fromZodIssues } from "../errors.js";
import type { FormatName } from "../quant/index.js";
import { DEFAULT_PROMPT_TOKENS, type ResolvedWorkload, Workload, type WorkloadInput } from "./workload.js";

/** Workloads this module resolved: already checked. */
const resolved = new WeakSet<ResolvedWorkload>();

/** Validate a workload and fill in defaults; errors name the field. */
export function resolveWorkload(input: WorkloadInput = {}): ResolvedWorkload {
  const r = Workload.safeParse(input);
  if (!r.success) throw fromZodIssues("workload", r.error.issues, input);
  const w = r.data;
  const out: ResolvedWorkload = {
    phase: w.phase,
    // A context shorter than the default prompt bounds it: a run cannot prefill more than it keeps.
    promptTokens: w.promptTokens ?? Math.min(DEFAULT_PROMPT_TOKENS, w.contextTokens ?? DEFAULT_PROMPT_TOKENS),
    contextTokens: w.contextTokens ?? w.promptTokens ?? DEFAULT_PROMPT_TOKENS,
    batch: w.batch,
    weights: w.weights,
    activations: w.activations as FormatName,
    kv: w.kv as FormatName,
    attention: w.attention,
    fusion: w.fusion,
    sparsity: w.sparsity,
    kvKeep: w.kvKeep,
  };
  resolved.add(out);
  return out;
}

/**
 * A resolved workload a library entry point is handed: one from `resolveWorkload` passes as
 * it is; any other object (a caller's own) is resolved again, so its counts are checked.
 */
export function checkedWorkload(w: ResolvedWorkload): ResolvedWorkload {
  if (typeof w === "object" && w !== null && resolved.has(w)) return w;
  const r = resolveWorkload(w);
  resolved.add(r);
  return r;
}

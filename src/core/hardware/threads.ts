/**
 * A CPU profile at another thread count: peaks derived per core (`cores * …`, as `ridgeline
 * measure` writes them) are re-derived with `cores = threads`; the memory bandwidth stays what
 * was measured (it does not scale with cores once DRAM is saturated, and the profile says at how
 * many threads it was measured). Devices whose peaks are not derived per core are refused.
 */
import { InputError } from "../errors.js";
import { PEAK_KEYS } from "../quant/formats.js";
import { evaluateDerivation } from "./derivation.js";
import type { DeviceSpec, SourcedValue } from "./schema.js";

type Inputs = NonNullable<SourcedValue["derivation"]>["inputs"];

/**
 * The core counts of a per-core derivation at `threads` threads: `cores = threads`; with
 * performance and efficiency cores (`pCores`, `eCores`), the threads fill the performance
 * cores first (as the OS schedules a few busy threads), then the efficiency cores.
 */
function coresAt(inputs: Inputs, threads: number): Inputs {
  const { cores, pCores, eCores } = inputs;
  if (cores) return { cores: { ...cores, value: threads } };
  if (!pCores) return {};
  const p = Math.min(threads, pCores.value);
  const out: Inputs = { pCores: { ...pCores, value: p } };
  if (eCores) out.eCores = { ...eCores, value: Math.min(threads - p, eCores.value) };
  return out;
}

export function deviceAtThreads(d: DeviceSpec, threads: number, flag = "--threads"): DeviceSpec {
  if (d.unit !== "cpu") throw new InputError(flag, threads, `applies to a CPU; ${d.id} is a ${d.unit}`);
  const peakTflops: DeviceSpec["peakTflops"] = { ...d.peakTflops };
  let scaled = 0;
  for (const k of PEAK_KEYS) {
    const v = d.peakTflops[k];
    const inputs = v?.derivation?.inputs;
    const cores = inputs?.cores ?? inputs?.pCores;
    if (!v?.derivation || !inputs || !cores) continue;
    const derivation = { ...v.derivation, inputs: { ...inputs, ...coresAt(inputs, threads) } };
    const value = evaluateDerivation(derivation);
    if (value instanceof Error || !(value > 0)) continue;
    const note = `${v.note ? `${v.note}; ` : ""}re-derived for ${threads} thread${threads > 1 ? "s" : ""} (measured with ${cores.value})`;
    // The portable figures were measured at the profile's thread count: they do not carry over.
    const { alternatives: _, ...rest } = v;
    peakTflops[k] = { ...rest, value, note, derivation } satisfies SourcedValue;
    scaled++;
  }
  if (scaled === 0)
    throw new InputError(
      flag,
      threads,
      `${d.id} has no per-core derived peaks to re-derive; use a profile from \`ridgeline measure\` (or measure with --threads ${threads})`,
    );
  return {
    ...d,
    name: `${d.name}, at ${threads} thread${threads > 1 ? "s" : ""}`,
    peakTflops,
    notes: `${d.notes ? `${d.notes} ` : ""}Peaks re-derived for ${threads} threads; bandwidth as measured.`,
  };
}

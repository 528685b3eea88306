/**
 * The measured-results file (data/calibration/measured.csv, copied from the shared
 * calibration folder): one measurement per row, with its source and a trust tag.
 */
import { InputError } from "../errors.js";
import { outOfRange, type Range } from "../units/bounds.js";
import { parseCsvRecords } from "./csv.js";

export const MEASURED_COLUMNS = [
  "hardware",
  "backend",
  "model",
  "params_b",
  "quant",
  "bits_per_weight",
  "test",
  "tokens_per_s",
  "batch",
  "context",
  "source_url_or_repo_path",
  "notes",
] as const;

export type Trust = "A" | "B" | "C";
export type TestKind = "pp512" | "tg128" | "other";

export interface MeasuredRow {
  /** 1-based data row (the file's line number is `row + 1` when no field spans lines). */
  readonly row: number;
  /** The file's name, as the report cites rows ("measured-2.csv:12"). */
  readonly file: string;
  readonly hardware: string;
  readonly backend: string;
  readonly model: string;
  readonly paramsB: number | null;
  readonly quant: string;
  readonly bitsPerWeight: number | null;
  readonly test: TestKind;
  readonly tokensPerS: number;
  readonly batch: string;
  readonly context: string;
  readonly source: string;
  readonly notes: string;
  /** From the "[trust X]" tag that begins `notes`; null when there is none. */
  readonly trust: Trust | null;
  /** Content hash of the row's fields (16 hex digits): the key of its reviewed interpretation. */
  readonly key: string;
}

/** The physical ranges of a measured row's numbers, with their reasons. */
export const MEASURED_LIMITS = {
  tokensPerS: {
    min: 1e-6,
    max: 1e7,
    why: "tokens/s: the fastest published prefill rates are about 10^5",
  },
  paramsB: { min: 1e-6, max: 1e4, why: "billions of parameters: the largest published models have ~2,000" },
  bitsPerWeight: { min: 0.5, max: 64, why: "bits per weight: from ternary formats (1.58) to fp64" },
  batch: { min: 1, max: 1 << 16, why: "sequences: the analysis's batch limit" },
  context: { min: 0, max: 1 << 24, why: "tokens: the longest context a model may have" },
} as const satisfies Record<string, Range>;

/** A plain decimal: "12", "0.5", "1e3"; not "0x10", "Infinity", "NaN" or " 1 2". */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A number cell: blank is null; anything else must be a decimal within `range`. */
function numberCell(row: number, column: string, cell: string, range: Range): number | null {
  const t = cell.trim();
  if (t === "") return null;
  const x = DECIMAL.test(t) ? Number(t) : Number.NaN;
  const bad = Number.isNaN(x) ? "must be a decimal number" : outOfRange(range, x);
  if (bad) throw new InputError(`measured row ${row}: ${column}`, cell, bad);
  return x;
}

/**
 * batch and context are free text ("n/a", "~500", "ctx 4096"); a cell that is a bare number
 * must be a whole one within range ("-1" or "1e9" is a mistake, not a description).
 */
function countText(row: number, column: string, cell: string, range: Range): string {
  const t = cell.trim();
  if (/^[+-]?[\d.]+([eE][+-]?\d+)?$/.test(t)) {
    const x = Number(t);
    const bad = Number.isInteger(x) ? outOfRange(range, x) : "must be a whole number";
    if (bad) throw new InputError(`measured row ${row}: ${column}`, cell, bad);
  }
  return t;
}

/** The trust tag the data README defines: notes that begin "[trust A]", "[trust B]" or "[trust C]". */
export function trustOf(notes: string): Trust | null {
  const t = notes.trimStart();
  const grade = t.charAt(7).toUpperCase();
  return t.slice(0, 7).toLowerCase() === "[trust " &&
    t.charAt(8) === "]" &&
    "ABC".includes(grade) &&
    grade !== ""
    ? (grade as Trust)
    : null;
}

const FNV64_OFFSET = 0xcbf29ce484222325n;
const FNV64_PRIME = 0x100000001b3n;
const MASK64 = (1n << 64n) - 1n;

/** FNV-1a, 64 bits, over the UTF-16 code units of the fields joined by U+001F: a key, not a security hash. */
export function rowKey(fields: readonly string[]): string {
  let h = FNV64_OFFSET;
  const text = fields.join("\u001f");
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * FNV64_PRIME) & MASK64;
  }
  return h.toString(16).padStart(16, "0");
}

/** Parse the CSV text of a measured-results file. Rows with an unreadable speed or test are errors. */
export function parseMeasured(text: string, file = "data"): MeasuredRow[] {
  const recs = parseCsvRecords(text, MEASURED_COLUMNS);
  return recs.map((r, i) => {
    const row = i + 1;
    const tps = numberCell(row, "tokens_per_s", r.tokens_per_s!, MEASURED_LIMITS.tokensPerS);
    if (tps === null)
      throw new InputError(`measured row ${row}: tokens_per_s`, r.tokens_per_s, "must be a positive number");
    const test = r.test!.trim();
    if (test !== "pp512" && test !== "tg128" && test !== "other") {
      throw new InputError(`measured row ${row}: test`, test, "must be pp512, tg128 or other");
    }
    const notes = r.notes!;
    return {
      row,
      file,
      hardware: r.hardware!.trim(),
      backend: r.backend!.trim(),
      model: r.model!.trim(),
      paramsB: numberCell(row, "params_b", r.params_b!, MEASURED_LIMITS.paramsB),
      quant: r.quant!.trim(),
      bitsPerWeight: numberCell(row, "bits_per_weight", r.bits_per_weight!, MEASURED_LIMITS.bitsPerWeight),
      test,
      tokensPerS: tps,
      batch: countText(row, "batch", r.batch!, MEASURED_LIMITS.batch),
      context: countText(row, "context", r.context!, MEASURED_LIMITS.context),
      source: r.source_url_or_repo_path!.trim(),
      notes,
      trust: trustOf(notes),
      key: rowKey(MEASURED_COLUMNS.map((c) => r[c]!.trim())),
    };
  });
}

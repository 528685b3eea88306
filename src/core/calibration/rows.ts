/**
 * The measured-results file (data/calibration/measured.csv, copied from the shared
 * calibration folder): one measurement per row, with its source and a trust tag.
 */
import { InputError } from "../errors.js";
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

const num = (s: string): number | null => {
  const t = s.trim();
  if (t === "") return null;
  const x = Number(t);
  return Number.isFinite(x) ? x : null;
};

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
    const tps = num(r.tokens_per_s!);
    if (tps === null || tps <= 0)
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
      paramsB: num(r.params_b!),
      quant: r.quant!.trim(),
      bitsPerWeight: num(r.bits_per_weight!),
      test,
      tokensPerS: tps,
      batch: r.batch!.trim(),
      context: r.context!.trim(),
      source: r.source_url_or_repo_path!.trim(),
      notes,
      trust: trustOf(notes),
      key: rowKey(MEASURED_COLUMNS.map((c) => r[c]!.trim())),
    };
  });
}

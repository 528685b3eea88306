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
  /** The notes flag the row as anomalous (leave it out of fits and scores). */
  readonly anomalous: boolean;
}

const num = (s: string): number | null => {
  const t = s.trim();
  if (t === "") return null;
  const x = Number(t);
  return Number.isFinite(x) ? x : null;
};

export function trustOf(notes: string): Trust | null {
  const m = /^\s*\[trust ([ABC])\]/i.exec(notes);
  return m ? (m[1]!.toUpperCase() as Trust) : null;
}

export function isAnomalous(notes: string): boolean {
  return /\banomal|exclude from scoring|outlier|memory pressure/i.test(notes);
}

/** Parse the CSV text of a measured-results file. Rows with an unreadable speed or test are errors. */
export function parseMeasured(text: string): MeasuredRow[] {
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
      anomalous: isAnomalous(notes),
    };
  });
}

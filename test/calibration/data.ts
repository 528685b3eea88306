/** The calibration data, read and planned once per test file. */
import { readFileSync } from "node:fs";
import { type PlannedRow, planRows } from "../../src/core/calibration/predict.js";
import { type MeasuredRow, parseMeasured } from "../../src/core/calibration/rows.js";

export const CSV_PATH = new URL("../../data/calibration/measured.csv", import.meta.url);
export const CSV_TEXT = readFileSync(CSV_PATH, "utf8");

let rows: MeasuredRow[] | undefined;
let plannedCache: PlannedRow[] | undefined;

export function measuredRows(): MeasuredRow[] {
  return (rows ??= parseMeasured(CSV_TEXT));
}

export function plannedRows(): PlannedRow[] {
  return (plannedCache ??= planRows(measuredRows()));
}

export function row(n: number): MeasuredRow {
  const r = measuredRows()[n - 1];
  if (!r || r.row !== n) throw new Error(`no row ${n}`);
  return r;
}

export function planned(n: number): PlannedRow {
  const p = plannedRows()[n - 1];
  if (!p || p.row.row !== n) throw new Error(`no planned row ${n}`);
  return p;
}

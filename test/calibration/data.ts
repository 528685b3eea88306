/** The calibration data, read and planned once per test file. */
import { readFileSync } from "node:fs";
import { type PlannedRow, planRows } from "../../src/core/calibration/predict.js";
import { type MeasuredRow, parseMeasured } from "../../src/core/calibration/rows.js";

export const CSV_PATH = new URL("../../data/calibration/measured.csv", import.meta.url);
export const CSV_TEXT = readFileSync(CSV_PATH, "utf8");
export const CSV2_TEXT = readFileSync(
  new URL("../../data/calibration/measured-2.csv", import.meta.url),
  "utf8",
);
export const CSV_CPU_TEXT = readFileSync(
  new URL("../../data/calibration/measured-cpu.csv", import.meta.url),
  "utf8",
);
/** The files the built-in calibration is fitted on, as recorded in fitted.json. */
export const CALIBRATION_FILES = [
  { path: "data/calibration/measured.csv", text: CSV_TEXT },
  { path: "data/calibration/measured-2.csv", text: CSV2_TEXT },
  { path: "data/calibration/measured-cpu.csv", text: CSV_CPU_TEXT },
];

let rows: MeasuredRow[] | undefined;
let plannedCache: PlannedRow[] | undefined;

export function measuredRows(): MeasuredRow[] {
  return (rows ??= parseMeasured(CSV_TEXT, "measured.csv"));
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

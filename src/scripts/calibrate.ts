/**
 * `npm run calibrate`: fit the per-class efficiencies on data/calibration/measured.csv and
 * write src/core/efficiency/fitted.json (the analysis uses it by default). Deterministic:
 * the same data gives the same file; the date changes only when the numbers do.
 * A test (test/calibration) checks that the committed file is current.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CalibrationFile, calibrate, formatJson, TEST_KINDS } from "../core/calibration/calibrate.js";

const root = new URL("../../", import.meta.url);
const DATA = [
  "data/calibration/measured.csv",
  "data/calibration/measured-2.csv",
  "data/calibration/measured-cpu.csv",
];
const OUT = "src/core/efficiency/fitted.json";

const files = DATA.map((path) => ({ path, text: readFileSync(new URL(path, root), "utf8") }));
const today = new Date().toISOString().slice(0, 10);
const fresh = calibrate({ files, fittedOn: today });

const outPath = fileURLToPath(new URL(OUT, root));
let previous: CalibrationFile | null = null;
try {
  previous = CalibrationFile.parse(JSON.parse(readFileSync(outPath, "utf8")));
} catch {
  previous = null;
}
// Keep the old date when nothing else changed, so that re-running the fit leaves no diff.
// Both sides through the schema, so that key order cannot make equal records differ.
const same =
  previous !== null &&
  JSON.stringify({ ...previous, fittedOn: "" }) ===
    JSON.stringify({ ...CalibrationFile.parse(fresh), fittedOn: "" });
const result = same && previous ? previous : fresh;
writeFileSync(outPath, formatJson(result));

console.log(
  `${same ? "unchanged" : "wrote"} ${OUT} (data ${DATA.join(", ")}, fingerprint ${result.dataFingerprint}, fitted ${result.fittedOn})`,
);
for (const [cls, c] of Object.entries(result.classes)) {
  console.log(
    `  ${cls.padEnd(14)} bandwidth ${c.bandwidth.toFixed(3)} (quantized ${c.bandwidthQuant.toFixed(3)})  compute ${c.compute.toFixed(3)}` +
      `  vector share ${c.vectorShare.toFixed(3)}  per-op ${(c.perOpOverheadS * 1e6).toFixed(2)} µs` +
      `  (fitted: ${c.fitted.join(", ")}; ${c.rows.length} rows)`,
  );
}
const pct = (x: number | null) => (x === null ? "  n/a" : `${x.toFixed(1)}%`);
console.log("Leave-one-family-out cross-validation (MAPE, bound -> estimate):");
for (const t of TEST_KINDS) {
  const e = result.crossValidation.byTest[t];
  console.log(
    `  ${t.padEnd(6)} ${String(e.estimate.rows).padStart(4)} rows  bound ${pct(e.bound.mape)}  estimate ${pct(e.estimate.mape)}`,
  );
}

/**
 * `npm run bench:accuracy`: how right the estimates are on devices the fit has not seen.
 * Leave-one-device-family-out cross-validation on data/calibration/measured.csv (trust A/B
 * rows, not anomalous, not thread-limited): for each family (Apple M1, Apple M3, NVIDIA
 * Ampere, NVIDIA Ada, …) refit every class without it and predict its rows. Prints MAPE
 * and median APE for the roofline bound alone and for the cross-validated estimate, the
 * issue's targets, and whether the committed calibration is current.
 */
import { readFileSync } from "node:fs";
import {
  type ByTest,
  crossValidate,
  cvSummary,
  fingerprint,
  TEST_KINDS,
} from "../core/calibration/calibrate.js";
import { planRows } from "../core/calibration/predict.js";
import { parseMeasured } from "../core/calibration/rows.js";
import { CALIBRATION } from "../core/efficiency/calibrated.js";

const t0 = performance.now();
const csv = readFileSync(new URL("../../data/calibration/measured.csv", import.meta.url), "utf8");
const planned = planRows(parseMeasured(csv));
const cv = cvSummary(crossValidate(planned));
const ms = performance.now() - t0;

const pct = (x: number | null) => (x === null ? "   n/a" : `${x.toFixed(1).padStart(5)}%`);
const TARGETS: Readonly<Record<string, number>> = { tg128: 10, pp512: 20 };

function table(title: string, rows: readonly [string, ByTest][], tests = TEST_KINDS) {
  console.log(title);
  console.log(
    `  ${"".padEnd(22)} ${"test".padEnd(6)} ${"rows".padStart(4)}   bound MAPE (median)   estimate MAPE (median)`,
  );
  for (const [k, e] of rows) {
    for (const t of tests) {
      const s = e[t];
      if (s.estimate.rows === 0) continue;
      console.log(
        `  ${k.padEnd(22)} ${t.padEnd(6)} ${String(s.estimate.rows).padStart(4)}   ${pct(s.bound.mape)} (${pct(s.bound.medianApe)})     ${pct(s.estimate.mape)} (${pct(s.estimate.medianApe)})`,
      );
    }
  }
}

console.log(
  "Ridgeline accuracy: leave-one-device-family-out cross-validation on data/calibration/measured.csv",
);
console.log(
  `(${planned.length} rows, ${planned.filter((p) => p.compiled).length} predicted; computed in ${ms.toFixed(0)} ms)\n`,
);
console.log("Headline (trust A/B rows whose measurement the catalog can bound):");
for (const t of ["tg128", "pp512", "other"] as const) {
  const e = cv.byTest[t];
  const target = TARGETS[t];
  const verdict =
    target === undefined || e.estimate.mape === null
      ? ""
      : `  target <= ${target}%: ${e.estimate.mape <= target ? "met" : "NOT met"}; better than the bound: ${e.estimate.mape < (e.bound.mape ?? Infinity) ? "yes" : "NO"}`;
  console.log(
    `  ${t.padEnd(6)} ${String(e.estimate.rows).padStart(4)} rows  bound MAPE ${pct(e.bound.mape)}  cross-validated estimate MAPE ${pct(e.estimate.mape)} (median ${pct(e.estimate.medianApe)})${verdict}`,
  );
}
console.log(
  "\nIncluding the rows whose measurement exceeds the bound (spec errors the estimate cannot follow):",
);
for (const t of ["tg128", "pp512"] as const) {
  const e = cv.byTestWithSpecErrors[t];
  console.log(
    `  ${t.padEnd(6)} ${String(e.estimate.rows).padStart(4)} rows  bound MAPE ${pct(e.bound.mape)}  estimate MAPE ${pct(e.estimate.mape)}`,
  );
}
console.log("");
table("By device class:", Object.entries(cv.byClass));
console.log("");
table(
  "By held-out family (fit used):",
  Object.entries(cv.byFamily).map(([k, v]) => [k, v.errors] as [string, ByTest]),
);
for (const [k, v] of Object.entries(cv.byFamily)) console.log(`  ${k}: ${v.fit}`);
const current = fingerprint(csv) === CALIBRATION.dataFingerprint;
console.log(
  `\nCommitted calibration: fitted ${CALIBRATION.fittedOn} on data fingerprint ${CALIBRATION.dataFingerprint} (${current ? "current" : "STALE: run npm run calibrate"}).`,
);

/**
 * `npm run propose:calibration [-- --write]`: propose interpretations for the measured rows
 * (data/calibration/measured*.csv, multi-unit file apart) that the reviewed table
 * (src/core/calibration/interpretation.json) does not have: labels through the resolver, the
 * test, exclusions and model-dependent formats from the notes (src/scripts/propose/read-notes.ts).
 * It prints what it would add; with --write it adds the proposals, each marked `proposed`
 * until a reviewer checks it and removes the mark (a test refuses marked entries).
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { formatJson } from "../core/calibration/calibrate.js";
import {
  type Interpretation,
  InterpretationTable,
  interpretByLabels,
} from "../core/calibration/interpretation.js";
import { type MeasuredRow, parseMeasured } from "../core/calibration/rows.js";
import { readExclusion, readQuant, readScenario, readThreads } from "./propose/read-notes.js";

const root = new URL("../../", import.meta.url);
const TABLE = "src/core/calibration/interpretation.json";
const DATA = "data/calibration";

export function propose(r: MeasuredRow, file: string): Interpretation {
  return interpretByLabels(r, file, {
    scenario: readScenario(r),
    exclusion: readExclusion(r),
    ...(readThreads(r) !== undefined ? { threads: readThreads(r)! } : {}),
    quant: (modelId) => readQuant(r, modelId),
  });
}

const write = process.argv.includes("--write");
const table = InterpretationTable.parse(JSON.parse(readFileSync(new URL(TABLE, root), "utf8")));
const files = readdirSync(new URL(DATA, root)).filter((f) => /^measured(-\d+|-cpu)?\.csv$/.test(f));
const today = new Date().toISOString().slice(0, 10);
let added = 0;
for (const file of files) {
  const rows = parseMeasured(readFileSync(new URL(`${DATA}/${file}`, root), "utf8"));
  for (const r of rows) {
    if (table.rows[r.key]) continue;
    const p = propose(r, file);
    added++;
    console.log(
      `${file}:${r.row} ${p.label}\n    -> ${p.unpredictable ? `unpredictable: ${p.unpredictable}` : `${p.device} | ${p.model} | ${p.recipe} | ${JSON.stringify(p.scenario)}`}${p.notes.length ? `\n       notes: ${p.notes.join("; ")}` : ""}`,
    );
    table.rows[r.key] = {
      ...p,
      proposed: `${today} by npm run propose:calibration: review, then remove this field`,
    };
  }
}
if (write && added > 0) writeFileSync(new URL(TABLE, root), formatJson(table));
console.log(
  `${added} row${added === 1 ? "" : "s"} without a reviewed interpretation${write && added ? `: proposals written to ${TABLE}` : write ? "" : " (dry run; --write adds them)"}`,
);

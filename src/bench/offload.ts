/**
 * `npm run bench:offload`: Ridgeline's decode estimate with part of the model in system RAM
 * against public llama.cpp measurements (data/calibration/measured-offload.csv, each row cited).
 */
import { readFileSync } from "node:fs";
import { checkOffloadRows, offloadCheckText, parseOffloadRows } from "../core/index.js";

const csv = readFileSync(new URL("../../data/calibration/measured-offload.csv", import.meta.url), "utf8");
console.log("Offloaded decode: measured (public llama.cpp runs) vs analyzeOffload");
console.log(offloadCheckText(checkOffloadRows(parseOffloadRows(csv))));

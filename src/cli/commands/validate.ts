import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { defineCommand } from "citty";
import {
  InputError,
  multiValidationText,
  predictedVsMeasuredSvg,
  validate,
  validateBench,
  validateMulti,
  validationText,
} from "../../core/index.js";
import { jsonArg } from "../args.js";
import { checkFlags } from "../check-flags.js";
import { dataArgs, loadMeasuredData, readDataFile } from "../io/measured-data.js";

/** The measured results shipped with Ridgeline (copied from the shared calibration folder). */
export const DEFAULT_DATA = fileURLToPath(new URL("../../../data/calibration/measured.csv", import.meta.url));
/** Public multi-GPU and multi-host runs, one split per row (see data/calibration/README.md). */
export const DEFAULT_MULTI_DATA = fileURLToPath(
  new URL("../../../data/calibration/measured-multi.csv", import.meta.url),
);

const args = {
  ...dataArgs,
  multi: {
    type: "string",
    description:
      "multi-unit measurements, one split per row (default: data/calibration/measured-multi.csv); 'none' to skip",
    valueHint: "file.csv",
  },
  svg: {
    type: "string",
    description: "also write a predicted-vs-measured chart (log-log, y = x) to this SVG file",
    valueHint: "out.svg",
  },
  ...jsonArg,
} as const;

export default defineCommand({
  meta: {
    name: "validate",
    description:
      "Predict every row of a measured-results file (bound and calibrated estimate) and report the errors",
  },
  args,
  async run({ args: a, rawArgs }) {
    checkFlags(rawArgs, args, 0);
    const path = a.data ?? DEFAULT_DATA;
    const dataName = a.data ?? "data/calibration/measured.csv";
    const data = await loadMeasuredData(a, path, dataName);
    const report =
      data.format === "calibration-csv"
        ? validate(data.text, { dataName })
        : validateBench(data.file, data.text, data.context);
    const multiPath = a.multi ?? (a.data === undefined ? DEFAULT_MULTI_DATA : "none");
    const multi =
      multiPath === "none"
        ? null
        : validateMulti(
            await readDataFile("--multi", multiPath),
            a.multi ?? "data/calibration/measured-multi.csv",
          );
    if (a.svg !== undefined) {
      try {
        await writeFile(a.svg, predictedVsMeasuredSvg(report.rows));
      } catch (e) {
        throw new InputError(
          "--svg",
          a.svg,
          `cannot write file (${(e as NodeJS.ErrnoException).code ?? "error"})`,
        );
      }
    }
    if (a.json) {
      process.stdout.write(`${JSON.stringify(multi ? { ...report, multi } : report, null, 2)}\n`);
      return;
    }
    process.stdout.write(`${validationText(report)}\n`);
    if (multi) process.stdout.write(`\n${multiValidationText(multi)}\n`);
    if (a.svg !== undefined) process.stderr.write(`note: chart written to ${a.svg}\n`);
  },
});

import { readFile, stat, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { defineCommand } from "citty";
import {
  CSV_LIMITS,
  InputError,
  multiValidationText,
  predictedVsMeasuredSvg,
  validate,
  validateMulti,
  validationText,
} from "../../core/index.js";
import { jsonArg } from "../args.js";
import { checkFlags } from "../check-flags.js";

/** The measured results shipped with Ridgeline (copied from the shared calibration folder). */
export const DEFAULT_DATA = fileURLToPath(new URL("../../../data/calibration/measured.csv", import.meta.url));
/** Public multi-GPU and multi-host runs, one split per row (see data/calibration/README.md). */
export const DEFAULT_MULTI_DATA = fileURLToPath(
  new URL("../../../data/calibration/measured-multi.csv", import.meta.url),
);
/** Refused before reading: the core parser takes no more characters than this either. */
const MAX_CSV_BYTES = CSV_LIMITS.chars;

const args = {
  data: {
    type: "string",
    description: "measured-results CSV (default: data/calibration/measured.csv)",
    valueHint: "file.csv",
  },
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

async function readCsv(flag: string, path: string): Promise<string> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new InputError(flag, path, "is not a file");
    if (s.size > MAX_CSV_BYTES)
      throw new InputError(flag, path, `file is ${s.size} bytes; the limit is ${MAX_CSV_BYTES}`);
    return await readFile(path, "utf8");
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(flag, path, `cannot read file (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
}

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
    const text = await readCsv("--data", path);
    const report = validate(text, { dataName: a.data ?? "data/calibration/measured.csv" });
    const multiPath = a.multi ?? (a.data === undefined ? DEFAULT_MULTI_DATA : "none");
    const multi =
      multiPath === "none"
        ? null
        : validateMulti(
            await readCsv("--multi", multiPath),
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

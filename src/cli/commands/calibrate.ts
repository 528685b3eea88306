import { writeFile } from "node:fs/promises";
import { defineCommand } from "citty";
import {
  calibrateBench,
  formatSignedPercent,
  InputError,
  renderTable,
  type UserCalibration,
} from "../../core/index.js";
import { jsonArg } from "../args.js";
import { checkFlags } from "../check-flags.js";
import { dataArgs, loadMeasuredData } from "../io/measured-data.js";

const args = {
  ...dataArgs,
  out: { type: "string", description: "write the calibration to this JSON file", valueHint: "file.json" },
  ...jsonArg,
} as const;

const PARAM_LABELS = {
  bandwidth: "bandwidth fraction",
  bandwidthQuant: "bandwidth fraction, quantized mat-vec",
  compute: "compute fraction",
  vectorShare: "vector share of matmuls",
  perOpOverheadS: "per-op overhead, s",
} as const;

function text(c: UserCalibration, out: string | undefined): string {
  const lines = [
    `Calibration of ${c.device.id} on ${c.rows.length} run${c.rows.length > 1 ? "s" : ""} of ${c.data}:`,
    `mean absolute error ${c.before.mape?.toFixed(1) ?? "–"}% before, ${c.after.mape?.toFixed(1) ?? "–"}% after (on these runs: in-sample)`,
    "",
    renderTable(
      [
        { header: "parameter" },
        { header: "before", align: "right" },
        { header: "after", align: "right" },
        { header: "" },
      ],
      (Object.keys(PARAM_LABELS) as (keyof typeof PARAM_LABELS)[]).map((k) => [
        PARAM_LABELS[k],
        String(c.base.params[k]),
        String(c.params[k]),
        c.fitted.includes(k) ? "fitted" : "kept",
      ]),
    ),
    "",
    renderTable(
      [
        { header: "row", align: "right" },
        { header: "test" },
        { header: "measured", align: "right" },
        { header: "bound", align: "right" },
        { header: "before", align: "right" },
        { header: "after", align: "right" },
        { header: "err before", align: "right" },
        { header: "err after", align: "right" },
      ],
      c.rows.map((r) => [
        String(r.row),
        r.test,
        r.measuredTps.toPrecision(4),
        r.boundTps.toPrecision(4),
        r.beforeTps.toPrecision(4),
        r.afterTps.toPrecision(4),
        formatSignedPercent((r.beforeTps - r.measuredTps) / r.measuredTps),
        formatSignedPercent((r.afterTps - r.measuredTps) / r.measuredTps),
      ]),
    ),
    "",
    `Before: ${c.base.source}`,
    ...c.notes.map((n) => `note: ${n}`),
  ];
  if (out) lines.push(`Written to ${out}; use it with \`ridgeline analyze --device… --calibration ${out}\`.`);
  return lines.join("\n");
}

export default defineCommand({
  meta: {
    name: "calibrate",
    description: "Fit the estimate's efficiency of one device on your own llama-bench runs",
  },
  args,
  async run({ args: a, rawArgs }) {
    checkFlags(rawArgs, args, 0);
    if (a.data === undefined)
      throw new InputError("--data", undefined, "is required: your llama-bench output");
    const data = await loadMeasuredData(a, a.data, a.data);
    if (data.format === "calibration-csv")
      throw new InputError(
        "--data",
        a.data,
        "is the calibration CSV of many devices; `npm run calibrate` fits it. calibrate takes llama-bench output of one device",
      );
    const cal = calibrateBench(data.file, data.context, {
      dataText: data.text,
      fittedOn: new Date().toISOString().slice(0, 10),
    });
    if (a.out !== undefined) {
      try {
        await writeFile(a.out, `${JSON.stringify(cal, null, 2)}\n`);
      } catch (e) {
        throw new InputError(
          "--out",
          a.out,
          `cannot write file (${(e as NodeJS.ErrnoException).code ?? "error"})`,
        );
      }
    }
    process.stdout.write(`${a.json ? JSON.stringify(cal, null, 2) : text(cal, a.out)}\n`);
  },
});

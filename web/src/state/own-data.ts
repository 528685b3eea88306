/**
 * The user's own measurements in the accuracy view: llama-bench output (json, jsonl, csv,
 * md) or a CSV in the calibration file's columns, validated by the core's `validate` path
 * (as `ridgeline validate --data` does), and llama-bench runs of one device calibrated by
 * the core's `calibrateBench` (as `ridgeline calibrate` does). Pure: runs in a worker.
 */
import {
  type BenchContext,
  calibrateBench,
  type DataFormat,
  type DeviceSpec,
  detectDataFormat,
  InputError,
  type ModelSpec,
  type ModelWeights,
  parseLlamaBench,
  type UserCalibration,
  type ValidationReport,
  validate,
  validateBench,
} from "../../../src/core/index.js";

export interface OwnDataInput {
  readonly text: string;
  /** The file's name: the report's data name, as the CLI's path. */
  readonly file: string;
  /** The device every llama-bench test ran on (the CLI's --device); default: each test's gpu_info / cpu_info. */
  readonly device?: DeviceSpec;
  /** A GGUF read in the page: the model of the tests whose model_filename has its file name. */
  readonly gguf?: { readonly fileName: string; readonly spec: ModelSpec; readonly weights: ModelWeights };
}

export interface OwnRow {
  readonly row: number;
  readonly test: string;
  readonly deviceId: string | null;
  readonly model: string;
  readonly measured: number;
  readonly estimate: number | null;
  readonly error: number | null;
  readonly unpredictable: string | null;
}

export interface OwnReport {
  readonly file: string;
  readonly format: DataFormat;
  readonly total: number;
  readonly predicted: number;
  readonly scored: number;
  readonly rows: readonly OwnRow[];
  /** Estimate MAPE over the scored rows, percent. */
  readonly estimateMape: number | null;
  readonly boundMape: number | null;
}

const baseName = (p: string) => p.slice(Math.max(p.lastIndexOf("/"), p.lastIndexOf("\\")) + 1);

/** The llama-bench context of the input: its device, and the page's GGUF where a test names its file. */
function contextOf(i: OwnDataInput, fileRows: readonly { modelFilename: string | null }[]): BenchContext {
  const gguf = new Map<string, { spec: ModelSpec; weights: ModelWeights }>();
  if (i.gguf)
    for (const r of fileRows)
      if (r.modelFilename && baseName(r.modelFilename) === i.gguf.fileName)
        gguf.set(r.modelFilename, { spec: i.gguf.spec, weights: i.gguf.weights });
  return { dataName: i.file, gguf, ...(i.device ? { device: i.device } : {}) };
}

function report(v: ValidationReport, file: string): OwnReport {
  return {
    file,
    format: v.format,
    total: v.total,
    predicted: v.predicted,
    scored: v.scored,
    rows: v.rows.map((r) => ({
      row: r.row,
      test: r.scenario ?? r.test,
      deviceId: r.deviceId,
      model: r.modelId ?? r.model,
      measured: r.measuredTps,
      estimate: r.estimateTps,
      error: r.estimateError,
      unpredictable: r.unpredictable,
    })),
    estimateMape: v.overall.estimate.mape,
    boundMape: v.overall.bound.mape,
  };
}

/** Validate the rows (throws InputError on a bad file, naming the field). */
export function validateOwn(i: OwnDataInput): OwnReport {
  if (detectDataFormat(i.text) === "calibration-csv")
    return report(validate(i.text, { dataName: i.file }), i.file);
  const bench = parseLlamaBench(i.text);
  return report(validateBench(bench, i.text, contextOf(i, bench.rows)), i.file);
}

/** Fit the device's efficiency on the llama-bench runs, as `ridgeline calibrate` does. */
export function calibrateOwn(i: OwnDataInput, fittedOn: string): UserCalibration {
  if (detectDataFormat(i.text) === "calibration-csv")
    throw new InputError(
      "data",
      i.file,
      "is the calibration CSV of many devices; calibrating takes llama-bench output of one device",
    );
  const bench = parseLlamaBench(i.text);
  return calibrateBench(bench, contextOf(i, bench.rows), { dataText: i.text, fittedOn });
}

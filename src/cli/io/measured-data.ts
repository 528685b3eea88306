/**
 * A measured-results file for `validate` and `calibrate`: the calibration CSV, or
 * llama-bench output (json, jsonl, csv, md; detected from the content). llama-bench's
 * tests run on the device named by --device / --device-file (the file does not name a
 * catalog device); a test's model comes from its GGUF (model_filename, read where it
 * exists, relative to the working folder or to the data file), else from --model, else
 * from its model_type and parameter count.
 */
import { readFile, stat } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import {
  type BenchContext,
  CSV_LIMITS,
  type DataFormat,
  detectDataFormat,
  findModel,
  type GgufModel,
  InputError,
  type LlamaBenchFile,
  MAX_BENCH_CHARS,
  parseLlamaBench,
} from "../../core/index.js";
import { deviceFromArgs, readGgufModel } from "../args.js";

/** Refused before reading: the core parsers take no more characters than this either. */
const MAX_DATA_BYTES = Math.min(CSV_LIMITS.chars, MAX_BENCH_CHARS);

export const dataArgs = {
  data: {
    type: "string",
    description:
      "measured results: the calibration CSV or llama-bench output (-o json, jsonl, csv or md), detected from the content",
    valueHint: "file",
  },
  device: {
    type: "string",
    description: "the device llama-bench's tests ran on (catalog id; see `ridgeline devices`)",
    valueHint: "id",
  },
  "device-file": {
    type: "string",
    description:
      "the device llama-bench's tests ran on, as a device JSON file (e.g. from `ridgeline measure --out`)",
    valueHint: "path",
  },
  model: {
    type: "string",
    description:
      "the model preset of llama-bench tests whose GGUF is not at hand (default: from model_type and model_n_params)",
    valueHint: "id",
  },
} as const;

export async function readDataFile(flag: string, path: string): Promise<string> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new InputError(flag, path, "is not a file");
    if (s.size > MAX_DATA_BYTES)
      throw new InputError(flag, path, `file is ${s.size} bytes; the limit is ${MAX_DATA_BYTES}`);
    return await readFile(path, "utf8");
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(flag, path, `cannot read file (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
}

export type MeasuredData =
  | { readonly format: "calibration-csv"; readonly text: string }
  | {
      readonly format: Exclude<DataFormat, "calibration-csv">;
      readonly text: string;
      readonly file: LlamaBenchFile;
      readonly context: BenchContext;
    };

type Args = Record<string, unknown>;
const given = (args: Args, k: string) => typeof args[k] === "string";

/** Read the file, detect what it is, and for llama-bench output gather its device and models. */
export async function loadMeasuredData(args: Args, path: string, dataName: string): Promise<MeasuredData> {
  const text = await readDataFile("--data", path);
  const format = detectDataFormat(text);
  if (format === "calibration-csv") {
    for (const k of ["device", "device-file", "model"])
      if (given(args, k))
        throw new InputError(
          `--${k}`,
          args[k],
          "applies to llama-bench output only; the calibration CSV names each row's device and model",
        );
    return { format, text };
  }
  if (!given(args, "device") && !given(args, "device-file"))
    throw new InputError(
      "--device",
      undefined,
      "llama-bench output does not name a catalog device: give --device ID or --device-file FILE for the device the tests ran on",
    );
  const file = parseLlamaBench(text);
  const device = await deviceFromArgs(args);
  const gguf = new Map<string, GgufModel>();
  for (const name of new Set(file.rows.map((r) => r.modelFilename).filter((n): n is string => n !== null))) {
    const found = await findLocal(name, path);
    if (found) gguf.set(name, await readGgufModel(found));
  }
  const model = given(args, "model") ? findModel(String(args.model)) : undefined;
  return {
    format,
    text,
    file,
    context: { device, gguf, dataName, ...(model ? { model } : {}) },
  };
}

/** A GGUF named by model_filename, if it exists: as written, or relative to the data file. */
async function findLocal(name: string, dataPath: string): Promise<string | null> {
  const candidates = isAbsolute(name) ? [name] : [resolve(name), resolve(dirname(dataPath), name)];
  for (const c of candidates) {
    try {
      if ((await stat(c)).isFile()) return c;
    } catch {
      // not there: the model is resolved from its label instead
    }
  }
  return null;
}

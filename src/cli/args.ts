/**
 * Flags shared by the commands, and their conversion to core inputs. All checks that
 * can fail on user input throw InputError naming the flag and the value.
 */
import { basename } from "node:path";
import type { GgufModel, ModelSpec, ModelWeights } from "../core/index.js";
import {
  DeviceSpec,
  deviceAtThreads,
  deviceByLabel,
  type Efficiency,
  fromZodIssues,
  InputError,
  importHfConfig,
  MAX_TOKENS,
  modelByLabel,
  modelFromGguf,
  modelIdFromFileName,
  parseUserCalibration,
  type ResolvedWorkload,
  readGgufHeader,
  resolveWorkload,
  userEfficiency,
  type WorkloadInput,
  withMlaPath,
} from "../core/index.js";
import { openFileSource } from "./io/file-source.js";
import { readJsonFile } from "./io/read-json.js";

export const DEFAULT_MODEL = "llama-2-7b";
export const DEFAULT_DEVICE = "apple-m2-gpu";

export const modelArgs = {
  model: {
    type: "string",
    description: `model preset id (see \`ridgeline models\`; default ${DEFAULT_MODEL})`,
    valueHint: "id",
  },
  "model-config": {
    type: "string",
    description: "a Hugging Face config.json to analyse instead of a preset",
    valueHint: "path",
  },
  gguf: {
    type: "string",
    description:
      "a .gguf file: hyperparameters and exact tensor types from its header (weights are not read)",
    valueHint: "path",
  },
  mla: {
    type: "string",
    description:
      "how multi-head latent attention runs: absorbed (the cache holds the latent; llama.cpp with current GGUFs) | decompressed (per-head K and V cached; legacy GGUFs, transformers) (default: the model's)",
  },
} as const;

export const deviceArgs = {
  device: {
    type: "string",
    description: `device id (see \`ridgeline devices\`; default ${DEFAULT_DEVICE})`,
    valueHint: "id",
  },
  "device-file": {
    type: "string",
    description: "a device JSON file in the catalog's schema",
    valueHint: "path",
  },
  threads: {
    type: "string",
    description:
      "CPU threads: re-derives a measured profile's native peaks (cores × clock × ops per cycle) for N cores; default: the threads the profile was measured with",
    valueHint: "N",
  },
} as const;

export const workloadArgs = {
  phase: { type: "string", description: "prefill | decode | both (default both)" },
  prompt: {
    type: "string",
    description: "prompt tokens processed by prefill (default 2048, or --context when that is shorter)",
    valueHint: "N",
  },
  context: {
    type: "string",
    description: "KV entries attended at the decode step (default: the prompt length)",
    valueHint: "N",
  },
  batch: { type: "string", description: "sequences processed together (default 1)", valueHint: "N" },
  weights: {
    type: "string",
    description:
      "weight format: fp32 fp16 bf16 fp8 int8 int4, GGUF q4_0 q8_0 q4_k …, mixes q4_k_m q5_k_m … (default fp16)",
  },
  activations: { type: "string", description: "activation format: fp32 fp16 bf16 fp8 int8 (default fp16)" },
  kv: { type: "string", description: "KV-cache format: fp16 fp8 int8 int4 q8_0 q4_0 … (default fp16)" },
  attention: { type: "string", description: "naive (scores materialised) | flash (fused) (default naive)" },
  fusion: {
    type: "boolean",
    description: "fuse element-wise ops (norms, rotary, activation, residuals) into neighbouring GEMMs",
  },
  sparsity: {
    type: "string",
    description: "none | 2:4 (structured sparsity of the layer weights) (default none)",
  },
  "kv-keep": {
    type: "string",
    description: "fraction of KV entries kept during decode by an eviction policy, (0, 1] (default 1)",
    valueHint: "fraction",
  },
} as const;

export const calibrationArg = {
  calibration: {
    type: "string",
    description: "a calibration of the device fitted on your own runs (`ridgeline calibrate --out`)",
    valueHint: "file.json",
  },
} as const;

/** The efficiency of --calibration (undefined without it); the file must be the device's. */
export async function efficiencyFromArgs(args: Args, device: DeviceSpec): Promise<Efficiency | undefined> {
  const file = str(args, "calibration");
  if (file === undefined) return undefined;
  const json = await readJsonFile("--calibration", file);
  const cal = parseUserCalibration(json);
  if (cal.device.id !== device.id)
    throw new InputError("--calibration", file, `was fitted for ${cal.device.id}, not for ${device.id}`);
  return userEfficiency(cal);
}

/**
 * Most items a list flag takes, by flag (LIST_MAX_DEFAULT for the others). Every item is
 * analysed, with every item of the command's other lists, so these bound the work.
 */
export const LIST_MAX: Readonly<Record<string, number>> = {
  "--batch": 32,
  "--params": 64,
  "--model": 64,
  "--weights": 32,
  "--at": 1000,
  "--chapter-steps": 2,
};
export const LIST_MAX_DEFAULT = 64;

export const jsonArg = { json: { type: "boolean", description: "print the result as JSON" } } as const;

type Args = Record<string, unknown>;

const str = (args: Args, k: string): string | undefined => {
  const v = args[k];
  if (v === undefined || v === false) return undefined;
  if (typeof v !== "string") throw new InputError(`--${k}`, v, "needs a value");
  return v;
};

/** A whole number within [min, max]; "2048", not "2e3" or "2048.5". */
export function parseCount(flag: string, value: string, min: number, max: number): number {
  if (!/^\s*\d+\s*$/.test(value)) throw new InputError(flag, value, "must be a whole number");
  const n = Number(value);
  if (n < min || n > max) throw new InputError(flag, value, `must be between ${min} and ${max}`);
  return n;
}

/** A number in (0, 1], written as a decimal ("0.25", "1"). */
export function parseFraction(flag: string, value: string): number {
  if (!/^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(value))
    throw new InputError(flag, value, "must be a decimal number in (0, 1]");
  const x = Number(value);
  if (!(x > 0 && x <= 1)) throw new InputError(flag, value, "must be in (0, 1]");
  return x;
}

type WorkloadKey = keyof WorkloadInput;
type MutableWorkload = { -readonly [K in WorkloadKey]: WorkloadInput[K] };

const oneOf =
  <T extends string>(...allowed: readonly T[]) =>
  (flag: string, v: string): T => {
    if ((allowed as readonly string[]).includes(v)) return v as T;
    const list = `${allowed.slice(0, -1).join(", ")} or ${allowed.at(-1)}`;
    throw new InputError(flag, v, `must be ${list}`);
  };

/**
 * The workload flags, once: each flag's workload field and how its text is read. Errors the
 * library raises on a field are reported under the flag that set it.
 */
const WORKLOAD_FLAGS: readonly {
  readonly flag: string;
  readonly field: WorkloadKey;
  readonly read: (flag: string, v: string) => MutableWorkload[WorkloadKey];
}[] = [
  { flag: "phase", field: "phase", read: oneOf("prefill", "decode", "both") },
  { flag: "prompt", field: "promptTokens", read: (f, v) => parseCount(f, v, 1, MAX_TOKENS) },
  { flag: "context", field: "contextTokens", read: (f, v) => parseCount(f, v, 1, MAX_TOKENS) },
  { flag: "batch", field: "batch", read: (f, v) => parseCount(f, v, 1, 65536) },
  { flag: "weights", field: "weights", read: (_f, v) => v.toLowerCase() },
  { flag: "activations", field: "activations", read: (_f, v) => v.toLowerCase() },
  { flag: "kv", field: "kv", read: (_f, v) => v.toLowerCase() },
  { flag: "attention", field: "attention", read: oneOf("naive", "flash") },
  { flag: "sparsity", field: "sparsity", read: oneOf("none", "2:4") },
  { flag: "kv-keep", field: "kvKeep", read: parseFraction },
];

export function workloadFromArgs(args: Args): ResolvedWorkload {
  const input: Record<string, unknown> = {};
  for (const { flag, field, read } of WORKLOAD_FLAGS) {
    const v = str(args, flag);
    if (v !== undefined) input[field] = read(`--${flag}`, v);
  }
  if (args.fusion === true) input.fusion = true;
  try {
    return resolveWorkload(input as MutableWorkload);
  } catch (e) {
    // Name the flag, not the library field.
    if (e instanceof InputError) throw e.withField(flagOf(e.field));
    throw e;
  }
}

const FIELD_TO_FLAG: Readonly<Record<string, string>> = Object.fromEntries(
  WORKLOAD_FLAGS.map(({ flag, field }) => [`workload.${field}`, `--${flag}`]),
);
const flagOf = (field: string) => FIELD_TO_FLAG[field] ?? field;

export interface LoadedModel {
  readonly spec: ModelSpec;
  readonly weights?: ModelWeights;
  readonly notes: readonly string[];
}

export async function modelFromArgs(args: Args): Promise<LoadedModel> {
  const model = await loadModel(args);
  const mla = str(args, "mla");
  if (mla === undefined) return model;
  if (mla !== "absorbed" && mla !== "decompressed") {
    throw new InputError("--mla", mla, "must be absorbed or decompressed");
  }
  const spec = withMlaPath(model.spec, mla);
  if (!spec) throw new InputError("--mla", mla, `${model.spec.id} has no multi-head latent attention layers`);
  return { ...model, spec };
}

async function loadModel(args: Args): Promise<LoadedModel> {
  const id = str(args, "model");
  const config = str(args, "model-config");
  const gguf = str(args, "gguf");
  const given = [id && "--model", config && "--model-config", gguf && "--gguf"].filter(Boolean);
  if (given.length > 1)
    throw new InputError(
      String(given[1]),
      args[String(given[1]).slice(2)],
      `cannot be combined with ${given[0]}`,
    );
  if (config !== undefined) {
    const json = await readJsonFile("--model-config", config);
    const { model, notes } = importHfConfig(json, idFromPath(config));
    return { spec: model, notes };
  }
  if (gguf !== undefined) {
    if (str(args, "weights") !== undefined) {
      throw new InputError(
        "--weights",
        args.weights,
        "cannot be combined with --gguf: the file's own tensor types are used",
      );
    }
    const { spec, weights, warnings } = await readGgufModel(gguf);
    return { spec, weights, notes: warnings };
  }
  return { spec: modelByLabel(id ?? DEFAULT_MODEL), notes: [] };
}

/** The model of a GGUF file, from its header (the weights are not read). */
export async function readGgufModel(path: string): Promise<GgufModel> {
  const src = await openFileSource(path);
  try {
    return modelFromGguf(await readGgufHeader(src), idFromPath(path));
  } finally {
    await src.close();
  }
}

const idFromPath = (path: string): string => modelIdFromFileName(basename(path));

export async function deviceFromArgs(args: Args): Promise<DeviceSpec> {
  const d = await deviceOnly(args);
  const threads = str(args, "threads");
  return threads === undefined ? d : deviceAtThreads(d, parseCount("--threads", threads, 1, 4096));
}

async function deviceOnly(args: Args): Promise<DeviceSpec> {
  const id = str(args, "device");
  const file = str(args, "device-file");
  if (id !== undefined && file !== undefined)
    throw new InputError("--device-file", file, "cannot be combined with --device");
  if (file !== undefined) {
    const json = await readJsonFile("--device-file", file);
    const r = DeviceSpec.safeParse(json);
    if (!r.success) throw fromZodIssues("device-file", r.error.issues, json);
    return r.data;
  }
  return deviceByLabel(id ?? DEFAULT_DEVICE);
}

/**
 * A duration with its unit: "100ms", "0.1s", "2 s", "250 µs" (also "us"), returned in
 * seconds. A bare number is refused: 100 could be seconds or milliseconds.
 */
export function parseDuration(flag: string, value: string, maxS = 3600): number {
  const m = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*(ms|s|us|µs)\s*$/i.exec(value);
  if (!m) {
    const hint = /^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(value)
      ? "needs a unit: ms or s (e.g. 100ms, 0.1s)"
      : "must be a duration such as 100ms, 0.1s or 2 s";
    throw new InputError(flag, value, hint);
  }
  const unit = m[2]!.toLowerCase();
  const s = Number(m[1]) * (unit === "s" ? 1 : unit === "ms" ? 1e-3 : 1e-6);
  if (!(s > 0) || s > maxS) throw new InputError(flag, value, `must be above 0 and at most ${maxS} s`);
  return s;
}

const COUNT_SUFFIX: Readonly<Record<string, number>> = { "": 1, k: 1e3, m: 1e6, b: 1e9, t: 1e12 };

/** A parameter count: "7B", "500M", "70b", "1.5B", or a plain whole number; K, M, B, T are powers of 1000. */
export function parseParams(flag: string, value: string, min: number, max: number): number {
  const m = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*([kmbt]?)\s*$/i.exec(value);
  if (!m) throw new InputError(flag, value, "must be a parameter count such as 7B, 500M or 70b");
  const n = Number(m[1]) * COUNT_SUFFIX[m[2]!.toLowerCase()]!;
  if (!(n >= min && n <= max))
    throw new InputError(flag, value, `must be between ${fmtCount(min)} and ${fmtCount(max)}`);
  return Math.round(n);
}

function fmtCount(n: number): string {
  for (const [s, p] of [
    ["T", 1e12],
    ["B", 1e9],
    ["M", 1e6],
    ["K", 1e3],
  ] as const)
    if (n >= p) return `${n / p}${s}`;
  return String(n);
}

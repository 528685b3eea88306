/**
 * llama-bench's own output, read as it comes: `-o json` (an array of objects), `-o jsonl`
 * (one object per line), `-o csv` (a header of field names, every value quoted) and the
 * default `-o md` (a markdown table: model, size, params, backend, the non-default
 * parameters, test, t/s). The format is detected from the content. Field names and
 * meanings are llama.cpp's (tools/llama-bench/llama-bench.cpp, `test::get_fields`, the
 * printers, `markdown_printer::get_field_display_name`); older builds' variants are
 * accepted (boolean flash_attn, no n_depth / n_ubatch / backends, "pp 512" test labels).
 *
 * Pure and bounded: the text comes in (at most MAX_BENCH_CHARS), at most MAX_BENCH_ROWS
 * tests come out, and a bad field is one InputError naming the row, the field and the value.
 */
import { InputError } from "../errors.js";
import { parseCsvRecords } from "./csv.js";

export const MAX_BENCH_CHARS = 64 * 1024 * 1024;
export const MAX_BENCH_ROWS = 10_000;

export type BenchFormat = "json" | "jsonl" | "csv" | "md";
/** What a measured-results file is: the calibration CSV (data/calibration) or llama-bench output. */
export type DataFormat = "calibration-csv" | BenchFormat;

/** llama-bench's flash_attn: 0/false off, 1/true on, -1 auto (the engine decides per backend); unstated in a markdown table without an `fa` column. */
export type FlashAttn = "off" | "on" | "auto" | "unstated";

/** One llama-bench test (a row of its output). */
export interface LlamaBenchRow {
  /** 1-based test number in the file. */
  readonly row: number;
  readonly modelFilename: string | null;
  /** `llama_model_desc`: "<arch> <size label> <file type>", e.g. "llama 7B Q4_0". */
  readonly modelType: string;
  /** Bytes of all tensors (`llama_model_size`); from the markdown table, rounded to its 2 decimals. */
  readonly modelSizeBytes: number | null;
  /** Parameters (`llama_model_n_params`); from markdown, rounded. */
  readonly modelNParams: number | null;
  /** Backends the build registered ("CPU", "CUDA", "Metal,BLAS", …). */
  readonly backends: string;
  readonly cpuInfo: string;
  readonly gpuInfo: string;
  readonly nThreads: number | null;
  /** Layers offloaded to the GPU (-1 or ≥ the layer count: all); null when not stated. */
  readonly nGpuLayers: number | null;
  readonly typeK: string;
  readonly typeV: string;
  readonly flashAttn: FlashAttn;
  readonly nBatch: number;
  readonly nUbatch: number;
  readonly nPrompt: number;
  readonly nGen: number;
  readonly nDepth: number;
  /** Mean tokens/s over the repetitions, (n_prompt + n_gen) / time. */
  readonly avgTs: number;
  readonly stddevTs: number | null;
  readonly buildCommit: string | null;
  readonly buildNumber: number | null;
  readonly testTime: string | null;
}

export interface LlamaBenchFile {
  readonly format: BenchFormat;
  readonly rows: readonly LlamaBenchRow[];
}

/** llama-bench's defaults (cmd_params_defaults), for what a markdown table leaves out. */
export const LLAMA_BENCH_DEFAULTS = { nBatch: 2048, nUbatch: 512, typeK: "f16", typeV: "f16" } as const;

/** Which kind of measured-results file the text is. Throws when it is none of them. */
export function detectDataFormat(text: string): DataFormat {
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const head = t.trimStart();
  if (head.startsWith("[")) return "json";
  if (head.startsWith("{")) return "jsonl";
  const firstLine = head.slice(0, head.search(/\r?\n|$/));
  if (/^hardware,/.test(firstLine) && firstLine.includes("tokens_per_s")) return "calibration-csv";
  if (firstLine.includes("model_type") && firstLine.includes("avg_ts")) return "csv";
  if (/^\s*\|.*\bt\/s\b.*\|/m.test(t.slice(0, 1 << 16)) && /^\s*\|.*\btest\b/m.test(t.slice(0, 1 << 16)))
    return "md";
  throw new InputError(
    "data",
    firstLine.slice(0, 60),
    "is neither the calibration CSV (hardware,…,tokens_per_s) nor llama-bench output (-o json, jsonl, csv or md)",
  );
}

type Raw = Readonly<Record<string, unknown>>;

/** Read one test from a record of llama-bench field names (JSON values, or CSV strings). */
function fromRecord(r: Raw, row: number): LlamaBenchRow {
  const where = (f: string) => `llama-bench test ${row}: ${f}`;
  const present = (f: string) => r[f] !== undefined && r[f] !== null && r[f] !== "";
  const int = (f: string, min: number, fallback?: number): number => {
    if (!present(f)) {
      if (fallback !== undefined) return fallback;
      throw new InputError(where(f), r[f], "is missing");
    }
    const v = r[f];
    const x = typeof v === "number" ? v : typeof v === "string" && /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(x) || x < min)
      throw new InputError(where(f), v, `must be a whole number ≥ ${min}`);
    return x;
  };
  const real = (f: string, required: boolean): number | null => {
    if (!present(f)) {
      if (required) throw new InputError(where(f), r[f], "is missing");
      return null;
    }
    const v = r[f];
    const x = typeof v === "number" ? v : typeof v === "string" ? Number(v) : NaN;
    if (!Number.isFinite(x) || x < 0) throw new InputError(where(f), v, "must be a finite number ≥ 0");
    return x;
  };
  const text = (f: string, fallback = ""): string => {
    const v = r[f];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean")
      throw new InputError(where(f), v, "must be a string");
    return String(v).trim().slice(0, 1000);
  };
  const avgTs = real("avg_ts", true)!;
  if (!(avgTs > 0)) throw new InputError(where("avg_ts"), r.avg_ts, "must be a positive number");
  const nPrompt = int("n_prompt", 0);
  const nGen = int("n_gen", 0);
  if (nPrompt + nGen === 0)
    throw new InputError(where("n_prompt"), r.n_prompt, "n_prompt and n_gen are both 0");
  const nBatch = int("n_batch", 1, LLAMA_BENCH_DEFAULTS.nBatch);
  const modelType = text("model_type");
  if (modelType === "") throw new InputError(where("model_type"), r.model_type, "is missing");
  const filename = text("model_filename");
  return {
    row,
    modelFilename: filename === "" ? null : filename,
    modelType,
    modelSizeBytes: real("model_size", false),
    modelNParams: real("model_n_params", false),
    backends: text("backends") || legacyBackends(r),
    cpuInfo: text("cpu_info"),
    gpuInfo: text("gpu_info"),
    nThreads: present("n_threads") ? int("n_threads", 1) : null,
    nGpuLayers: present("n_gpu_layers") ? int("n_gpu_layers", -1) : null,
    typeK: text("type_k", LLAMA_BENCH_DEFAULTS.typeK).toLowerCase(),
    typeV: text("type_v", LLAMA_BENCH_DEFAULTS.typeV).toLowerCase(),
    flashAttn: flashAttnOf(r.flash_attn, where("flash_attn")),
    nBatch,
    nUbatch: int("n_ubatch", 1, Math.min(nBatch, LLAMA_BENCH_DEFAULTS.nUbatch)),
    nPrompt,
    nGen,
    nDepth: int("n_depth", 0, 0),
    avgTs,
    stddevTs: real("stddev_ts", false),
    buildCommit: text("build_commit") || null,
    buildNumber: present("build_number") ? int("build_number", 0) : null,
    testTime: text("test_time") || null,
  };
}

/** Builds before `backends` (2024) wrote one boolean per backend. */
function legacyBackends(r: Raw): string {
  const on = (v: unknown) => v === true || v === "1" || v === "true";
  const names = (
    [
      ["cuda", "CUDA"],
      ["vulkan", "Vulkan"],
      ["kompute", "Kompute"],
      ["metal", "Metal"],
      ["sycl", "SYCL"],
      ["blas", "BLAS"],
    ] as const
  )
    .filter(([k]) => on(r[k]))
    .map(([, n]) => n);
  return names.length ? names.join(",") : "CPU";
}

function flashAttnOf(v: unknown, field: string): FlashAttn {
  if (v === undefined || v === null || v === "") return "unstated";
  const s = String(v).trim().toLowerCase();
  if (s === "0" || s === "false" || s === "off") return "off";
  if (s === "1" || s === "true" || s === "on") return "on";
  if (s === "-1" || s === "auto") return "auto";
  throw new InputError(field, v, "must be 0, 1 or -1 (auto), or true / false");
}

const tooMany = (n: number) =>
  new InputError("data", n, `has more than ${MAX_BENCH_ROWS} llama-bench tests; split the file`);

function asRecord(v: unknown, row: number): Raw {
  if (v === null || typeof v !== "object" || Array.isArray(v))
    throw new InputError(`llama-bench test ${row}`, v, "must be a JSON object");
  return v as Raw;
}

function parseJsonText(s: string, where: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch (e) {
    throw new InputError(where, s.slice(0, 60), `is not valid JSON (${(e as Error).message})`);
  }
}

function parseJson(text: string): LlamaBenchRow[] {
  const v = parseJsonText(text, "data");
  if (!Array.isArray(v)) throw new InputError("data", text.slice(0, 40), "must be a JSON array of tests");
  if (v.length > MAX_BENCH_ROWS) throw tooMany(v.length);
  return v.map((o, i) => fromRecord(asRecord(o, i + 1), i + 1));
}

function parseJsonl(text: string): LlamaBenchRow[] {
  const out: LlamaBenchRow[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === "") continue;
    if (out.length >= MAX_BENCH_ROWS) throw tooMany(out.length + 1);
    const row = out.length + 1;
    out.push(fromRecord(asRecord(parseJsonText(line, `llama-bench test ${row}`), row), row));
  }
  return out;
}

function parseBenchCsv(text: string): LlamaBenchRow[] {
  const recs = parseCsvRecords(text, ["model_type", "n_prompt", "n_gen", "avg_ts"]);
  if (recs.length > MAX_BENCH_ROWS) throw tooMany(recs.length);
  return recs.map((r, i) => fromRecord(r, i + 1));
}

/** Markdown display names → field names (markdown_printer::get_field_display_name, inverted). */
const MD_FIELD: Readonly<Record<string, string>> = {
  ngl: "n_gpu_layers",
  threads: "n_threads",
  fa: "flash_attn",
  backend: "backends",
  model: "model_type",
};

const SIZE_UNIT: Readonly<Record<string, number>> = {
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40,
};
const COUNT_UNIT: Readonly<Record<string, number>> = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 };

/**
 * The markdown `test` column: pp512, tg128, pp512+tg128 (older builds: "pp 512", "tg 128",
 * "pg512,128"), each optionally " @ d4096" (the depth, -d).
 */
export function parseTestLabel(label: string): { nPrompt: number; nGen: number; nDepth: number } | null {
  const m =
    /^(?:(pp|tg)\s*(\d+)|pp\s*(\d+)\s*\+\s*tg\s*(\d+)|pg\s*(\d+)\s*,\s*(\d+))(?:\s*@\s*d\s*(\d+))?$/i.exec(
      label.trim(),
    );
  if (!m) return null;
  const nDepth = Number(m[7] ?? 0);
  if (m[1]) {
    const n = Number(m[2]);
    return m[1].toLowerCase() === "pp" ? { nPrompt: n, nGen: 0, nDepth } : { nPrompt: 0, nGen: n, nDepth };
  }
  return m[3]
    ? { nPrompt: Number(m[3]), nGen: Number(m[4]), nDepth }
    : { nPrompt: Number(m[5]), nGen: Number(m[6]), nDepth };
}

const cellsOf = (line: string): string[] =>
  line
    .trim()
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split("|")
    .map((c) => c.trim());

function parseMarkdown(text: string): LlamaBenchRow[] {
  const out: LlamaBenchRow[] = [];
  const build = /^build: (\S+) \((\d+)\)\s*$/m.exec(text);
  let header: string[] | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim().startsWith("|")) {
      header = null;
      continue;
    }
    const cells = cellsOf(line);
    if (!header) {
      if (cells.includes("test") && cells.includes("t/s")) header = cells;
      continue;
    }
    if (cells.every((c) => /^:?-+:?$/.test(c))) continue; // the separator
    if (out.length >= MAX_BENCH_ROWS) throw tooMany(out.length + 1);
    const row = out.length + 1;
    const where = (f: string) => `llama-bench test ${row}: ${f}`;
    if (cells.length !== header.length)
      throw new InputError(
        `llama-bench test ${row}`,
        line.slice(0, 80),
        `has ${cells.length} cells, the header has ${header.length}`,
      );
    const rec: Record<string, unknown> = {};
    header.forEach((h, j) => {
      rec[MD_FIELD[h] ?? h] = cells[j]!;
    });
    const test = parseTestLabel(String(rec.test));
    if (!test)
      throw new InputError(where("test"), rec.test, "must be ppN, tgN, ppN+tgM or pgN,M, optionally @ dD");
    const ts = /^([\d.]+)\s*±\s*([\d.]+)$/.exec(String(rec["t/s"]));
    if (!ts) throw new InputError(where("t/s"), rec["t/s"], 'must be "mean ± stddev"');
    const size = /^([\d.]+)\s*(KiB|MiB|GiB|TiB)$/.exec(String(rec.size ?? ""));
    const params = /^([\d.]+)\s*([KMBT])$/.exec(String(rec.params ?? ""));
    out.push(
      fromRecord(
        {
          ...rec,
          n_prompt: test.nPrompt,
          n_gen: test.nGen,
          n_depth: test.nDepth,
          avg_ts: ts[1],
          stddev_ts: ts[2],
          model_size: size ? Number(size[1]) * SIZE_UNIT[size[2]!]! : undefined,
          model_n_params: params ? Math.round(Number(params[1]) * COUNT_UNIT[params[2]!]!) : undefined,
          build_commit: build?.[1],
          build_number: build?.[2],
        },
        row,
      ),
    );
  }
  if (out.length === 0) throw new InputError("data", text.slice(0, 60), "has no llama-bench table rows");
  return out;
}

/** Parse llama-bench output in any of its text formats (detected from the content). */
export function parseLlamaBench(text: string): LlamaBenchFile {
  if (text.length > MAX_BENCH_CHARS)
    throw new InputError("data", `${text.length} characters`, `is longer than ${MAX_BENCH_CHARS} characters`);
  const format = detectDataFormat(text);
  if (format === "calibration-csv")
    throw new InputError("data", "calibration CSV", "is not llama-bench output (read it with parseMeasured)");
  const rows =
    format === "json"
      ? parseJson(text)
      : format === "jsonl"
        ? parseJsonl(text)
        : format === "csv"
          ? parseBenchCsv(text)
          : parseMarkdown(text);
  if (rows.length === 0) throw new InputError("data", text.slice(0, 60), "has no llama-bench tests");
  return { format, rows };
}

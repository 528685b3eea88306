/**
 * The real llama.cpp (through node-llama-cpp's prebuilt linux-x64 CPU binary) as a test
 * oracle: load a GGUF, create a context, and return what llama.cpp logged about it, parsed.
 *
 * Never builds or downloads: `build: "never"`, `skipDownload: true` (and package.json's
 * `config.nodeLlamaCppPostinstall = "skip"` keeps `npm ci` from trying either). Log formats
 * are those of the bundled llama.cpp (node-llama-cpp 3.22.1, llama.cpp source in
 * node_modules/node-llama-cpp/llama/gitRelease.bundle): src/llama-model.cpp `print_info`
 * and `load_tensors`, src/llama-kv-cache.cpp, src/llama-context.cpp.
 */
import type { Llama, LlamaContext, LlamaModel } from "node-llama-cpp";

/** A value of `print_f`: one number, or one per layer when layers differ ("[4, 4, 8]"). */
export type PerLayer = number | number[];

export interface LoaderInfo {
  /** Every `print_info: key = value` line, value as printed. */
  raw: Record<string, string>;
  arch: string;
  nCtxTrain: number;
  nEmbd: number;
  nLayer: number;
  nHead: PerLayer;
  nHeadKv: PerLayer;
  nEmbdHeadK: number;
  nEmbdHeadV: number;
  nFf: PerLayer;
  nExpert: number;
  nExpertUsed: number;
  nSwa: number;
  /** Per layer, from `load_tensors: layer N assigned to device D, is_swa = S` (debug). */
  isSwa: boolean[];
  nVocab: number | undefined;
  modelType: string;
  /** `model params = 1.44 M` → 1.44e6 (printed to 2 decimals of its unit). */
  modelParams: number;
  /** Resolution of modelParams: half a unit of the last printed digit. */
  modelParamsTolerance: number;
  fileType: string;
  /** `file size = 2.75 MiB (16.01 BPW)`, in MiB. */
  fileSizeMiB: number;
  bpw: number;
}

/** One KV cache (`llama_kv_cache: size = …`); an iSWA model has two. */
export interface KvCacheLine {
  totalMiB: number;
  cells: number;
  layers: number;
  seqs: number;
  streams: number;
  typeK: string;
  kMiB: number;
  typeV: string;
  vMiB: number;
}

/** A recurrent-state memory (`llama_memory_recurrent: size = …`): conv windows R and SSM states S, one row per sequence. */
export interface RecurrentLine {
  totalMiB: number;
  cells: number;
  layers: number;
  seqs: number;
  typeR: string;
  rMiB: number;
  typeS: string;
  sMiB: number;
}

export interface ContextInfo {
  nSeqMax: number;
  nCtx: number;
  nCtxSeq: number;
  nBatch: number;
  nUbatch: number;
  flashAttn: string;
}

export interface EngineReport {
  loader: LoaderInfo;
  context: ContextInfo;
  /** `load_tensors: <buf> model buffer size = X MiB`, by buffer name (CPU_Mapped, CPU_REPACK, CPU). */
  modelBuffersMiB: Record<string, number>;
  /** `llama_kv_cache: <buf> KV buffer size = X MiB`, summed over caches, by buffer name. */
  kvBuffersMiB: Record<string, number>;
  kvCaches: KvCacheLine[];
  /** `llama_memory_recurrent: <buf> RS buffer size = X MiB`, by buffer name. */
  rsBuffersMiB: Record<string, number>;
  recurrent: RecurrentLine[];
  /** `llama_kv_cache: layer N: dev = D` (debug): layers that have a KV cache. */
  kvLayers: number[];
  outputBuffersMiB: Record<string, number>;
  computeBuffersMiB: Record<string, number>;
  /** node-llama-cpp's `model.size`: llama_model_size, the bytes of all tensors (exact). */
  modelSizeBytes: number;
  /** Every log line of this load, as "level: message". */
  log: string[];
}

export interface ContextOptions {
  contextSize: number;
  /** n_batch; node-llama-cpp sets n_ubatch = n_batch (AddonContext.cpp). Default 512. */
  batchSize?: number;
  /** KV cache type of K and V. q8_0 V needs flash attention, which is then turned on. */
  kvType?: "F16" | "Q8_0";
  flashAttention?: boolean;
  threads?: number;
}

const MIB = 1024 * 1024;
const num = (s: string): number => {
  const n = Number(s);
  if (!Number.isFinite(n)) throw new Error(`llama.cpp log: expected a number, got "${s}"`);
  return n;
};
const perLayer = (s: string): PerLayer =>
  s.startsWith("[")
    ? s
        .slice(1, -1)
        .split(",")
        .map((x) => num(x.trim()))
    : num(s);
export const mib = (bytes: number): number => bytes / MIB;

// ---- Line patterns (one per line kind) ----
/** `print_info: n_layer               = 2` (key padded to 21, may contain spaces: "model type"). */
const PRINT_INFO = /^print_info: (\S(?:.*?\S)?)\s+= (.*)$/;
/** `load_tensors:   CPU_Mapped model buffer size =     2.75 MiB` (%12s, %8.2f). */
const MODEL_BUFFER = /^load_tensors:\s+(\S+) model buffer size =\s+([\d.]+) MiB$/;
/** `load_tensors: layer   0 assigned to device CPU, is_swa = 0`. */
const LAYER_DEVICE = /^load_tensors: layer\s+(\d+) assigned to device (\S+), is_swa = (\d)$/;
/** `llama_kv_cache:        CPU KV buffer size =     0.53 MiB` (%10s, %8.2f). */
const KV_BUFFER = /^llama_kv_cache:\s+(\S+) KV buffer size =\s+([\d.]+) MiB$/;
/** `llama_kv_cache: size =    0.53 MiB (  1024 cells,   2 layers,  1/1 seqs), K (q8_0):    0.27 MiB, V (q8_0):    0.27 MiB`. */
const KV_SIZE =
  /^llama_kv_cache: size =\s+([\d.]+) MiB \(\s*(\d+) cells,\s+(\d+) layers,\s+(\d+)\/(\d+) seqs\), K \((\w+)\):\s+([\d.]+) MiB, V \((\w+)\):\s+([\d.]+) MiB$/;
/** `llama_memory_recurrent:        CPU RS buffer size =     0.21 MiB` (src/llama-memory-recurrent.cpp). */
const RS_BUFFER = /^llama_memory_recurrent:\s+(\S+) RS buffer size =\s+([\d.]+) MiB$/;
/** `llama_memory_recurrent: size =    0.21 MiB (     1 cells,   4 layers,  1 seqs  0 rs_seq), R (f32):    0.02 MiB, S (f32):    0.19 MiB, P (f32):    0.00 MiB`. */
const RS_SIZE =
  /^llama_memory_recurrent: size =\s+([\d.]+) MiB \(\s*(\d+) cells,\s+(\d+) layers,\s+(\d+) seqs\s+\d+ rs_seq\), R \((\w+)\):\s+([\d.]+) MiB, S \((\w+)\):\s+([\d.]+) MiB/;
/** `llama_kv_cache: layer   0: dev = CPU` (debug). */
const KV_LAYER = /^llama_kv_cache: layer\s+(\d+): dev = (\S+)$/;
/** `llama_context:        CPU  output buffer size =     0.00 MiB` (%10s, two spaces). */
const OUTPUT_BUFFER = /^llama_context:\s+(\S+)\s+output buffer size =\s+([\d.]+) MiB$/;
/** `sched_reserve:        CPU compute buffer size =     1.41 MiB`. */
const COMPUTE_BUFFER =
  /^(?:sched_reserve|llama_context|graph_reserve):\s+(\S+) compute buffer size =\s+([\d.]+) MiB$/;
/** `llama_context: n_ctx                 = 1024`. */
const CONTEXT_PARAM = /^llama_context: (n_seq_max|n_ctx|n_ctx_seq|n_batch|n_ubatch|flash_attn)\s+= (\S+)$/;
const MODEL_PARAMS = /^([\d.]+) ([KMBT])$/;
const FILE_SIZE = /^([\d.]+) (MiB|GiB) \(([\d.]+) BPW\)\s*$/;
const UNIT = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 } as const;

/** Parses the log lines of one model load and one context creation. */
export function parseEngineLog(lines: readonly string[]): Omit<EngineReport, "modelSizeBytes" | "log"> {
  const raw: Record<string, string> = {};
  const modelBuffersMiB: Record<string, number> = {};
  const kvBuffersMiB: Record<string, number> = {};
  const outputBuffersMiB: Record<string, number> = {};
  const computeBuffersMiB: Record<string, number> = {};
  const ctx: Record<string, string> = {};
  const kvCaches: KvCacheLine[] = [];
  const rsBuffersMiB: Record<string, number> = {};
  const recurrent: RecurrentLine[] = [];
  const kvLayers: number[] = [];
  const isSwa: boolean[] = [];
  const add = (to: Record<string, number>, key: string, v: string) => (to[key] = (to[key] ?? 0) + num(v));
  // One handler per line kind; the first pattern that matches a line takes it.
  const handlers: readonly (readonly [RegExp, (m: RegExpExecArray) => void])[] = [
    [
      PRINT_INFO,
      (m) => {
        raw[m[1]!] ??= m[2]!.trim();
      },
    ],
    [MODEL_BUFFER, (m) => add(modelBuffersMiB, m[1]!, m[2]!)],
    [
      LAYER_DEVICE,
      (m) => {
        isSwa[num(m[1]!)] = m[3] === "1";
      },
    ],
    [KV_BUFFER, (m) => add(kvBuffersMiB, m[1]!, m[2]!)],
    [
      KV_SIZE,
      (m) => {
        const [, total, cells, layers, seqs, streams, tk, k, tv, v] = m.map(String);
        kvCaches.push({
          totalMiB: num(total!),
          cells: num(cells!),
          layers: num(layers!),
          seqs: num(seqs!),
          streams: num(streams!),
          typeK: tk!,
          kMiB: num(k!),
          typeV: tv!,
          vMiB: num(v!),
        });
      },
    ],
    [RS_BUFFER, (m) => add(rsBuffersMiB, m[1]!, m[2]!)],
    [
      RS_SIZE,
      (m) => {
        const [, total, cells, layers, seqs, tr, r, ts, sv] = m.map(String);
        recurrent.push({
          totalMiB: num(total!),
          cells: num(cells!),
          layers: num(layers!),
          seqs: num(seqs!),
          typeR: tr!,
          rMiB: num(r!),
          typeS: ts!,
          sMiB: num(sv!),
        });
      },
    ],
    [KV_LAYER, (m) => kvLayers.push(num(m[1]!))],
    [OUTPUT_BUFFER, (m) => add(outputBuffersMiB, m[1]!, m[2]!)],
    [COMPUTE_BUFFER, (m) => add(computeBuffersMiB, m[1]!, m[2]!)],
    [
      CONTEXT_PARAM,
      (m) => {
        ctx[m[1]!] ??= m[2]!;
      },
    ],
  ];
  for (const line of lines) {
    for (const [re, handle] of handlers) {
      const m = re.exec(line);
      if (m) {
        handle(m);
        break;
      }
    }
  }

  const need = (key: string): string => {
    const v = raw[key];
    if (v === undefined) throw new Error(`llama.cpp log: no "print_info: ${key} = …" line`);
    return v;
  };
  const params = MODEL_PARAMS.exec(need("model params"));
  if (!params) throw new Error(`llama.cpp log: model params "${need("model params")}"`);
  const unit = UNIT[params[2] as keyof typeof UNIT];
  const size = FILE_SIZE.exec(need("file size"));
  if (!size) throw new Error(`llama.cpp log: file size "${need("file size")}"`);
  const nLayer = num(need("n_layer"));
  const ctxNum = (k: string) => {
    const v = ctx[k];
    if (v === undefined) throw new Error(`llama.cpp log: no "llama_context: ${k} = …" line`);
    return num(v);
  };

  return {
    loader: {
      raw,
      arch: need("arch"),
      nCtxTrain: num(need("n_ctx_train")),
      nEmbd: num(need("n_embd")),
      nLayer,
      nHead: perLayer(need("n_head")),
      nHeadKv: perLayer(need("n_head_kv")),
      nEmbdHeadK: num(need("n_embd_head_k")),
      nEmbdHeadV: num(need("n_embd_head_v")),
      nFf: perLayer(need("n_ff")),
      nExpert: num(need("n_expert")),
      nExpertUsed: num(need("n_expert_used")),
      nSwa: num(need("n_swa")),
      isSwa: isSwa.slice(0, nLayer), // the entry at n_layer is the output layer
      nVocab: raw.n_vocab === undefined ? undefined : num(raw.n_vocab),
      modelType: need("model type"),
      modelParams: num(params[1]!) * unit,
      modelParamsTolerance: 0.005 * unit,
      fileType: need("file type"),
      fileSizeMiB: num(size[1]!) * (size[2] === "GiB" ? 1024 : 1),
      bpw: num(size[3]!),
    },
    context: {
      nSeqMax: ctxNum("n_seq_max"),
      nCtx: ctxNum("n_ctx"),
      nCtxSeq: ctxNum("n_ctx_seq"),
      nBatch: ctxNum("n_batch"),
      nUbatch: ctxNum("n_ubatch"),
      flashAttn: ctx.flash_attn ?? "",
    },
    modelBuffersMiB,
    kvBuffersMiB,
    kvCaches,
    rsBuffersMiB,
    recurrent,
    kvLayers,
    outputBuffersMiB,
    computeBuffersMiB,
  };
}

/** A loaded llama.cpp with its captured log; `null` with a reason where the binary cannot load. */
export interface Engine {
  llama: Llama;
  /** Lines logged since the last `take()`, which clears them. */
  take(): string[];
  /**
   * Waits until a line matching `until` has arrived (llama.cpp's log reaches JS through a
   * thread-safe callback, after the call that logged it may have resolved) and the log has
   * then been quiet for a moment; gives up after `timeoutMs`.
   */
  settle(until: RegExp, timeoutMs?: number): Promise<void>;
  dispose(): Promise<void>;
}

export async function loadEngine(): Promise<
  { engine: Engine; reason?: undefined } | { engine: null; reason: string }
> {
  let lines: string[] = [];
  try {
    const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
    const llama = await getLlama({
      gpu: false,
      build: "never",
      skipDownload: true,
      progressLogs: false,
      logLevel: LlamaLogLevel.debug,
      logger: (level, message) => {
        for (const l of message.split("\n")) if (l.trim() !== "" && l !== ".") lines.push(`${level}: ${l}`);
      },
    });
    return {
      engine: {
        llama,
        take() {
          const out = lines;
          lines = [];
          return out;
        },
        async settle(until, timeoutMs = 10_000) {
          const end = Date.now() + timeoutMs;
          let seen = -1;
          while (Date.now() < end) {
            const found = lines.some((l) => until.test(l));
            if (found && lines.length === seen) return;
            seen = lines.length;
            await new Promise((r) => setTimeout(r, found ? 50 : 10));
          }
        },
        dispose: () => llama.dispose(),
      },
    };
  } catch (e) {
    return {
      engine: null,
      reason: `node-llama-cpp's prebuilt llama.cpp does not load on ${process.platform}-${process.arch}: ${String(e)}`,
    };
  }
}

/** Strips the "level: " prefix `loadEngine` adds. */
const message = (l: string) => l.slice(l.indexOf(": ") + 2);

export interface LoadedModel {
  model: LlamaModel;
  context: LlamaContext;
  report: EngineReport;
}

/** Loads `path` on the CPU, creates one context, parses what llama.cpp logged. Dispose `context` and `model` after. */
export async function loadWithReport(
  engine: Engine,
  path: string,
  opts: ContextOptions,
): Promise<LoadedModel> {
  engine.take();
  const model = await engine.llama.loadModel({ modelPath: path, gpuLayers: 0 });
  await engine.settle(MODEL_BUFFER_LINE);
  const modelLog = engine.take();
  const context = await createContext(engine, model, opts);
  const log = [...modelLog, ...engine.take()];
  return { model, context, report: { ...parseEngineLog(log.map(message)), modelSizeBytes: model.size, log } };
}

/** Another context on an already loaded model: its report reuses the model's loader lines. */
export async function contextReport(
  engine: Engine,
  loaded: LoadedModel,
  opts: ContextOptions,
): Promise<{ context: LlamaContext; report: EngineReport }> {
  engine.take();
  const context = await createContext(engine, loaded.model, opts);
  const ctxLog = engine.take();
  const modelLog = loaded.report.log.filter(
    (l) => !/llama_context|llama_kv_cache|llama_memory_recurrent|sched_reserve|graph_reserve/.test(l),
  );
  const log = [...modelLog, ...ctxLog];
  return { context, report: { ...parseEngineLog(log.map(message)), modelSizeBytes: loaded.model.size, log } };
}

const MODEL_BUFFER_LINE = / model buffer size = /;
const COMPUTE_BUFFER_LINE = / compute buffer size = /;

async function createContext(engine: Engine, model: LlamaModel, o: ContextOptions): Promise<LlamaContext> {
  const kv = o.kvType ?? "F16";
  const context = await model.createContext({
    contextSize: o.contextSize,
    batchSize: o.batchSize ?? 512,
    sequences: 1,
    flashAttention: o.flashAttention ?? kv !== "F16",
    experimentalKvCacheKeyType: kv,
    experimentalKvCacheValueType: kv,
    ...(o.threads ? { threads: o.threads } : {}),
  });
  await engine.settle(COMPUTE_BUFFER_LINE);
  return context;
}

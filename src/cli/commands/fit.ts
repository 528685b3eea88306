import { defineCommand } from "citty";
import type { ModelSpec } from "../../core/index.js";
import {
  BUILTIN_MODELS,
  countParams,
  DEFAULT_STORAGE_GBPS,
  FIT_BATCHES,
  FIT_PRECISIONS,
  fit,
  fitText,
  InputError,
  isRecipeName,
  MAX_TOKENS,
  modelByLabel,
  STORAGE_GBPS_NOTE,
  SYNTHETIC_MAX_PARAMS,
  SYNTHETIC_MIN_PARAMS,
  syntheticDense,
  syntheticText,
} from "../../core/index.js";
import {
  deviceArgs,
  deviceFromArgs,
  jsonArg,
  LIST_MAX,
  parseCount,
  parseDuration,
  parseParams,
  workloadArgs,
  workloadFromArgs,
} from "../args.js";
import { checkFlags } from "../check-flags.js";
import { systemArgs, wantsSystem } from "../system-args.js";
import { runPlacementFit } from "./fit-placement.js";
import { parsePositive, splitList } from "./lists.js";

const args = {
  ...deviceArgs,
  model: {
    type: "string",
    description: `model preset ids, comma-separated, at most ${LIST_MAX["--model"]} (default: every catalog preset, unless --params is given)`,
    valueHint: "ids",
  },
  params: {
    type: "string",
    description: `synthetic Llama-2-style dense models of these sizes, comma-separated, at most ${LIST_MAX["--params"]}: 7B, 500M, 70b (d = 128·heads, heads ≈ layers, layers fitted to the size; 8 KV heads from 30B)`,
    valueHint: "sizes",
  },
  latency: {
    type: "string",
    description: "per-token latency target of each sequence (one decode step): 100ms, 0.1s, 2 s",
    valueHint: "duration",
  },
  "tokens-per-s": {
    type: "string",
    description: "throughput target over the whole batch, tokens/s",
    valueHint: "N",
  },
  "storage-gbps": {
    type: "string",
    description: `storage read bandwidth for weights that do not fit in memory, GB/s (default ${DEFAULT_STORAGE_GBPS}: ${STORAGE_GBPS_NOTE})`,
    valueHint: "G",
  },
  weights: {
    type: "string",
    description: `weight formats to try, comma-separated, at most ${LIST_MAX["--weights"]} (default ${FIT_PRECISIONS.join(",")})`,
    valueHint: "list",
  },
  batch: {
    type: "string",
    description: `batch sizes to try, comma-separated, at most ${LIST_MAX["--batch"]} (default ${FIT_BATCHES.join(",")})`,
    valueHint: "list",
  },
  context: {
    type: "string",
    description: "KV entries attended at the decode step (default 2048)",
    valueHint: "N",
  },
  kv: workloadArgs.kv,
  attention: workloadArgs.attention,
  fusion: workloadArgs.fusion,
  ...systemArgs,
  "mmap-from": {
    type: "string",
    description: "with a system: weights beyond RAM are paged from storage (nvme or a storage id)",
    valueHint: "storage",
  },
  gguf: {
    type: "string",
    description: "with a system: a .gguf file (its tensor types) instead of --model",
    valueHint: "path",
  },
  ...jsonArg,
} as const;

export default defineCommand({
  meta: {
    name: "fit",
    description:
      "Which model sizes, precisions and batch sizes meet a per-token latency or tokens/s target (exercises 2.6, 2.7); with a system (--host / --system), the fastest placement of one model that fits",
  },
  args,
  async run({ args: a, rawArgs }) {
    checkFlags(rawArgs, args, 0);
    // With a system: the fastest placement of one model (issue 17).
    if (wantsSystem(a)) return runPlacementFit(a);
    if (a.gguf !== undefined) throw new InputError("--gguf", a.gguf, "needs a system (--host or --system)");
    const latencyS = a.latency === undefined ? undefined : parseDuration("--latency", a.latency);
    const tokensPerS =
      a["tokens-per-s"] === undefined ? undefined : parsePositive("--tokens-per-s", a["tokens-per-s"], 1e9);
    if (latencyS === undefined && tokensPerS === undefined)
      throw new InputError(
        "--latency",
        undefined,
        "fit needs a target: --latency (e.g. 100ms) and/or --tokens-per-s",
      );
    const storageGBps =
      a["storage-gbps"] === undefined
        ? DEFAULT_STORAGE_GBPS
        : parsePositive("--storage-gbps", a["storage-gbps"], 1e6);
    const context = a.context === undefined ? 2048 : parseCount("--context", a.context, 1, MAX_TOKENS);
    const workload = workloadFromArgs({
      kv: a.kv,
      attention: a.attention,
      fusion: a.fusion,
      prompt: String(context),
      context: String(context),
    });
    const precisions =
      a.weights === undefined
        ? undefined
        : splitList("--weights", a.weights).map((w) => {
            const v = w.toLowerCase();
            if (!isRecipeName(v)) throw new InputError("--weights", w, "unknown weight format");
            return v;
          });
    const batches =
      a.batch === undefined
        ? undefined
        : [...new Set(splitList("--batch", a.batch).map((b) => parseCount("--batch", b, 1, 65536)))].sort(
            (x, y) => x - y,
          );
    const models: ModelSpec[] = [];
    const synthetic: { spec: ModelSpec; requested: number }[] = [];
    if (a.model !== undefined) models.push(...splitList("--model", a.model).map((id) => modelByLabel(id)));
    if (a.params !== undefined) {
      for (const p of splitList("--params", a.params)) {
        const n = parseParams("--params", p, SYNTHETIC_MIN_PARAMS, SYNTHETIC_MAX_PARAMS);
        const spec = syntheticDense(n);
        synthetic.push({ spec, requested: n });
        models.push(spec);
      }
    }
    if (models.length === 0) models.push(...BUILTIN_MODELS);
    const device = await deviceFromArgs(a);
    const result = fit({
      models,
      device,
      workload,
      target: {
        ...(latencyS === undefined ? {} : { latencyS }),
        ...(tokensPerS === undefined ? {} : { tokensPerS }),
      },
      storageGBps,
      ...(precisions ? { precisions } : {}),
      ...(batches ? { batches } : {}),
    });
    if (a.json) {
      const syntheticModels = synthetic.map((s) => ({
        requested: s.requested,
        params: countParams(s.spec).total,
        spec: s.spec,
      }));
      process.stdout.write(`${JSON.stringify({ ...result, syntheticModels }, null, 2)}\n`);
      return;
    }
    const lines = synthetic.map(
      (s) => `Synthetic ${syntheticText(s.spec, s.requested, countParams(s.spec).total)}`,
    );
    process.stdout.write(`${(lines.length ? `${lines.join("\n")}\n\n` : "") + fitText(result)}\n`);
  },
});

import { defineCommand } from "citty";
import { batchSweep, batchText, DEFAULT_MAX_TABLE_BATCH } from "../../core/index.js";
import {
  deviceArgs,
  deviceFromArgs,
  jsonArg,
  modelArgs,
  modelFromArgs,
  parseCount,
  parseDuration,
  workloadArgs,
  workloadFromArgs,
} from "../args.js";
import { checkFlags } from "../check-flags.js";

const { phase: _phase, batch: _batch, ...batchWorkload } = workloadArgs;
const args = {
  ...modelArgs,
  ...deviceArgs,
  ...batchWorkload,
  latency: {
    type: "string",
    description: "per-token latency budget (one decode step): 100ms, 0.1s; finds the best batch within it",
    valueHint: "duration",
  },
  "max-batch": {
    type: "string",
    description: `largest batch of the table, doubling from 1 (default ${DEFAULT_MAX_TABLE_BATCH})`,
    valueHint: "N",
  },
  ...jsonArg,
} as const;

export default defineCommand({
  meta: {
    name: "batch",
    description:
      "Decode throughput and latency as the batch grows, where it turns compute-bound, the best batch for a latency budget (vs the chapter's B_opt)",
  },
  args,
  async run({ args: a, rawArgs }) {
    checkFlags(rawArgs, args, 0);
    const latencyS = a.latency === undefined ? undefined : parseDuration("--latency", a.latency);
    const maxBatch =
      a["max-batch"] === undefined
        ? DEFAULT_MAX_TABLE_BATCH
        : parseCount("--max-batch", a["max-batch"], 1, 65536);
    const workload = workloadFromArgs(a);
    const [model, device] = await Promise.all([modelFromArgs(a), deviceFromArgs(a)]);
    const r = batchSweep({
      model: model.spec,
      device,
      workload,
      maxBatch,
      ...(latencyS === undefined ? {} : { latencyS }),
      ...(model.weights ? { weights: model.weights } : {}),
    });
    process.stdout.write(`${a.json ? JSON.stringify(r, null, 2) : batchText(r)}\n`);
  },
});

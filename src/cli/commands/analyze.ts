import { defineCommand } from "citty";
import { analysisText, analyze, analyzeOffload, offloadText } from "../../core/index.js";
import {
  calibrationArg,
  deviceArgs,
  deviceFromArgs,
  efficiencyFromArgs,
  jsonArg,
  modelArgs,
  modelFromArgs,
  workloadArgs,
  workloadFromArgs,
} from "../args.js";
import { checkFlags } from "../check-flags.js";
import { offloadFromArgs, placementArgs, systemArgs, wantsSystem } from "../system-args.js";

const args = {
  ...modelArgs,
  ...deviceArgs,
  ...calibrationArg,
  ...workloadArgs,
  ...systemArgs,
  ...placementArgs,
  ...jsonArg,
} as const;

export default defineCommand({
  meta: {
    name: "analyze",
    description: "Per-operator roofline of one layer and the whole model, prefill and decode",
  },
  args,
  async run({ args: a, rawArgs }) {
    checkFlags(rawArgs, args, 0);
    const workload = workloadFromArgs(a);
    if (wantsSystem(a)) {
      // A machine of host + GPU with a placement (issue 17).
      const [model, { system, placement }] = await Promise.all([modelFromArgs(a), offloadFromArgs(a)]);
      const result = analyzeOffload({
        model: model.spec,
        system,
        workload,
        placement,
        ...(model.weights ? { weights: model.weights } : {}),
      });
      process.stdout.write(`${a.json ? JSON.stringify(result, null, 2) : offloadText(result)}\n`);
      for (const n of model.notes) process.stderr.write(`note: ${n}\n`);
      return;
    }
    const [model, device] = await Promise.all([modelFromArgs(a), deviceFromArgs(a)]);
    const efficiency = await efficiencyFromArgs(a, device);
    const result = analyze({
      model: model.spec,
      device,
      workload,
      ...(efficiency ? { efficiency } : {}),
      ...(model.weights ? { weights: model.weights } : {}),
      notes: model.notes,
    });
    if (a.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return;
    }
    process.stdout.write(`${analysisText(result)}\n`);
    for (const n of model.notes) process.stderr.write(`note: ${n}\n`);
  },
});

import { defineCommand } from "citty";
import {
  defaultSteps,
  InputError,
  offloadTimelineText,
  timeline,
  timelineOffload,
  timelineText,
} from "../../core/index.js";
import {
  calibrationArg,
  deviceArgs,
  deviceFromArgs,
  efficiencyFromArgs,
  jsonArg,
  LIST_MAX,
  modelArgs,
  modelFromArgs,
  parseCount,
  workloadArgs,
  workloadFromArgs,
} from "../args.js";
import { checkFlags } from "../check-flags.js";
import { offloadFromArgs, placementArgs, systemArgs, wantsSystem } from "../system-args.js";
import { splitList } from "./lists.js";

/** Each step is a full decode analysis; this caps run time and memory. */
const MAX_GENERATE = 131_072;

const { phase: _phase, context: _context, ...timelineWorkload } = workloadArgs;
const args = {
  ...modelArgs,
  ...deviceArgs,
  ...calibrationArg,
  ...timelineWorkload,
  generate: { type: "string", description: "tokens to generate (default 1000)", valueHint: "N" },
  at: {
    type: "string",
    description: `comma-separated token indices to show, at most ${LIST_MAX["--at"]} (default 1, 2, 5, 10, 20, …)`,
    valueHint: "list",
  },
  ...systemArgs,
  ...placementArgs,
  ...jsonArg,
} as const;

/** Import notes in JSON output, when there are any. */
const notesOf = (notes: readonly string[]) => (notes.length > 0 ? { notes } : {});

export default defineCommand({
  meta: {
    name: "timeline",
    description: "Decode step by step: latency, KV-cache growth and attention share over a generation",
  },
  args,
  async run({ args: a, rawArgs }) {
    checkFlags(rawArgs, args, 0);
    const generate = a.generate === undefined ? 1000 : parseCount("--generate", a.generate, 1, MAX_GENERATE);
    const workload = workloadFromArgs(a);
    let at = defaultSteps(generate);
    if (a.at !== undefined) {
      at = splitList("--at", a.at).map((s) => parseCount("--at", s, 1, generate));
      if (at.length === 0) throw new InputError("--at", a.at, "needs at least one step");
    }
    if (wantsSystem(a)) {
      // A machine of host + GPU with a placement: the same core path as analyze's (issue 17).
      const [model, { system, placement }] = await Promise.all([modelFromArgs(a), offloadFromArgs(a)]);
      const t = timelineOffload({
        model: model.spec,
        system,
        workload,
        placement,
        generateTokens: generate,
        ...(model.weights ? { weights: model.weights } : {}),
      });
      if (a.json) {
        process.stdout.write(
          `${JSON.stringify({ model: model.spec.id, system: system.name, workload, ...notesOf(model.notes), ...t }, null, 2)}\n`,
        );
        return;
      }
      const title = `${model.spec.name} on ${system.name}: prompt ${workload.promptTokens}, generate ${generate}, batch ${workload.batch}, weights ${workload.weights}, KV ${workload.kv}`;
      process.stdout.write(`${offloadTimelineText(t, at, title, model.spec.numLayers)}\n`);
      for (const n of model.notes) process.stderr.write(`note: ${n}\n`);
      return;
    }
    const [model, device] = await Promise.all([modelFromArgs(a), deviceFromArgs(a)]);
    const efficiency = await efficiencyFromArgs(a, device);
    const t = timeline({
      model: model.spec,
      device,
      ...(efficiency ? { efficiency } : {}),
      workload,
      generateTokens: generate,
      ...(model.weights ? { weights: model.weights } : {}),
    });
    if (a.json) {
      process.stdout.write(
        `${JSON.stringify({ model: model.spec.id, device: device.id, workload, ...notesOf(model.notes), ...t }, null, 2)}\n`,
      );
      return;
    }
    const title = `${model.spec.name} on ${device.name}: prompt ${workload.promptTokens}, generate ${generate}, batch ${workload.batch}, weights ${workload.weights}, KV ${workload.kv}, ${workload.attention} attention`;
    process.stdout.write(`${timelineText(t, at, title)}\n`);
    for (const n of model.notes) process.stderr.write(`note: ${n}\n`);
  },
});

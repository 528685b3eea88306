import { defineCommand } from "citty";
import { adviceText, advise } from "../../core/index.js";
import {
  calibrationArg,
  deviceArgs,
  deviceFromArgs,
  efficiencyFromArgs,
  jsonArg,
  modelArgs,
  modelFromArgs,
  parseCount,
  parseFraction,
  workloadArgs,
  workloadFromArgs,
} from "../args.js";
import { checkFlags } from "../check-flags.js";

const { phase: _phase, context: _context, ...adviseWorkload } = workloadArgs;
const args = {
  ...modelArgs,
  ...deviceArgs,
  ...calibrationArg,
  ...adviseWorkload,
  generate: { type: "string", description: "tokens generated per request (default 256)", valueHint: "N" },
  acceptance: {
    type: "string",
    description: "speculative decoding: draft-token acceptance rate (default 0.7)",
    valueHint: "fraction",
  },
  "draft-tokens": {
    type: "string",
    description: "speculative decoding: tokens drafted per iteration (default 4)",
    valueHint: "N",
  },
  ...jsonArg,
} as const;

export default defineCommand({
  meta: {
    name: "advise",
    description: "What bounds the model, and which changes help by how much (each a re-analysis)",
  },
  args,
  async run({ args: a, rawArgs }) {
    checkFlags(rawArgs, args, 0);
    const workload = workloadFromArgs(a);
    const generate = a.generate === undefined ? 256 : parseCount("--generate", a.generate, 1, 1 << 20);
    const alpha = a.acceptance === undefined ? 0.7 : parseFraction("--acceptance", a.acceptance);
    const gamma =
      a["draft-tokens"] === undefined ? 4 : parseCount("--draft-tokens", a["draft-tokens"], 1, 32);
    const [model, device] = await Promise.all([modelFromArgs(a), deviceFromArgs(a)]);
    const efficiency = await efficiencyFromArgs(a, device);
    const result = advise({
      model: model.spec,
      device,
      ...(efficiency ? { efficiency } : {}),
      workload,
      generate,
      speculative: { alpha, gamma },
      ...(model.weights ? { weights: model.weights } : {}),
    });
    process.stdout.write(
      `${a.json ? JSON.stringify({ ...(model.notes.length > 0 ? { notes: model.notes } : {}), ...result }, null, 2) : adviceText(result)}\n`,
    );
    if (!a.json) for (const n of model.notes) process.stderr.write(`note: ${n}\n`);
  },
});

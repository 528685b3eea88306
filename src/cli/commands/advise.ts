import { defineCommand } from "citty";
import {
  adviceText,
  advise,
  hostAndGpu,
  InputError,
  makeItFit,
  makeItFitText,
  placementFlags,
  resolvePlacement,
} from "../../core/index.js";
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
import { offloadFromArgs, placementArgs, systemArgs, wantsSystem } from "../system-args.js";

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
  ...systemArgs,
  ...placementArgs,
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
    // With a host beside the GPU (issue 17): every change judged on the placement, and "make it fit".
    const offload = wantsSystem(a) ? await offloadFromArgs(a) : null;
    const gpu = offload ? hostAndGpu(offload.system).gpu : null;
    if (offload && !gpu) throw new InputError("--device", a.device, "advise on a system needs a GPU");
    const [model, device] = await Promise.all([
      modelFromArgs(a),
      gpu ? Promise.resolve(gpu.device) : deviceFromArgs(a),
    ]);
    const efficiency = await efficiencyFromArgs(a, device);
    const weights = model.weights ? { weights: model.weights } : {};
    const result = advise({
      model: model.spec,
      device,
      ...(efficiency ? { efficiency } : {}),
      workload,
      generate,
      speculative: { alpha, gamma },
      ...weights,
      ...(offload ? { offload } : {}),
    });
    const fit = offload ? makeItFit({ model: model.spec, workload, ...offload, ...weights }) : null;
    const notes = model.notes.length > 0 ? { notes: model.notes } : {};
    const text = () => {
      if (!offload || !fit) return adviceText(result);
      const flags = placementFlags(resolvePlacement(model.spec, offload.placement, true));
      return `${makeItFitText(fit, flags)}\n\n${adviceText(result)}`;
    };
    process.stdout.write(
      `${a.json ? JSON.stringify({ ...notes, ...result, ...(fit ? { makeItFit: fit } : {}) }, null, 2) : text()}\n`,
    );
    if (!a.json) for (const n of model.notes) process.stderr.write(`note: ${n}\n`);
  },
});

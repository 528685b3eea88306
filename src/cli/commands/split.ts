import { defineCommand } from "citty";
import {
  analyzeSplit,
  deviceByLabel,
  findLink,
  fitSplit,
  InputError,
  LINK_TYPES,
  MAX_UNITS,
  readSystem,
  SPLIT_MODES,
  type SplitMode,
  splitFitText,
  splitPlanOf,
  splitText,
} from "../../core/index.js";
import { jsonArg, modelArgs, modelFromArgs, workloadArgs, workloadFromArgs } from "../args.js";
import { checkFlags } from "../check-flags.js";
import { readJsonFile } from "../io/read-json.js";
import { parsePositive, splitList } from "./lists.js";

const args = {
  ...modelArgs,
  device: {
    type: "string",
    description:
      "the units, comma-separated device ids (repeat an id for identical cards): nvidia-rtx-3090,nvidia-rtx-3090",
    valueHint: "ids",
  },
  system: {
    type: "string",
    description:
      "a system JSON (units, links; schema/system.schema.json) instead of --device and --link: the split runs over its GPUs (its hosts if it has none), each hop over the route between two units",
    valueHint: "path",
  },
  units: {
    type: "string",
    description: "with --system: the units taking part, comma-separated ids in order (default: its GPUs)",
    valueHint: "ids",
  },
  link: {
    type: "string",
    description: `the link between the units (default pcie4x16): ${LINK_TYPES.map((l) => l.id).join(", ")}`,
    valueHint: "id",
  },
  split: {
    type: "string",
    description:
      "layer (pipeline, llama.cpp's default) | row (llama.cpp -sm row: matmul rows split, copies to and from the main unit) | tensor (tensor parallel, all-reduce per layer) | rpc (llama.cpp RPC: units 2… are rpc-server hosts over the link) | expert (MoE experts spread, all-to-all per layer) | best (try the in-host splits, rank what fits)",
  },
  "tensor-split": {
    type: "string",
    description:
      "share of the model per unit, comma-separated (e.g. 3,1; default: by memory capacity, as llama.cpp)",
    valueHint: "list",
  },
  ...workloadArgs,
  ...jsonArg,
} as const;

function unitsFromFlags(device: string | undefined) {
  if (device === undefined)
    throw new InputError(
      "--device",
      undefined,
      "name the units, e.g. --device nvidia-rtx-3090,nvidia-rtx-3090 (or --system file.json)",
    );
  const ids = splitList("--device", device);
  if (ids.length > MAX_UNITS) throw new InputError("--device", device, `at most ${MAX_UNITS} units`);
  return ids.map((id) => deviceByLabel(id));
}

async function systemPlan(a: {
  system?: string | undefined;
  units?: string | undefined;
  device?: string | undefined;
  link?: string | undefined;
}) {
  for (const k of ["device", "link"] as const)
    if (a[k] !== undefined)
      throw new InputError(
        `--${k}`,
        a[k],
        "cannot be combined with --system (the file names the units and links)",
      );
  const system = readSystem(await readJsonFile("--system", a.system!), "--system");
  return splitPlanOf(system, a.units === undefined ? undefined : splitList("--units", a.units));
}

export default defineCommand({
  meta: {
    name: "split",
    description:
      "A model split across several GPUs or hosts: per-unit memory, time per token by unit and link, the bottleneck",
  },
  args,
  async run({ args: a, rawArgs }) {
    checkFlags(rawArgs, args, 0);
    const fromSystem = a.system !== undefined ? await systemPlan(a) : null;
    const units = fromSystem?.units ?? unitsFromFlags(a.device);
    const link = fromSystem?.link ?? findLink(a.link ?? "pcie4x16");
    const mode = a.split ?? "layer";
    if (mode !== "best" && !(SPLIT_MODES as readonly string[]).includes(mode))
      throw new InputError("--split", mode, `must be ${SPLIT_MODES.join(", ")} or best`);
    const proportions =
      a["tensor-split"] === undefined
        ? undefined
        : splitList("--tensor-split", a["tensor-split"]).map((x) => parsePositive("--tensor-split", x, 1e6));
    if (proportions && proportions.length !== units.length)
      throw new InputError(
        "--tensor-split",
        a["tensor-split"],
        `needs one proportion per unit (${units.length})`,
      );
    const workload = workloadFromArgs(a);
    const model = await modelFromArgs(a);
    const base = {
      model: model.spec,
      units,
      link,
      workload,
      ...(fromSystem
        ? {
            boundaryLinks: fromSystem.boundaryLinks,
            clientLinks: fromSystem.clientLinks,
            capacitiesBytes: fromSystem.capacitiesBytes,
            unitNames: fromSystem.unitIds,
          }
        : {}),
      ...(model.weights ? { weights: model.weights } : {}),
    };
    if (mode === "best") {
      const ranked = fitSplit(base);
      if (a.json) process.stdout.write(`${JSON.stringify(ranked, null, 2)}\n`);
      else process.stdout.write(`${splitFitText(ranked)}\n`);
      return;
    }
    const result = analyzeSplit({
      ...base,
      split: mode as SplitMode,
      ...(proportions ? { proportions } : {}),
    });
    if (a.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else process.stdout.write(`${splitText(result)}\n`);
    for (const n of model.notes) process.stderr.write(`note: ${n}\n`);
  },
});

import { defineCommand } from "citty";
import {
  DEFAULT_CHAPTER_STEPS,
  DEFAULT_KV_LOW,
  DEFAULT_MIN_GAIN,
  DEFAULT_SPARSE_KEEP,
  InputError,
  isFormatName,
  policySteps,
  policyText,
  simulatePolicies,
} from "../../core/index.js";
import {
  deviceArgs,
  deviceFromArgs,
  jsonArg,
  LIST_MAX,
  modelArgs,
  modelFromArgs,
  parseCount,
  parseFraction,
  workloadArgs,
  workloadFromArgs,
} from "../args.js";
import { checkFlags } from "../check-flags.js";
import { splitList } from "./lists.js";

/** Each step is a decode analysis per policy; this caps run time and memory (as timeline). */
const MAX_GENERATE = 131_072;

const { phase: _phase, context: _context, "kv-keep": _keep, ...policyWorkload } = workloadArgs;
const args = {
  ...modelArgs,
  ...deviceArgs,
  ...policyWorkload,
  generate: {
    type: "string",
    description: "tokens to generate, counting the one from prefill (default 2000)",
    valueHint: "N",
  },
  "kv-low": {
    type: "string",
    description: `KV format of the chapter's INT8 stage and of the roofline policy's switch (default ${DEFAULT_KV_LOW})`,
  },
  "sparse-keep": {
    type: "string",
    description: `chapter policy: fraction of KV entries kept by its sparse-attention stage, modelled as eviction, (0, 1] (default ${DEFAULT_SPARSE_KEEP})`,
    valueHint: "fraction",
  },
  "chapter-steps": {
    type: "string",
    description: `chapter policy: token indices where the INT8 stage starts and after which the sparse stage starts (default ${DEFAULT_CHAPTER_STEPS.join(",")})`,
    valueHint: "a,b",
  },
  "min-gain": {
    type: "string",
    description: `roofline policy: smallest per-step gain worth a KV precision switch, (0, 1] (default ${DEFAULT_MIN_GAIN}); θ = gain / (1 − low bits / base bits)`,
    valueHint: "fraction",
  },
  at: {
    type: "string",
    description: `comma-separated token indices to show, at most ${LIST_MAX["--at"]} (default 1, 2, 5, 10, … and the switch steps)`,
    valueHint: "list",
  },
  ...jsonArg,
} as const;

export default defineCommand({
  meta: {
    name: "policy",
    description:
      "Simulate the chapter's adaptive runtime policy and a roofline-derived one against a fixed policy, step by step (2.3.4)",
  },
  args,
  async run({ args: a, rawArgs }) {
    checkFlags(rawArgs, args, 0);
    const generate = a.generate === undefined ? 2000 : parseCount("--generate", a.generate, 1, MAX_GENERATE);
    const workload = workloadFromArgs(a);
    let kvLow = DEFAULT_KV_LOW;
    if (a["kv-low"] !== undefined) {
      const v = a["kv-low"].toLowerCase();
      if (!isFormatName(v)) throw new InputError("--kv-low", a["kv-low"], "unknown KV-cache format");
      kvLow = v;
    }
    const sparseKeep =
      a["sparse-keep"] === undefined ? DEFAULT_SPARSE_KEEP : parseFraction("--sparse-keep", a["sparse-keep"]);
    const minGain =
      a["min-gain"] === undefined ? DEFAULT_MIN_GAIN : parseFraction("--min-gain", a["min-gain"]);
    let chapterSteps: [number, number] = [DEFAULT_CHAPTER_STEPS[0], DEFAULT_CHAPTER_STEPS[1]];
    if (a["chapter-steps"] !== undefined) {
      const s = splitList("--chapter-steps", a["chapter-steps"]).map((x) =>
        parseCount("--chapter-steps", x, 1, MAX_GENERATE),
      );
      if (s.length !== 2 || s[0]! > s[1]!)
        throw new InputError(
          "--chapter-steps",
          a["chapter-steps"],
          "must be two token indices a,b with a ≤ b",
        );
      chapterSteps = [s[0]!, s[1]!];
    }
    const at =
      a.at === undefined ? undefined : splitList("--at", a.at).map((s) => parseCount("--at", s, 1, generate));
    const [model, device] = await Promise.all([modelFromArgs(a), deviceFromArgs(a)]);
    const r = simulatePolicies({
      model: model.spec,
      device,
      workload,
      generate,
      kvLow,
      sparseKeep,
      chapterSteps,
      minGain,
      ...(model.weights ? { weights: model.weights } : {}),
    });
    if (a.json) {
      // Per-step records of every policy would be large: keep the shown steps.
      const shown = at ?? policySteps(r);
      const runs = r.runs.map((p) => ({
        ...p,
        steps: shown.map((t) => p.steps.step(t)).filter((s) => s !== undefined),
      }));
      process.stdout.write(`${JSON.stringify({ ...r, runs }, null, 2)}\n`);
      return;
    }
    process.stdout.write(`${policyText(r, at)}\n`);
  },
});

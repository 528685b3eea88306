/**
 * `ridgeline timeline` with a system and a placement (issue 17): the same core path as
 * `analyze`, so each decode step equals analyze's decode at that step's context, and prefill
 * equals analyze's prefill of the prompt.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, describeResult, runCli } from "../helpers/run-cli.js";
import { expectRejected } from "./expect-rejected.js";

beforeAll(assertBuilt);

const SYS = ["--device", "nvidia-rtx-4070", "--host", "amd-ryzen-9-7950x", "--ram", "64"] as const;
const PROMPT = 512;
const GENERATE = 200;

interface Step {
  token: number;
  keys: number;
  latencyS: number;
  gpuS: number;
  hostS: number;
  linkS: number;
}

async function jsonOf(args: readonly string[]) {
  const r = await runCli([...args, "--json"]);
  expect(r.code, describeResult(r)).toBe(0);
  return JSON.parse(r.stdout);
}

describe.each([
  ["dense, -ngl 20", ["--model", "llama-2-7b", "--weights", "q4_k_m", "--gpu-layers", "20"]],
  [
    "MoE, experts of 30 layers on the CPU, KV on the CPU",
    ["--model", "qwen3-30b-a3b", "--weights", "q4_k_m", "--cpu-moe-layers", "30", "--kv-on", "cpu"],
  ],
])("ridgeline timeline with a placement (%s)", (_, model) => {
  it("steps match analyze's decode at the same context; prefill matches analyze's prefill", async () => {
    const t = await jsonOf([
      "timeline",
      ...model,
      ...SYS,
      "--prompt",
      String(PROMPT),
      "--generate",
      String(GENERATE),
    ]);
    expect(t.steps).toHaveLength(GENERATE);
    const pre = await jsonOf(["analyze", ...model, ...SYS, "--prompt", String(PROMPT), "--phase", "prefill"]);
    expect(t.ttftS).toBeCloseTo(pre.prefill.latencyS, 12);
    expect(t.placement).toEqual(pre.placement);
    for (const token of [2, GENERATE]) {
      const context = PROMPT + token - 1;
      const a = await jsonOf([
        "analyze",
        ...model,
        ...SYS,
        "--prompt",
        String(PROMPT),
        "--context",
        String(context),
        "--phase",
        "decode",
      ]);
      const step: Step = t.steps[token - 1];
      expect(step.keys).toBe(context);
      for (const k of ["latencyS", "gpuS", "hostS", "linkS"] as const)
        expect(step[k] / a.decode[k]).toBeCloseTo(1, 9);
    }
    // The memory is counted at the last step's cache, as analyze counts it at that context.
    const last = await jsonOf([
      "analyze",
      ...model,
      ...SYS,
      "--prompt",
      String(PROMPT),
      "--context",
      String(PROMPT + GENERATE - 1),
    ]);
    expect(t.memory).toEqual(last.memory);
  });
});

describe("ridgeline timeline with a placement, text and bad input", () => {
  it("prints the placement and the time per unit", async () => {
    const r = await runCli([
      "timeline",
      "--model",
      "llama-2-7b",
      "--weights",
      "q4_k_m",
      ...SYS,
      "--gpu-layers",
      "20",
      "--generate",
      "20",
    ]);
    expect(r.code, describeResult(r)).toBe(0);
    expect(r.stdout).toMatch(
      /^placement: 19\/32 layers on the GPU \+ output, KV cache on the GPU {2}\(llama\.cpp: -ngl 20\)$/m,
    );
    expect(r.stdout).toMatch(
      /^\s+token\s+pass\s+KV len\s+t estimate\s+GPU\s+host\s+link\s+storage\s+cumulative$/m,
    );
    expect(r.stdout).toMatch(/^Decode: [\d.]+ tokens\/s estimated over 19 steps$/m);
  });

  it.each([
    [["--gpu-layers", "x"], "--gpu-layers", "x"],
    [["--kv-on", "tpu"], "--kv-on", "tpu"],
    [["--cpu-moe-layers", "4"], "--cpu-moe-layers", "4"],
    [["--mmap-from", "floppy"], "--mmap-from", "floppy"],
  ])("bad input %j names the flag", async (extra, field, value) => {
    const r = await runCli(["timeline", "--model", "llama-2-7b", ...SYS, ...extra]);
    expectRejected(expect, r, { field, value });
  });
});

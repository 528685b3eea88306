/**
 * `ridgeline advise` with a host beside the GPU (issue 17): every change judged on the
 * placement (no ranked change whose placed memory misses), and the "make it fit" options the
 * library's makeItFit gives for the same inputs, in JSON and as text; bad placement input is
 * one line naming the flag.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  type Advice,
  findModel,
  type MakeItFit,
  makeItFit,
  resolveWorkload,
  systemFromFlags,
} from "../../src/core/index.js";
import { assertBuilt, describeResult, runCli } from "../helpers/run-cli.js";
import { expectRejected } from "./expect-rejected.js";

beforeAll(assertBuilt);

const SYS = ["--device", "nvidia-rtx-4090", "--host", "amd-ryzen-9-7950x", "--ram", "64"] as const;
const ARGS = ["advise", "--model", "qwen3-30b-a3b", ...SYS, "--weights", "q8_0"] as const;

describe("advise on a system", () => {
  it("JSON: the library's make-it-fit options; nothing ranked misses on the placement", async () => {
    const r = await runCli([...ARGS, "--json"], { timeoutMs: 60_000 });
    expect(r.code, describeResult(r)).toBe(0);
    const out = JSON.parse(r.stdout) as Advice & { makeItFit: MakeItFit };
    const expected = makeItFit({
      model: findModel("qwen3-30b-a3b"),
      system: systemFromFlags({ gpus: ["nvidia-rtx-4090"], host: "amd-ryzen-9-7950x", ramGiB: 64 }),
      workload: resolveWorkload({ weights: "q8_0" }),
      placement: {},
    });
    expect(out.makeItFit).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(out.makeItFit.options.map((o) => o.change.kind)).toContain("cpu-moe");
    expect(out.baseline.fits).toBe(false);
    for (const x of out.recommendations) expect(x.after.fits, x.title).not.toBe(false);
  });

  it("text: the make-it-fit table first, then the advice", async () => {
    const r = await runCli([...ARGS], { timeoutMs: 60_000 });
    expect(r.code, describeResult(r)).toBe(0);
    expect(r.stdout).toMatch(/^The placement \(-ngl 49\) does not fit\. Make it fit/);
    expect(r.stdout).toContain("every layer's experts on the CPU (--cpu-moe)");
    expect(r.stdout).toContain("Advice for qwen3-30b-a3b on nvidia-rtx-4090");
  });

  it("bad placement input: one line naming the flag", async () => {
    expectRejected(expect, await runCli([...ARGS, "--gpu-layers", "x"]), {
      field: "--gpu-layers",
      value: "x",
    });
  });
});

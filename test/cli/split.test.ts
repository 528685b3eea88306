/** `ridgeline split`: a model over several units, end to end, and its bad input. */
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, describeResult, runCli } from "../helpers/run-cli.js";
import { expectRejected } from "./expect-rejected.js";

beforeAll(assertBuilt);

const BASE = ["split", "--model", "llama-3-70b", "--weights", "q4_k_m"] as const;

describe("ridgeline split", () => {
  it("two RTX 3090s, layer split: per-unit table, both phases, the bottleneck", async () => {
    const r = await runCli([...BASE, "--device", "nvidia-rtx-3090,nvidia-rtx-3090"]);
    expect(r.code, describeResult(r)).toBe(0);
    expect(r.stdout).toMatch(/^layer split over 2 units, linked by PCIe 4\.0 ×16 \(31\.5 GB\/s, 20\.0 µs\)/);
    expect(r.stdout).toMatch(/nvidia-rtx-3090\s+40\s/);
    expect(r.stdout).toMatch(
      /^decode: .* tokens\/s; link .*; bottleneck unit \d \(nvidia-rtx-3090\): \d+% of each pass$/m,
    );
  });

  it("--json gives the analysis object; --split best ranks the candidates", async () => {
    const r = await runCli([
      ...BASE,
      "--device",
      "nvidia-rtx-4090,nvidia-rtx-3090",
      "--split",
      "tensor",
      "--tensor-split",
      "1,1",
      "--json",
    ]);
    expect(r.code, describeResult(r)).toBe(0);
    const a = JSON.parse(r.stdout);
    expect(a.split).toBe("tensor");
    expect(a.units.map((u: { share: number }) => u.share)).toEqual([0.5, 0.5]);
    expect(a.decode.tokensPerS).toBeGreaterThan(0);
    const best = await runCli([
      ...BASE,
      "--device",
      "nvidia-rtx-4090,nvidia-rtx-3090",
      "--split",
      "best",
      "--json",
    ]);
    expect(best.code, describeResult(best)).toBe(0);
    const ranked = JSON.parse(best.stdout) as { tokensPerS: number }[];
    expect(ranked.length).toBeGreaterThan(1);
    expect(ranked[0]!.tokensPerS).toBeGreaterThanOrEqual(ranked[1]!.tokensPerS);
  });

  it("--split rpc over 2.5 GbE: the link's time includes the graph and the logits; the time line in JSON", async () => {
    const r = await runCli([
      ...BASE,
      "--device",
      "apple-m3-ultra-gpu-80c,apple-m3-ultra-gpu-80c",
      "--link",
      "eth2_5g",
      "--split",
      "rpc",
      "--json",
    ]);
    expect(r.code, describeResult(r)).toBe(0);
    const a = JSON.parse(r.stdout);
    expect(a.split).toBe("rpc");
    expect(a.units.map((u: { layers: number }) => u.layers)).toEqual([40, 40]);
    // More than the hidden state alone: 8192 × 4 bytes at 0.3125 GB/s is 0.1 ms.
    expect(a.decode.linkS).toBeGreaterThan(1e-3);
    expect(a.decode.timeline.some((s: { kind: string }) => s.kind === "link")).toBe(true);
  });

  it("--system file.json: the units and each hop's route from the file", async () => {
    const sys = fileURLToPath(new URL("../fixtures/systems/two-3090s-and-a-mac.json", import.meta.url));
    const r = await runCli([...BASE, "--system", sys, "--units", "gpu0,gpu1,mac"]);
    expect(r.code, describeResult(r)).toBe(0);
    expect(r.stdout).toMatch(/^ {2}gpu0 → gpu1: NVLink bridge/m);
    expect(r.stdout).toMatch(/^ {2}gpu1 → mac: PCIe 4\.0 ×8 \+ 10 GbE/m);
    expect(r.stdout).toMatch(/^mac \(apple-m3-ultra-gpu-80c\)\s+\d+/m);
    const both = await runCli([...BASE, "--system", sys, "--device", "nvidia-rtx-3090"]);
    expectRejected(expect, both, { field: "--device", value: "nvidia-rtx-3090" });
    const bad = await runCli([...BASE, "--system", sys, "--units", "gpu0,tpu"]);
    expectRejected(expect, bad, { field: "--units", value: "tpu" });
  });

  it.each([
    {
      args: ["--device", "nvidia-rtx-3090,nvidia-rtx-3090", "--split", "expert"],
      field: "--split",
      value: '"expert"',
    },
    { args: ["--device", "nvidia-rtx-3090", "--link", "pcie9"], field: "--link", value: '"pcie9"' },
    {
      args: ["--device", "nvidia-rtx-3090,nvidia-rtx-3090", "--tensor-split", "1"],
      field: "--tensor-split",
      value: '"1"',
    },
    { args: ["--device", "nvidia-rtx-3090", "--split", "ring"], field: "--split", value: '"ring"' },
    { args: ["--device", "nvidia-rtx-3090,,nvidia-rtx-3090"], field: "--device", value: "nvidia-rtx-3090,," },
    { args: ["--device", "nvidia-rtx-3090", "--tensor-split", "-1"], field: "--tensor-split", value: '"-1"' },
  ])("bad input $field $value: exit 2, one line naming it", async ({ args, field, value }) => {
    expectRejected(expect, await runCli([...BASE, ...args]), { field, value });
  });
});

/** `ridgeline analyze` with a system and a placement (issue 17), end to end, and its bad input. */
import { beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, describeResult, runCli } from "../helpers/run-cli.js";
import { expectRejected } from "./expect-rejected.js";

beforeAll(assertBuilt);

const SYS = ["--device", "nvidia-rtx-4070", "--host", "amd-ryzen-9-7950x", "--ram", "64"] as const;
const LLAMA = ["analyze", "--model", "llama-2-7b", "--weights", "q4_k_m", "--prompt", "512"] as const;

describe("ridgeline analyze with a placement", () => {
  it("--gpu-layers 20: the placement in llama.cpp's flags, memory and time per unit, the bottleneck", async () => {
    const r = await runCli([...LLAMA, ...SYS, "--gpu-layers", "20"]);
    expect(r.code, describeResult(r)).toBe(0);
    expect(r.stdout).toMatch(
      /^placement: 19\/32 layers on the GPU \+ output, KV cache on the GPU {2}\(llama\.cpp: -ngl 20\)$/m,
    );
    expect(r.stdout).toMatch(/^gpu\s+nvidia-rtx-4070\s.*12\.0 GiB\s+✓$/m);
    expect(r.stdout).toMatch(/^host\s+amd-ryzen-9-7950x\s.*64\.0 GiB\s+✓$/m);
    expect(r.stdout).toMatch(/^decode bottleneck: the host \(amd-ryzen-9-7950x\): \d+% of each pass$/m);
  });

  it("--system file and --json: the same analysis as the flags", async () => {
    const flags = await runCli([
      ...LLAMA,
      "--device",
      "nvidia-rtx-4070",
      "--host",
      "amd-ryzen-9-7950x",
      "--ram",
      "64",
      "--storage",
      "samsung-990-pro",
      "--gpu-layers",
      "10",
      "--json",
    ]);
    const file = await runCli([
      ...LLAMA,
      "--system",
      "data/systems/desktop-rtx-4070.json",
      "--gpu-layers",
      "10",
      "--json",
    ]);
    expect(flags.code, describeResult(flags)).toBe(0);
    expect(file.code, describeResult(file)).toBe(0);
    const a = JSON.parse(flags.stdout);
    const b = JSON.parse(file.stdout);
    expect(b.decode).toEqual(a.decode);
    expect(b.memory).toEqual(a.memory);
    expect(a.placement.flags).toBe("-ngl 10");
  });

  it("--cpu-moe and --mmap-from on a MoE model larger than RAM", async () => {
    const r = await runCli([
      "analyze",
      "--model",
      "qwen3-30b-a3b",
      "--weights",
      "q4_k_m",
      ...SYS.slice(0, 4),
      "--ram",
      "8",
      "--cpu-moe",
      "--mmap-from",
      "nvme",
      "--json",
    ]);
    expect(r.code, describeResult(r)).toBe(0);
    const a = JSON.parse(r.stdout);
    expect(a.placement.cpuMoeLayers).toBe(48);
    expect(a.memory.streamedBytes).toBeGreaterThan(0);
    expect(a.decode.storageS).toBeGreaterThan(0);
    expect(a.fits).toBe(true);
  });

  it.each([
    [["--gpu-layers", "x"], "--gpu-layers", "x"],
    [["--kv-on", "tpu"], "--kv-on", "tpu"],
    [["--cpu-moe-layers", "4"], "--cpu-moe-layers", "4"], // llama-2-7b has no experts
    [["--link", "pcie9x1"], "--link", "pcie9x1"],
    [["--mmap-from", "floppy"], "--mmap-from", "floppy"],
    [["--system", "data/systems/desktop-rtx-4070.json"], "--device", "nvidia-rtx-4070"],
  ])("bad input %j names the flag", async (extra, field, value) => {
    expectRejected(expect, await runCli([...LLAMA, ...SYS, ...extra]), { field, value });
  });
});

describe("ridgeline fit with a system", () => {
  it("ranks fitting placements by decode tokens/s and gives both trade-off curves (--json)", async () => {
    const r = await runCli([
      "fit",
      "--model",
      "llama-2-13b",
      "--weights",
      "q4_k_m",
      "--kv",
      "fp16",
      "--device",
      "nvidia-rtx-3060-8gb",
      "--host",
      "amd-ryzen-9-7950x",
      "--ram",
      "32",
      "--context",
      "2048",
      "--json",
    ]);
    expect(r.code, describeResult(r)).toBe(0);
    const f = JSON.parse(r.stdout);
    // 13B Q4_K_M (~7.3 GiB of weights) and its KV cache do not fit an 8 GB card together: the
    // best keeps layers or the KV cache (-nkvo) on the host.
    expect(f.best.fits).toBe(true);
    expect(f.best.gpuLayers < 41 || f.best.kvOn === "cpu").toBe(true);
    expect(f.best.gpuLayers).toBeGreaterThan(20);
    const speeds = f.ranked.map((c: { decodeTokensPerS: number }) => c.decodeTokensPerS);
    expect(speeds).toEqual([...speeds].sort((a: number, b: number) => b - a));
    expect(f.ranked.every((c: { fits: boolean }) => c.fits !== false)).toBe(true);
    // The all-GPU point of the -ngl curve does not fit the 8 GB card.
    const all = f.byGpuLayers.find((p: { x: number }) => p.x === 41);
    expect(all.fits).toBe(false);
    expect(f.byContext.length).toBeGreaterThan(1);
  });

  it("a model-size flag in a system fit is refused naming it", async () => {
    const r = await runCli(["fit", "--model", "llama-2-7b", ...SYS, "--latency", "100ms"]);
    expectRejected(expect, r, { field: "--latency", value: "100ms" });
  });
});

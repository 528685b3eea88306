/**
 * A unified-memory device whose GPU share already misses gets one memory message for the
 * whole pool, not a second one saying the host "can use 0.00 GiB" (issue 17 leftover).
 */
import { describe, expect, it } from "vitest";
import { findDevice, findModel } from "../../src/core/catalog/lookup.js";
import { readSystem } from "../../src/core/cluster/system.js";
import { resolveWorkload } from "../../src/core/graph/resolve.js";
import { analyzeOffload } from "../../src/core/offload/analyze-offload.js";
import { analyze } from "../../src/core/predict/analyze.js";
import { GiB } from "../../src/core/units/quantities.js";

const big = findModel("llama-2-70b");
const wl = resolveWorkload({});
const misses = (ds: readonly { code: string; message: string }[]) =>
  ds.filter((d) => d.code === "memory.does-not-fit");

describe("memory messages of a shared pool", () => {
  it("Jetson (no stated reserve): the GPU misses, so one message names both shares and the pool", () => {
    const a = analyze({ model: big, device: findDevice("nvidia-jetson-orin-nx-16gb"), workload: wl });
    const [gpu, host] = a.memory.plan.units;
    expect(gpu!.fits).toBe(false);
    expect(host!.shared && host!.fits === false).toBe(true);
    const m = misses(a.diagnostics);
    expect(m).toHaveLength(1);
    const total = ((gpu!.bytes + host!.bytes) / GiB).toFixed(2);
    expect(m[0]!.message).toMatch(
      new RegExp(
        `^nvidia-jetson-orin-nx-16gb needs ${total} GiB of its 16\\.00 GiB shared memory as llama\\.cpp allocates it \\(GPU: CUDA0 model buffer .*; host: CPU_Mapped model buffer `,
      ),
    );
    expect(m[0]!.message).not.toMatch(/can use 0\.00/);
  });

  it("a discrete GPU keeps its one message per unit", () => {
    const a = analyze({ model: big, device: findDevice("nvidia-rtx-4090"), workload: wl });
    expect(misses(a.diagnostics).map((d) => d.message)).toEqual([
      expect.stringMatching(/^nvidia-rtx-4090 needs .* but it can use 24\.00 GiB$/),
    ]);
  });

  it("a SoC system whose GPU and host shares both miss: one line for the pool", () => {
    const soc = readSystem({
      units: [
        { id: "cpu", kind: "host", device: "nvidia-jetson-orin-nano-8gb-cpu", memoryGiB: 8 },
        { id: "gpu", kind: "gpu", device: "nvidia-jetson-orin-nano-8gb" },
      ],
      links: [{ between: ["cpu", "gpu"], link: "unified" }],
    });
    const a = analyzeOffload({ model: big, system: soc, workload: wl });
    expect(a.memory.units.map((u) => u.fits)).toEqual([false, false]);
    expect(a.diagnostics.filter((d) => /needs/.test(d))).toEqual([
      expect.stringMatching(
        /^the shared memory of nvidia-jetson-orin-nano-8gb and nvidia-jetson-orin-nano-8gb-cpu needs [\d.]+ GiB \(GPU [\d.]+ GiB, host [\d.]+ GiB\) but the GPU can use 8\.00 GiB of it$/,
      ),
    ]);
  });
});

/**
 * Figures as the vendor documents print them, each with the document and the line it comes from,
 * compared with the catalog: GPU figures (test/fixtures/vendor-figures-gpu.json) and CPU / NPU / SoC
 * figures (vendor-figures-soc.json), where a figure can also be one input of a derived value
 * ("peakTflops.fp32/pClockGHz"), since vendors publish cores, clocks and memory speeds, not CPU peaks.
 * A catalog figure that drifts from its vendor document fails here, whatever its own source says.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BUILTIN_DEVICES } from "../../src/core/hardware/devices/index.js";
import type { DeviceSpec } from "../../src/core/hardware/schema.js";
import { PEAK_KEYS, type PeakKey } from "../../src/core/quant/formats.js";

interface Figure {
  device: string;
  figure: string;
  value: number;
  document: string;
  url: string;
  where: string;
  tolerancePct?: number;
  corroboration?: string;
}
const load = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8")) as { figures: Figure[] };
const gpu = load("vendor-figures-gpu.json");
const soc = load("vendor-figures-soc.json");
const byId = new Map(BUILTIN_DEVICES.map((d) => [d.id, d]));

/** The catalog's number for a figure path: "bandwidthGBps", "memoryGiB", "peakTflops.fp16", or "<one of those>/<input>". */
function catalogValue(d: DeviceSpec, figure: string): number | undefined {
  const [path = "", input] = figure.split("/");
  const m = /^peakTflops\.(\w+)$/.exec(path);
  const v =
    path === "bandwidthGBps"
      ? d.bandwidthGBps
      : path === "memoryGiB"
        ? d.memoryGiB
        : m && (PEAK_KEYS as readonly string[]).includes(m[1] ?? "")
          ? d.peakTflops[m[1] as PeakKey]
          : undefined;
  if (v === undefined) throw new Error(`unknown figure ${figure} on ${d.id}`);
  return input === undefined ? v.value : v.derivation?.inputs[input]?.value;
}

function check(f: Figure) {
  const d = byId.get(f.device);
  expect(d, `no catalog device ${f.device}`).toBeDefined();
  if (!d) return;
  const got = catalogValue(d, f.figure);
  expect(got, `${f.device} has no ${f.figure}`).toBeDefined();
  const tol = (f.tolerancePct ?? 0.2) / 100;
  expect(
    Math.abs((got ?? 0) / f.value - 1),
    `${f.device} ${f.figure}: catalog ${got}, ${f.document}: ${f.value}`,
  ).toBeLessThanOrEqual(tol);
  if (f.corroboration)
    expect(Object.hasOwn(d.sources, f.corroboration), `${f.device} ${f.corroboration}`).toBe(true);
}

function wellFormed(figures: Figure[]) {
  for (const f of figures) {
    expect(f.document.length, f.device).toBeGreaterThan(10);
    expect(f.url, f.device).toMatch(/^https:\/\//);
    expect(f.where.length, f.device).toBeGreaterThan(5);
  }
}

describe("vendor fixture (GPU)", () => {
  it("has at least 25 figures across NVIDIA, AMD and Intel, each naming its document", () => {
    expect(gpu.figures.length).toBeGreaterThanOrEqual(25);
    const vendors = new Set(gpu.figures.map((f) => byId.get(f.device)?.vendor));
    expect([...vendors].sort()).toEqual(["AMD", "Intel", "NVIDIA"]);
    wellFormed(gpu.figures);
  });

  it.each(gpu.figures.map((f) => [`${f.device} ${f.figure}`, f] as const))(
    "%s matches the vendor document",
    (_l, f) => check(f),
  );
});

describe("vendor fixture (CPU, NPU, SoC)", () => {
  it("has at least 40 figures over CPUs, NPUs and SoC GPUs of at least 8 vendors, each naming its document", () => {
    expect(soc.figures.length).toBeGreaterThanOrEqual(40);
    const devices = soc.figures.map((f) => byId.get(f.device));
    const vendors = new Set(devices.map((d) => d?.vendor));
    expect(vendors.size).toBeGreaterThanOrEqual(8);
    const units = new Set(devices.map((d) => d?.unit));
    expect([...units].sort()).toEqual(["cpu", "gpu", "npu"]);
    expect(devices.filter((d) => d?.unit === "cpu").length).toBeGreaterThanOrEqual(25);
    expect(devices.filter((d) => d?.unit === "npu").length).toBeGreaterThanOrEqual(5);
    wellFormed(soc.figures);
  });

  it.each(soc.figures.map((f) => [`${f.device} ${f.figure}`, f] as const))(
    "%s matches the vendor document",
    (_l, f) => check(f),
  );
});

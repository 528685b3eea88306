/**
 * GPU figures as the vendor documents print them (test/fixtures/vendor-figures-gpu.json), each
 * with the document and the line it comes from, compared with the catalog. A catalog figure that
 * drifts from its vendor document fails here, whatever its own source says.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BUILTIN_DEVICES } from "../../src/core/hardware/devices/index.js";
import type { DeviceSpec, SourcedValue } from "../../src/core/hardware/schema.js";
import { PEAK_KEYS, type PeakKey } from "../../src/core/quant/formats.js";

interface Figure {
  device: string;
  figure: string;
  value: number;
  document: string;
  url: string;
  where: string;
  tolerancePct?: number;
}
const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/vendor-figures-gpu.json", import.meta.url), "utf8"),
) as {
  figures: Figure[];
};
const byId = new Map(BUILTIN_DEVICES.map((d) => [d.id, d]));

function catalogValue(d: DeviceSpec, figure: string): SourcedValue | undefined {
  if (figure === "bandwidthGBps") return d.bandwidthGBps;
  if (figure === "memoryGiB") return d.memoryGiB;
  const m = /^peakTflops\.(\w+)$/.exec(figure);
  if (m && (PEAK_KEYS as readonly string[]).includes(m[1] ?? "")) return d.peakTflops[m[1] as PeakKey];
  throw new Error(`unknown figure ${figure}`);
}

describe("vendor fixture (GPU)", () => {
  it("has at least 25 figures across NVIDIA, AMD and Intel, each naming its document", () => {
    expect(fixture.figures.length).toBeGreaterThanOrEqual(25);
    const vendors = new Set(fixture.figures.map((f) => byId.get(f.device)?.vendor));
    expect([...vendors].sort()).toEqual(["AMD", "Intel", "NVIDIA"]);
    for (const f of fixture.figures) {
      expect(f.document.length, f.device).toBeGreaterThan(10);
      expect(f.url, f.device).toMatch(/^https:\/\//);
      expect(f.where.length, f.device).toBeGreaterThan(5);
    }
  });

  it.each(fixture.figures.map((f) => [`${f.device} ${f.figure}`, f] as const))(
    "%s matches the vendor document",
    (_label, f) => {
      const d = byId.get(f.device);
      expect(d, `no catalog device ${f.device}`).toBeDefined();
      const v = d && catalogValue(d, f.figure);
      expect(v, `${f.device} has no ${f.figure}`).toBeDefined();
      const tol = (f.tolerancePct ?? 0.2) / 100;
      expect(
        Math.abs((v?.value ?? 0) / f.value - 1),
        `${f.device} ${f.figure}: catalog ${v?.value}, ${f.document}: ${f.value}`,
      ).toBeLessThanOrEqual(tol);
    },
  );
});

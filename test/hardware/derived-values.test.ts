import { describe, expect, it } from "vitest";
import { evaluateDerivation } from "../../src/core/hardware/derivation.js";
import { BUILTIN_DEVICES } from "../../src/core/hardware/devices/index.js";
import { DeviceSpec, type SourcedValue } from "../../src/core/hardware/schema.js";
import { PEAK_KEYS } from "../../src/core/quant/formats.js";

/** Every sourced value of a device, with its path ("peakTflops.fp32", "bandwidthGBps", ...). */
function values(d: DeviceSpec): [string, SourcedValue][] {
  const out: [string, SourcedValue | undefined][] = [
    ...PEAK_KEYS.map((k) => [`peakTflops.${k}`, d.peakTflops[k]] as [string, SourcedValue | undefined]),
    ["bandwidthGBps", d.bandwidthGBps],
    ["memoryGiB", d.memoryGiB],
    ["powerW", d.powerW],
  ];
  return out.filter((e): e is [string, SourcedValue] => e[1] !== undefined);
}

const rows = BUILTIN_DEVICES.flatMap((d) => values(d).map(([path, v]) => [`${d.id} ${path}`, d, v] as const));

describe("derived catalog figures", () => {
  it.each(rows.filter(([, d, v]) => d.sources[v.source]?.kind === "derived"))(
    "%s (source kind derived) has a derivation",
    (_n, _d, v) => {
      expect(v.derivation).toBeDefined();
    },
  );

  it.each(rows.filter(([, , v]) => v.derivation))(
    "%s: the formula recomputes the value within 0.5%",
    (_n, _d, v) => {
      const r = evaluateDerivation(v.derivation!);
      if (r instanceof Error) throw r;
      expect(Math.abs(r / v.value - 1)).toBeLessThanOrEqual(0.005);
    },
  );

  it("the schema refuses a derived-kind value without a derivation", () => {
    const d = structuredClone(BUILTIN_DEVICES.find((x) => x.id === "raspberry-pi-5")!);
    delete d.bandwidthGBps.derivation;
    d.sources[d.bandwidthGBps.source]!.kind = "derived";
    const r = DeviceSpec.safeParse(d);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toMatch(/needs a .{0,2}derivation/);
  });
});

import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { BUILTIN_DEVICES } from "../../src/core/hardware/devices/index.js";
import type { DeviceSpec } from "../../src/core/hardware/schema.js";
import { matchesText, parseDeviceQuery, searchDevices } from "../../src/core/hardware/search.js";

const dev = (o: Partial<DeviceSpec> & { id: string }): DeviceSpec =>
  ({
    name: o.id,
    vendor: "Acme",
    unit: "gpu",
    class: "apple-gpu",
    peakTflops: {},
    bandwidthGBps: { value: 1, source: "s" },
    sources: {},
    ...o,
  }) as DeviceSpec;

const A = dev({
  id: "acme-x1-gpu",
  name: "Acme X1 GPU (10-core)",
  family: "Acme X",
  aliases: ["X1 10-core GPU"],
});
const B = dev({
  id: "acme-x1-cpu",
  name: "Acme X1 CPU",
  unit: "cpu",
  class: "cpu",
  family: "Acme X",
  aliases: ["ACME X1 Processor"],
});
const C = dev({ id: "other-npu", name: "Other NPU", vendor: "Other", unit: "npu", class: "npu" });
const ALL = [A, B, C];

describe("searchDevices", () => {
  it("no filters: everything, in order", () => {
    expect(searchDevices(ALL, {})).toEqual(ALL);
  });
  it("filters by vendor (case-insensitive), unit and class", () => {
    expect(searchDevices(ALL, { vendor: "acme" })).toEqual([A, B]);
    expect(searchDevices(ALL, { unit: "cpu" })).toEqual([B]);
    expect(searchDevices(ALL, { class: "npu" })).toEqual([C]);
    expect(searchDevices(ALL, { vendor: "ACME", unit: "npu" })).toEqual([]);
  });
  it("free text matches id, name, family and aliases, every word somewhere", () => {
    expect(searchDevices(ALL, { text: "x1" })).toEqual([A, B]);
    expect(searchDevices(ALL, { text: "acme x1 processor" })).toEqual([B]);
    expect(searchDevices(ALL, { text: "10-CORE" })).toEqual([A]);
    expect(searchDevices(ALL, { text: "acme x" })).toEqual([A, B]);
    expect(searchDevices(ALL, { text: "other-npu" })).toEqual([C]);
    expect(searchDevices(ALL, { text: "zzz" })).toEqual([]);
    expect(matchesText(A, "   ")).toBe(true);
  });
  it("finds catalog entries by alias", () => {
    const hits = searchDevices(BUILTIN_DEVICES, { text: "Cortex-A76" }).map((d) => d.id);
    expect(hits).toContain("raspberry-pi-5");
  });
});

describe("parseDeviceQuery", () => {
  it("accepts known values, normalising case", () => {
    expect(parseDeviceQuery(ALL, { vendor: "acme", unit: "GPU", class: "Apple-GPU", text: "x1" })).toEqual({
      vendor: "acme",
      unit: "gpu",
      class: "apple-gpu",
      text: "x1",
    });
    expect(parseDeviceQuery(ALL, { text: "  " })).toEqual({});
  });
  it("refuses unknown values with an InputError naming the flag", () => {
    expect(() => parseDeviceQuery(ALL, { vendor: "nobody" })).toThrow(InputError);
    expect(() => parseDeviceQuery(ALL, { vendor: "nobody" })).toThrow(
      /^--vendor: unknown vendor; vendors: Acme, Other/,
    );
    expect(() => parseDeviceQuery(ALL, { unit: "tpu" })).toThrow(
      /^--unit: must be cpu, gpu, npu, dsp \(got "tpu"\)/,
    );
    expect(() => parseDeviceQuery(ALL, { class: "gpu" })).toThrow(/^--class: must be one of /);
  });
});

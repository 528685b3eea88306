/**
 * Consistency of the whole device catalog: ids and aliases resolve to one device, ridge points
 * recompute from the stored peaks and bandwidth, precisions are ordered as the hardware orders
 * them, every derived figure equals its formula, and every alternative figure is close to the
 * value or explains why not.
 */
import { describe, expect, it } from "vitest";
import { evaluateDerivation } from "../../src/core/hardware/derivation.js";
import { BUILTIN_DEVICES } from "../../src/core/hardware/devices/index.js";
import type { DeviceSpec, SourcedValue } from "../../src/core/hardware/schema.js";
import { PEAK_KEYS } from "../../src/core/quant/formats.js";
import { deviceRoofs, ridgeFor } from "../../src/core/roofline/device-roofs.js";

/** Every sourced figure of a device with a label. */
function figures(d: DeviceSpec): [string, SourcedValue][] {
  const out: [string, SourcedValue][] = [];
  for (const k of PEAK_KEYS) {
    const v = d.peakTflops[k];
    if (v) out.push([`peakTflops.${k}`, v]);
  }
  out.push(["bandwidthGBps", d.bandwidthGBps]);
  if (d.memoryGiB) out.push(["memoryGiB", d.memoryGiB]);
  if (d.powerW) out.push(["powerW", d.powerW]);
  return out;
}
const GPU_CLASSES = new Set([
  "apple-gpu",
  "nvidia-gpu",
  "nvidia-jetson",
  "amd-gpu",
  "intel-gpu",
  "mobile-gpu",
]);
/** The discrete-GPU / Jetson side of the catalog (NVIDIA, AMD Radeon and Instinct, Intel Arc), held to the strict rules below. */
const DISCRETE = (d: DeviceSpec) =>
  /^(nvidia-|amd-radeon-(rx|pro|ai)-|amd-instinct-|intel-arc-)/.test(d.id) && d.unit === "gpu";
/** Architectures with matrix (tensor) units whose fp16 roof is at least the fp32 one. */
const TENSOR_FAMILIES = /^(Volta|Turing|Ampere|Ada Lovelace|Hopper|Blackwell|RDNA [34]|CDNA|Xe2?-HPG)/;
const norm = (s: string) => s.toLowerCase().replace(/\s+/g, " ").trim();

describe("catalog consistency", () => {
  it("ids are unique", () => {
    const ids = BUILTIN_DEVICES.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("every alias (and name) resolves to one device", () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const d of BUILTIN_DEVICES) {
      for (const label of new Set([d.name, ...(d.aliases ?? [])].map(norm))) {
        const prev = owner.get(label);
        if (prev && prev !== d.id) clashes.push(`"${label}": ${prev} and ${d.id}`);
        owner.set(label, d.id);
      }
    }
    expect(clashes).toEqual([]);
  });

  it("every discrete GPU has a family and aliases including its full vendor name", () => {
    for (const d of BUILTIN_DEVICES.filter(DISCRETE)) {
      expect(d.family, d.id).toBeTruthy();
      expect(d.aliases?.length, d.id).toBeGreaterThan(0);
      expect(GPU_CLASSES.has(d.class), `${d.id} class ${d.class}`).toBe(true);
      const expected = d.id.startsWith("nvidia-jetson")
        ? "nvidia-jetson"
        : d.id.split("-")[0] === "nvidia"
          ? "nvidia-gpu"
          : d.id.startsWith("amd-")
            ? "amd-gpu"
            : "intel-gpu";
      expect(d.class, d.id).toBe(expected);
    }
  });

  it.each(BUILTIN_DEVICES.map((d) => [d.id, d] as const))(
    "%s: ridge points recompute from peak / bandwidth",
    (_id, d) => {
      const roofs = deviceRoofs(d);
      for (const k of PEAK_KEYS) {
        const v = d.peakTflops[k];
        if (!v) continue;
        // A CPU streams at the bandwidth its cores reach where the entry measures one.
        const bw = (d.unit === "cpu" && d.cpuBandwidthGBps ? d.cpuBandwidthGBps : d.bandwidthGBps).value;
        const ridge = (v.value * 1e12) / (bw * 1e9);
        expect(ridgeFor(roofs, k), `${d.id} ${k}`).toBeCloseTo(ridge, 9);
        expect(Number.isFinite(ridge) && ridge > 0).toBe(true);
      }
    },
  );

  it("fp16 >= fp32 on GPUs with tensor / matrix units, int8 >= fp16 wherever both exist", () => {
    const bad: string[] = [];
    for (const d of BUILTIN_DEVICES) {
      const { fp16, fp32, int8 } = d.peakTflops;
      if (
        GPU_CLASSES.has(d.class) &&
        TENSOR_FAMILIES.test(d.family ?? "") &&
        fp16 &&
        fp32 &&
        fp16.value < fp32.value
      )
        bad.push(`${d.id}: fp16 ${fp16.value} < fp32 ${fp32.value}`);
      if (fp16 && int8 && int8.value < fp16.value)
        bad.push(`${d.id}: int8 ${int8.value} < fp16 ${fp16.value}`);
    }
    expect(bad).toEqual([]);
  });

  it("every GPU and CPU has an fp16 or fp32 peak; an NPU without one says why in its notes", () => {
    const missing: string[] = [];
    for (const d of BUILTIN_DEVICES) {
      if (d.peakTflops.fp16 !== undefined || d.peakTflops.fp32 !== undefined) continue;
      if (d.unit === "npu" && /No fp16\/fp32 peak: \S/.test(d.notes ?? "")) continue;
      missing.push(d.id);
    }
    expect(missing).toEqual([]);
  });

  it("every device has a family and aliases", () => {
    const bad = BUILTIN_DEVICES.filter((d) => !d.family || !d.aliases?.length).map((d) => d.id);
    expect(bad).toEqual([]);
  });

  it("every derived figure equals its formula evaluated over its inputs (within 0.5%)", () => {
    let n = 0;
    for (const d of BUILTIN_DEVICES) {
      for (const [label, v] of figures(d)) {
        if (!v.derivation) continue;
        n++;
        const got = evaluateDerivation(v.derivation);
        if (got instanceof Error) throw new Error(`${d.id} ${label}: ${got.message}`);
        expect(
          Math.abs(got / v.value - 1),
          `${d.id} ${label}: ${v.derivation.formula} = ${got}, stored ${v.value}`,
        ).toBeLessThanOrEqual(0.005);
        for (const [name, input] of Object.entries(v.derivation.inputs)) {
          expect(Object.hasOwn(d.sources, input.source), `${d.id} ${label} input ${name}`).toBe(true);
        }
      }
    }
    expect(n).toBeGreaterThan(100);
  });

  it("discrete GPUs: a figure whose source is of kind 'derived' carries its derivation", () => {
    // The schema cannot require this yet: Apple, CPU and phone entries (another catalog side) still
    // have derived figures written as notes. Once they carry a derivation, move this to the schema.
    const missing: string[] = [];
    for (const d of BUILTIN_DEVICES.filter(DISCRETE)) {
      for (const [label, v] of figures(d)) {
        if (d.sources[v.source]?.kind === "derived" && !v.derivation) missing.push(`${d.id} ${label}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("every alternative is within 5% of the value or carries a note explaining the difference", () => {
    const bad: string[] = [];
    for (const d of BUILTIN_DEVICES) {
      for (const [label, v] of figures(d)) {
        for (const a of v.alternatives ?? []) {
          if (Math.abs(a.value / v.value - 1) > 0.05 && !a.note)
            bad.push(`${d.id} ${label}: ${a.value} vs ${v.value} (${a.source})`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it("a derived bandwidth equals bus width x data rate, read from its inputs' units (not from its formula)", () => {
    // Each bandwidth derivation names a width (unit "bit", times "channels" when present) and a data rate
    // ("MT/s", or "Gbit/s per pin"); the product is recomputed here independently of the formula text.
    const bad: string[] = [];
    let n = 0;
    for (const d of BUILTIN_DEVICES) {
      const der = d.bandwidthGBps.derivation;
      if (!der) continue;
      const inputs = Object.entries(der.inputs);
      const bits = inputs.filter(([, i]) => i.unit === "bit");
      const channels = der.inputs.channels?.value ?? 1;
      const mts = inputs.find(([, i]) => i.unit === "MT/s")?.[1].value;
      const pin = inputs.find(([, i]) => i.unit === "Gbit/s per pin")?.[1].value;
      if (bits.length !== 1 || (mts === undefined && pin === undefined)) {
        // Only a data-centre board's total divided among its GPUs is allowed to be derived otherwise.
        if (!/hgxTotal/.test(der.formula)) bad.push(`${d.id}: no width x rate inputs in ${der.formula}`);
        continue;
      }
      n++;
      const widthBits = (bits[0]?.[1].value ?? 0) * channels;
      const gbps = (widthBits / 8) * (mts !== undefined ? mts / 1000 : (pin ?? 0));
      if (Math.abs(gbps / d.bandwidthGBps.value - 1) > 0.005)
        bad.push(`${d.id}: ${widthBits} bit x ${mts ?? pin} = ${gbps} GB/s, stored ${d.bandwidthGBps.value}`);
    }
    expect(bad).toEqual([]);
    expect(n).toBeGreaterThan(140);
  });

  it("CPU peaks are derived: cores x clock x FLOP per cycle, each per-cycle figure cited to an ISA / microarchitecture document", () => {
    const ISA_DOCS = new Set([
      "intel-opt-manual",
      "amd-sog-19h",
      "amd-sog-1ah",
      "arm-sogs",
      "oryon",
      "dougallj-firestorm",
      "dougallj-icestorm",
    ]);
    const bad: string[] = [];
    for (const d of BUILTIN_DEVICES.filter((x) => x.unit === "cpu")) {
      const fp32 = d.peakTflops.fp32;
      if (!fp32?.derivation) bad.push(`${d.id}: fp32 is not derived`);
      for (const k of PEAK_KEYS) {
        const v = d.peakTflops[k];
        if (!v?.derivation) continue;
        const perCycle = Object.entries(v.derivation.inputs).filter(([name]) => /PerCycle$/.test(name));
        if (perCycle.length === 0) bad.push(`${d.id} ${k}: no per-cycle input`);
        for (const [name, i] of perCycle) {
          if (!ISA_DOCS.has(i.source)) bad.push(`${d.id} ${k} ${name}: cited to ${i.source}`);
          if (!/^(FLOP|op)\/cycle\/core$/.test(i.unit ?? ""))
            bad.push(`${d.id} ${k} ${name}: unit ${i.unit}`);
          // SIMD / matrix widths: 1 to 6 128-bit NEON pipes, 256/512-bit AVX units, AMX tiles.
          if (![8, 16, 32, 48, 64, 96, 128, 192, 256, 1024, 2048].includes(i.value))
            bad.push(`${d.id} ${k} ${name} = ${i.value}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it("dense convention: a figure derived from a sparse vendor figure halves it, and FP4 is twice FP8 wherever both are listed", () => {
    const bad: string[] = [];
    for (const d of BUILTIN_DEVICES) {
      for (const [label, v] of figures(d)) {
        const sparseInputs = Object.keys(v.derivation?.inputs ?? {}).filter((n) => /sparse/i.test(n));
        if (sparseInputs.length > 0 && !/\/ 2\b/.test(v.derivation?.formula ?? ""))
          bad.push(
            `${d.id} ${label}: ${v.derivation?.formula} uses ${sparseInputs.join(", ")} without halving`,
          );
      }
      const { fp4, fp8 } = d.peakTflops;
      if (fp4 && fp8 && Math.abs(fp4.value / fp8.value - 2) > 0.02)
        bad.push(`${d.id}: fp4 ${fp4.value} is not 2 x fp8 ${fp8.value}`);
      if (d.family?.startsWith("Blackwell") && fp8 && !fp4)
        bad.push(`${d.id}: Blackwell with fp8 but no fp4`);
    }
    expect(bad).toEqual([]);
  });

  it("GeForce cards use one fp16 convention: FP16-accumulate tensor rate, FP32-accumulate kept as an alternative at half", () => {
    const geforce = BUILTIN_DEVICES.filter((d) => /GeForce RTX/.test(d.name));
    expect(geforce.length).toBeGreaterThan(40);
    for (const d of geforce) {
      const fp16 = d.peakTflops.fp16;
      const fp32 = d.peakTflops.fp32;
      expect(fp16 && fp32, d.id).toBeTruthy();
      if (!fp16 || !fp32) continue;
      // Dense tensor FP16 (FP16 accumulate) is 4x the CUDA-core FP32 rate on Ampere/Ada/Blackwell GeForce, 8x on Turing.
      const ratio = fp16.value / fp32.value;
      expect(ratio, d.id).toBeCloseTo(d.family === "Turing" ? 8 : 4, 1);
      const half = fp16.alternatives?.find((a) => Math.abs(a.value / fp16.value - 0.5) < 0.01);
      expect(half?.note, `${d.id}: FP32-accumulate alternative`).toMatch(/FP32 accum/i);
      if (d.peakTflops.bf16) expect(d.peakTflops.bf16.value / fp16.value, d.id).toBeCloseTo(0.5, 2);
    }
  });
});

import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BUILTIN_DEVICES } from "../../src/core/hardware/devices/index.js";
import { DeviceSpec } from "../../src/core/hardware/schema.js";
import { PEAK_KEYS } from "../../src/core/quant/formats.js";

const DIR = fileURLToPath(new URL("../../src/core/hardware/devices/", import.meta.url));
const files = readdirSync(DIR).filter((f) => f.endsWith(".json"));
const fileIds = files.map((f) => f.replace(/\.json$/, "")).sort();

const byId = new Map(BUILTIN_DEVICES.map((d) => [d.id, d]));
function device(id: string): DeviceSpec {
  const d = byId.get(id);
  if (!d) throw new Error(`no built-in device ${id}`);
  return d;
}
/** Ridge point (FLOP/B): peak FLOP/s over bytes/s. TFLOP/s = 1e12, GB/s = 1e9. */
function ridge(peakTflops: number, bandwidthGBps: number): number {
  return (peakTflops * 1e12) / (bandwidthGBps * 1e9);
}

describe("built-in device catalog", () => {
  it("has device files", () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it.each(files)("%s parses with DeviceSpec and is exported", (file) => {
    const raw: unknown = JSON.parse(readFileSync(DIR + file, "utf8"));
    const parsed = DeviceSpec.safeParse(raw);
    if (!parsed.success) {
      throw new Error(`${file}: ${JSON.stringify(parsed.error.issues, null, 2)}`);
    }
    const spec = parsed.data;
    expect(spec.id).toBe(file.replace(/\.json$/, ""));
    expect(spec.$schema).toBe("../../../../schema/device.schema.json");
    expect(byId.get(spec.id)).toEqual(raw);
  });

  it("exports exactly the JSON files, sorted by id, ids unique", () => {
    const ids = BUILTIN_DEVICES.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual(fileIds);
  });

  it.each(BUILTIN_DEVICES.map((d) => [d.id, d] as const))(
    "%s has a bandwidth and a peak, or a note saying why no peak is known",
    (_id, d) => {
      expect(d.bandwidthGBps.value).toBeGreaterThan(0);
      const peaks = PEAK_KEYS.filter((k) => d.peakTflops[k] !== undefined);
      if (peaks.length === 0) {
        expect(d.notes ?? "").toMatch(/no (cpu |npu |gpu )?peak/i);
      }
      // Dense figures only: nothing may be flagged sparse (the schema also refuses it).
      for (const k of peaks) expect(d.peakTflops[k]?.sparse).not.toBe(true);
      for (const s of Object.values(d.sources)) expect(s.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    },
  );

  it("keeps the chapter's devices with a chapter source", () => {
    for (const id of [
      "apple-m2-cpu",
      "apple-m2-gpu",
      "apple-m2-npu",
      "qualcomm-snapdragon-8-gen-3-cpu",
      "qualcomm-snapdragon-8-gen-3-gpu",
      "qualcomm-snapdragon-8-gen-3-npu",
      "nvidia-jetson-orin-nx-16gb",
      "mediatek-dimensity-9300-cpu",
      "mediatek-dimensity-9300-npu",
      "google-tensor-g3-npu",
      "intel-core-ultra-7-155h-cpu",
      "intel-core-ultra-7-155h-gpu",
      "intel-core-ultra-7-155h-npu",
    ]) {
      const d = device(id);
      const chapter = Object.values(d.sources).find((s) => s.kind === "chapter");
      expect(chapter?.title, id).toBe("Chapter 2.1.3 (seed/chapter2-roofline.md)");
    }
  });
});

describe("spot checks of looked-up values", () => {
  it("Apple M2 GPU (the CLI default): 100 GB/s, ~3.6 TFLOPS FP32, ridge ~36 FLOP/B", () => {
    const d = device("apple-m2-gpu");
    expect(d.bandwidthGBps.value).toBe(100);
    const fp32 = d.peakTflops.fp32;
    expect(fp32?.value).toBe(3.58); // 1280 ALUs x 2 x 1.398 GHz (hmc-tech)
    // Chapter: ridge = 3.6e12 FLOP/s / 100e9 B/s = 36 FLOP/B; with the primary 3.58 it is 35.8.
    expect(ridge(fp32?.value ?? 0, d.bandwidthGBps.value)).toBeCloseTo(35.8, 6);
    const chapterAlt = fp32?.alternatives?.find((a) => a.source === "chapter");
    expect(chapterAlt?.value).toBe(3.6);
    expect(ridge(chapterAlt?.value ?? 0, 100)).toBeCloseTo(36, 6);
    // Apple GPUs run FP16 at the FP32 rate.
    expect(d.peakTflops.fp16?.value).toBe(fp32?.value);
  });

  it("H100 SXM: 989.4 dense FP16 TFLOPS over 3350 GB/s, ridge ~295 FLOP/B", () => {
    const d = device("nvidia-h100-sxm");
    expect(d.peakTflops.fp16?.value).toBe(989.4);
    expect(d.peakTflops.fp8?.value).toBe(1978.9);
    // 989.4e12 / 3350e9 = 295.3 FLOP/B
    expect(ridge(989.4, d.bandwidthGBps.value)).toBeCloseTo(295.34, 1);
  });

  it("A100 80GB SXM: 312 dense FP16 TFLOPS, 2039 GB/s, 80 GiB", () => {
    const d = device("nvidia-a100-80gb-sxm");
    expect(d.peakTflops.fp16?.value).toBe(312);
    expect(d.peakTflops.fp32?.value).toBe(19.5);
    expect(d.bandwidthGBps.value).toBe(2039);
    expect(d.memoryGiB?.value).toBe(80);
  });

  it("RTX 4090: the fp16 roof is the FP16-accumulate tensor rate (661 sparse / 2); FP32 accumulate is an alternative and the bf16 rate", () => {
    const d = device("nvidia-rtx-4090");
    expect(d.peakTflops.fp16?.value).toBe(330.3);
    expect(d.peakTflops.fp16?.alternatives?.map((a) => a.value)).toContain(165.15);
    expect(d.peakTflops.bf16?.value).toBe(165.15);
    expect(d.bandwidthGBps.value).toBe(1008);
  });

  it("sparse vendor TOPS are halved: Jetson Orin Nano 40 -> 20, Orin Nano Super 67 -> 33.5, AGX Orin GPU 170 -> 85", () => {
    expect(device("nvidia-jetson-orin-nano-8gb").peakTflops.int8?.value).toBe(20);
    expect(device("nvidia-jetson-orin-nano-super-8gb").peakTflops.int8?.value).toBe(33.5);
    expect(device("nvidia-jetson-agx-orin-64gb").peakTflops.int8?.value).toBe(85);
    expect(device("nvidia-h100-pcie").peakTflops.fp16?.value).toBe(1513 / 2);
  });

  it("Meteor Lake NPU: vendor 11 TOPS is primary, the chapter's 34 TOPS an alternative", () => {
    const int8 = device("intel-core-ultra-7-155h-npu").peakTflops.int8;
    expect(int8?.value).toBe(11);
    expect(int8?.alternatives).toEqual([expect.objectContaining({ value: 34, source: "chapter" })]);
  });

  it("derived bandwidths are marked derived", () => {
    for (const id of ["qualcomm-snapdragon-8-gen-3-gpu", "raspberry-pi-5", "intel-core-i9-13900k"]) {
      const d = device(id);
      expect(d.sources[d.bandwidthGBps.source]?.kind, id).toBe("derived");
    }
    expect(device("qualcomm-snapdragon-8-gen-3-gpu").bandwidthGBps.value).toBe(76.8); // 9600 MT/s x 8 B
  });
});

describe("generated catalog indexes", () => {
  it.each(["devices", "presets"] as const)(
    "%s/index.ts is current (run `npm run gen:catalog`)",
    async (kind) => {
      const { readdirSync, readFileSync } = await import("node:fs");
      const { catalogIndexSource } = await import("../../src/scripts/catalog-index.js");
      const dir = new URL(
        kind === "devices" ? "../../src/core/hardware/devices/" : "../../src/core/models/presets/",
        import.meta.url,
      );
      const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
      expect(readFileSync(new URL("index.ts", dir), "utf8")).toBe(catalogIndexSource(kind, files));
    },
  );
});

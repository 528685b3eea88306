/**
 * Device schema: one compute unit (the CPU, GPU or NPU of a SoC, or a discrete GPU)
 * with its memory. Every number carries the id of its source; a value the sources do
 * not give is absent, never guessed. Types are inferred from this schema.
 */
import * as z from "zod";
import { PEAK_KEYS } from "../quant/formats.js";
import { numberIn, type Range } from "../units/bounds.js";
import { DEVICE_LIMITS } from "./limits.js";

export const SOURCE_KINDS = ["datasheet", "vendor", "chapter", "measured", "derived", "review"] as const;

export const Source = z.object({
  title: z.string().min(1),
  url: z.string().min(1).optional(),
  kind: z.enum(SOURCE_KINDS),
  /** ISO date the source was read. */
  retrieved: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  note: z.string().optional(),
});

const positive = z.number().positive();

/**
 * How a figure no vendor publishes was computed (source kind "derived"): `formula` is an arithmetic
 * expression over the names of `inputs` (numbers, + - * / and parentheses), each input sourced, so a
 * reader (and a test) can redo it, e.g. "cores * clockGHz * flopPerCycle / 1000" for a CPU's TFLOP/s.
 */
export const Derivation = z
  .object({
    formula: z.string().min(1),
    inputs: z.record(
      z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/),
      z
        .object({
          value: z.number().finite(),
          unit: z.string().optional(),
          source: z.string().min(1),
          note: z.string().optional(),
        })
        .strict(),
    ),
  })
  .strict();

/**
 * A number with provenance, within its quantity's physical range (hardware/limits.ts);
 * `alternatives` records other sources' figures for the same quantity.
 */
const sourcedIn = (range: Range) =>
  z.object({
    value: numberIn(range),
    source: z.string().min(1),
    note: z.string().optional(),
    /** true when the figure assumes 2:4 structured sparsity (vendors' "sparse TOPS"). */
    sparse: z.boolean().optional(),
    /** Required when the source's kind is "derived". */
    derivation: Derivation.optional(),
    alternatives: z
      .array(z.object({ value: numberIn(range), source: z.string().min(1), note: z.string().optional() }))
      .optional(),
  });

/** The shape every sourced figure shares (its range depends on the quantity). */
export const SourcedValue = z.object({
  value: positive,
  source: z.string().min(1),
  note: z.string().optional(),
  sparse: z.boolean().optional(),
  derivation: Derivation.optional(),
  alternatives: z
    .array(z.object({ value: positive, source: z.string().min(1), note: z.string().optional() }))
    .optional(),
});

export const COMPUTE_UNITS = ["cpu", "gpu", "npu", "dsp"] as const;
/** Hardware features the advisor can use. "sparse-2:4": tensor cores that skip 2 of every 4 weights (NVIDIA Ampere and later). */
export const DEVICE_FEATURES = ["sparse-2:4"] as const;
/** Device classes group devices for calibration: efficiencies are fitted per class, never per device. */
export const DEVICE_CLASSES = [
  "apple-gpu",
  "nvidia-gpu",
  "nvidia-jetson",
  "amd-gpu",
  "intel-gpu",
  "mobile-gpu",
  "cpu",
  "npu",
] as const;

const SourcedPeak = sourcedIn(DEVICE_LIMITS.peakTflops);
const peakShape = Object.fromEntries(PEAK_KEYS.map((k) => [k, SourcedPeak.optional()])) as Record<
  (typeof PEAK_KEYS)[number],
  z.ZodOptional<typeof SourcedPeak>
>;

/** A device's fields within their physical ranges, without the catalog's provenance rules: what an analysis needs. */
export const DeviceFields = z
  .object({
    $schema: z.string().optional(),
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "lower-case letters, digits, '.', '-'"),
    name: z.string().min(1),
    vendor: z.string().min(1),
    /** Architecture generation ("Ada Lovelace", "RDNA 3", "Apple M2", "Zen 4"): groups devices for search and resolution. */
    family: z.string().min(1).optional(),
    /** Other names people and tools print for this unit ("RTX 4090", llama-bench gpu_info strings), matched by label resolution. */
    aliases: z.array(z.string().min(1)).optional(),
    /** The chip this unit belongs to; units of one SoC share its memory. */
    soc: z.string().optional(),
    unit: z.enum(COMPUTE_UNITS),
    class: z.enum(DEVICE_CLASSES),
    /** Dense peak throughput per precision, in TFLOP/s (TOP/s for integer formats). */
    peakTflops: z.object(peakShape).strict(),
    /** Memory bandwidth the unit can draw, GB/s (1e9 bytes/s). Required. */
    bandwidthGBps: sourcedIn(DEVICE_LIMITS.bandwidthGBps),
    /**
     * The memory bandwidth the CPU cores themselves can reach, GB/s, where it is less than the
     * memory's (`bandwidthGBps`): the CPU clusters of Apple's Pro/Max/Ultra SoCs cannot draw the
     * unified memory's total, the GPU can. A CPU unit's ops use it in bound and estimate. Measured
     * figures only (a review's bandwidth test), never a vendor's memory rating.
     */
    cpuBandwidthGBps: sourcedIn(DEVICE_LIMITS.bandwidthGBps).optional(),
    /** Memory capacity, GiB (2^30 bytes); for a SoC, the configuration this entry describes. */
    memoryGiB: sourcedIn(DEVICE_LIMITS.memoryGiB).optional(),
    features: z.array(z.enum(DEVICE_FEATURES)).optional(),
    /** Typical power under load, watts. */
    powerW: sourcedIn(DEVICE_LIMITS.powerW).optional(),
    notes: z.string().optional(),
    sources: z.record(z.string(), Source),
  })
  .strict();

/** A device entry: its fields, and every figure's source defined (a derived one with its derivation). */
export const DeviceSpec = DeviceFields.superRefine((d, ctx) => {
  const check = (v: z.infer<typeof SourcedValue> | undefined, path: (string | number)[]) => {
    if (!v) return;
    const refs = [
      v.source,
      ...(v.alternatives ?? []).map((a) => a.source),
      ...Object.values(v.derivation?.inputs ?? {}).map((i) => i.source),
    ];
    for (const r of refs) {
      if (!Object.hasOwn(d.sources, r)) {
        ctx.addIssue({ code: "custom", path, message: `source "${r}" is not defined in "sources"` });
      }
    }
    if (d.sources[v.source]?.kind === "derived" && !v.derivation) {
      ctx.addIssue({
        code: "custom",
        path,
        message: `source "${v.source}" is of kind "derived": the value needs a "derivation" (formula and sourced inputs)`,
      });
    }
    if (v.sparse) {
      ctx.addIssue({
        code: "custom",
        path,
        message: "peaks must be dense figures; halve sparse figures and say so in the note",
      });
    }
  };
  for (const k of PEAK_KEYS) check(d.peakTflops[k], ["peakTflops", k]);
  check(d.bandwidthGBps, ["bandwidthGBps"]);
  check(d.cpuBandwidthGBps, ["cpuBandwidthGBps"]);
  if (d.cpuBandwidthGBps && d.unit !== "cpu")
    ctx.addIssue({
      code: "custom",
      path: ["cpuBandwidthGBps"],
      message: `applies to a CPU unit; ${d.id} is a ${d.unit}`,
    });
  if (d.cpuBandwidthGBps && d.cpuBandwidthGBps.value > d.bandwidthGBps.value)
    ctx.addIssue({
      code: "custom",
      path: ["cpuBandwidthGBps"],
      message: `${d.cpuBandwidthGBps.value} GB/s exceeds the memory's ${d.bandwidthGBps.value} GB/s`,
    });
  check(d.memoryGiB, ["memoryGiB"]);
  check(d.powerW, ["powerW"]);
});

export type DeviceSpec = z.infer<typeof DeviceSpec>;
export type SourcedValue = z.infer<typeof SourcedValue>;
export type DeviceClass = (typeof DEVICE_CLASSES)[number];

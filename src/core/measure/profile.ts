/**
 * A measurement as a device profile in the catalog's schema: every number is sourced to
 * the measurement (kind "measured", with its date), and each value's note carries the
 * median, the spread, the thread count and what exactly was measured. The compute peaks
 * are what portable 128-bit WebAssembly SIMD reaches, labelled as such beside the CPU's
 * instruction-set features; FP64 and the per-level bandwidths are in the notes.
 */
import type { DeviceSpec, SourcedValue } from "../hardware/schema.js";
import { formatPercent } from "../units/format.js";
import { GiB } from "../units/quantities.js";
import type { ComputePeak, CpuMeasurement } from "./cpu.js";
import { bytesLabel } from "./cpu.js";
import { NATIVE_SOURCES, type NativePeaks, nativePeaks } from "./native-peaks.js";
import type { SampleStats } from "./stats.js";

export interface HostInfo {
  readonly cpuModel: string;
  readonly vendor: string;
  readonly arch?: string;
  readonly os?: string;
  readonly logicalCpus: number;
  readonly memoryBytes?: number;
  /** Instruction-set features the OS reports (avx2, avx512f, fma, asimddp …). */
  readonly isa: readonly string[];
  readonly isaSource?: string;
  /** "Node v20.20.2 (V8 11.3)", a browser's name … */
  readonly runtime: string;
  /** x86 "cpu family" (decimal) from /proc/cpuinfo, when reported. */
  readonly cpuFamily?: number;
  /** The clock the OS reports, MHz, when it does. */
  readonly clockMHz?: number;
}

export interface ProfileOptions {
  /** ISO date (YYYY-MM-DD) of the measurement. */
  readonly date: string;
  readonly id?: string;
  readonly name?: string;
  readonly toolVersion?: string;
}

export const MEASURED_SOURCE = "ridgeline-measure";

export function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/\(r\)|\(tm\)/g, "")
      .replace(/[^a-z0-9.]+/g, "-")
      .replace(/^[^a-z0-9]+|-+$/g, "")
      .slice(0, 60) || "cpu"
  );
}

const pct = (x: number) => formatPercent(x, 0);
const f = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

function statNote(s: SampleStats, unit: string): string {
  return `median ${f(s.median)} ${unit}, spread ${pct(s.spread)} over ${s.samples.length} samples${s.noisy ? " (NOISY)" : ""}`;
}

/** Short name of the kernels that ran. */
export function simdLabel(m: CpuMeasurement): string {
  return m.simd === "relaxed-simd-128" ? "WebAssembly relaxed SIMD, 128-bit" : "WebAssembly SIMD, 128-bit";
}

function isaText(host: HostInfo): string {
  return host.isa.length
    ? `the CPU reports ${host.isa.join(" ")}`
    : "the CPU's instruction-set features were not available";
}

function computeValue(
  p: ComputePeak,
  m: CpuMeasurement,
  host: HostInfo,
  what: string,
  unit: string,
): SourcedValue {
  const best = p.all.best >= p.one.best ? p.all : p.one;
  const threads = best === p.all ? m.threads : 1;
  return {
    value: best.best / 1000,
    source: MEASURED_SOURCE,
    note:
      `portable 128-bit SIMD peak, not the silicon's: ${what} (${simdLabel(m)}) on ${threads} thread${threads > 1 ? "s" : ""}, ` +
      `best ${f(best.best)} ${unit}, ${statNote(best, unit)}; 1 thread ${f(p.one.best)} ${unit}. ` +
      `Wider native vectors are not used; ${isaText(host)}.`,
  };
}

/** The native peaks of the measured CPU at the measurement's thread count (native-peaks.ts). */
export function nativePeaksOf(m: CpuMeasurement, host: HostInfo, threads = m.threads): NativePeaks {
  return nativePeaks(
    {
      isa: host.isa,
      vendor: host.vendor,
      cpuFamily: host.cpuFamily,
      clockMHz: host.clockMHz,
      cores: threads,
      wasmFp32OneThreadGflops: m.compute.fp32.one.best,
    },
    MEASURED_SOURCE,
  );
}

export function cpuProfile(m: CpuMeasurement, host: HostInfo, o: ProfileOptions): DeviceSpec {
  const threadsText = `${m.threads} thread${m.threads > 1 ? "s" : ""}`;
  const read1 = m.sweeps.find((s) => s.kernel === "read" && s.threads === 1);
  const lastPoint = read1?.points[read1.points.length - 1];
  const dram = m.bandwidth.find((b) => b.label === "DRAM");
  const readAll = m.sweeps.find((s) => s.kernel === "read" && s.threads === m.threads && m.threads > 1);
  const dramStats = (readAll ?? read1)?.points[(readAll ?? read1)!.points.length - 1]?.stats;
  const bwValue = m.dramReadGBps ?? lastPoint?.stats.best;
  if (bwValue === undefined) throw new Error("the measurement has no bandwidth");
  const bwNote =
    (m.dramReadGBps !== undefined
      ? `DRAM read plateau (read-only stream, the access pattern of decode), best of 1 thread (${dram?.read1 !== undefined ? f(dram.read1) : "–"} GB/s) and ${threadsText} (${dram?.readAll !== undefined ? f(dram.readAll) : "–"} GB/s)`
      : `NO DRAM PLATEAU FOUND: read bandwidth at the largest working set (${lastPoint ? bytesLabel(lastPoint.bytes) : "?"}), which may still hit a cache`) +
    (m.dramTriadGBps !== undefined ? `; triad ${f(m.dramTriadGBps)} GB/s` : "") +
    (dramStats ? `; largest working set: ${statNote(dramStats, "GB/s")}` : "") +
    ".";
  const levelsText = m.bandwidth
    .map(
      (b) =>
        `${b.label} ${b.read1 !== undefined ? f(b.read1) : "–"}/${b.readAll !== undefined ? f(b.readAll) : "–"}`,
    )
    .join(", ");
  const cross = m.levels.crossCheck.map((c) => `${c.label} ${bytesLabel(c.osBytes)}: ${c.note}`).join("; ");
  const fp64 = m.compute.fp64;
  const native = nativePeaksOf(m, host);
  const portableFp32 = computeValue(
    m.compute.fp32,
    m,
    host,
    m.simd === "relaxed-simd-128" ? "f32x4 relaxed_madd" : "f32x4 mul + add",
    "GFLOP/s",
  );
  const portableInt8 = computeValue(
    m.compute.int8,
    m,
    host,
    m.simd === "relaxed-simd-128" ? "i32x4 relaxed i8×i7 dot" : "i32x4.dot_i16x8_s on sign-extended int8",
    "GOP/s",
  );
  const withPortable = (n: SourcedValue | undefined, portable: SourcedValue): SourcedValue =>
    n
      ? {
          ...n,
          alternatives: [{ value: portable.value, source: portable.source, note: portable.note ?? "" }],
        }
      : portable;
  const usesNative = native.fp32 !== undefined || native.int8 !== undefined;
  const notes = [
    `Measured by ridgeline measure on ${o.date}: ${host.cpuModel}, ${host.logicalCpus} logical CPUs, ${host.runtime}${host.os ? `, ${host.os}` : ""}; ${m.quick ? "quick run" : "full run"}, ${threadsText}.`,
    `Read bandwidth per level, GB/s (1 thread/${threadsText}): ${levelsText}.`,
    ...(cross
      ? [`Cache sizes from the OS vs the curve: ${cross}.`]
      : m.llcAssumed
        ? [`The OS reported no cache sizes; the sweep assumed a ${bytesLabel(m.llcBytes)} last-level cache.`]
        : []),
    `FP64 (f64x2) multiply-add: ${f(fp64.all.best)} GFLOP/s on ${threadsText}, ${f(fp64.one.best)} on 1 (portable 128-bit SIMD).`,
    ...m.scaling.map(
      (s) =>
        `${s.what === "fp32" ? "FP32" : "DRAM read"} scaling: ${s.usefulThreads} of ${m.threads} threads add throughput.`,
    ),
    ...(m.noisy ? [`NOISY RUN: ${m.warnings.filter((w) => /noisy|clock/i.test(w)).join("; ")}`] : []),
  ].join(" ");
  const spec: DeviceSpec = {
    id: o.id ?? `measured-${slug(host.cpuModel)}`,
    name: o.name ?? `${host.cpuModel} (measured, ${threadsText})`,
    vendor: host.vendor || "unknown",
    unit: "cpu",
    class: "cpu",
    peakTflops: {
      fp32: withPortable(native.fp32, portableFp32),
      ...(native.bf16 ? { bf16: native.bf16 } : {}),
      int8: withPortable(native.int8, portableInt8),
    },
    bandwidthGBps: { value: bwValue, source: MEASURED_SOURCE, note: bwNote },
    ...(host.memoryBytes
      ? {
          memoryGiB: {
            value: host.memoryBytes / GiB,
            source: MEASURED_SOURCE,
            note: "total memory as the OS reported it during the measurement",
          },
        }
      : {}),
    notes,
    sources: {
      ...(usesNative ? NATIVE_SOURCES : {}),
      [MEASURED_SOURCE]: {
        title: `ridgeline measure${o.toolVersion ? ` ${o.toolVersion}` : ""} (${simdLabel(m)}, ${host.runtime})`,
        kind: "measured",
        retrieved: o.date,
        note:
          `Samples of at least ${m.sampleMs} ms, ${m.samples} per point; each figure is the best sample (the roof), with the median and spread ` +
          `((max − min)/median) in its note; NOISY marks a spread above 20% or a clock change.` +
          (m.noisy ? " This run was NOISY." : ""),
      },
    },
  };
  return spec;
}

/**
 * A device reduced to the numbers the roofline needs, in base units, with the peak
 * chosen for each precision and why.
 */
import type { DeviceSpec } from "../hardware/schema.js";
import { PEAK_KEYS, type PeakKey } from "../quant/index.js";
import {
  type BytePerSecond,
  type FlopPerByte,
  fromGBps,
  fromTflops,
  ridgeIntensity,
} from "../units/index.js";
import { GiB } from "../units/quantities.js";
import type { CpuIsa } from "./cpu-kernels/index.js";
import { type ChosenPeak, type GpuArch, gpuArchOf, type KernelChoice } from "./kernel-path.js";

export type { ChosenPeak };

/**
 * Where a precision has no listed peak, the arithmetic runs on the next unit that does:
 * bf16 and fp8 fall back to fp16, fp4 to fp8 then fp16, integer formats to the next wider one,
 * then fp16, then fp32. fp32 never borrows a lower-precision peak.
 */
const FALLBACK: Readonly<Record<PeakKey, readonly PeakKey[]>> = {
  fp32: ["fp32"],
  fp16: ["fp16", "fp32"],
  bf16: ["bf16", "fp16", "fp32"],
  fp8: ["fp8", "fp16", "fp32"],
  fp4: ["fp4", "fp8", "fp16", "fp32"],
  int8: ["int8", "fp16", "fp32"],
  int4: ["int4", "int8", "fp16", "fp32"],
};

export interface DeviceRoofs {
  readonly id: string;
  readonly bandwidth: BytePerSecond;
  readonly peaks: Readonly<Record<PeakKey, ChosenPeak>>;
  readonly memoryBytes: number | null;
  /** The GPU generation whose llama.cpp kernel paths apply (kernel-path.ts), or null. */
  readonly gpuArch: GpuArch | null;
  /** A CPU: ggml-cpu's kernel paths apply (kernel-path.ts). */
  readonly cpu: boolean;
  /** An Arm CPU with fp16 arithmetic (it lists an fp16 peak): ggml-cpu's F16 kernels compute in fp16. */
  readonly cpuHalf: boolean;
  /** A CPU's instruction set, whose ggml-cpu kernels the estimate counts (cpu-kernels/), or null. */
  readonly cpuIsa: CpuIsa | null;
  /** Memo of kernel choices (kernel-path.ts), filled during evaluation. */
  readonly choices: Map<string, KernelChoice>;
}

export function deviceRoofs(d: DeviceSpec): DeviceRoofs {
  const peaks = {} as Record<PeakKey, ChosenPeak>;
  for (const p of PEAK_KEYS) {
    let chosen: ChosenPeak = { precision: p, used: null, flopPerSecond: null, source: null };
    for (const f of FALLBACK[p]) {
      const v = d.peakTflops[f];
      if (v) {
        chosen = { precision: p, used: f, flopPerSecond: fromTflops(v.value), source: v.source };
        break;
      }
    }
    peaks[p] = chosen;
  }
  return {
    id: d.id,
    bandwidth: fromGBps(unitBandwidthGBps(d)),
    peaks,
    memoryBytes: d.memoryGiB ? d.memoryGiB.value * GiB : null,
    gpuArch: gpuArchOf(d),
    cpu: d.unit === "cpu",
    // x86 CPUs convert F16 to fp32 (F16C); Arm FP16 vector arithmetic runs it natively.
    cpuHalf: cpuIsaOf(d) === "arm" && d.peakTflops.fp16 !== undefined,
    cpuIsa: cpuIsaOf(d),
    choices: new Map(),
  };
}

/**
 * A CPU's instruction set, from its vendor: the catalog's Intel and AMD CPUs are x86 (AVX2 and
 * later); every other CPU vendor in it (Apple, Qualcomm, MediaTek, Samsung, Google, NVIDIA, AWS,
 * Ampere, Rockchip, Raspberry Pi) ships Arm cores.
 */
export function cpuIsaOf(d: DeviceSpec): CpuIsa | null {
  if (d.unit !== "cpu") return null;
  return d.vendor === "Intel" || d.vendor === "AMD" ? "x86" : "arm";
}

/**
 * The bandwidth a unit's ops stream at, GB/s: a CPU with a measured CPU-reachable figure uses it
 * (a SoC's CPU clusters cannot draw the unified memory's total), capped by the memory's own
 * (a system may state slower memory than the device entry's).
 */
export function unitBandwidthGBps(d: DeviceSpec): number {
  const cpu = d.unit === "cpu" ? d.cpuBandwidthGBps?.value : undefined;
  return cpu === undefined ? d.bandwidthGBps.value : Math.min(cpu, d.bandwidthGBps.value);
}

export function ridgeFor(roofs: DeviceRoofs, p: PeakKey): FlopPerByte | null {
  const peak = roofs.peaks[p].flopPerSecond;
  return peak === null ? null : ridgeIntensity(peak, roofs.bandwidth);
}

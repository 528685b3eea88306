/**
 * The CPU's native compute peaks, derived from the instruction set the OS reports: what
 * llama.cpp's ggml-cpu kernels can use (256/512-bit FMA, int8 dot products), beside the
 * portable 128-bit WebAssembly peaks `measure` reaches. Each peak is a derivation
 *
 *   TFLOP/s (TOP/s) = cores × clockGHz × opsPerCycle / 1000
 *
 * with opsPerCycle per core from the widest instruction of its kind and the most issue ports
 * any core with that instruction set has (a bound must not be beaten: a figure too low is a
 * bug, a figure too high only loose); the sources are the vendors' optimisation manuals and
 * uops.info's measured throughputs. AMD family 0x19 (Zen 3 / Zen 4) runs 512-bit operations on
 * 256-bit datapaths, so its AVX-512 rates are those of two 256-bit pipes.
 *
 * The clock is the larger of what the OS reports and what the measurement proves: the 1-thread
 * WebAssembly fp32 rate divided by the most fp32 FLOP per cycle 128-bit SIMD can issue
 * (4 lanes × 2 FLOP × 2 pipes = 16), so a core that boosts past its nominal clock is not bounded
 * below its own measured speed.
 */

import type * as z from "zod";
import type { Source, SourcedValue } from "../hardware/schema.js";

export const NATIVE_SOURCE = "ridgeline-native-peak";
export const X86_THROUGHPUT_SOURCE = "x86-throughput";
export const ARM_THROUGHPUT_SOURCE = "arm-throughput";

export const NATIVE_SOURCES: Readonly<Record<string, z.infer<typeof Source>>> = {
  [NATIVE_SOURCE]: {
    title:
      "Native peak derived by ridgeline measure: cores × clock × operations per cycle of the widest instruction the CPU reports",
    kind: "derived",
  },
  [X86_THROUGHPUT_SOURCE]: {
    title:
      "x86 per-core throughput: Intel 64 and IA-32 Architectures Optimization Reference Manual (FMA, VPMADDUBSW, VPDPBUSD, AMX TMUL: 2048 int8 ops/cycle), AMD Software Optimization Guide for family 19h (#57647: 512-bit ops on 256-bit datapaths), uops.info instruction tables",
    url: "https://uops.info/table.html",
    kind: "vendor",
    note: "Intel: https://www.intel.com/content/www/us/en/content-details/671488/intel-64-and-ia-32-architectures-optimization-reference-manual.html; AMD: https://www.amd.com/en/search/documentation/hub.html (57647).",
  },
  [ARM_THROUGHPUT_SOURCE]: {
    title:
      "Arm per-core throughput: Arm Neoverse V2 / Cortex-X software optimization guides (4 × 128-bit SIMD pipes: FMLA, SDOT, SMMLA)",
    url: "https://developer.arm.com/documentation/109898/latest",
    kind: "vendor",
  },
};

interface Rate {
  readonly opsPerCycle: number;
  /** The instruction and its count, for the derivation's note. */
  readonly how: string;
  readonly source: string;
}

export interface NativeInput {
  /** Instruction-set flags (/proc/cpuinfo "flags" or "Features"). */
  readonly isa: readonly string[];
  readonly vendor: string;
  /** x86 "cpu family" (decimal), when the OS reports it. */
  readonly cpuFamily?: number | undefined;
  /** Clock the OS reports, MHz (0 or absent when unknown). */
  readonly clockMHz?: number | undefined;
  /** Threads the peak is for (one per core: SMT siblings share the core's pipes, so this is an upper bound). */
  readonly cores: number;
  /** The measured 1-thread WebAssembly fp32 rate, GFLOP/s (sets the clock's floor). */
  readonly wasmFp32OneThreadGflops: number;
}

const has = (isa: readonly string[], f: string) => isa.includes(f);

/** fp32 FLOP per cycle per core: lanes × 2 (multiply-add) × pipes. */
function fp32Rate(i: NativeInput): Rate | null {
  const x = X86_THROUGHPUT_SOURCE;
  if (has(i.isa, "avx512f"))
    return halfWide(i)
      ? {
          opsPerCycle: 32,
          how: "AVX-512 FMA on 2 × 256-bit pipes (AMD family 19h): 8 lanes × 2 × 2",
          source: x,
        }
      : { opsPerCycle: 64, how: "AVX-512 FMA: 16 lanes × 2 FLOP × 2 pipes", source: x };
  if (has(i.isa, "avx2") && has(i.isa, "fma"))
    return { opsPerCycle: 32, how: "AVX2 FMA: 8 lanes × 2 FLOP × 2 pipes", source: x };
  if (has(i.isa, "avx"))
    return { opsPerCycle: 16, how: "AVX: 8 lanes × (1 multiply + 1 add pipe)", source: x };
  if (has(i.isa, "asimd"))
    return { opsPerCycle: 32, how: "NEON FMLA: 4 lanes × 2 FLOP × 4 pipes", source: ARM_THROUGHPUT_SOURCE };
  return null;
}

/** int8 operations (multiply and add counted apart, as TOPS) per cycle per core. */
function int8Rate(i: NativeInput): Rate | null {
  const x = X86_THROUGHPUT_SOURCE;
  const a = ARM_THROUGHPUT_SOURCE;
  if (has(i.isa, "amx_int8"))
    return { opsPerCycle: 2048, how: "AMX TMUL: 1024 int8 multiply-adds per cycle", source: x };
  if (has(i.isa, "avx512_vnni") || has(i.isa, "avx512bw")) {
    const ins = has(i.isa, "avx512_vnni") ? "VPDPBUSD zmm" : "VPMADDUBSW zmm";
    return halfWide(i)
      ? {
          opsPerCycle: 128,
          how: `${ins} on 256-bit pipes (AMD family 19h): 32 multiply-adds × 2 × 2 pipes`,
          source: x,
        }
      : { opsPerCycle: 256, how: `${ins}: 64 multiply-adds × 2 ops × 2 pipes`, source: x };
  }
  if (has(i.isa, "avx_vnni"))
    return { opsPerCycle: 128, how: "VPDPBUSD ymm: 32 multiply-adds × 2 × 2 pipes", source: x };
  if (has(i.isa, "avx2"))
    return { opsPerCycle: 128, how: "VPMADDUBSW ymm: 32 multiply-adds × 2 × 2 pipes", source: x };
  if (has(i.isa, "i8mm"))
    return { opsPerCycle: 256, how: "SMMLA: 32 multiply-adds × 2 × 4 pipes", source: a };
  if (has(i.isa, "asimddp"))
    return { opsPerCycle: 128, how: "SDOT: 16 multiply-adds × 2 × 4 pipes", source: a };
  if (has(i.isa, "asimd")) return { opsPerCycle: 64, how: "SMLAL: 8 multiply-adds × 2 × 4 pipes", source: a };
  return null;
}

/** bf16 FLOP per cycle: the dot-product instructions (VDPBF16PS, BFDOT) do 2 × the fp32 multiply-adds. */
function bf16Rate(i: NativeInput, fp32: Rate): Rate | null {
  if (has(i.isa, "avx512_bf16"))
    return {
      opsPerCycle: 2 * fp32.opsPerCycle,
      how: `VDPBF16PS: 2 × fp32 (${fp32.how})`,
      source: X86_THROUGHPUT_SOURCE,
    };
  if (has(i.isa, "bf16") && has(i.isa, "asimd"))
    return {
      opsPerCycle: 2 * fp32.opsPerCycle,
      how: `BFDOT: 2 × fp32 (${fp32.how})`,
      source: ARM_THROUGHPUT_SOURCE,
    };
  return null;
}

/** AMD family 19h (Zen 3, Zen 4): 512-bit operations split over 256-bit datapaths. */
const halfWide = (i: NativeInput) => i.vendor === "AMD" && i.cpuFamily !== undefined && i.cpuFamily <= 0x19;

/** 128-bit WebAssembly fp32: at most 4 lanes × 2 FLOP × 2 pipes per cycle. */
export const WASM_FP32_FLOP_PER_CYCLE = 16;

export interface NativePeaks {
  readonly fp32?: SourcedValue;
  readonly bf16?: SourcedValue;
  readonly int8?: SourcedValue;
  /** The clock used, GHz, and where it came from. */
  readonly clockGHz: number;
  readonly clockNote: string;
}

/** The native peaks the ISA allows, or {} entries absent where the ISA is unknown. */
export function nativePeaks(i: NativeInput, measuredSource: string): NativePeaks {
  const osGHz = (i.clockMHz ?? 0) / 1000;
  const floorGHz = i.wasmFp32OneThreadGflops / WASM_FP32_FLOP_PER_CYCLE;
  const clockGHz = Math.max(osGHz, floorGHz);
  const clockNote =
    clockGHz === osGHz
      ? `the OS-reported clock (${osGHz.toFixed(3)} GHz)`
      : `the clock the measurement proves: 1-thread WebAssembly fp32 ${i.wasmFp32OneThreadGflops.toFixed(1)} GFLOP/s / ${WASM_FP32_FLOP_PER_CYCLE} FLOP per cycle` +
        (osGHz > 0 ? `, above the OS-reported ${osGHz.toFixed(3)} GHz` : "");
  const value = (r: Rate | null, what: string): SourcedValue | undefined =>
    r && clockGHz > 0
      ? {
          value: (i.cores * clockGHz * r.opsPerCycle) / 1000,
          source: NATIVE_SOURCE,
          note: `native ${what} peak the engine's kernels can use: ${r.how}; ${i.cores} core${i.cores > 1 ? "s" : ""} at ${clockNote}`,
          derivation: {
            formula: "cores * clockGHz * opsPerCycle / 1000",
            inputs: {
              cores: { value: i.cores, source: measuredSource, note: "threads measured (one per core)" },
              clockGHz: { value: clockGHz, unit: "GHz", source: measuredSource, note: clockNote },
              opsPerCycle: { value: r.opsPerCycle, source: r.source, note: r.how },
            },
          },
        }
      : undefined;
  const f = fp32Rate(i);
  const fp32 = value(f, "fp32");
  const bf16 = f ? value(bf16Rate(i, f), "bf16") : undefined;
  const int8 = value(int8Rate(i), "int8 dot-product");
  return {
    ...(fp32 ? { fp32 } : {}),
    ...(bf16 ? { bf16 } : {}),
    ...(int8 ? { int8 } : {}),
    clockGHz,
    clockNote,
  };
}

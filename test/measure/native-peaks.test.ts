/**
 * Native CPU peaks from the ISA (src/core/measure/native-peaks.ts), worked by hand: cores × clock
 * × operations per cycle per core, each formula re-evaluated from its own inputs.
 */
import { describe, expect, it } from "vitest";
import { evaluateDerivation } from "../../src/core/hardware/derivation.js";
import { type NativeInput, nativePeaks } from "../../src/core/measure/native-peaks.js";

const base: NativeInput = { isa: [], vendor: "Intel", cores: 1, clockMHz: 3000, wasmFp32OneThreadGflops: 10 };
const peaks = (i: Partial<NativeInput>) => nativePeaks({ ...base, ...i }, "ridgeline-measure");
const tops = (v: { value: number } | undefined) => v?.value;

describe("native peaks per instruction set", () => {
  it("AVX2 + FMA: 8 lanes × 2 FLOP × 2 pipes = 32 FLOP/cycle; VPMADDUBSW 128 int8 ops/cycle", () => {
    const p = peaks({ isa: ["avx2", "fma"], cores: 2 });
    expect(tops(p.fp32)).toBeCloseTo((2 * 3 * 32) / 1000, 12); // 0.192 TFLOP/s
    expect(tops(p.int8)).toBeCloseTo((2 * 3 * 128) / 1000, 12); // 0.768 TOP/s
    expect(p.bf16).toBeUndefined();
  });
  it("AVX-512 on Intel: 64 FLOP/cycle, VNNI 256 int8 ops/cycle; on AMD family 19h (Zen 4) half of both", () => {
    const isa = ["avx2", "fma", "avx512f", "avx512bw", "avx512_vnni", "avx512_bf16"];
    const intel = peaks({ isa });
    expect(tops(intel.fp32)).toBeCloseTo(0.192, 12);
    expect(tops(intel.int8)).toBeCloseTo(0.768, 12);
    expect(tops(intel.bf16)).toBeCloseTo(0.384, 12);
    const zen4 = peaks({ isa, vendor: "AMD", cpuFamily: 25, clockMHz: 2596.136, cores: 2 });
    // 2 × 2.596136 × 32 / 1000 = 0.16615 TFLOP/s; int8 2 × 2.596136 × 128 / 1000 = 0.66461 TOP/s.
    expect(tops(zen4.fp32)).toBeCloseTo(0.166153, 6);
    expect(tops(zen4.int8)).toBeCloseTo(0.664611, 6);
    expect(zen4.int8!.note).toMatch(/AMD family 19h/);
  });
  it("AMX beats every vector path: 2048 int8 ops/cycle", () => {
    expect(tops(peaks({ isa: ["avx512f", "avx512_vnni", "amx_int8"] }).int8)).toBeCloseTo(6.144, 12);
  });
  it("Arm: NEON 32 FLOP/cycle; SDOT 128, SMMLA 256 int8 ops/cycle", () => {
    expect(tops(peaks({ isa: ["asimd"] }).fp32)).toBeCloseTo(0.096, 12);
    expect(tops(peaks({ isa: ["asimd"] }).int8)).toBeCloseTo(0.192, 12);
    expect(tops(peaks({ isa: ["asimd", "asimddp"] }).int8)).toBeCloseTo(0.384, 12);
    expect(tops(peaks({ isa: ["asimd", "asimddp", "i8mm"] }).int8)).toBeCloseTo(0.768, 12);
  });
  it("an unknown instruction set gives no native peak (the portable ones stay)", () => {
    const p = peaks({ isa: [] });
    expect(p.fp32).toBeUndefined();
    expect(p.int8).toBeUndefined();
  });
});

describe("the clock", () => {
  it("is the OS's unless the measurement proves a faster one: 57.6 GFLOP/s of 128-bit fp32 / 16 = 3.6 GHz", () => {
    const p = peaks({ isa: ["avx2", "fma"], clockMHz: 2600, wasmFp32OneThreadGflops: 57.6 });
    expect(p.clockGHz).toBeCloseTo(3.6, 12);
    expect(tops(p.fp32)).toBeCloseTo((3.6 * 32) / 1000, 12);
    expect(p.clockNote).toMatch(/above the OS-reported 2\.600 GHz/);
    expect(peaks({ isa: ["avx2", "fma"], clockMHz: 2600 }).clockGHz).toBe(2.6);
  });
  it("without an OS clock, the measured floor", () => {
    expect(peaks({ isa: ["avx2", "fma"], clockMHz: undefined, wasmFp32OneThreadGflops: 32 }).clockGHz).toBe(
      2,
    );
  });
});

describe("every derived peak's formula redoes its value", () => {
  it.each([
    [["avx2", "fma"]],
    [["avx512f", "avx512bw", "avx512_bf16"]],
    [["asimd", "asimddp", "i8mm", "bf16"]],
  ])("%j", (isa) => {
    const p = peaks({ isa, cores: 4 });
    for (const v of [p.fp32, p.int8, p.bf16]) {
      if (!v) continue;
      expect(evaluateDerivation(v.derivation!)).toBeCloseTo(v.value, 12);
    }
  });
});

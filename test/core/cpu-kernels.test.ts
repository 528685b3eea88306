/**
 * The per-ISA cost tables of ggml-cpu's kernels (src/core/roofline/cpu-kernels/) against
 * instruction lists written out here from the source (/tmp/llama-src ggml/src/ggml-cpu,
 * arch/arm/quants.c NEON branches with nrc = 1, arch/arm/repack.cpp, llamafile/sgemm.cpp): each
 * list names one instruction per vector / FP operation of one loop iteration, loads, zeroing and
 * register-file moves left out, so a miscount in the table fails here.
 */
import { describe, expect, it } from "vitest";
import { findDevice } from "../../src/core/catalog/lookup.js";
import { BUILTIN_DEVICES } from "../../src/core/hardware/devices/index.js";
import { makeOp, type OpCost } from "../../src/core/ops/types.js";
import { ARM_NEON, cpuKernelCost, kernelRate, X86_AVX2 } from "../../src/core/roofline/cpu-kernels/index.js";
import { cpuIsaOf, deviceRoofs } from "../../src/core/roofline/device-roofs.js";
import { kernelChoice } from "../../src/core/roofline/kernel-path.js";

const rep = <T>(n: number, op: T): T[] => Array.from({ length: n }, () => op);
/** fp16 scale of the weight block times the activation block's, in scalar FP. */
const scale = ["fcvt", "fcvt", "fmul"];

// Per 32 weights of one row (one block) in the NEON vec_dot loop.
const Q8_0 = ["sdot", "sdot", "add", "scvtf", ...scale, "fmla"];
const Q4_0 = ["and", "ushr", "sub", "sub", "sdot", "sdot", "scvtf", ...scale, "fmla"];
const Q4_1 = ["and", "ushr", "sdot", "sdot", "scvtf", ...scale, "fmla", "fcvt", "fcvt", "fmadd"];
const Q5_0 = ["and", "ushr", "sub", "sub", "sdot", "sdot", "add", "scvtf", ...scale, "fmla"];
// Per 4 interleaved rows × 32 weights in ggml_gemv_q4_0_4x4_q8_0.
const Q4_0_4X4 = [
  ...rep(4, "shl"),
  ...rep(4, "and"),
  ...rep(8, "sdot"),
  "scvtf",
  "fcvtl",
  "fcvtl",
  "fmul",
  "fmla",
];
// Per 256-weight super-block of ggml_vec_dot_q4_K_q8_K: header, 4 × 64-weight loop, tail.
const Q4_K = [
  ...["fcvt", "fmul", "fcvt", "fmul", "addp", "ushll", "smull", "smull2", "add", "addv", "scvtf", "fmsub"],
  ...rep(4, ["and", "and", "sdot", "sdot", "addv", "ushr", "ushr", "sdot", "sdot", "addv"]).flat(),
  "scvtf",
  "fmadd",
];

/** Slots of the int8 peak (2 SDOT per 32 weights on Arm). */
const armSlots = (per32: number) => per32 / 2;

describe("Arm NEON counts match the instruction lists read from ggml-cpu", () => {
  it("q8_0: 8 per 32 weights = 4 slots", () => {
    expect(Q8_0.length).toBe(8);
    expect(ARM_NEON.counted.q8_0!.matvec).toBe(armSlots(Q8_0.length));
  });
  it("q4_0: vec_dot 11 (builds before repacking), repacked 4×4 gemv 21 per 4 rows", () => {
    expect(ARM_NEON.beforeRepack.q4_0!.matvec).toBe(armSlots(Q4_0.length));
    expect(Q4_0_4X4.length).toBe(21);
    expect(ARM_NEON.counted.q4_0!.matvec).toBeCloseTo(armSlots(Q4_0_4X4.length / 4), 12);
  });
  it("q4_1 12, q5_0 12 (its fifth bit is a scalar table lookup)", () => {
    expect(ARM_NEON.counted.q4_1!.matvec).toBe(armSlots(Q4_1.length));
    expect(ARM_NEON.counted.q5_0!.matvec).toBe(armSlots(Q5_0.length));
    expect(Q5_0.length).toBe(12);
  });
  it("q4_K: 54 per 256 weights", () => {
    expect(Q4_K.length).toBe(54);
    expect(ARM_NEON.counted.q4_k!.matvec).toBeCloseTo(armSlots(Q4_K.length / 8), 12);
  });
  it("issues on as many pipes as the dot product (ratio 1), x86 on twice as many (2)", () => {
    expect(ARM_NEON.issueRatio).toBe(1);
    expect(X86_AVX2.issueRatio).toBe(2);
    // The same slots cost twice the time on Arm.
    expect(kernelRate("arm", 100, 4)).toBe(25);
    expect(kernelRate("x86", 100, 4)).toBe(50);
  });
  it("x86 keeps its AVX2 counts; a build before repacking runs q4_0's vec_dot (14)", () => {
    expect(cpuKernelCost("x86", "q4_0")!.cost.matvec).toBe(12);
    expect(cpuKernelCost("x86", "q4_0", { beforeRepack: true })!.cost.matvec).toBe(14);
    expect(cpuKernelCost("x86", "q5_0")!.cost.matvec).toBe(20);
    expect(cpuKernelCost("arm", "q5_0", { beforeRepack: true })!.cost.matvec).toBe(6);
  });
});

const gemm = (weightFormat: string, rows: number): OpCost =>
  makeOp({
    name: "up_proj",
    kind: "gemm",
    kernel: rows > 8 ? "matmul" : "matvec_q",
    group: "ffn",
    shape: "",
    flops: 1,
    bytes: { weights: 1, activations: 0, kvRead: 0, kvWrite: 0 },
    precision: "fp16",
    weightFormat,
    rows,
  });

describe("the table follows the CPU's instruction set", () => {
  it("Intel and AMD CPUs are x86, the other catalog CPUs Arm, GPUs none", () => {
    expect(cpuIsaOf(findDevice("amd-ryzen-9-7950x"))).toBe("x86");
    expect(cpuIsaOf(findDevice("intel-core-i9-13900k"))).toBe("x86");
    expect(cpuIsaOf(findDevice("apple-m2-max-cpu"))).toBe("arm");
    expect(cpuIsaOf(findDevice("qualcomm-snapdragon-x-elite-x1e-80-100-cpu"))).toBe("arm");
    expect(cpuIsaOf(findDevice("nvidia-rtx-4090"))).toBeNull();
    for (const d of BUILTIN_DEVICES) if (d.unit === "cpu") expect(cpuIsaOf(d)).not.toBeNull();
  });
  it("M2 Max q5_0 decode: int8 peak 4.194 TOPS × 1 / 6, the why names the NEON kernel", () => {
    const c = kernelChoice(gemm("q5_0", 1), deviceRoofs(findDevice("apple-m2-max-cpu")));
    expect(c.rate! / 1e12).toBeCloseTo(4.194 / 6, 6);
    expect(c.why).toMatch(/Arm NEON: NEON ggml_vec_dot_q5_0_q8_0: 12 instructions per 32 weights/);
  });
  it("q4_0 decode: repacked gemv by default, vec_dot for a build before repacking", () => {
    const m2 = deviceRoofs(findDevice("apple-m2-max-cpu"));
    expect(kernelChoice(gemm("q4_0", 1), m2).rate! / 1e12).toBeCloseTo(4.194 / 2.625, 6);
    const old = kernelChoice(gemm("q4_0", 1), m2, { cpuBeforeRepack: true });
    expect(old.rate! / 1e12).toBeCloseTo(4.194 / 5.5, 6);
    expect(old.why).toMatch(/before online repacking/);
    const zen4 = deviceRoofs(findDevice("amd-ryzen-9-7950x"));
    const z = kernelChoice(gemm("q4_0", 1), zen4, { cpuBeforeRepack: true });
    expect(z.rate! / 1e12).toBeCloseTo((4 * 2.918 * 2) / 14, 6);
    expect(z.why).toMatch(/x86 AVX2/);
  });
});

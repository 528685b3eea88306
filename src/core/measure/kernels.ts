/**
 * The measuring kernels, emitted as one WebAssembly module (128-bit SIMD) by the tiny
 * builder in wasm-builder.ts. All kernels work on an imported memory, shared between
 * threads when the host allows it:
 *
 * - `read_i32(ptr, bytes, reps) → i32`: read-only stream, sums `bytes` (a multiple of 128)
 *   as i32x4 into 4 independent accumulators, `reps` times — the access pattern of decode.
 *   Every byte is read exactly once per rep, in READ_STREAMS = 4 sequential streams, one
 *   per quarter of the range, advanced together by 32 bytes each per iteration. Integer
 *   adds (1-cycle latency) need only 4 accumulators to keep two 16-byte loads per cycle in
 *   flight; f32x4 adds needed 8, and V8 then spilled them to the stack, halving the rate
 *   at L1/L2 (62 vs 101 GB/s on the Zen 4 machine this was tuned on). V8 does not fold
 *   loads into SIMD adds as C compilers do (two instructions per 16 bytes where C needs
 *   one), and its scheduler hoists all loads of a loop body ahead of the adds, so a body
 *   larger than 8 loads spills (tried: 256 and 512 bytes per iteration lost 15–30%). The
 *   four streams instead give the hardware prefetchers four sequential streams to run
 *   ahead on: on the Zen 4 machine the single-stream loop reached 0.84–0.94× of a C
 *   128-bit STREAM-like loop at L2, L3 and DRAM, the four-stream one 0.95–1.04×;
 * - `triad_f32(a, b, c, bytes, s, reps)`: a[i] = b[i] + s·c[i] over `bytes` per array
 *   (a multiple of 64), `reps` times — STREAM's triad, each array split into
 *   TRIAD_STREAMS = 4 quarters walked together, 16 bytes of each per iteration (DRAM:
 *   0.86–0.90× of the C reference with one stream per array, 0.96–1.02× with four);
 * - `fma_f32(iters, m, a) → f32` and `fma_f64(iters, m, a) → f64`: multiply-add
 *   throughput on many independent f32x4 / f64x2 chains. With relaxed SIMD,
 *   `acc = relaxed_madd(acc, m, a)`; without it (no fused multiply-add in plain SIMD),
 *   `x = x·m; acc = acc + x`, a multiply chain and an add chain per lane so that neither
 *   waits on the other's latency. Either way one iteration is one multiply and one add per
 *   lane (2 FLOPs). Returns the sum of the accumulators;
 * - `dot_i8(w, ptr, bytes, reps) → i32`: int8 dot products of the bytes at `ptr` with the
 *   16 weights at `w` (i32x4.dot_i16x8_s on sign-extended bytes, or the relaxed
 *   i8×i7 dot when available: then weights must lie in 0..127), summed into i32 lanes.
 */
import { type Code, F32, F64, I32, ModuleBuilder, SIMD, V128 } from "./wasm-builder.js";

export interface KernelOptions {
  /** Import the memory as shared (threads); requires SharedArrayBuffer in the host. */
  readonly shared: boolean;
  /** Use relaxed-SIMD instructions (relaxed_madd, relaxed dot): only where `detectWasmFeatures` finds them. */
  readonly relaxed: boolean;
  /** Independent chains in the FMA loops (default 6 mul/add pairs, or 10 relaxed madd chains). */
  readonly fmaAccumulators?: number;
  /** Independent i32x4 accumulators in `dot_i8` (default 8, or 4 with the relaxed dot). */
  readonly dotAccumulators?: number;
}

/** Memory declared by the module: wasm32's full 4 GiB as maximum. */
export const MAX_PAGES = 65536;
export const PAGE_BYTES = 65536;
/** Bytes consumed per inner iteration (read and dot: 8 vectors; triad: per array). */
export const READ_STEP = 128;
export const TRIAD_STEP = 64;
export const DOT_STEP = 128;
const READ_ACCUMULATORS = 4;
/** Sequential streams the read and triad kernels walk at once (one per quarter of the range). */
export const READ_STREAMS = 4;
export const TRIAD_STREAMS = 4;

export const KERNEL_NAMES = ["read_i32", "triad_f32", "fma_f32", "fma_f64", "dot_i8"] as const;
export type KernelName = (typeof KERNEL_NAMES)[number];

/** Independent chains of the FMA kernels. */
export function fmaAccumulators(o: KernelOptions): number {
  return o.fmaAccumulators ?? (o.relaxed ? 10 : 6);
}
/** FLOPs of one `fma_f32` iteration: chains × 4 lanes × (mul + add). */
export const flopsPerFmaF32Iter = (o: KernelOptions): number => fmaAccumulators(o) * 4 * 2;
export const flopsPerFmaF64Iter = (o: KernelOptions): number => fmaAccumulators(o) * 2 * 2;
/** Integer ops of `dot_i8` per byte read: one multiply and one add. */
export const OPS_PER_DOT_BYTE = 2;

/** `p -= 1; br_if depth (p != 0)`: the closing test of a do-while loop counting down. */
function countDown(c: Code, p: number, depth: number): void {
  c.get(p).i32Const(1).i32Sub().tee(p).brIf(depth);
}

/** Leaves the wrapping i32 sum of all lanes of `accs` on the stack. */
function sumI32x4(c: Code, accs: readonly number[]): void {
  c.get(accs[0]!);
  for (const a of accs.slice(1)) c.get(a).simd(SIMD.i32x4_add);
  const t = c.local(V128);
  c.set(t);
  c.get(t).lane(SIMD.i32x4_extract_lane, 0);
  for (let l = 1; l < 4; l++) c.get(t).lane(SIMD.i32x4_extract_lane, l).i32Add();
}

/** Starting value of the k-th compute chain. */
export const initialValue = (k: number): number => (k + 1) / 16;

export function buildKernels(o: KernelOptions): Uint8Array {
  const mb = new ModuleBuilder();
  mb.importMemory(
    o.shared
      ? { module: "env", name: "memory", initial: 1, maximum: MAX_PAGES, shared: true }
      : { module: "env", name: "memory", initial: 1, shared: false },
  );

  // read_i32(ptr, bytes, reps) -> i32: READ_STREAMS streams, one per part of bytes / READ_STREAMS.
  mb.func("read_i32", [I32, I32, I32], [I32], (c) => {
    const [ptr, bytes, reps] = [0, 1, 2];
    const stop = c.local(I32);
    const p = c.local(I32);
    const offs = Array.from({ length: READ_STREAMS - 1 }, () => c.local(I32));
    const accs = Array.from({ length: READ_ACCUMULATORS }, () => c.local(V128));
    const chunk = READ_STEP / READ_STREAMS;
    // offs[k-1] = k · (bytes / READ_STREAMS); each part is a multiple of `chunk`.
    c.get(bytes).i32Const(Math.log2(READ_STREAMS)).i32ShrU().set(offs[0]!);
    for (let k = 1; k < offs.length; k++)
      c.get(offs[k - 1]!)
        .get(offs[0]!)
        .i32Add()
        .set(offs[k]!);
    c.get(ptr).get(offs[0]!).i32Add().set(stop);
    c.loop();
    c.get(ptr).set(p);
    c.loop();
    let j = 0;
    for (let k = 0; k < READ_STREAMS; k++) {
      for (let v = 0; v < chunk / 16; v++, j++) {
        const acc = accs[j % accs.length]!;
        c.get(acc).get(p);
        if (k > 0) c.get(offs[k - 1]!).i32Add();
        c.v128Load(16 * v)
          .simd(SIMD.i32x4_add)
          .set(acc);
      }
    }
    c.get(p).i32Const(chunk).i32Add().tee(p).get(stop).i32LtU().brIf(0);
    c.end();
    countDown(c, reps, 0);
    c.end();
    sumI32x4(c, accs);
  });

  // triad_f32(a, b, c, bytes, s, reps): TRIAD_STREAMS streams per array, one per part of bytes / TRIAD_STREAMS.
  mb.func("triad_f32", [I32, I32, I32, I32, F32, I32], [], (c) => {
    const [a, b, cc, bytes, s, reps] = [0, 1, 2, 3, 4, 5];
    const S = c.local(V128);
    const pa = c.local(I32);
    const pb = c.local(I32);
    const pc = c.local(I32);
    const stop = c.local(I32);
    const offs = Array.from({ length: TRIAD_STREAMS - 1 }, () => c.local(I32));
    const chunk = TRIAD_STEP / TRIAD_STREAMS;
    c.get(s).simd(SIMD.f32x4_splat).set(S);
    c.get(bytes).i32Const(Math.log2(TRIAD_STREAMS)).i32ShrU().set(offs[0]!);
    for (let k = 1; k < offs.length; k++)
      c.get(offs[k - 1]!)
        .get(offs[0]!)
        .i32Add()
        .set(offs[k]!);
    c.get(a).get(offs[0]!).i32Add().set(stop);
    c.loop();
    c.get(a).set(pa);
    c.get(b).set(pb);
    c.get(cc).set(pc);
    c.loop();
    for (let k = 0; k < TRIAD_STREAMS; k++) {
      const at = (q: number) => {
        c.get(q);
        if (k > 0) c.get(offs[k - 1]!).i32Add();
      };
      for (let v = 0; v < chunk / 16; v++) {
        at(pa);
        at(pb);
        c.v128Load(16 * v);
        at(pc);
        c.v128Load(16 * v)
          .get(S)
          .simd(SIMD.f32x4_mul);
        c.simd(SIMD.f32x4_add);
        c.v128Store(16 * v);
      }
    }
    c.get(pb).i32Const(chunk).i32Add().set(pb);
    c.get(pc).i32Const(chunk).i32Add().set(pc);
    c.get(pa).i32Const(chunk).i32Add().tee(pa).get(stop).i32LtU().brIf(0);
    c.end();
    countDown(c, reps, 0);
    c.end();
  });

  const K = fmaAccumulators(o);
  for (const [fname, t, splat, mul, add, madd, extract, scalarAdd, lanes] of [
    [
      "fma_f32",
      F32,
      SIMD.f32x4_splat,
      SIMD.f32x4_mul,
      SIMD.f32x4_add,
      SIMD.f32x4_relaxed_madd,
      SIMD.f32x4_extract_lane,
      (c: Code) => c.f32Add(),
      4,
    ],
    [
      "fma_f64",
      F64,
      SIMD.f64x2_splat,
      SIMD.f64x2_mul,
      SIMD.f64x2_add,
      SIMD.f64x2_relaxed_madd,
      SIMD.f64x2_extract_lane,
      (c: Code) => c.f64Add(),
      2,
    ],
  ] as const) {
    // Relaxed: acc_k = madd(acc_k, m, a), K chains of fused multiply-adds.
    // Plain: x_k = x_k * m; acc_k = acc_k + x_k — a multiply chain and an add chain per k,
    // so that the adds do not wait for the multiplies' latency (no FMA in plain SIMD).
    mb.func(fname, [I32, t, t], [t], (c) => {
      const [iters, m, a] = [0, 1, 2];
      const M = c.local(V128);
      const A = c.local(V128);
      const xs = o.relaxed ? [] : Array.from({ length: K }, () => c.local(V128));
      const accs = Array.from({ length: K }, () => c.local(V128));
      c.get(m).simd(splat).set(M);
      c.get(a).simd(splat).set(A);
      const init = (k: number) =>
        (t === F32 ? c.f32Const(initialValue(k)) : c.f64Const(initialValue(k))).simd(splat);
      accs.forEach((acc, k) => {
        (o.relaxed ? init(k) : c.get(A)).set(acc);
      });
      xs.forEach((x, k) => {
        init(k).set(x);
      });
      c.loop();
      for (let k = 0; k < K; k++) {
        if (o.relaxed) c.get(accs[k]!).get(M).get(A).simd(madd).set(accs[k]!);
        else c.get(xs[k]!).get(M).simd(mul).tee(xs[k]!).get(accs[k]!).simd(add).set(accs[k]!);
      }
      countDown(c, iters, 0);
      c.end();
      c.get(accs[0]!);
      for (const acc of accs.slice(1)) c.get(acc).simd(add);
      const tmp = c.local(V128);
      c.set(tmp);
      c.get(tmp).lane(extract, 0);
      for (let l = 1; l < lanes; l++) {
        c.get(tmp).lane(extract, l);
        scalarAdd(c);
      }
    });
  }

  // dot_i8(w, ptr, bytes, reps) -> i32
  mb.func("dot_i8", [I32, I32, I32, I32], [I32], (c) => {
    const [w, ptr, bytes, reps] = [0, 1, 2, 3];
    const end = c.local(I32);
    const p = c.local(I32);
    const W = c.local(V128);
    const WLO = c.local(V128);
    const WHI = c.local(V128);
    const v = c.local(V128);
    const accs = Array.from({ length: o.dotAccumulators ?? (o.relaxed ? 4 : 8) }, () => c.local(V128));
    c.get(w).v128Load(0).set(W);
    c.get(W).simd(SIMD.i16x8_extend_low_i8x16_s).set(WLO);
    c.get(W).simd(SIMD.i16x8_extend_high_i8x16_s).set(WHI);
    c.get(ptr).get(bytes).i32Add().set(end);
    c.loop();
    c.get(ptr).set(p);
    c.loop();
    for (let j = 0; j < DOT_STEP / 16; j++) {
      const acc = accs[j % accs.length]!;
      if (o.relaxed) {
        c.get(p)
          .v128Load(16 * j)
          .get(W)
          .get(acc)
          .simd(SIMD.i32x4_relaxed_dot_i8x16_i7x16_add_s)
          .set(acc);
      } else {
        c.get(p)
          .v128Load(16 * j)
          .set(v);
        c.get(acc);
        c.get(v).simd(SIMD.i16x8_extend_low_i8x16_s).get(WLO).simd(SIMD.i32x4_dot_i16x8_s);
        c.get(v).simd(SIMD.i16x8_extend_high_i8x16_s).get(WHI).simd(SIMD.i32x4_dot_i16x8_s);
        c.simd(SIMD.i32x4_add).simd(SIMD.i32x4_add).set(acc);
      }
    }
    c.get(p).i32Const(DOT_STEP).i32Add().tee(p).get(end).i32LtU().brIf(0);
    c.end();
    countDown(c, reps, 0);
    c.end();
    sumI32x4(c, accs);
  });

  return mb.toBytes();
}

/** A module using one f32x4 instruction: does the runtime have 128-bit SIMD? */
export function simdProbe(): Uint8Array {
  return new ModuleBuilder()
    .func("f", [F32], [F32], (c) => {
      c.get(0)
        .simd(SIMD.f32x4_splat)
        .get(0)
        .simd(SIMD.f32x4_splat)
        .simd(SIMD.f32x4_add)
        .lane(SIMD.f32x4_extract_lane, 0);
    })
    .toBytes();
}

/** A module using f32x4.relaxed_madd: does the runtime have relaxed SIMD? */
export function relaxedSimdProbe(): Uint8Array {
  return new ModuleBuilder()
    .func("f", [F32], [F32], (c) => {
      c.get(0).simd(SIMD.f32x4_splat).get(0).simd(SIMD.f32x4_splat).get(0).simd(SIMD.f32x4_splat);
      c.simd(SIMD.f32x4_relaxed_madd).lane(SIMD.f32x4_extract_lane, 0);
    })
    .toBytes();
}

export interface WasmFeatures {
  readonly simd: boolean;
  readonly relaxedSimd: boolean;
}

/** Detect SIMD and relaxed SIMD with the host's `WebAssembly.validate`. */
export function detectWasmFeatures(validate: (bytes: Uint8Array) => boolean): WasmFeatures {
  const ok = (b: Uint8Array) => {
    try {
      return validate(b);
    } catch {
      return false;
    }
  };
  return { simd: ok(simdProbe()), relaxedSimd: ok(relaxedSimdProbe()) };
}

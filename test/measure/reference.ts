/**
 * JavaScript references for the measuring kernels (the same arithmetic, lane by lane), and
 * a small harness to instantiate the generated module on a fresh memory.
 */
import {
  buildKernels,
  fmaAccumulators,
  initialValue,
  type KernelOptions,
} from "../../src/core/measure/kernels.js";
import { hostWasm, type WasmApi, type WasmMemory } from "../../src/core/measure/wasm-env.js";

/** The runtime's WebAssembly (Node's types do not declare the global). */
export const wasm: WasmApi = hostWasm()!;

export type Kernels = {
  read_i32(ptr: number, bytes: number, reps: number): number;
  triad_f32(a: number, b: number, c: number, bytes: number, s: number, reps: number): void;
  fma_f32(iters: number, m: number, a: number): number;
  fma_f64(iters: number, m: number, a: number): number;
  dot_i8(w: number, ptr: number, bytes: number, reps: number): number;
};

export async function instantiate(o: KernelOptions, pages = 4): Promise<{ k: Kernels; memory: WasmMemory }> {
  const memory = new wasm.Memory(
    o.shared ? { initial: pages, maximum: pages, shared: true } : { initial: pages },
  );
  const { instance } = await wasm.instantiate(buildKernels(o), { env: { memory } });
  return { k: instance.exports as unknown as Kernels, memory };
}

export function readRef(words: Int32Array, reps: number): number {
  let t = 0;
  for (let r = 0; r < reps; r++) for (const x of words) t = (t + x) | 0;
  return t;
}

export function triadRef(b: Float32Array, c: Float32Array, s: number): Float32Array {
  const f = Math.fround;
  const sf = f(s);
  return b.map((bv, i) => f(bv + f(sf * c[i]!)));
}

/** Plain SIMD: x_k ← x_k·m, acc_k ← acc_k + x_k; relaxed: acc_k ← acc_k·m + a (unfused here). */
export function fmaRef(o: KernelOptions, iters: number, m: number, a: number, lanes: 4 | 2): number {
  const r = lanes === 4 ? Math.fround : (x: number) => x;
  const K = fmaAccumulators(o);
  const mm = r(m);
  const aa = r(a);
  const accs: number[] = [];
  for (let k = 0; k < K; k++) {
    let x = r(initialValue(k));
    let acc = o.relaxed ? r(initialValue(k)) : aa;
    for (let i = 0; i < iters; i++) {
      if (o.relaxed) acc = r(r(acc * mm) + aa);
      else {
        x = r(x * mm);
        acc = r(acc + x);
      }
    }
    accs.push(acc);
  }
  let v = accs[0]!;
  for (const acc of accs.slice(1)) v = r(v + acc);
  let t = v;
  for (let l = 1; l < lanes; l++) t = r(t + v);
  return t;
}

export function dotRef(w: Int8Array, data: Int8Array, reps: number): number {
  let once = 0;
  for (let i = 0; i < data.length; i++) once += data[i]! * w[i % 16]!;
  let t = 0;
  for (let r = 0; r < reps; r++) t = (t + once) | 0;
  return t;
}

/**
 * One thread's instance of the kernels: the module instantiated on a memory (shared with
 * the other threads, or its own), and timed calls. Used inside workers and, for a single
 * thread, directly on the calling thread.
 */
import { buildKernels, type KernelName, type KernelOptions } from "./kernels.js";
import type { WasmApi, WasmMemory } from "./wasm-env.js";

export interface Job {
  readonly kernel: KernelName;
  /** The kernel's arguments (see kernels.ts). */
  readonly args: readonly number[];
}

export interface JobResult {
  readonly elapsedMs: number;
  /** The kernel's return value (0 for triad): keeps the work observable. */
  readonly value: number;
}

/** A region of the memory to initialise: `bytes` from `offset` set to the f32 value 1.0, and the 16 int8 weights at `weights`. */
export interface FillSpec {
  readonly offset: number;
  readonly bytes: number;
}

type KernelFn = (...args: number[]) => number | undefined;

export class KernelHost {
  private constructor(
    readonly memory: WasmMemory,
    private readonly fns: Readonly<Record<KernelName, KernelFn>>,
    private readonly now: () => number,
  ) {}

  static async create(
    wasm: WasmApi,
    options: KernelOptions,
    memory: WasmMemory,
    now: () => number,
  ): Promise<KernelHost> {
    const { instance } = await wasm.instantiate(buildKernels(options), { env: { memory } });
    const e = instance.exports as Record<KernelName, KernelFn>;
    return new KernelHost(
      memory,
      {
        read_i32: e.read_i32,
        triad_f32: e.triad_f32,
        fma_f32: e.fma_f32,
        fma_f64: e.fma_f64,
        dot_i8: e.dot_i8,
      },
      now,
    );
  }

  /** Fill a region with f32 1.0 (and so int8 bytes 0, 0, −128, 63): finite data for every kernel. */
  fill(f: FillSpec): void {
    if (f.bytes <= 0) return;
    new Float32Array(this.memory.buffer, f.offset, Math.floor(f.bytes / 4)).fill(1);
  }

  /** Write 16 int8 weights (1..16, valid for the relaxed i8×i7 dot) at `offset`. */
  writeWeights(offset: number): void {
    const w = new Int8Array(this.memory.buffer, offset, 16);
    for (let i = 0; i < 16; i++) w[i] = i + 1;
  }

  call(job: Job): number {
    const fn = this.fns[job.kernel];
    return Number(fn(...job.args) ?? 0);
  }

  run(job: Job): JobResult {
    const t0 = this.now();
    const value = this.call(job);
    return { elapsedMs: this.now() - t0, value };
  }

  /** Call each job repeatedly for at least `ms` so that the engine optimises the kernels (V8 tiers wasm up from its baseline compiler). */
  warm(jobs: readonly Job[], ms: number): void {
    for (const job of jobs) {
      const t0 = this.now();
      let calls = 0;
      while (calls < 3 || this.now() - t0 < ms) {
        this.call(job);
        calls++;
      }
    }
  }
}

/**
 * The CPU measurement: a working-set sweep of read and triad bandwidth (1 thread and all
 * threads), FP32/FP64 multiply-add and INT8 dot-product peaks, thread scaling, and a clock
 * check, all with the WebAssembly SIMD kernels. Pure library code: the clock, the worker
 * factory and what the OS says about the caches are injected.
 */

import { GiB, KiB, MiB } from "../units/quantities.js";
import { type Executor, type ExecutorSetup, InlineExecutor, pagesFor, WorkerPool } from "./executor.js";
import type { Job } from "./kernel-host.js";
import {
  detectWasmFeatures,
  flopsPerFmaF32Iter,
  flopsPerFmaF64Iter,
  type KernelOptions,
  OPS_PER_DOT_BYTE,
  READ_STEP,
  TRIAD_STEP,
  type WasmFeatures,
} from "./kernels.js";
import { type CacheLevel, type LevelsResult, labelLevels } from "./plateaus.js";
import type { WorkerFactory } from "./protocol.js";
import { CLOCK_CHANGE, type SampleStats, sampleStats } from "./stats.js";
import { hostWasm, type WasmApi } from "./wasm-env.js";

/** Last-level cache size assumed when the OS does not say. */
export const ASSUMED_LLC_BYTES = 32 * MiB;
/** Largest working set the sweep allocates (wasm32 memories stop at 4 GiB). */
export const MAX_SWEEP_BYTES = 2 * GiB;
export const MIN_SWEEP_BYTES = 16 * KiB;

/** A cache as the OS reports it. */
export interface OsCache {
  readonly level: number;
  /** Capacity of one instance, bytes. */
  readonly bytes: number;
  /** Logical CPUs sharing one instance (1 for a private cache). */
  readonly sharedBy: number;
}

export interface MeasureProgress {
  /** Samples done and planned. */
  readonly done: number;
  readonly total: number;
  readonly label: string;
}

export interface CpuMeasureOptions {
  /** Milliseconds, monotonic (performance.now). */
  readonly now: () => number;
  /** Worker threads; without a factory everything runs on the calling thread. Several threads need SharedArrayBuffer. */
  readonly createWorker?: WorkerFactory;
  /** Threads for the "all threads" runs (default 1). */
  readonly threads?: number;
  /** Caches as the OS reports them (any order); the largest is the last-level cache. */
  readonly caches?: readonly OsCache[];
  /** About 10 s instead of about a minute: a coarser sweep, fewer samples. */
  readonly quick?: boolean;
  /** Working sets to sweep (bytes); default 16 KiB to 8× the last-level cache. */
  readonly sizes?: readonly number[];
  /** Cap on the sweep's largest working set (bytes). */
  readonly maxBytes?: number;
  /** Minimum duration of one sample (default 30 ms, 20 ms with `quick`). */
  readonly sampleMs?: number;
  /** Samples per point (default 9, 5 with `quick`). */
  readonly samples?: number;
  /** Warm-up per kernel and thread, ms (default 40). */
  readonly warmMs?: number;
  /** Use relaxed SIMD when the runtime validates it (default true). */
  readonly allowRelaxed?: boolean;
  readonly onProgress?: (p: MeasureProgress) => void;
  /** The host's WebAssembly API (default: the global one). */
  readonly wasm?: WasmApi;
}

export type BandwidthKernel = "read" | "triad";

export interface SweepPoint {
  /** Working set of all threads together, bytes. */
  readonly bytes: number;
  /** GB/s (1e9 bytes/s). */
  readonly stats: SampleStats;
}

export interface Sweep {
  readonly kernel: BandwidthKernel;
  readonly threads: number;
  readonly points: readonly SweepPoint[];
}

export interface ComputePeak {
  /** GFLOP/s (GOP/s for int8) on one thread and on all threads. */
  readonly one: SampleStats;
  readonly all: SampleStats;
}

export interface ScalingPoint {
  readonly threads: number;
  readonly stats: SampleStats;
}

export interface Scaling {
  readonly what: "fp32" | "dram-read";
  readonly points: readonly ScalingPoint[];
  /** Fewest threads reaching 95% of the best rate: the threads that really add throughput. */
  readonly usefulThreads: number;
}

export interface LevelBandwidth {
  readonly label: string;
  /** Read bandwidth, GB/s, one thread and all threads (the plateau's median of best samples). */
  readonly read1?: number;
  readonly readAll?: number;
  readonly triad1?: number;
  readonly triadAll?: number;
  /** Working sets of the 1-thread read plateau. */
  readonly fromBytes?: number;
  readonly toBytes?: number;
}

export interface CpuMeasurement {
  readonly features: WasmFeatures;
  /** Which kernels ran: relaxed SIMD (fused multiply-add, i8 dot) or plain 128-bit SIMD. */
  readonly simd: "relaxed-simd-128" | "simd-128";
  readonly threads: number;
  readonly quick: boolean;
  readonly sampleMs: number;
  readonly samples: number;
  readonly llcBytes: number;
  readonly llcAssumed: boolean;
  readonly sweeps: readonly Sweep[];
  /** Levels from the 1-thread read curve, cross-checked with the OS's cache sizes. */
  readonly levels: LevelsResult;
  /** Levels from the all-threads read curve (absent with one thread). */
  readonly levelsAll?: LevelsResult;
  readonly bandwidth: readonly LevelBandwidth[];
  /** DRAM read bandwidth, GB/s: the best of 1 thread and all threads (the profile's bandwidth). */
  readonly dramReadGBps?: number;
  readonly dramTriadGBps?: number;
  readonly compute: { readonly fp32: ComputePeak; readonly fp64: ComputePeak; readonly int8: ComputePeak };
  readonly scaling: readonly Scaling[];
  /** Single-thread FP32 rate at the start and the end: a change means the clock moved (turbo, throttling, other load). */
  readonly clock: { readonly before: number; readonly after: number; readonly changed: boolean };
  /** Any key figure noisy, or the clock changed. */
  readonly noisy: boolean;
  readonly warnings: readonly string[];
  readonly durationMs: number;
}

const ceilTo = (x: number, m: number) => Math.ceil(x / m) * m;
const floorTo = (x: number, m: number) => Math.floor(x / m) * m;

/** The default sweep: 16 KiB to `max`, doubling (quick) or in half-octaves, multiples of 4 KiB. */
export function sweepSizes(maxBytes: number, quick: boolean): number[] {
  const step = quick ? 2 : Math.SQRT2;
  const out: number[] = [];
  for (let x = MIN_SWEEP_BYTES; x <= maxBytes * 1.0001; x *= step) {
    const b = floorTo(x, 4 * KiB);
    if (out[out.length - 1] !== b) out.push(b);
  }
  return out;
}

/** Thread counts to try for scaling: 1..n when n ≤ 8, else powers of two and n. */
export function threadCounts(n: number): number[] {
  if (n <= 8) return Array.from({ length: n }, (_, i) => i + 1);
  const out: number[] = [];
  for (let t = 1; t < n; t *= 2) out.push(t);
  out.push(n);
  return out;
}

/** Fewest threads whose rate reaches `frac` of the best. */
export function usefulThreads(points: readonly { threads: number; rate: number }[], frac = 0.95): number {
  const best = Math.max(...points.map((p) => p.rate));
  return [...points].sort((a, b) => a.threads - b.threads).find((p) => p.rate >= frac * best)?.threads ?? 1;
}

/** Caches as a sweep on `threads` threads sees them: private caches add up over the threads. */
export function visibleCaches(caches: readonly OsCache[], threads: number): CacheLevel[] {
  const byLevel = new Map<number, number>();
  for (const c of caches) {
    const bytes = c.bytes * Math.max(1, Math.ceil(threads / Math.max(1, c.sharedBy)));
    byLevel.set(c.level, Math.max(byLevel.get(c.level) ?? 0, bytes));
  }
  return [...byLevel].map(([level, bytes]) => ({ level, bytes })).sort((a, b) => a.level - b.level);
}

interface Plan {
  readonly sizes1: readonly number[];
  readonly sizesAll: readonly number[];
  readonly computeKernels: number;
  readonly scalingThreads: readonly number[];
}

export async function measureCpu(o: CpuMeasureOptions): Promise<CpuMeasurement> {
  const started = o.now();
  const wasm = o.wasm ?? hostWasm();
  if (!wasm) throw new Error("this runtime has no WebAssembly");
  const features = detectWasmFeatures((b) => wasm.validate(b));
  if (!features.simd) throw new Error("this runtime's WebAssembly has no 128-bit SIMD");
  const warnings: string[] = [];
  const quick = o.quick ?? false;
  const sampleMs = o.sampleMs ?? (quick ? 20 : 30);
  const S = Math.max(1, o.samples ?? (quick ? 5 : 9));
  const caches = o.caches ?? [];
  const llcOs = caches.length ? Math.max(...caches.map((c) => c.bytes)) : undefined;
  const llcBytes = llcOs ?? ASSUMED_LLC_BYTES;
  if (llcOs === undefined)
    warnings.push(`the OS reports no cache sizes: assuming a ${llcBytes / MiB} MiB last-level cache`);
  const shareable = typeof SharedArrayBuffer !== "undefined";
  let threads = Math.max(1, Math.floor(o.threads ?? 1));
  if (threads > 1 && (!o.createWorker || !shareable)) {
    warnings.push(
      `${!o.createWorker ? "no worker threads" : "no SharedArrayBuffer"}: measuring one thread only`,
    );
    threads = 1;
  }
  let maxBytes = Math.min(MAX_SWEEP_BYTES, 8 * llcBytes, o.maxBytes ?? Infinity);
  if (8 * llcBytes > MAX_SWEEP_BYTES)
    warnings.push(`the sweep stops at ${MAX_SWEEP_BYTES / GiB} GiB (wasm32), below 8× the last-level cache`);
  if (o.maxBytes !== undefined && o.maxBytes < 8 * llcBytes)
    warnings.push(
      `the sweep stops at ${(o.maxBytes / MiB).toFixed(1)} MiB, below 8× the last-level cache (${((8 * llcBytes) / MiB).toFixed(0)} MiB): the last plateau may not be DRAM`,
    );
  const sizes1 = (o.sizes ? [...o.sizes].sort((a, b) => a - b) : sweepSizes(maxBytes, quick)).filter(
    (b) => b >= 4 * KiB,
  );
  if (sizes1.length === 0) throw new RangeError("no working-set sizes to sweep");
  maxBytes = Math.max(...sizes1);
  const sizesAll =
    threads === 1 ? [] : quick ? sizes1.filter((_, i) => (sizes1.length - 1 - i) % 2 === 0) : sizes1;
  const scalingThreads =
    quick || threads === 1 ? [] : threadCounts(threads).filter((t) => t !== 1 && t !== threads);
  const plan: Plan = { sizes1, sizesAll, computeKernels: 3, scalingThreads };

  const relaxed = features.relaxedSimd && (o.allowRelaxed ?? true);
  const options: KernelOptions = { shared: threads > 1, relaxed };
  // Memory: one region per thread big enough for its share of the largest working set,
  // then 16 bytes of int8 weights per thread.
  const stride = ceilTo(Math.ceil(maxBytes / threads) + 256, 64 * KiB);
  const weightsAt = (t: number) => threads * stride + 16 * t;
  const setup: ExecutorSetup = {
    wasm,
    options,
    now: o.now,
    pages: pagesFor(threads * stride + 64 * KiB),
    fill: (t) => [{ offset: t * stride, bytes: stride }],
    weights: weightsAt,
  };
  // Worker threads whenever there is a factory (one worker needs no SharedArrayBuffer); else the calling thread.
  const exec: Executor = o.createWorker
    ? await WorkerPool.create(setup, threads, o.createWorker)
    : await InlineExecutor.create(setup);

  try {
    const flops32 = flopsPerFmaF32Iter(options);
    const flops64 = flopsPerFmaF64Iter(options);
    // Job builders: `reps` repetitions on thread t's share of a working set of `total` bytes.
    const readJob = (t: number, share: number, reps: number): { job: Job; work: number } => {
      const bytes = Math.max(READ_STEP, floorTo(share, READ_STEP));
      return { job: { kernel: "read_i32", args: [t * stride, bytes, reps] }, work: bytes * reps };
    };
    const triadJob = (t: number, share: number, reps: number): { job: Job; work: number } => {
      const per = Math.max(TRIAD_STEP, floorTo((share - 128) / 3, TRIAD_STEP));
      const a = t * stride;
      return {
        job: { kernel: "triad_f32", args: [a, a + per + 64, a + 2 * per + 128, per, 0.5, reps] },
        work: 3 * per * reps,
      };
    };
    const fma32Job = (_t: number, iters: number) => ({
      job: { kernel: "fma_f32", args: [iters, -1, 0.5] } as Job,
      work: iters * flops32,
    });
    const fma64Job = (_t: number, iters: number) => ({
      job: { kernel: "fma_f64", args: [iters, -1, 0.5] } as Job,
      work: iters * flops64,
    });
    const dotJob = (t: number, reps: number) => ({
      job: { kernel: "dot_i8", args: [weightsAt(t), t * stride, 4 * KiB, reps] } as Job,
      work: 4 * KiB * reps * OPS_PER_DOT_BYTE,
    });

    await exec.warm(
      (t) => [
        readJob(t, 16 * KiB, 64).job,
        triadJob(t, 16 * KiB, 64).job,
        fma32Job(t, 20_000).job,
        fma64Job(t, 20_000).job,
        dotJob(t, 64).job,
      ],
      o.warmMs ?? 40,
    );

    const totalSamples =
      S *
        (2 * plan.sizes1.length +
          2 * plan.sizesAll.length +
          plan.computeKernels * (threads > 1 ? 2 : 1) +
          2 * plan.scalingThreads.length) +
      2 * Math.min(S, 3);
    let done = 0;
    const progress = (label: string) => o.onProgress?.({ done, total: totalSamples, label });

    /**
     * Samples of a job run on `n` threads: `make(t, reps)` builds thread t's job and its work
     * (bytes, FLOPs or ops); `unitPerRep` is one thread's work per repetition. `reps` is
     * calibrated so that each sample lasts at least sampleMs; shorter calls only calibrate.
     * Rates are work / slowest thread's time, in G per second.
     */
    const perThreadRate = new Map<string, number>(); // work units per ms and thread, last seen
    const measure = async (
      key: string,
      label: string,
      n: number,
      samples: number,
      unitPerRep: number,
      make: (t: number, reps: number) => { job: Job; work: number },
    ): Promise<SampleStats> => {
      const guess = perThreadRate.get(key) ?? 0;
      let reps = Math.max(
        1,
        Math.min(2 ** 31 - 1, guess > 0 ? Math.ceil((guess * sampleMs * 1.1) / unitPerRep) : 1),
      );
      const rates: number[] = [];
      let tries = 0;
      while (rates.length < samples) {
        const parts = Array.from({ length: n }, (_, t) => make(t, reps));
        const res = await exec.run(parts.map((p) => p.job));
        const elapsed = Math.max(...res.map((r) => r.elapsedMs));
        const work = parts.reduce((s, p) => s + p.work, 0);
        if (elapsed >= sampleMs) {
          rates.push(work / elapsed / 1e6);
          done++;
          progress(label);
        } else {
          if (++tries > 60) throw new Error(`could not calibrate ${label}: the clock does not advance`);
          const next = Math.ceil((reps * sampleMs * 1.2) / Math.max(elapsed, sampleMs / 1000));
          reps = Math.min(2 ** 31 - 1, Math.max(reps + 1, Math.min(next, reps * 1000)));
        }
      }
      const stats = sampleStats(rates);
      perThreadRate.set(key, (stats.median * 1e6) / n);
      return stats;
    };

    // Clock check (before).
    progress("clock check");
    const clockBefore = await measure("fma32", "FP32 (clock check)", 1, Math.min(S, 3), flops32, (t, r) =>
      fma32Job(t, r),
    );

    const sweeps: Sweep[] = [];
    const sweep = async (n: number, sizes: readonly number[]) => {
      const read: SweepPoint[] = [];
      const triad: SweepPoint[] = [];
      for (const bytes of sizes) {
        const share = bytes / n;
        const label = `${n === 1 ? "1 thread" : `${n} threads`}, ${bytesLabel(bytes)}`;
        read.push({
          bytes,
          stats: await measure(`read${n}`, `read ${label}`, n, S, floorTo(share, READ_STEP), (t, r) =>
            readJob(t, share, r),
          ),
        });
        triad.push({
          bytes,
          stats: await measure(
            `triad${n}`,
            `triad ${label}`,
            n,
            S,
            3 * floorTo((share - 128) / 3, TRIAD_STEP),
            (t, r) => triadJob(t, share, r),
          ),
        });
      }
      sweeps.push(
        { kernel: "read", threads: n, points: read },
        { kernel: "triad", threads: n, points: triad },
      );
    };
    await sweep(1, plan.sizes1);
    if (plan.sizesAll.length) await sweep(threads, plan.sizesAll);

    const peak = async (
      key: string,
      label: string,
      unit: number,
      make: (t: number, r: number) => { job: Job; work: number },
    ): Promise<ComputePeak> => {
      const one = await measure(key, `${label}, 1 thread`, 1, S, unit, make);
      const all =
        threads > 1 ? await measure(key, `${label}, ${threads} threads`, threads, S, unit, make) : one;
      return { one, all };
    };
    const fp32 = await peak("fma32", "FP32 multiply-add", flops32, fma32Job);
    const fp64 = await peak("fma64", "FP64 multiply-add", flops64, fma64Job);
    const int8 = await peak("dot", "INT8 dot", 4 * KiB * OPS_PER_DOT_BYTE, dotJob);

    // Thread scaling: FP32 and DRAM read at the intermediate thread counts.
    const scaling: Scaling[] = [];
    const dramBytes = plan.sizes1[plan.sizes1.length - 1]!;
    const allRead = sweeps.find((s) => s.kernel === "read" && s.threads === threads);
    const read1 = sweeps.find((s) => s.kernel === "read" && s.threads === 1)!;
    if (threads > 1) {
      const fpPts: ScalingPoint[] = [{ threads: 1, stats: fp32.one }];
      const bwPts: ScalingPoint[] = [{ threads: 1, stats: read1.points[read1.points.length - 1]!.stats }];
      for (const n of plan.scalingThreads) {
        fpPts.push({
          threads: n,
          stats: await measure("fma32", `FP32 multiply-add, ${n} threads`, n, S, flops32, fma32Job),
        });
        const share = dramBytes / n;
        bwPts.push({
          threads: n,
          stats: await measure(
            `read${n}`,
            `read ${n} threads, ${bytesLabel(dramBytes)}`,
            n,
            S,
            floorTo(share, READ_STEP),
            (t, r) => readJob(t, share, r),
          ),
        });
      }
      fpPts.push({ threads, stats: fp32.all });
      const dramAll = allRead?.points.find((p) => p.bytes === dramBytes);
      if (dramAll) bwPts.push({ threads, stats: dramAll.stats });
      for (const [what, pts] of [
        ["fp32", fpPts],
        ["dram-read", bwPts],
      ] as const) {
        scaling.push({
          what,
          points: pts,
          usefulThreads: usefulThreads(pts.map((p) => ({ threads: p.threads, rate: p.stats.best }))),
        });
      }
    }

    progress("clock check");
    const clockAfter = await measure("fma32", "FP32 (clock check)", 1, Math.min(S, 3), flops32, (t, r) =>
      fma32Job(t, r),
    );
    const clockChanged =
      Math.abs(clockAfter.best - clockBefore.best) / Math.max(clockAfter.best, clockBefore.best) >
      CLOCK_CHANGE;
    if (clockChanged)
      warnings.push(
        `the single-thread FP32 rate moved from ${clockBefore.best.toFixed(1)} to ${clockAfter.best.toFixed(1)} GFLOP/s during the run: clock changes or other load`,
      );

    // Levels.
    const curve = (s: Sweep | undefined) =>
      s ? s.points.map((p) => ({ bytes: p.bytes, gbps: p.stats.best })) : [];
    const levels = labelLevels(curve(read1), visibleCaches(caches, 1), llcBytes);
    const levelsAll = allRead
      ? labelLevels(curve(allRead), visibleCaches(caches, threads), llcBytes)
      : undefined;
    const triad1 = sweeps.find((s) => s.kernel === "triad" && s.threads === 1);
    const triadAll = sweeps.find((s) => s.kernel === "triad" && s.threads === threads && threads > 1);
    const onLevel = (
      s: Sweep | undefined,
      lv: LevelsResult | undefined,
      label: string,
    ): number | undefined => {
      const l = lv?.levels.find((x) => x.label === label);
      if (!s || !l) return undefined;
      const vals = s.points
        .filter((p) => p.bytes >= l.fromBytes && p.bytes <= l.toBytes)
        .map((p) => p.stats.best);
      if (!vals.length) return undefined;
      return sampleStats(vals).median;
    };
    const labels = [
      ...new Set([...levels.levels.map((l) => l.label), ...(levelsAll?.levels.map((l) => l.label) ?? [])]),
    ];
    const order = (l: string) => (l === "DRAM" ? 99 : Number(l.slice(1)));
    labels.sort((a, b) => order(a) - order(b));
    const bandwidth: LevelBandwidth[] = labels.map((label) => {
      const l1 = levels.levels.find((x) => x.label === label);
      return strip({
        label,
        read1: onLevel(read1, levels, label),
        readAll: onLevel(allRead, levelsAll, label),
        triad1: onLevel(triad1, levels, label),
        triadAll: onLevel(triadAll, levelsAll, label),
        fromBytes: l1?.fromBytes,
        toBytes: l1?.toBytes,
      });
    });
    const dram = bandwidth.find((b) => b.label === "DRAM");
    const maxOf = (...xs: (number | undefined)[]) => {
      const v = xs.filter((x): x is number => x !== undefined);
      return v.length ? Math.max(...v) : undefined;
    };
    const dramReadGBps = maxOf(dram?.read1, dram?.readAll);
    const dramTriadGBps = maxOf(dram?.triad1, dram?.triadAll);
    if (!dram) warnings.push("no DRAM plateau: the sweep did not reach past the caches");
    for (const c of levels.crossCheck)
      if (!c.agrees) warnings.push(`cache cross-check, ${c.label}: ${c.note}`);

    const dramPoint = (s: Sweep | undefined) => s?.points[s.points.length - 1]?.stats;
    const keyStats = [fp32.one, fp32.all, dramPoint(read1), dramPoint(allRead)].filter(
      (x): x is SampleStats => x !== undefined,
    );
    const noisy = clockChanged || keyStats.some((s) => s.noisy);
    if (keyStats.some((s) => s.noisy))
      warnings.push(
        "noisy: some key figures vary by more than 20% between samples (other load on the machine?)",
      );

    return strip({
      features,
      simd: relaxed ? "relaxed-simd-128" : "simd-128",
      threads,
      quick,
      sampleMs,
      samples: S,
      llcBytes,
      llcAssumed: llcOs === undefined,
      sweeps,
      levels,
      levelsAll,
      bandwidth,
      dramReadGBps,
      dramTriadGBps,
      compute: { fp32, fp64, int8 },
      scaling,
      clock: { before: clockBefore.best, after: clockAfter.best, changed: clockChanged },
      noisy,
      warnings,
      durationMs: o.now() - started,
    }) as CpuMeasurement;
  } finally {
    await exec.close();
  }
}

export function bytesLabel(b: number): string {
  if (b >= GiB && b % GiB === 0) return `${b / GiB} GiB`;
  if (b >= MiB) return `${+(b / MiB).toFixed(b % MiB === 0 ? 0 : 1)} MiB`;
  return `${+(b / KiB).toFixed(b % KiB === 0 ? 0 : 1)} KiB`;
}

/** Drop undefined properties (exactOptionalPropertyTypes). */
function strip<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

/**
 * `npm run bench:measure`: Ridgeline's WebAssembly kernels against a small C reference on
 * the same working sets. The C reference (STREAM-like read and triad, and a 128-bit
 * multiply-add loop) is built with the system's C compiler in a temporary folder, then run
 * as a child process interleaved with Ridgeline's kernels (one measuring thread, as in
 * `ridgeline measure`): round after round, C then Ridgeline then C …, best sample of each.
 *
 * The C reference comes in two widths: 128-bit vectors (GCC/Clang vector extensions, the
 * width of WebAssembly SIMD) and the CPU's native width (-march=native: AVX-512, AVX2, or
 * NEON). Targets: bandwidth ≥ 0.9× the C reference at L2, L3 and DRAM for read and triad;
 * FP32 multiply-add ≥ 0.9× the C 128-bit reference. Prints figures; asserts nothing.
 *
 * On Linux with `taskset`, the benchmark re-runs itself pinned to the last CPU, and the C
 * reference (its child) inherits that pinning: both run on the same core, one at a time,
 * and neither is moved between cores mid-sample (`--no-pin` to leave scheduling alone).
 *
 *   npm run bench:measure [-- --rounds 7 --samples 5 --sample-ms 30 --no-pin]
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { parseArgs as parseCliArgs } from "node:util";
import { readHost } from "../cli/measure/host.js";
import { nodeWorkerFactory } from "../cli/measure/node-workers.js";
import { bytesLabel } from "../core/measure/cpu.js";
import { pagesFor, WorkerPool } from "../core/measure/executor.js";
import type { Job } from "../core/measure/kernel-host.js";
import {
  detectWasmFeatures,
  flopsPerFmaF32Iter,
  type KernelOptions,
  READ_STEP,
  TRIAD_STEP,
} from "../core/measure/kernels.js";
import { hostWasm } from "../core/measure/wasm-env.js";
import { KiB, MiB } from "../core/units/quantities.js";

const C_SOURCE = String.raw`
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
typedef float v4 __attribute__((vector_size(16)));
#if defined(__AVX512F__)
#define VW 64
#elif defined(__AVX__)
#define VW 32
#else
#define VW 16
#endif
typedef float vn __attribute__((vector_size(VW)));
static double now_ms(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }
static volatile float sink;
/* Read-only stream: 8 independent 128-bit accumulators, 128 bytes per iteration. */
__attribute__((noinline)) static float read128(const char *p, size_t bytes, long reps) {
  v4 a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0}, a4 = {0}, a5 = {0}, a6 = {0}, a7 = {0};
  const char *e = p + bytes;
  for (long r = 0; r < reps; r++)
    for (const char *q = p; q < e; q += 128) {
      a0 += *(const v4 *)(q);      a1 += *(const v4 *)(q + 16); a2 += *(const v4 *)(q + 32); a3 += *(const v4 *)(q + 48);
      a4 += *(const v4 *)(q + 64); a5 += *(const v4 *)(q + 80); a6 += *(const v4 *)(q + 96); a7 += *(const v4 *)(q + 112);
    }
  v4 s = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7));
  return s[0] + s[1] + s[2] + s[3];
}
/* The same at the native vector width. */
__attribute__((noinline)) static float readN(const char *p, size_t bytes, long reps) {
  vn a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0};
  const char *e = p + bytes;
  for (long r = 0; r < reps; r++)
    for (const char *q = p; q < e; q += 4 * VW) {
      a0 += *(const vn *)(q); a1 += *(const vn *)(q + VW); a2 += *(const vn *)(q + 2 * VW); a3 += *(const vn *)(q + 3 * VW);
    }
  vn s = (a0 + a1) + (a2 + a3);
  float t = 0;
  for (int i = 0; i < VW / 4; i++) t += s[i];
  return t;
}
/* STREAM triad a = b + s*c, 128-bit vectors. */
__attribute__((noinline)) static void triad128(v4 *restrict a, const v4 *restrict b, const v4 *restrict c, size_t bytes, float s, long reps) {
  size_t n = bytes / 16;
  v4 S = {s, s, s, s};
  for (long r = 0; r < reps; r++) {
    for (size_t i = 0; i < n; i++) a[i] = b[i] + S * c[i];
    __asm__ volatile("" ::: "memory");
  }
}
/* STREAM triad as plain C, vectorised by the compiler at the native width. */
__attribute__((noinline)) static void triadN(float *restrict a, const float *restrict b, const float *restrict c, size_t bytes, float s, long reps) {
  size_t n = bytes / 4;
  for (long r = 0; r < reps; r++) {
    for (size_t i = 0; i < n; i++) a[i] = b[i] + s * c[i];
    __asm__ volatile("" ::: "memory");
  }
}
/* 128-bit multiply-add throughput: 10 independent chains acc = acc*m + a (fused with FMA). */
#define K 10
__attribute__((noinline)) static float fma128(long iters, float m, float ad) {
  v4 acc[K];
  v4 M = {m, m, m, m}, A = {ad, ad, ad, ad};
  for (int k = 0; k < K; k++) acc[k] = (v4){(k + 1) / 16.f, (k + 1) / 16.f, (k + 1) / 16.f, (k + 1) / 16.f};
  for (long i = 0; i < iters; i++) {
#pragma GCC unroll 16
    for (int k = 0; k < K; k++) acc[k] = acc[k] * M + A;
  }
  v4 s = {0};
  for (int k = 0; k < K; k++) s += acc[k];
  return s[0] + s[1] + s[2] + s[3];
}
static int cmp(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return x < y ? -1 : x > y; }
int main(int argc, char **argv) {
  size_t max = (size_t)atoll(argv[1]);
  size_t alloc = (max + 8192) / 4096 * 4096;
  char *buf = aligned_alloc(4096, alloc);
  if (!buf) { fprintf(stderr, "out of memory\n"); return 1; }
  for (size_t i = 0; i < alloc / 4; i++) ((float *)buf)[i] = 1.0f;
  char cmd[32];
  double bytes, minms;
  int samples;
  volatile float vm = -1.0f, va = 0.5f;
  while (scanf("%31s %lf %lf %d", cmd, &bytes, &minms, &samples) == 4) {
    size_t ws = (size_t)bytes;
    int kind = !strcmp(cmd, "read128") ? 0 : !strcmp(cmd, "readN") ? 1 : !strcmp(cmd, "triad128") ? 2 : !strcmp(cmd, "triadN") ? 3 : 4;
    size_t rb = ws / 128 * 128;
    size_t per = (ws > 320 ? (ws - 128) / 3 : 64) / 64 * 64;
    char *a = buf, *b = buf + per + 64, *c = buf + 2 * per + 128;
    long reps = 1;
    double rates[1000];
    int n = 0;
    while (n < samples && n < 1000) {
      double t0 = now_ms(), work;
      switch (kind) {
        case 0: sink = read128(buf, rb, reps); work = (double)rb * reps; break;
        case 1: sink = readN(buf, rb, reps); work = (double)rb * reps; break;
        case 2: triad128((v4 *)a, (const v4 *)b, (const v4 *)c, per, 0.5f, reps); work = 3.0 * per * reps; break;
        case 3: triadN((float *)a, (const float *)b, (const float *)c, per, 0.5f, reps); work = 3.0 * per * reps; break;
        default: sink = fma128(reps * 1000, vm, va); work = reps * 1000.0 * K * 8; break;
      }
      double dt = now_ms() - t0;
      if (dt < minms) { double f = minms * 1.2 / (dt > 0.001 ? dt : 0.001); reps = (long)(reps * (f < 1000 ? f : 1000)) + 1; continue; }
      rates[n++] = work / dt / 1e6;
    }
    qsort(rates, n, sizeof rates[0], cmp);
    printf("%.4f %.4f\n", rates[n - 1], n % 2 ? rates[n / 2] : (rates[n / 2 - 1] + rates[n / 2]) / 2);
    fflush(stdout);
  }
  return 0;
}
`;

interface Args {
  rounds: number;
  samples: number;
  sampleMs: number;
  pin: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const { values } = parseCliArgs({
    args: [...argv],
    options: {
      rounds: { type: "string", default: "7" },
      samples: { type: "string", default: "5" },
      "sample-ms": { type: "string", default: "30" },
      "no-pin": { type: "boolean", default: false },
    },
  });
  const count = (flag: string, text: string) => {
    const v = Number(text);
    if (!Number.isInteger(v) || v < 1) throw new Error(`--${flag} must be a positive integer, got ${text}`);
    return v;
  };
  return {
    rounds: count("rounds", values.rounds),
    samples: count("samples", values.samples),
    sampleMs: count("sample-ms", values["sample-ms"]),
    pin: !values["no-pin"],
  };
}

function findCompiler(): string | undefined {
  for (const cc of [process.env.CC, "cc", "gcc", "clang"]) {
    if (!cc) continue;
    const r = spawnSync(cc, ["--version"], { encoding: "utf8" });
    if (r.status === 0) return cc;
  }
  return undefined;
}

class CRef {
  private readonly lines: AsyncIterator<string>;
  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    this.lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  }
  static start(bin: string, maxBytes: number): CRef {
    return new CRef(spawn(bin, [String(maxBytes)], { stdio: ["pipe", "pipe", "pipe"] }));
  }
  async run(kernel: string, bytes: number, sampleMs: number, samples: number): Promise<number> {
    this.child.stdin.write(`${kernel} ${bytes} ${sampleMs} ${samples}\n`);
    const r = await this.lines.next();
    if (r.done) throw new Error("the C reference exited");
    return Number(r.value.split(" ")[0]);
  }
  close(): void {
    this.child.stdin.end();
  }
}

const PINNED = "RIDGELINE_BENCH_PINNED";

/**
 * Re-run this script under `taskset -c <last CPU>` (Linux): the measuring worker and the C
 * reference, a child process, then share one core. Returns the child's exit status, or
 * undefined where pinning is off, done already, or not possible.
 */
function pinnedRerun(args: Args, cpus: number): number | undefined {
  if (!args.pin || process.env[PINNED] !== undefined || process.platform !== "linux" || cpus < 2)
    return undefined;
  if (spawnSync("taskset", ["-V"], { encoding: "utf8" }).status !== 0) return undefined;
  const cpu = String(cpus - 1);
  const r = spawnSync(
    "taskset",
    ["-c", cpu, process.execPath, ...process.execArgv, process.argv[1]!, ...process.argv.slice(2)],
    {
      stdio: "inherit",
      env: { ...process.env, [PINNED]: cpu },
    },
  );
  return r.status ?? 1;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const rerun = pinnedRerun(args, availableParallelism());
  if (rerun !== undefined) {
    process.exitCode = rerun;
    return;
  }
  const host = readHost();
  const wasm = hostWasm();
  if (!wasm) throw new Error("no WebAssembly");
  const features = detectWasmFeatures((b) => wasm.validate(b));
  const cc = findCompiler();
  const l2 = host.caches.find((c) => c.level === 2)?.bytes ?? 1 * MiB;
  const llc = host.caches.length ? Math.max(...host.caches.map((c) => c.bytes)) : 32 * MiB;
  const sets = [
    { level: "L2", bytes: Math.max(64 * KiB, l2 / 2) },
    { level: "L3", bytes: Math.max(2 * l2, llc / 2) },
    { level: "DRAM", bytes: Math.min(1024 * MiB, 8 * llc) },
  ];
  if (!host.caches.some((c) => c.level === 3)) sets.splice(1, 1);
  const maxBytes = Math.max(...sets.map((s) => s.bytes));

  console.log(
    `ridgeline bench:measure: ${host.cpuModel} (${host.arch}, ${host.logicalCpus} logical CPUs), ${host.runtime}`,
  );
  console.log(
    `WebAssembly SIMD 128-bit${features.relaxedSimd ? " with relaxed SIMD" : " (relaxed SIMD: not in this runtime)"}; CPU features: ${host.isa.join(" ") || "unknown"}`,
  );
  console.log(
    `caches (OS): ${host.caches.map((c) => `L${c.level} ${bytesLabel(c.bytes)}`).join(", ") || "unknown"}`,
  );
  if (!cc) {
    console.log("no C compiler (cc, gcc, clang) found: nothing to compare against.");
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "ridgeline-bench-measure-"));
  const bin = join(dir, "ref");
  writeFileSync(join(dir, "ref.c"), C_SOURCE);
  let flags = ["-O2", "-march=native"];
  let r = spawnSync(cc, [...flags, "-o", bin, join(dir, "ref.c")], { encoding: "utf8" });
  if (r.status !== 0) {
    flags = ["-O2"];
    r = spawnSync(cc, [...flags, "-o", bin, join(dir, "ref.c")], { encoding: "utf8" });
  }
  if (r.status !== 0) {
    console.log(`the C reference does not compile:\n${r.stderr}`);
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  const ccVersion = spawnSync(cc, ["--version"], { encoding: "utf8" }).stdout.split("\n")[0];
  console.log(`C reference: ${ccVersion} ${flags.join(" ")}`);
  const pinned = process.env[PINNED];
  console.log(
    `samples ≥ ${args.sampleMs} ms, best of ${args.samples} per batch, ${args.rounds} interleaved rounds (C, Ridgeline, C, …), best batch kept; ` +
      `${pinned !== undefined ? `pinned to CPU ${pinned} (taskset; the C reference inherits it)` : "not pinned"}\n`,
  );

  const options: KernelOptions = { shared: true, relaxed: features.relaxedSimd };
  const stride = Math.ceil((maxBytes + 256) / (64 * KiB)) * 64 * KiB;
  const pool = await WorkerPool.create(
    {
      wasm,
      options,
      now: () => performance.now(),
      pages: pagesFor(stride + 64 * KiB),
      fill: () => [{ offset: 0, bytes: stride }],
      weights: () => stride,
    },
    1,
    nodeWorkerFactory,
  );
  const c = CRef.start(bin, maxBytes);
  try {
    const readJob = (bytes: number, reps: number): { job: Job; work: number } => {
      const b = Math.floor(bytes / READ_STEP) * READ_STEP;
      return { job: { kernel: "read_i32", args: [0, b, reps] }, work: b * reps };
    };
    const triadJob = (bytes: number, reps: number): { job: Job; work: number } => {
      const per = Math.floor((bytes - 128) / 3 / TRIAD_STEP) * TRIAD_STEP;
      return {
        job: { kernel: "triad_f32", args: [0, per + 64, 2 * per + 128, per, 0.5, reps] },
        work: 3 * per * reps,
      };
    };
    const flops = flopsPerFmaF32Iter(options);
    const fmaJob = (_bytes: number, iters: number) => ({
      job: { kernel: "fma_f32", args: [iters, -1, 0.5] } as Job,
      work: iters * flops,
    });
    await pool.warm(
      () => [readJob(64 * KiB, 64).job, triadJob(64 * KiB, 64).job, fmaJob(0, 100_000).job],
      100,
    );

    /** Best of `samples` samples of at least sampleMs, in G per second. */
    const reps = new Map<string, number>();
    const ours = async (
      key: string,
      bytes: number,
      make: (bytes: number, reps: number) => { job: Job; work: number },
    ): Promise<number> => {
      let n = reps.get(key) ?? 1;
      let best = 0;
      let got = 0;
      while (got < args.samples) {
        const { job, work } = make(bytes, n);
        const [res] = await pool.run([job]);
        if (res!.elapsedMs < args.sampleMs) {
          n = Math.max(n + 1, Math.ceil((n * args.sampleMs * 1.2) / Math.max(res!.elapsedMs, 0.01)));
          continue;
        }
        best = Math.max(best, work / res!.elapsedMs / 1e6);
        got++;
      }
      reps.set(key, n);
      return best;
    };

    const rows: string[][] = [];
    const cell = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
    const compare = async (
      name: string,
      where: string,
      bytes: number,
      cKernels: readonly string[],
      make: (bytes: number, reps: number) => { job: Job; work: number },
    ) => {
      const bestC = cKernels.map(() => 0);
      let bestW = 0;
      const ratios: number[] = [];
      for (let round = 0; round < args.rounds; round++) {
        const cr: number[] = [];
        for (const [i, k] of cKernels.entries()) {
          const v = await c.run(k, bytes, args.sampleMs, args.samples);
          cr.push(v);
          bestC[i] = Math.max(bestC[i]!, v);
        }
        const w = await ours(`${name}${bytes}`, bytes, make);
        bestW = Math.max(bestW, w);
        ratios.push(w / cr[0]!);
      }
      ratios.sort((a, b) => a - b);
      const ratio128 = bestW / bestC[0]!;
      const ratioNative = bestC[1] !== undefined ? bestW / bestC[1] : undefined;
      const ok = ratio128 >= 0.9;
      rows.push([
        name,
        where,
        cell(bestC[0]!),
        bestC[1] !== undefined ? cell(bestC[1]) : "",
        cell(bestW),
        ratio128.toFixed(2),
        ratioNative !== undefined ? ratioNative.toFixed(2) : "",
        ratios[Math.floor(ratios.length / 2)]!.toFixed(2),
        ok ? "≥ 0.9 met" : "≥ 0.9 MISSED",
      ]);
    };

    for (const s of sets) {
      const where = `${s.level} ${bytesLabel(s.bytes)}`;
      await compare("read GB/s", where, s.bytes, ["read128", "readN"], readJob);
      await compare("triad GB/s", where, s.bytes, ["triad128", "triadN"], triadJob);
    }
    await compare("FP32 mul-add GFLOP/s", "registers", 0, ["fma128"], fmaJob);

    const head = [
      "kernel",
      "working set",
      "C 128-bit",
      "C native",
      "Ridgeline",
      "ratio",
      "vs native",
      "median ratio",
      "target (vs 128-bit C)",
    ];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (r: readonly string[]) =>
      r.map((x, i) => (i < 2 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join("  ");
    console.log(line(head));
    for (const row of rows) console.log(line(row));
    console.log(
      `\nratio = best Ridgeline sample / best C 128-bit sample over all rounds; "vs native" against the C reference at the CPU's native vector width;\n` +
        `median ratio = the median over rounds of (Ridgeline / C 128-bit) in the same round. FP32: Ridgeline ${features.relaxedSimd ? "relaxed_madd" : "f32x4 mul + add (no FMA in plain WebAssembly SIMD)"}, C fused multiply-add on 128-bit vectors.`,
    );
  } finally {
    c.close();
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});

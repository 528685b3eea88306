/**
 * The browser test page (bundled by Vite in measure.test.ts): checks the generated kernels
 * against the JavaScript references (including relaxed SIMD, which Chromium ships), runs a
 * tiny CPU measurement on two Web Workers sharing one memory, and the WebGPU harness.
 * `globalThis.ridgelineMeasureTest()` returns everything as plain JSON.
 */
import { measureCpu } from "../../src/core/measure/cpu.js";
import { detectWasmFeatures, type KernelOptions } from "../../src/core/measure/kernels.js";
import { cpuProfile } from "../../src/core/measure/profile.js";
import { type WebWorkerLike, webWorkerFactory } from "../../src/core/measure/web-workers.js";
import { type GpuLike, gpuProfile, measureWebGpu } from "../../src/core/measure/webgpu.js";
import { KiB } from "../../src/core/units/quantities.js";
import { dotRef, fmaRef, instantiate, readRef, triadRef, wasm } from "../measure/reference.js";

declare const Worker: new (url: URL, o: { type: "module" }) => WebWorkerLike;
declare const navigator: { gpu?: GpuLike; userAgent: string; hardwareConcurrency: number };
declare const performance: { now(): number };
declare const crossOriginIsolated: boolean;

const now = () => performance.now();

async function kernelChecks(o: KernelOptions): Promise<Record<string, boolean>> {
  const { k, memory } = await instantiate(o);
  const words = new Int32Array(memory.buffer, 256, 1024);
  words.forEach((_, i) => (words[i] = ((i * 7919) % 1000) - 500));
  const read = k.read_i32(256, words.byteLength, 3) === readRef(words, 3);

  const n = 256;
  const a = new Float32Array(memory.buffer, 0, n);
  const b = new Float32Array(memory.buffer, 4096, n);
  const c = new Float32Array(memory.buffer, 8192, n);
  b.forEach((_, i) => (b[i] = Math.sin(i) * 100));
  c.forEach((_, i) => (c[i] = 1 / (i + 1)));
  k.triad_f32(0, 4096, 8192, n * 4, 0.3, 2);
  const ref = triadRef(b, c, 0.3);
  const triad = a.every((x, i) => x === ref[i]);

  const close = (x: number, y: number, tol: number) => Math.abs(x - y) <= tol * Math.max(1, Math.abs(y));
  const fma32 = o.relaxed
    ? close(k.fma_f32(50, 0.999, 0.001), fmaRef(o, 50, 0.999, 0.001, 4), 1e-4)
    : k.fma_f32(50, 0.999, 0.001) === fmaRef(o, 50, 0.999, 0.001, 4);
  const fma64 = o.relaxed
    ? close(k.fma_f64(50, 0.999, 0.001), fmaRef(o, 50, 0.999, 0.001, 2), 1e-12)
    : k.fma_f64(50, 0.999, 0.001) === fmaRef(o, 50, 0.999, 0.001, 2);

  const w = new Int8Array(memory.buffer, 16384, 16);
  w.forEach((_, i) => (w[i] = i * 8 + 3)); // 0..127: valid i7 weights for the relaxed dot
  const d = new Int8Array(memory.buffer, 32768, 2048);
  d.forEach((_, i) => (d[i] = ((i * 37) % 128) - 64)); // no i16 saturation in the relaxed dot
  const dot = k.dot_i8(16384, 32768, 2048, 2) === dotRef(w, d, 2);
  return { read, triad, fma32, fma64, dot };
}

async function run(opts: { gpu?: boolean } = {}): Promise<unknown> {
  const features = detectWasmFeatures((bytes) => wasm.validate(bytes));
  const variants: KernelOptions[] = [
    { shared: false, relaxed: false },
    ...(crossOriginIsolated ? [{ shared: true, relaxed: false }] : []),
    ...(features.relaxedSimd ? [{ shared: false, relaxed: true }] : []),
  ];
  const kernels: Record<string, Record<string, boolean>> = {};
  for (const o of variants)
    kernels[`${o.shared ? "shared" : "private"}-${o.relaxed ? "relaxed" : "simd"}`] = await kernelChecks(o);

  const createWorker = webWorkerFactory(
    () => new Worker(new URL("./measure-worker.ts", import.meta.url), { type: "module" }),
  );
  const m = await measureCpu({
    now,
    createWorker,
    threads: 2,
    sizes: [16 * KiB, 64 * KiB, 256 * KiB],
    sampleMs: 2,
    samples: 2,
    warmMs: 5,
  });
  const host = {
    cpuModel: "browser CPU",
    vendor: "unknown",
    logicalCpus: navigator.hardwareConcurrency,
    isa: [],
    runtime: navigator.userAgent,
  };
  const cpu = {
    simd: m.simd,
    threads: m.threads,
    sweeps: m.sweeps.map((s) => ({
      kernel: s.kernel,
      threads: s.threads,
      gbps: s.points.map((p) => p.stats.best),
    })),
    fp32: [m.compute.fp32.one.best, m.compute.fp32.all.best],
    fp64: [m.compute.fp64.one.best, m.compute.fp64.all.best],
    int8: [m.compute.int8.one.best, m.compute.int8.all.best],
    warnings: m.warnings,
    profile: cpuProfile(m, host, { date: "2025-01-01" }),
  };

  const gpu =
    opts.gpu === false
      ? undefined
      : await measureWebGpu(navigator.gpu, {
          now,
          bandwidthBytes: 1 << 20,
          fmaWorkgroups: 4,
          sampleMs: 2,
          samples: 2,
        });
  return {
    crossOriginIsolated,
    userAgent: navigator.userAgent,
    features,
    kernels,
    cpu,
    gpu,
    gpuProfile: gpu ? (gpuProfile(gpu, { date: "2025-01-01", runtime: navigator.userAgent }) ?? null) : null,
  };
}

(globalThis as { ridgelineMeasureTest?: (o?: { gpu?: boolean }) => Promise<unknown> }).ridgelineMeasureTest =
  run;

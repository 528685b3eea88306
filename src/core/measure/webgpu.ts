/**
 * GPU roofline in the browser with WebGPU compute shaders: read bandwidth (a grid-stride
 * sum over a large storage buffer) and FP32 / FP16 fused multiply-add throughput (8
 * independent vec4 chains per invocation). Every run reads its results back and checks
 * them, so a broken driver cannot report a rate for work it did not do.
 *
 * A software fallback adapter (`isFallbackAdapter`, e.g. SwiftShader) is measured and
 * reported as such, but `gpuProfile` never turns it into a GPU roofline.
 *
 * The WebGPU types are declared structurally here (the core has no DOM typings); pass
 * `navigator.gpu` in.
 */
import type { DeviceClass, DeviceSpec } from "../hardware/schema.js";
import { type SampleStats, sampleStats } from "./stats.js";

export interface GpuAdapterInfoLike {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
  readonly isFallbackAdapter?: boolean;
}

interface GpuBufferLike {
  mapAsync(mode: number): Promise<void>;
  getMappedRange(): ArrayBuffer;
  unmap(): void;
  destroy(): void;
}
interface GpuPipelineLike {
  getBindGroupLayout(i: number): unknown;
}
interface GpuPassLike {
  setPipeline(p: GpuPipelineLike): void;
  setBindGroup(i: number, g: unknown): void;
  dispatchWorkgroups(x: number, y?: number, z?: number): void;
  end(): void;
}
interface GpuEncoderLike {
  beginComputePass(): GpuPassLike;
  copyBufferToBuffer(
    src: GpuBufferLike,
    srcOffset: number,
    dst: GpuBufferLike,
    dstOffset: number,
    size: number,
  ): void;
  finish(): unknown;
}
export interface GpuDeviceLike {
  readonly limits: Readonly<Record<string, number>>;
  readonly queue: {
    submit(cmds: unknown[]): void;
    onSubmittedWorkDone(): Promise<void>;
    writeBuffer(b: GpuBufferLike, offset: number, data: ArrayBufferView | ArrayBuffer): void;
  };
  createBuffer(d: { size: number; usage: number; mappedAtCreation?: boolean }): GpuBufferLike;
  createShaderModule(d: { code: string }): unknown;
  createComputePipelineAsync(d: {
    layout: "auto";
    compute: { module: unknown; entryPoint: string };
  }): Promise<GpuPipelineLike>;
  createBindGroup(d: {
    layout: unknown;
    entries: { binding: number; resource: { buffer: GpuBufferLike } }[];
  }): unknown;
  createCommandEncoder(): GpuEncoderLike;
  destroy(): void;
}
export interface GpuAdapterLike {
  readonly features: { has(name: string): boolean };
  readonly limits: Readonly<Record<string, number>>;
  readonly info?: GpuAdapterInfoLike;
  /** Older Chromium: on the adapter itself. */
  readonly isFallbackAdapter?: boolean;
  requestAdapterInfo?(): Promise<GpuAdapterInfoLike>;
  requestDevice(d?: {
    requiredFeatures?: string[];
    requiredLimits?: Record<string, number>;
  }): Promise<GpuDeviceLike>;
}
export interface GpuLike {
  requestAdapter(o?: { powerPreference?: "high-performance" | "low-power" }): Promise<GpuAdapterLike | null>;
}

const STORAGE = 0x80;
const COPY_SRC = 0x04;
const COPY_DST = 0x08;
const MAP_READ = 0x01;
const UNIFORM = 0x40;
const MAP_MODE_READ = 1;
const WG = 256;
const CHAINS = 8;

export interface WebGpuOptions {
  readonly now: () => number;
  /** Bytes of the bandwidth buffer (default 256 MiB, capped by the device's limits). */
  readonly bandwidthBytes?: number;
  /** Workgroups of 256 invocations for the FMA shaders (default 1024). */
  readonly fmaWorkgroups?: number;
  /** Minimum sample duration, ms (default 30). */
  readonly sampleMs?: number;
  /** Samples per figure (default 7). */
  readonly samples?: number;
  readonly powerPreference?: "high-performance" | "low-power";
}

export interface AdapterDescription {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  readonly isFallbackAdapter: boolean;
}

export interface WebGpuMeasurement {
  readonly available: boolean;
  /** Why nothing was measured (no WebGPU, no adapter, a failure). */
  readonly reason?: string;
  readonly adapter?: AdapterDescription;
  /** A software adapter: reported, never saved as a GPU roofline. */
  readonly fallback: boolean;
  /** GB/s read from a `bandwidthBytes` storage buffer. */
  readonly bandwidth?: SampleStats;
  readonly bandwidthBytes?: number;
  /** GFLOP/s. */
  readonly fp32?: SampleStats;
  readonly fp16?: SampleStats;
  readonly fp16Unsupported?: string;
  /** Every shader's results were read back and checked. */
  readonly verified: boolean;
  /** Not a fallback adapter, and both bandwidth and FP32 measured and verified. */
  readonly usableAsRoofline: boolean;
  readonly warnings: readonly string[];
}

const READ_WGSL = /* wgsl */ `
struct Params { n: u32, p0: u32, p1: u32, p2: u32 };
@group(0) @binding(0) var<storage, read> src: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> dst: array<vec4<f32>>;
@group(0) @binding(2) var<uniform> params: Params;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let total = nwg.x * ${WG}u;
  let n = params.n;
  var s0 = vec4<f32>(0.0);
  var s1 = vec4<f32>(0.0);
  var s2 = vec4<f32>(0.0);
  var s3 = vec4<f32>(0.0);
  var i = gid.x;
  loop {
    if (i + 3u * total >= n) { break; }
    s0 += src[i];
    s1 += src[i + total];
    s2 += src[i + 2u * total];
    s3 += src[i + 3u * total];
    i += 4u * total;
  }
  loop {
    if (i >= n) { break; }
    s0 += src[i];
    i += total;
  }
  dst[gid.x] = (s0 + s1) + (s2 + s3);
}`;

function fmaWgsl(t: "f32" | "f16"): string {
  const chains = Array.from({ length: CHAINS }, (_, k) => k);
  return /* wgsl */ `${t === "f16" ? "enable f16;\n" : ""}
struct Params { iters: u32, p0: u32, p1: u32, p2: u32, m: f32, c: f32, p3: f32, p4: f32 };
@group(0) @binding(0) var<storage, read_write> dst: array<vec4<f32>>;
@group(0) @binding(1) var<uniform> params: Params;
@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let m = vec4<${t}>(${t}(params.m));
  let c = vec4<${t}>(${t}(params.c));
  let base = ${t}(f32(gid.x % 16u) * 0.001);
${chains.map((k) => `  var a${k} = vec4<${t}>(base + ${t}(${(k / 10).toFixed(1)}));`).join("\n")}
  for (var i = 0u; i < params.iters; i++) {
${chains.map((k) => `    a${k} = fma(a${k}, m, c);`).join("\n")}
  }
  dst[gid.x] = vec4<f32>(${chains.map((k) => `a${k}`).join(" + ")});
}`;
}

async function adapterInfo(a: GpuAdapterLike): Promise<AdapterDescription> {
  let info: GpuAdapterInfoLike | undefined = a.info;
  if (!info && a.requestAdapterInfo) info = await a.requestAdapterInfo().catch(() => undefined);
  return {
    vendor: info?.vendor ?? "",
    architecture: info?.architecture ?? "",
    device: info?.device ?? "",
    description: info?.description ?? "",
    isFallbackAdapter: Boolean(info?.isFallbackAdapter ?? a.isFallbackAdapter ?? false),
  };
}

async function readBack(dev: GpuDeviceLike, buf: GpuBufferLike, bytes: number): Promise<Float32Array> {
  const staging = dev.createBuffer({ size: bytes, usage: MAP_READ | COPY_DST });
  const enc = dev.createCommandEncoder();
  enc.copyBufferToBuffer(buf, 0, staging, 0, bytes);
  dev.queue.submit([enc.finish()]);
  await staging.mapAsync(MAP_MODE_READ);
  const out = new Float32Array(staging.getMappedRange().slice(0));
  staging.unmap();
  staging.destroy();
  return out;
}

/** Run `reps` dispatches per sample, calibrated to at least sampleMs; returns rates in G per second. */
async function timed(
  dev: GpuDeviceLike,
  o: { now: () => number; sampleMs: number; samples: number },
  record: (enc: GpuEncoderLike, reps: number) => void,
  workPerRep: number,
): Promise<SampleStats> {
  let reps = 1;
  const rates: number[] = [];
  let tries = 0;
  while (rates.length < o.samples) {
    const enc = dev.createCommandEncoder();
    record(enc, reps);
    const t0 = o.now();
    dev.queue.submit([enc.finish()]);
    await dev.queue.onSubmittedWorkDone();
    const ms = o.now() - t0;
    if (ms >= o.sampleMs) rates.push((workPerRep * reps) / ms / 1e6);
    else {
      if (++tries > 40) throw new Error("could not calibrate a GPU sample");
      reps = Math.min(1 << 16, Math.max(reps * 2, Math.ceil((reps * o.sampleMs * 1.2) / Math.max(ms, 0.05))));
    }
  }
  return sampleStats(rates);
}

export async function measureWebGpu(gpu: GpuLike | undefined, o: WebGpuOptions): Promise<WebGpuMeasurement> {
  const none = (reason: string): WebGpuMeasurement => ({
    available: false,
    reason,
    fallback: false,
    verified: false,
    usableAsRoofline: false,
    warnings: [],
  });
  if (!gpu) return none("no WebGPU in this browser (navigator.gpu is missing)");
  let adapter: GpuAdapterLike | null;
  try {
    adapter = await gpu.requestAdapter(
      o.powerPreference ? { powerPreference: o.powerPreference } : undefined,
    );
  } catch (e) {
    return none(`requestAdapter failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!adapter) return none("no WebGPU adapter");
  const desc = await adapterInfo(adapter);
  const warnings: string[] = [];
  if (desc.isFallbackAdapter)
    warnings.push(
      "software fallback adapter: figures describe the CPU emulation, not a GPU, and are not saved as a GPU roofline",
    );
  const f16 = adapter.features.has("shader-f16");
  const lim = adapter.limits;
  const dev = await adapter.requestDevice({
    ...(f16 ? { requiredFeatures: ["shader-f16"] } : {}),
    requiredLimits: {
      maxStorageBufferBindingSize: lim.maxStorageBufferBindingSize ?? 134217728,
      maxBufferSize: lim.maxBufferSize ?? 268435456,
    },
  });
  const timing = { now: o.now, sampleMs: o.sampleMs ?? 30, samples: Math.max(1, o.samples ?? 7) };
  let verified = true;
  try {
    // Bandwidth.
    const maxBytes = Math.min(
      dev.limits.maxStorageBufferBindingSize ?? 134217728,
      dev.limits.maxBufferSize ?? 268435456,
    );
    const bytes = Math.max(
      65536,
      Math.floor(Math.min(o.bandwidthBytes ?? 256 * 2 ** 20, maxBytes) / 65536) * 65536,
    );
    if ((o.bandwidthBytes ?? 256 * 2 ** 20) > maxBytes)
      warnings.push(`bandwidth buffer capped at ${bytes} bytes by the device's limits`);
    const n = bytes / 16;
    const src = dev.createBuffer({ size: bytes, usage: STORAGE | COPY_DST, mappedAtCreation: true });
    new Float32Array((src as unknown as { getMappedRange(): ArrayBuffer }).getMappedRange()).fill(1);
    src.unmap();
    const readGroups = Math.min(65535, Math.max(1, Math.ceil(n / (WG * 64))));
    const dstRead = dev.createBuffer({ size: readGroups * WG * 16, usage: STORAGE | COPY_SRC });
    const params = dev.createBuffer({ size: 16, usage: UNIFORM | COPY_DST });
    dev.queue.writeBuffer(params, 0, new Uint32Array([n, 0, 0, 0]));
    const readPipe = await dev.createComputePipelineAsync({
      layout: "auto",
      compute: { module: dev.createShaderModule({ code: READ_WGSL }), entryPoint: "main" },
    });
    const readGroup = dev.createBindGroup({
      layout: readPipe.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: src } },
        { binding: 1, resource: { buffer: dstRead } },
        { binding: 2, resource: { buffer: params } },
      ],
    });
    const recordRead = (enc: GpuEncoderLike, reps: number) => {
      for (let r = 0; r < reps; r++) {
        const pass = enc.beginComputePass();
        pass.setPipeline(readPipe);
        pass.setBindGroup(0, readGroup);
        pass.dispatchWorkgroups(readGroups);
        pass.end();
      }
    };
    const bandwidth = await timed(dev, timing, recordRead, bytes);
    const sums = await readBack(dev, dstRead, readGroups * WG * 16);
    const total = sums.reduce((s, x) => s + x, 0);
    if (Math.abs(total - 4 * n) > 1e-3 * 4 * n) {
      verified = false;
      warnings.push(`the bandwidth shader's read-back is wrong (${total} instead of ${4 * n})`);
    }

    // FMA throughput.
    const groups = o.fmaWorkgroups ?? 1024;
    const invocations = groups * WG;
    const fma = async (t: "f32" | "f16"): Promise<SampleStats> => {
      const dst = dev.createBuffer({ size: invocations * 16, usage: STORAGE | COPY_SRC });
      const prm = dev.createBuffer({ size: 32, usage: UNIFORM | COPY_DST });
      const pipe = await dev.createComputePipelineAsync({
        layout: "auto",
        compute: { module: dev.createShaderModule({ code: fmaWgsl(t) }), entryPoint: "main" },
      });
      const group = dev.createBindGroup({
        layout: pipe.getBindGroupLayout(0),
        entries: [
          { binding: 0, resource: { buffer: dst } },
          { binding: 1, resource: { buffer: prm } },
        ],
      });
      // Iterations per invocation: even, so that with m = −1 each chain returns to its start.
      let iters = 16;
      const setIters = (it: number) => {
        const b = new ArrayBuffer(32);
        new Uint32Array(b, 0, 4).set([it, 0, 0, 0]);
        new Float32Array(b, 16, 4).set([-1, 0.5, 0, 0]);
        dev.queue.writeBuffer(prm, 0, b);
      };
      setIters(iters);
      const record = (enc: GpuEncoderLike, reps: number) => {
        for (let r = 0; r < reps; r++) {
          const pass = enc.beginComputePass();
          pass.setPipeline(pipe);
          pass.setBindGroup(0, group);
          pass.dispatchWorkgroups(groups);
          pass.end();
        }
      };
      // Grow the work per dispatch first (up to 4096 iterations) so that one dispatch is long.
      for (;;) {
        const enc = dev.createCommandEncoder();
        record(enc, 1);
        const t0 = o.now();
        dev.queue.submit([enc.finish()]);
        await dev.queue.onSubmittedWorkDone();
        const ms = o.now() - t0;
        if (ms * 4 >= timing.sampleMs || iters >= 4096) break;
        iters *= 2;
        setIters(iters);
      }
      const stats = await timed(dev, timing, record, invocations * iters * CHAINS * 4 * 2);
      const out = await readBack(dev, dst, 32);
      // Invocation 0: chains start at 0.0 … 0.7 and come back after an even count.
      const expected = Array.from({ length: CHAINS }, (_, k) => k / 10).reduce((s, x) => s + x, 0);
      const tol = t === "f16" ? 0.02 : 1e-4;
      if (!(Math.abs(out[0]! - expected) <= tol && Math.abs(out[3]! - expected) <= tol)) {
        verified = false;
        warnings.push(`the ${t} FMA shader's read-back is wrong (${out[0]} instead of ${expected})`);
      }
      dst.destroy();
      prm.destroy();
      return stats;
    };
    const fp32 = await fma("f32");
    const fp16 = f16 ? await fma("f16") : undefined;
    src.destroy();
    dstRead.destroy();
    params.destroy();
    return {
      available: true,
      adapter: desc,
      fallback: desc.isFallbackAdapter,
      bandwidth,
      bandwidthBytes: bytes,
      fp32,
      ...(fp16 ? { fp16 } : { fp16Unsupported: "the adapter has no shader-f16 feature" }),
      verified,
      usableAsRoofline: !desc.isFallbackAdapter && verified,
      warnings,
    };
  } catch (e) {
    return {
      ...none(`WebGPU measurement failed: ${e instanceof Error ? e.message : String(e)}`),
      adapter: desc,
      fallback: desc.isFallbackAdapter,
      warnings,
    };
  } finally {
    dev.destroy();
  }
}

function gpuClass(vendor: string): DeviceClass {
  const v = vendor.toLowerCase();
  if (v.includes("nvidia")) return "nvidia-gpu";
  if (v.includes("amd") || v.includes("ati")) return "amd-gpu";
  if (v.includes("intel")) return "intel-gpu";
  if (v.includes("apple")) return "apple-gpu";
  return "mobile-gpu";
}

/**
 * The GPU part of a browser measurement as a device profile, or undefined when it must not
 * be one: a fallback (software) adapter, an unverified or incomplete run.
 */
export function gpuProfile(
  m: WebGpuMeasurement,
  o: { date: string; runtime: string; id?: string; name?: string },
): DeviceSpec | undefined {
  if (!m.usableAsRoofline || m.fallback || !m.adapter || !m.bandwidth || !m.fp32) return undefined;
  const a = m.adapter;
  const label =
    [a.vendor, a.architecture, a.device || a.description].filter(Boolean).join(" ") || "WebGPU adapter";
  const src = "ridgeline-measure-webgpu";
  const note = (s: SampleStats, unit: string) =>
    `median ${s.median.toFixed(1)} ${unit}, spread ${(s.spread * 100).toFixed(0)}% over ${s.samples.length} samples${s.noisy ? " (NOISY)" : ""}`;
  return {
    id:
      o.id ??
      `measured-webgpu-${
        label
          .toLowerCase()
          .replace(/[^a-z0-9.]+/g, "-")
          .replace(/^-+|-+$/g, "") || "gpu"
      }`,
    name: o.name ?? `${label} (measured with WebGPU)`,
    vendor: a.vendor || "unknown",
    unit: "gpu",
    class: gpuClass(a.vendor),
    peakTflops: {
      fp32: {
        value: m.fp32.best / 1000,
        source: src,
        note: `WebGPU compute shader, vec4<f32> fma; ${note(m.fp32, "GFLOP/s")}. A browser shader's peak, below the vendor's figure.`,
      },
      ...(m.fp16
        ? {
            fp16: {
              value: m.fp16.best / 1000,
              source: src,
              note: `WebGPU compute shader, vec4<f16> fma; ${note(m.fp16, "GFLOP/s")}.`,
            },
          }
        : {}),
    },
    bandwidthGBps: {
      value: m.bandwidth.best,
      source: src,
      note: `read of a ${((m.bandwidthBytes ?? 0) / 2 ** 20).toFixed(0)} MiB storage buffer; ${note(m.bandwidth, "GB/s")}.`,
    },
    sources: {
      [src]: { title: `ridgeline WebGPU measurement (${o.runtime})`, kind: "measured", retrieved: o.date },
    },
  };
}

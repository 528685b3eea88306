/**
 * "Measure this device", one flow for the CLI (`ridgeline measure`) and the web page: the
 * CPU roofline with the WebAssembly kernels (on the caller's workers when it gives a
 * factory), then, where a WebGPU entry is given (`navigator.gpu`), the GPU's; each turned
 * into a device profile in the catalog's schema. The caller brings the clock, the host
 * description and the workers; nothing here touches a DOM or a file.
 */
import type { DeviceSpec } from "../hardware/schema.js";
import {
  type CpuMeasurement,
  type CpuMeasureOptions,
  type MeasureProgress,
  measureCpu,
  type OsCache,
} from "./cpu.js";
import { cpuProfile, type HostInfo, type ProfileOptions } from "./profile.js";
import type { WorkerFactory } from "./protocol.js";
import { type GpuLike, gpuProfile, measureWebGpu, type WebGpuMeasurement } from "./webgpu.js";

export interface MeasureThisDeviceInput {
  /** Milliseconds, monotonic (performance.now). */
  readonly now: () => number;
  /** The WebGPU entry (navigator.gpu); null or absent: the GPU is not measured. */
  readonly gpu?: GpuLike | null;
  /** Measuring threads; without a factory everything runs on the calling thread. */
  readonly createWorker?: WorkerFactory;
  /** The machine, as the caller knows it; its caches, when known, size the sweep. */
  readonly host: HostInfo & { readonly caches?: readonly OsCache[] };
  /** ISO date of the measurement (default: today, UTC). */
  readonly date?: string;
  /** The CPU run's settings (threads, quick, sweep sizes, samples …). */
  readonly cpu?: Omit<CpuMeasureOptions, "now" | "createWorker" | "caches" | "onProgress">;
  /** The caller's own warnings about this run, added to the measurement's (and so to the profile). */
  readonly warnings?: readonly string[];
  /** Id, name and tool version of the CPU profile, which may depend on the measurement (its threads). */
  readonly cpuProfile?: (m: CpuMeasurement) => Omit<ProfileOptions, "date">;
  /** Id, name and runtime of the GPU profile. */
  readonly gpuProfile?: { readonly id?: string; readonly name?: string; readonly runtime: string };
  readonly onProgress?: (p: MeasureProgress) => void;
}

/** What became of the GPU: not measured (no entry), measured (with a profile when usable as a roofline), or failed. */
export type GpuOutcome =
  | { readonly kind: "absent" }
  | {
      readonly kind: "measured";
      readonly measurement: WebGpuMeasurement;
      readonly profile: DeviceSpec | null;
    }
  | { readonly kind: "failed"; readonly error: string };

export interface ThisDeviceMeasurement {
  /** The CPU measurement, the caller's warnings included. */
  readonly cpu: CpuMeasurement;
  readonly cpuProfile: DeviceSpec;
  readonly gpu: GpuOutcome;
  /** The CPU profile, then the GPU's when there is one. */
  readonly profiles: readonly DeviceSpec[];
}

export async function measureThisDevice(input: MeasureThisDeviceInput): Promise<ThisDeviceMeasurement> {
  const { now, host } = input;
  const result = await measureCpu({
    ...(input.cpu ?? {}),
    now,
    ...(input.createWorker ? { createWorker: input.createWorker } : {}),
    ...(host.caches ? { caches: host.caches } : {}),
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
  });
  const date = input.date ?? new Date().toISOString().slice(0, 10);
  const cpu: CpuMeasurement = input.warnings?.length
    ? { ...result, warnings: [...result.warnings, ...input.warnings] }
    : result;
  const profile = cpuProfile(cpu, host, { date, ...(input.cpuProfile?.(cpu) ?? {}) });
  const profiles: DeviceSpec[] = [profile];
  let gpu: GpuOutcome = { kind: "absent" };
  if (input.gpu) {
    input.onProgress?.({ done: 1, total: 1, label: "WebGPU" });
    try {
      const m = await measureWebGpu(input.gpu, { now });
      const g = gpuProfile(m, {
        date,
        runtime: input.gpuProfile?.runtime ?? host.runtime,
        ...(input.gpuProfile?.id !== undefined ? { id: input.gpuProfile.id } : {}),
        ...(input.gpuProfile?.name !== undefined ? { name: input.gpuProfile.name } : {}),
      });
      if (g) profiles.push(g);
      gpu = { kind: "measured", measurement: m, profile: g ?? null };
    } catch (e) {
      gpu = { kind: "failed", error: e instanceof Error ? e.message : String(e) };
    }
  }
  return { cpu, cpuProfile: profile, gpu, profiles };
}

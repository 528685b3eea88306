/**
 * How much of a device's memory an inference engine may use. On unified-memory SoCs the GPU
 * shares RAM with the OS, and the driver caps what GPU buffers may hold:
 *
 * Apple GPUs: Metal's `MTLDevice.recommendedMaxWorkingSetSize`, which llama.cpp's Metal backend
 * reports as the device's memory (ggml-metal `ggml_backend_metal_device_get_memory`) and warns
 * past. Logged values: 16 GiB → 10922.67 MiB and 32 GiB → 21845.34 MiB (two thirds), 64 GiB →
 * 49152 MiB and 96 GiB → 73728 MiB (three quarters). Newer macOS gives more on large machines
 * (128 GiB → 107.52 GiB on macOS 26); the rule keeps the logged fractions, the conservative side.
 *
 * Other unified-memory devices (Jetson, phones) publish no such cap that we could source: their
 * whole memory is counted, and a note says so.
 */
import type { DeviceSpec } from "./schema.js";

export interface UsableMemory {
  /** Bytes the engine may use on the device; null when its capacity is unknown. */
  readonly usableBytes: number | null;
  readonly capacityBytes: number | null;
  /** What the OS / driver keeps, bytes, and why; null when nothing is reserved. */
  readonly reserve: {
    readonly bytes: number;
    readonly rule: string;
    readonly sources: readonly string[];
  } | null;
}

export const METAL_WORKING_SET_SOURCES = [
  "https://github.com/abetlen/llama-cpp-python/issues/687 (M1 Pro 16 GB: recommendedMaxWorkingSetSize = 10922.67 MB)",
  "https://github.com/ggml-org/llama.cpp/pull/2011 (M1 Max 32 GB: 21845.34 MB)",
  "https://github.com/ggml-org/llama.cpp/issues/1870 (M1 Max 64 GB: 49152.00 MiB)",
  "https://github.com/ggml-org/llama.cpp/issues/3213 (M2 Max 96 GB: 73728 MB)",
  "https://github.com/antirez/ds4/pull/893 (M5 Max 128 GB, macOS 26: 107.52 GiB)",
] as const;

const GiB = 2 ** 30;

/** Whether the device's GPU shares the host's memory (a SoC GPU). */
export function isUnifiedMemory(d: DeviceSpec): boolean {
  return (
    d.unit === "gpu" &&
    (d.soc !== undefined ||
      d.class === "apple-gpu" ||
      d.class === "mobile-gpu" ||
      d.class === "nvidia-jetson")
  );
}

export function usableMemory(d: DeviceSpec): UsableMemory {
  const gib = d.memoryGiB?.value;
  if (gib === undefined) return { usableBytes: null, capacityBytes: null, reserve: null };
  const cap = gib * GiB;
  if (d.class !== "apple-gpu") return { usableBytes: cap, capacityBytes: cap, reserve: null };
  const fraction = gib <= 32 ? 2 / 3 : 3 / 4;
  const usable = cap * fraction;
  return {
    usableBytes: usable,
    capacityBytes: cap,
    reserve: {
      bytes: cap - usable,
      rule: "Metal's recommendedMaxWorkingSetSize, 2/3 of RAM up to 32 GiB, 3/4 above",
      sources: METAL_WORKING_SET_SOURCES,
    },
  };
}

/**
 * The page's side of "Measure this device": its Web Workers (when the page is
 * cross-origin isolated, so that threads can share one memory), its description of the
 * host, and navigator.gpu, handed to the core's measureThisDevice (the CLI's flow too).
 */
import {
  type CpuMeasureOptions,
  type DeviceSpec,
  type GpuLike,
  type MeasureProgress,
  measureThisDevice,
  webWorkerFactory,
} from "../../../src/core/index.js";

declare global {
  interface Window {
    /** Shorter measurement runs for tests (merged into the CPU measurement's options). */
    __ridgelineMeasureOptions?: Partial<CpuMeasureOptions>;
  }
}

/** Whether threads can share memory (COOP/COEP headers): several measuring threads, else one on the page. */
export const pageIsolated = (): boolean => typeof crossOriginIsolated !== "undefined" && crossOriginIsolated;

/** Threads of the all-threads runs. */
export const pageThreads = (): number =>
  pageIsolated() ? Math.max(1, Math.min(16, navigator.hardwareConcurrency || 1)) : 1;

export interface PageMeasurement {
  readonly profiles: readonly DeviceSpec[];
  readonly warnings: readonly string[];
  /** Why there is no GPU profile ("" when there is one). */
  readonly gpu: string;
}

export async function measureOnPage(o: {
  readonly cpuName: (threads: number) => string;
  readonly gpuName: string;
  /** The text shown when the browser has no usable WebGPU. */
  readonly noWebGpu: string;
  readonly onProgress: (p: MeasureProgress) => void;
}): Promise<PageMeasurement> {
  const isolated = pageIsolated();
  const {
    now: _now,
    createWorker: _cw,
    caches: _caches,
    onProgress: _op,
    ...test
  } = window.__ridgelineMeasureOptions ?? {};
  const m = await measureThisDevice({
    now: () => performance.now(),
    gpu: (navigator as unknown as { gpu?: GpuLike }).gpu ?? null,
    ...(isolated
      ? {
          createWorker: webWorkerFactory(
            () => new Worker(new URL("./measure-worker.ts", import.meta.url), { type: "module" }),
          ),
        }
      : {}),
    host: {
      cpuModel: "browser CPU",
      vendor: "unknown",
      logicalCpus: navigator.hardwareConcurrency || 1,
      isa: [],
      runtime: navigator.userAgent,
    },
    cpu: { quick: true, threads: pageThreads(), ...test },
    cpuProfile: (cpu) => ({ id: "measured-this-cpu", name: o.cpuName(cpu.threads) }),
    gpuProfile: { id: "measured-this-gpu", name: o.gpuName, runtime: navigator.userAgent },
    onProgress: o.onProgress,
  });
  const gpu =
    m.gpu.kind === "failed" ? m.gpu.error : m.gpu.kind === "measured" && m.gpu.profile ? "" : o.noWebGpu;
  return { profiles: m.profiles, warnings: m.cpu.warnings, gpu };
}

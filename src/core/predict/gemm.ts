/** A standalone GEMM on the roofline (chapter 2.1.2, 2.1.4 examples, 2.4.1). */
import type { DeviceSpec } from "../hardware/schema.js";
import { type GemmInput, gemmCost } from "../ops/gemm.js";
import { bytesPerValue, FORMATS, type FormatName, type PeakKey } from "../quant/index.js";
import { type BoundClass, boundClass } from "../roofline/classify.js";
import { roofsOf } from "./caches.js";

export interface GemmOnDevice {
  readonly deviceId: string;
  readonly precision: PeakKey;
  readonly peakUsed: PeakKey | null;
  readonly peakTflops: number | null;
  readonly bandwidthGBps: number;
  readonly ridge: number | null;
  /** For the compulsory-traffic intensity. */
  readonly attainableFlopPerS: number;
  readonly bound: "memory" | "compute";
  readonly boundClass: BoundClass;
  readonly timeBoundS: number;
}

export interface GemmAnalysis {
  readonly m: number;
  readonly k: number;
  readonly n: number;
  readonly batch: number;
  readonly batchMode: "shared" | "independent";
  readonly dtype: FormatName;
  readonly flops: number;
  readonly bytesCompulsory: number;
  readonly bytesNoCache: number;
  readonly intensityCompulsory: number;
  readonly intensityNoCache: number;
  readonly device: GemmOnDevice | null;
}

export function analyzeGemm(
  g: Omit<GemmInput, "bytesPerElement"> & { readonly dtype: FormatName },
  device?: DeviceSpec,
): GemmAnalysis {
  const cost = gemmCost({ ...g, bytesPerElement: bytesPerValue(g.dtype) });
  const iC = cost.flops / cost.bytesCompulsory;
  let onDevice: GemmOnDevice | null = null;
  if (device) {
    const roofs = roofsOf(device);
    const f = FORMATS[g.dtype];
    const precision: PeakKey = f.kind === "gguf" ? "fp16" : f.peak;
    const chosen = roofs.peaks[precision];
    const peak = chosen.flopPerSecond;
    const memRate = iC * roofs.bandwidth;
    const attainable = peak === null ? memRate : Math.min(peak, memRate);
    const ridge = peak === null ? null : peak / roofs.bandwidth;
    onDevice = {
      deviceId: device.id,
      precision,
      peakUsed: chosen.used,
      peakTflops: peak === null ? null : peak / 1e12,
      bandwidthGBps: device.bandwidthGBps.value,
      ridge,
      attainableFlopPerS: attainable,
      bound: peak !== null && memRate >= peak ? "compute" : "memory",
      boundClass: ridge === null ? "memory-extreme" : boundClass(iC, ridge),
      timeBoundS: cost.flops / attainable,
    };
  }
  return {
    m: g.m,
    k: g.k,
    n: g.n,
    batch: g.batch,
    batchMode: g.batchMode,
    dtype: g.dtype,
    flops: cost.flops,
    bytesCompulsory: cost.bytesCompulsory,
    bytesNoCache: cost.bytesNoCache,
    intensityCompulsory: iC,
    intensityNoCache: cost.flops / cost.bytesNoCache,
    device: onDevice,
  };
}

/**
 * The physical range of every device figure, with its reason. Catalog entries sit far inside
 * each range (12.8 to 8,000 GB/s, 0.1 to 10,070 TFLOP/s, 4 to 512 GiB, 10 to 1,400 W); a
 * figure outside is a unit mistake (GB/s for TB/s) or a hostile file, and would otherwise
 * give an infinite ridge point, a NaN share or "of Infinity TiB" in a report.
 */
import type { Range } from "../units/bounds.js";

export const DEVICE_LIMITS = {
  bandwidthGBps: {
    min: 0.01,
    max: 1e6,
    why: "GB/s: a microcontroller's SRAM draws ~0.1 GB/s, one B200 8,000 GB/s",
  },
  peakTflops: {
    min: 1e-6,
    max: 1e6,
    why: "TFLOP/s: a microcontroller core does ~10^-4, one B200 ~10^4 (FP4)",
  },
  memoryGiB: { min: 1 / 1024, max: 1 << 20, why: "GiB: from 1 MiB to 1 PiB" },
  powerW: { min: 0.001, max: 1e6, why: "W: a milliwatt sensor to a megawatt rack row" },
} as const satisfies Record<string, Range>;

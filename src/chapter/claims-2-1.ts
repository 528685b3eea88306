/** Claims of section 2.1: the roofline, GEMM intensity, the hardware examples, examples 1–3, the decision tree. */
import { bitsPerValue, boundClass, bytesPerValue, gemmCost } from "../core/index.js";
import {
  ATTENTION_CORE,
  chapterFigureOf,
  findDevice,
  findModel,
  layerOps,
  pick,
  ridgeOf,
  sumBytes,
} from "./compute.js";
import type { Claim, RidgelineFigure } from "./types.js";

const fp32 = bytesPerValue("fp32");

/** Example 1's GEMM [1, 4096] × [4096, 4096] in FP32, with `batch` rows sharing the weight matrix. */
const ex1 = (batch: number, bytesPerElement = fp32) =>
  gemmCost({ m: 1, k: 4096, n: 4096, batch, batchMode: "shared", bytesPerElement });

/** Ridge point of a catalog device from the chapter's own figures (and the catalog default as `alt`). */
function chapterRidge(id: string, precision: "fp16" | "fp32"): RidgelineFigure {
  const d = findDevice(id);
  const peak = d.peakTflops[precision];
  const chapter = ridgeOf(chapterFigureOf(d, peak), chapterFigureOf(d, d.bandwidthGBps));
  const def = ridgeOf(peak?.value ?? NaN, d.bandwidthGBps.value);
  return {
    value: chapter,
    basis: "chapter",
    how: `the chapter's peak / bandwidth as recorded in the catalog (${id})`,
    alt: {
      value: def,
      basis: "real",
      how: `Ridgeline's default figures for ${id}: ${peak?.value} TFLOP/s, ${d.bandwidthGBps.value} GB/s`,
    },
  };
}

/** Ridge points from the chapter's 2.1.3 figures for every unit it lists with both a peak and a bandwidth. */
function chapterRidges(): Record<string, number> {
  const r = (id: string, p: "fp16" | "fp32" | "int8") => {
    const d = findDevice(id);
    return ridgeOf(chapterFigureOf(d, d.peakTflops[p]), chapterFigureOf(d, d.bandwidthGBps));
  };
  return {
    "Snapdragon 8 Gen 3 GPU": r("qualcomm-snapdragon-8-gen-3-gpu", "fp16"),
    "Apple M2 GPU": r("apple-m2-gpu", "fp32"),
    "Jetson Orin NX GPU": r("nvidia-jetson-orin-nx-16gb", "fp16"),
    "Dimensity 9300 APU": r("mediatek-dimensity-9300-npu", "int8"),
    "Tensor G3 TPU": r("google-tensor-g3-npu", "int8"),
    "Core Ultra GPU": r("intel-core-ultra-7-155h-gpu", "fp16"),
    "Snapdragon 8 Gen 3 CPU": r("qualcomm-snapdragon-8-gen-3-cpu", "fp32"),
  };
}

/** Smallest I / I_ridge (on a 0.001 grid) that Ridgeline's classifier puts in a class other than `below`. */
function threshold(below: ReturnType<typeof boundClass>): number {
  for (let i = 1; i <= 2000; i++) {
    const r = i / 1000;
    if (boundClass(r, 1) !== below && boundClass(r - 0.001, 1) === below) return r;
  }
  return NaN;
}

export const CLAIMS_2_1: readonly Claim[] = [
  // ── 2.1.2 ──────────────────────────────────────────────────────────────────────────
  {
    id: "2.1.2-gemm-flops",
    section: "2.1.2",
    topic: "GEMM FLOPs 2mnk",
    quote: "计算量：$2mnk$ FLOPs",
    chapter: { value: 137.438953472, unit: "GFLOP", text: "2mnk (137.4 GFLOP at m = n = k = 4096)" },
    ridgeline: () => ({
      value:
        gemmCost({ m: 4096, k: 4096, n: 4096, batch: 1, batchMode: "shared", bytesPerElement: fp32 }).flops /
        1e9,
      basis: "real",
      how: "gemmCost, [4096×4096]·[4096×4096]",
    }),
    verdict: "agrees",
    explanation: "One multiply and one add per term of each of the m·n dot products of length k.",
  },
  {
    id: "2.1.2-gemm-traffic-label",
    section: "2.1.2",
    topic: "traffic (mk + kn + mn)·4 called 'no cache reuse'",
    quote: "内存访问量（无缓存复用）",
    chapter: {
      value: 0.201326592,
      unit: "GB",
      text: "(mk + kn + mn)·4 = 0.201 GB at m = n = k = 4096, as 'no cache reuse'",
    },
    ridgeline: () => ({
      value:
        gemmCost({ m: 4096, k: 4096, n: 4096, batch: 1, batchMode: "shared", bytesPerElement: fp32 })
          .bytesNoCache / 1e9,
      basis: "real",
      how: "gemmCost.bytesNoCache: both operands loaded for every multiply-add, (2mnk + mn)·4",
    }),
    verdict: "error",
    explanation:
      "(mk + kn + mn)·sizeof is the compulsory traffic with PERFECT reuse (each element moved once), the floor no cache can beat; with no reuse a GEMM moves (2mnk + mn)·4 bytes. The mislabel leads to example 2's impossible I_eff.",
    correction:
      "(mk + kn + mn)·sizeof(float) is the minimum traffic (every operand moved once), hence the ideal intensity",
  },
  {
    id: "2.1.2-gemm-intensity",
    section: "2.1.2",
    topic: "ideal GEMM intensity",
    quote: "理想计算强度：$I = \\frac{2mnk}{(mk + kn + mn) \\times 4}$",
    chapter: {
      value: 682.6666666666666,
      unit: "FLOP/B",
      text: "2mnk / ((mk + kn + mn)·4) = 682.7 at m = n = k = 4096",
    },
    ridgeline: () => {
      const g = gemmCost({ m: 4096, k: 4096, n: 4096, batch: 1, batchMode: "shared", bytesPerElement: fp32 });
      return {
        value: g.flops / g.bytesCompulsory,
        basis: "real",
        how: "gemmCost flops / bytesCompulsory, FP32, 4096³",
      };
    },
    verdict: "agrees",
    explanation: "The ideal (compulsory-traffic) intensity; for square n×n×n FP32 it is n/6.",
  },

  // ── 2.1.3 ──────────────────────────────────────────────────────────────────────────
  {
    id: "2.1.3-sd8g3-ridge",
    section: "2.1.3",
    topic: "Snapdragon 8 Gen 3 GPU ridge point",
    quote: "$I_{ridge} = \\frac{2000}{64} \\approx 31.25$",
    chapter: { value: 31.25, unit: "FLOP/B" },
    ridgeline: () => chapterRidge("qualcomm-snapdragon-8-gen-3-gpu", "fp16"),
    compare: { kind: "within", tol: 0.005 },
    verdict: "agrees",
    explanation:
      "2 TFLOP/s / 64 GB/s = 31.25. Qualcomm publishes memory speed, not bandwidth: LPDDR5X-9600 on an assumed 64-bit bus gives 76.8 GB/s, Ridgeline's default (ridge 26.0).",
  },
  {
    id: "2.1.3-m2-ridge",
    section: "2.1.3",
    topic: "Apple M2 GPU ridge point",
    quote: "$I_{ridge} = \\frac{3600}{100} = 36$",
    chapter: { value: 36, unit: "FLOP/B" },
    ridgeline: () => chapterRidge("apple-m2-gpu", "fp32"),
    compare: { kind: "within", tol: 0.005 },
    verdict: "agrees",
    explanation:
      "3.6 TFLOP/s / 100 GB/s; the 10-core GPU's 1280 ALUs × 2 × 1.398 GHz give 3.58 TFLOP/s (ridge 35.8).",
  },
  {
    id: "2.1.3-orin-nx-ridge",
    section: "2.1.3",
    topic: "Jetson Orin NX ridge point",
    quote: "$I_{ridge} = \\frac{5300}{102.4} \\approx 51.8$",
    chapter: { value: 51.8, unit: "FLOP/B" },
    ridgeline: () => chapterRidge("nvidia-jetson-orin-nx-16gb", "fp16"),
    compare: { kind: "within", tol: 0.005 },
    verdict: "agrees",
    explanation: "The division is right (51.76); the 5.3 TFLOPS it divides is doubtful (see the next claim).",
  },
  {
    id: "2.1.3-orin-nx-peak",
    section: "2.1.3",
    topic: "Jetson Orin NX GPU peak 5.3 TFLOPS FP16",
    quote: "GPU峰值性能：~5.3 TFLOPS (FP16)",
    chapter: { value: 5.3, unit: "TFLOP/s" },
    ridgeline: () => {
      const agx = findDevice("nvidia-jetson-agx-orin-64gb");
      return {
        value: agx.peakTflops.fp32?.value ?? NaN,
        basis: "real",
        how: "NVIDIA's FP32 figure for the 2048-core Jetson AGX Orin 64GB GPU (catalog)",
      };
    },
    verdict: "not checkable",
    explanation:
      "Ridgeline has no NVIDIA figure for the Orin NX GPU; 5.3 TFLOPS is NVIDIA's FP32 figure for the AGX Orin's 2048-core GPU, and the Orin NX has 1024 CUDA cores.",
  },
  {
    id: "2.1.3-m2-gpu-peak",
    section: "2.1.3",
    topic: "Apple M2 GPU peak 3.6 TFLOPS FP32",
    quote: "GPU峰值性能：~3.6 TFLOPS (FP32)",
    chapter: { value: 3.6, unit: "TFLOP/s" },
    ridgeline: () => ({
      value: findDevice("apple-m2-gpu").peakTflops.fp32?.value ?? NaN,
      basis: "real",
      how: "catalog apple-m2-gpu (1280 ALUs × 2 × 1.398 GHz)",
    }),
    verdict: "agrees",
    explanation: "3.58 TFLOP/s for the 10-core M2 GPU; the chapter rounds.",
  },
  {
    id: "2.1.3-m2-bandwidth",
    section: "2.1.3",
    topic: "Apple M2 bandwidth 100 GB/s",
    quote: "内存带宽：~100 GB/s",
    chapter: { value: 100, unit: "GB/s" },
    ridgeline: () => ({
      value: findDevice("apple-m2-gpu").bandwidthGBps.value,
      basis: "real",
      how: "catalog apple-m2-gpu (Apple's figure)",
    }),
    verdict: "agrees",
    explanation: "Apple's unified-memory bandwidth for the M2.",
  },
  {
    id: "2.1.3-m2-neural-engine",
    section: "2.1.3",
    topic: "Apple M2 Neural Engine 15.8 TOPS",
    quote: "16个Neural Engine核心，15.8 TOPS",
    chapter: { value: 15.8, unit: "TOPS" },
    ridgeline: () => ({
      value: findDevice("apple-m2-npu").peakTflops.int8?.value ?? NaN,
      basis: "real",
      how: "catalog apple-m2-npu (Apple's figure)",
    }),
    verdict: "agrees",
    explanation: "Apple's figure (precision not stated by Apple).",
  },
  {
    id: "2.1.3-d9300-bandwidth",
    section: "2.1.3",
    topic: "Dimensity 9300 bandwidth 77 GB/s",
    quote: "内存带宽：~77 GB/s",
    chapter: { value: 77, unit: "GB/s" },
    ridgeline: () => ({
      value: findDevice("mediatek-dimensity-9300-npu").bandwidthGBps.value,
      basis: "real",
      how: "catalog: LPDDR5T-9600 × 64-bit bus",
    }),
    verdict: "agrees",
    explanation: "9600 MT/s × 8 bytes = 76.8 GB/s.",
  },
  {
    id: "2.1.3-intel-npu-peak",
    section: "2.1.3",
    topic: "Meteor Lake NPU 34 TOPS",
    quote: "NPU峰值性能：~34 TOPS (INT8)",
    chapter: { value: 34, unit: "TOPS" },
    ridgeline: () => ({
      value: findDevice("intel-core-ultra-7-155h-npu").peakTflops.int8?.value ?? NaN,
      basis: "real",
      how: "catalog intel-core-ultra-7-155h-npu (Intel's NPU figure)",
    }),
    verdict: "error",
    explanation:
      "Meteor Lake's NPU is rated 11 TOPS; 34 TOPS is Intel's figure for the whole platform (CPU + GPU + NPU).",
    correction: "NPU峰值性能：~11 TOPS (INT8); ~34 TOPS is the CPU + GPU + NPU total",
  },
  {
    id: "2.1.3-mobile-ridge-range",
    section: "2.1.3",
    topic: "mobile processors' ridge 30–40 FLOP/B",
    quote: "移动处理器（30-40 FLOP/Byte）",
    chapter: { value: [30, 40], unit: "FLOP/B" },
    ridgeline: () => {
      const r = chapterRidges();
      return {
        value: r["Dimensity 9300 APU"] ?? NaN,
        basis: "chapter",
        how: "the Dimensity 9300 APU ('移动处理器' in 2.1.3) from the chapter's own figures: 1.8 TOPS / 77 GB/s",
        alt: {
          value: r["Tensor G3 TPU"] ?? NaN,
          basis: "chapter",
          how: "the Tensor G3 TPU from the chapter's own figures: 4.5 TOPS / 68 GB/s",
        },
      };
    },
    verdict: "error",
    explanation:
      "Only the two GPUs it computed fit (31.25, 36); its own figures for the other mobile units give 23.4 (Dimensity 9300 APU), 66.2 (Tensor G3 TPU), 1.6–2 (the Snapdragon and Dimensity CPUs).",
    correction: "mobile units span ~2 (CPUs) to ~66 (NPUs) FLOP/Byte; the GPUs sit at 30–40",
  },
  {
    id: "2.1.3-embedded-ridge",
    section: "2.1.3",
    topic: "embedded AI platforms' ridge 50+",
    quote: "嵌入式AI平台（50+ FLOP/Byte）",
    chapter: { value: 50, unit: "FLOP/B", text: "50+" },
    ridgeline: () => ({
      value: chapterRidges()["Jetson Orin NX GPU"] ?? NaN,
      basis: "chapter",
      how: "Orin NX from the chapter's figures",
    }),
    compare: { kind: "not-above" },
    verdict: "agrees",
    explanation: "Orin NX: 51.8 with the chapter's figures.",
  },
  {
    id: "2.1.3-sd8g3-gpu-peak",
    section: "2.1.3",
    topic: "Adreno 750 2 TFLOPS FP16",
    quote: "GPU峰值性能：~2 TFLOPS (FP16)",
    chapter: { value: 2, unit: "TFLOP/s" },
    verdict: "not checkable",
    explanation: "Qualcomm publishes no Adreno 750 FLOPS; the catalog's only figure is the chapter's.",
  },
  {
    id: "2.1.3-sd8g3-cpu-peak",
    section: "2.1.3",
    topic: "Snapdragon 8 Gen 3 CPU 100 GFLOPS",
    quote: "CPU峰值性能：~100 GFLOPS (FP32)",
    chapter: { value: 100, unit: "GFLOP/s" },
    verdict: "not checkable",
    explanation: "No vendor CPU peak; the catalog's only figure is the chapter's.",
  },
  {
    id: "2.1.3-adreno-alus",
    section: "2.1.3",
    topic: "Adreno 750 ALU count, Winograd",
    quote: "Adreno 750 GPU具有1024个ALU",
    chapter: { value: 1024, unit: "ALUs" },
    verdict: "not checkable",
    explanation: "Microarchitecture detail Qualcomm does not publish; not in Ridgeline's data.",
  },
  {
    id: "2.1.3-sd8g3-power",
    section: "2.1.3",
    topic: "Snapdragon power 5–10 W",
    quote: "典型功耗：5-10W",
    chapter: { value: [5, 10], unit: "W" },
    verdict: "not checkable",
    explanation: "Ridgeline models time, not power.",
  },
  {
    id: "2.1.3-m2-cpu-peak",
    section: "2.1.3",
    topic: "Apple M2 CPU 400 GFLOPS",
    quote: "CPU峰值性能：~400 GFLOPS (FP32)",
    chapter: { value: 400, unit: "GFLOP/s" },
    verdict: "not checkable",
    explanation: "Apple publishes no CPU FLOPS; the catalog's only figure is the chapter's.",
  },
  {
    id: "2.1.3-m2-power",
    section: "2.1.3",
    topic: "Apple M2 power 15–30 W",
    quote: "典型功耗：15-30W",
    chapter: { value: [15, 30], unit: "W" },
    verdict: "not checkable",
    explanation: "Ridgeline models time, not power.",
  },
  {
    id: "2.1.3-m2-slc",
    section: "2.1.3",
    topic: "Apple M2 system-level cache 24 MB",
    quote: "系统级缓存（SLC）高达24MB",
    chapter: { value: 24, unit: "MB" },
    verdict: "not checkable",
    explanation: "Cache sizes are not in Ridgeline's device data (it models DRAM traffic only).",
  },
  {
    id: "2.1.3-orin-nx-bandwidth",
    section: "2.1.3",
    topic: "Jetson Orin NX bandwidth 102.4 GB/s",
    quote: "内存带宽：~102.4 GB/s",
    chapter: { value: 102.4, unit: "GB/s" },
    verdict: "not checkable",
    explanation: "The catalog's only figure is the chapter's (NVIDIA's module datasheet was not read).",
  },
  {
    id: "2.1.3-orin-nx-power",
    section: "2.1.3",
    topic: "Jetson Orin NX power 10–25 W",
    quote: "典型功耗：10-25W",
    chapter: { value: [10, 25], unit: "W" },
    verdict: "not checkable",
    explanation: "Ridgeline models time, not power.",
  },
  {
    id: "2.1.3-orin-nx-mig",
    section: "2.1.3",
    topic: "Orin NX features (MIG, 2:4 sparsity)",
    quote: "多实例GPU（MIG）支持",
    chapter: { value: null, unit: "" },
    verdict: "not checkable",
    explanation:
      "A vendor feature, not a number; NVIDIA documents MIG for data-centre GPUs (A100, A30, H100), not for Jetson modules.",
  },
  {
    id: "2.1.3-d9300-cpu-peak",
    section: "2.1.3",
    topic: "Dimensity 9300 CPU 150 GFLOPS",
    quote: "CPU峰值性能：~150 GFLOPS (FP32)",
    chapter: { value: 150, unit: "GFLOP/s" },
    verdict: "not checkable",
    explanation: "No vendor CPU peak; the catalog's only figure is the chapter's.",
  },
  {
    id: "2.1.3-d9300-npu-peak",
    section: "2.1.3",
    topic: "Dimensity 9300 APU 1.8 TOPS",
    quote: "NPU峰值性能：~1.8 TOPS (INT8)",
    chapter: { value: 1.8, unit: "TOPS" },
    verdict: "not checkable",
    explanation:
      "MediaTek gives only relative figures; 1.8 TOPS looks far too low for a 2023 flagship APU but no vendor number contradicts it.",
  },
  {
    id: "2.1.3-tensor-g3-peak",
    section: "2.1.3",
    topic: "Tensor G3 TPU 4.5 TOPS",
    quote: "TPU峰值性能：~4.5 TOPS (INT8)",
    chapter: { value: 4.5, unit: "TOPS" },
    verdict: "not checkable",
    explanation: "Google publishes no TPU TOPS for Tensor G3; the catalog's only figure is the chapter's.",
  },
  {
    id: "2.1.3-tensor-g3-bandwidth",
    section: "2.1.3",
    topic: "Tensor G3 bandwidth 68 GB/s",
    quote: "内存带宽：~68 GB/s",
    chapter: { value: 68, unit: "GB/s" },
    verdict: "not checkable",
    explanation: "Google publishes no bandwidth; the catalog's only figure is the chapter's.",
  },
  {
    id: "2.1.3-intel-cpu-peak",
    section: "2.1.3",
    topic: "Meteor Lake CPU 300 GFLOPS",
    quote: "CPU峰值性能：~300 GFLOPS (FP32)",
    chapter: { value: 300, unit: "GFLOP/s" },
    verdict: "not checkable",
    explanation: "No vendor CPU peak; the catalog's only figure is the chapter's.",
  },
  {
    id: "2.1.3-intel-gpu-peak",
    section: "2.1.3",
    topic: "Meteor Lake GPU 2.1 TFLOPS FP16",
    quote: "GPU峰值性能：~2.1 TFLOPS (FP16)",
    chapter: { value: 2.1, unit: "TFLOP/s" },
    verdict: "not checkable",
    explanation:
      "No Intel FLOPS figure read; the catalog keeps the chapter's (probably low for 128 vector engines at 2.25 GHz).",
  },
  {
    id: "2.1.3-intel-bandwidth",
    section: "2.1.3",
    topic: "Meteor Lake bandwidth 90 GB/s",
    quote: "内存带宽：~90 GB/s",
    chapter: { value: 90, unit: "GB/s" },
    verdict: "not checkable",
    explanation:
      "No Intel figure read; 90 GB/s matches dual-channel DDR5-5600 (89.6), LPDDR5X-7467 laptops reach ~120.",
  },
  {
    id: "2.1.3-intel-npu-standby",
    section: "2.1.3",
    topic: "NPU standby power < 1 mW",
    quote: "极低的待机功耗（<1mW）",
    chapter: { value: 1, unit: "mW", text: "<1 mW" },
    verdict: "not checkable",
    explanation: "Ridgeline models time, not power.",
  },
  {
    id: "2.1.3-utilisation",
    section: "2.1.3",
    topic: "achievable fractions of peak",
    quote: "内存带宽利用率：60-80%",
    chapter: { value: [60, 80], unit: "%" },
    verdict: "not checkable",
    explanation:
      "Measured fractions (bandwidth 60–80%, compute 40–70%, system 30–50%); Ridgeline's estimate uses the midpoints as uncalibrated defaults, so it cannot check them.",
  },

  // ── 2.1.4 ──────────────────────────────────────────────────────────────────────────
  {
    id: "2.1.4-cache-figures",
    section: "2.1.4",
    topic: "cache latencies and bandwidths",
    quote: "L1缓存命中：延迟1-4周期",
    chapter: { value: [1, 4], unit: "cycles" },
    verdict: "not checkable",
    explanation: "Cache behaviour is outside Ridgeline's model (DRAM traffic only).",
  },
  {
    id: "2.1.4-neon-lanes",
    section: "2.1.4",
    topic: "NEON: 4 FP32 lanes",
    quote: "ARM NEON：128位向量，4个FP32或8个FP16",
    chapter: { value: 4, unit: "FP32 lanes", text: "4 FP32 or 8 FP16" },
    ridgeline: () => ({
      value: 128 / bitsPerValue("fp32"),
      basis: "real",
      how: "128 bits / 32 bits (FP16: 128 / 16 = 8)",
    }),
    verdict: "agrees",
    explanation: "128 / 32 = 4 and 128 / 16 = 8.",
  },
  {
    id: "2.1.4-vector-efficiency",
    section: "2.1.4",
    topic: "vectorisation efficiencies",
    quote: "向量化效率通常60-90%",
    chapter: { value: [60, 90], unit: "%" },
    verdict: "not checkable",
    explanation: "Measured efficiencies of kernels; Ridgeline has no per-kernel measurements yet.",
  },
  {
    id: "2.1.4-fp16-doubles",
    section: "2.1.4",
    topic: "FP16 doubles intensity",
    quote: "FP16：计算强度翻倍",
    chapter: { value: 2, unit: "× (vs FP32)" },
    ridgeline: () => {
      const i = (s: number) => ex1(1, s).flops / ex1(1, s).bytesCompulsory;
      return {
        value: i(bytesPerValue("fp16")) / i(fp32),
        basis: "real",
        how: "example 1's GEMM, FP16 vs FP32 intensity",
      };
    },
    verdict: "agrees",
    explanation: "Half the bytes for the same FLOPs.",
  },
  {
    id: "2.1.4-int8-quadruples",
    section: "2.1.4",
    topic: "INT8 quadruples intensity",
    quote: "INT8：4倍提升",
    chapter: { value: 4, unit: "× (vs FP32)" },
    ridgeline: () => {
      const i = (s: number) => ex1(1, s).flops / ex1(1, s).bytesCompulsory;
      return {
        value: i(bytesPerValue("int8")) / i(fp32),
        basis: "real",
        how: "example 1's GEMM, INT8 vs FP32 intensity",
      };
    },
    verdict: "agrees",
    explanation: "A quarter of the bytes for the same operations.",
  },
  {
    id: "2.1.4-access-patterns",
    section: "2.1.4",
    topic: "strided and random access bandwidth",
    quote: "跨步=2：性能降至50%",
    chapter: { value: 50, unit: "%" },
    verdict: "not checkable",
    explanation:
      "Access-pattern effects (and prefetch gains of 20–40%, threading efficiency 70–85%) are outside Ridgeline's model.",
  },
  {
    id: "2.1.4-example1-flops",
    section: "2.1.4",
    topic: "example 1 FLOPs",
    quote: "理论计算量：$2 \\times 1 \\times 4096 \\times 4096 = 33.6$ MFLOPs",
    chapter: { value: 33.6, unit: "MFLOP" },
    ridgeline: () => ({ value: ex1(1).flops / 1e6, basis: "real", how: "gemmCost [1×4096]·[4096×4096]" }),
    compare: { kind: "within", tol: 0.005 },
    verdict: "agrees",
    explanation: "2 × 4096² = 33,554,432.",
  },
  {
    id: "2.1.4-example1-bytes",
    section: "2.1.4",
    topic: "example 1 traffic",
    quote: "\\times 4 = 67.1$ MB",
    chapter: { value: 67.1, unit: "MB" },
    ridgeline: () => ({
      value: ex1(1).bytesCompulsory / 1e6,
      basis: "real",
      how: "gemmCost bytesCompulsory, FP32",
    }),
    compare: { kind: "within", tol: 0.005 },
    verdict: "agrees",
    explanation: "(4096 + 4096² + 4096) × 4 = 67,141,632 bytes.",
  },
  {
    id: "2.1.4-example1-intensity",
    section: "2.1.4",
    topic: "example 1 intensity",
    quote: "\\frac{33.6 \\times 10^6}{67.1 \\times 10^6} = 0.5",
    chapter: { value: 0.5, unit: "FLOP/B" },
    ridgeline: () => ({ value: ex1(1).flops / ex1(1).bytesCompulsory, basis: "real", how: "gemmCost, FP32" }),
    verdict: "agrees",
    explanation: "0.4998 FLOP/B: a matrix-vector product does 2 FLOPs per 4-byte weight.",
  },
  {
    id: "2.1.4-example2-l2",
    section: "2.1.4",
    topic: "example 2: 8 MB holds 2M FP32 values",
    quote: "假设L2缓存为8MB，可以容纳2M个FP32元素",
    chapter: { value: 2, unit: "M values" },
    ridgeline: () => ({
      value: (8 * 2 ** 20) / fp32 / 2 ** 20,
      basis: "real",
      how: "8 MiB / 4 bytes, in Mi values",
    }),
    verdict: "agrees",
    explanation: "8 MiB / 4 B = 2 Mi values.",
  },
  {
    id: "2.1.4-example2-effective-intensity",
    section: "2.1.4",
    topic: "example 2: caching raises I to 2.0",
    quote: "有效计算强度：$I_{eff} \\approx 2.0$ FLOP/Byte",
    chapter: { value: 2.0, unit: "FLOP/B" },
    ridgeline: () => ({
      value: ex1(1).flops / ex1(1).bytesCompulsory,
      basis: "chapter",
      bound: "upper",
      how: "example 1 with every element moved exactly once (gemmCost bytesCompulsory): the highest intensity any cache allows",
    }),
    compare: { kind: "not-above" },
    verdict: "error",
    explanation:
      "Each of the 16.8 M weights is used once and must cross from DRAM at least once (67.1 MB), which example 1 already counts: no cache can cut the traffic '~4×'; I ≤ 0.4998 FLOP/B.",
    correction: "caching cannot help a batch-1 GEMV: the weights are read once anyway, I_eff ≤ 0.5 FLOP/Byte",
  },
  {
    id: "2.1.4-example3-flops",
    section: "2.1.4",
    topic: "example 3 FLOPs at batch 16",
    quote: "计算量增加16倍：$537.6$ MFLOPs",
    chapter: { value: 537.6, unit: "MFLOP" },
    ridgeline: () => ({
      value: ex1(16).flops / 1e6,
      basis: "real",
      how: "gemmCost, 16 rows sharing the weight matrix",
    }),
    compare: { kind: "within", tol: 0.005 },
    verdict: "agrees",
    explanation: "16 × 33,554,432 = 536.9 M; 537.6 is 16 × the rounded 33.6.",
  },
  {
    id: "2.1.4-example3-traffic",
    section: "2.1.4",
    topic: "example 3 traffic grows 1.06×",
    quote: "内存访问仅增加约1.06倍",
    chapter: { value: 1.06, unit: "×" },
    ridgeline: () => ({
      value: ex1(16).bytesCompulsory / ex1(1).bytesCompulsory,
      basis: "real",
      how: "gemmCost bytesCompulsory, batch 16 / batch 1",
    }),
    compare: { kind: "within", tol: 0.01 },
    verdict: "error",
    explanation:
      "Only the 15 extra input and output rows are added: (16·4096·2 + 4096²) / (2·4096 + 4096²) = 1.0073.",
  },
  {
    id: "2.1.4-example3-intensity",
    section: "2.1.4",
    topic: "example 3 intensity at batch 16",
    quote: "有效计算强度：$I_{batch=16} \\approx 7.5$ FLOP/Byte",
    chapter: { value: 7.5, unit: "FLOP/B" },
    ridgeline: () => ({
      value: ex1(16).flops / ex1(16).bytesCompulsory,
      basis: "real",
      how: "gemmCost, FP32, batch 16",
    }),
    compare: { kind: "within", tol: 0.03 },
    verdict: "error",
    explanation: "536.9 MFLOP / 67.6 MB = 7.94 FLOP/B (the 7.5 follows from the wrong 1.06×).",
  },
  {
    id: "2.1.4-example3-bound",
    section: "2.1.4",
    topic: "example 3: batch 16 turns compute-bound on Snapdragon 8 Gen 3",
    quote: "在Snapdragon 8 Gen 3上，从Memory-bound向Compute-bound转变",
    chapter: { value: 1, unit: "I / I_ridge", text: "compute-bound (I / I_ridge ≥ 1)" },
    ridgeline: () => {
      const d = findDevice("qualcomm-snapdragon-8-gen-3-gpu");
      const i = ex1(16).flops / ex1(16).bytesCompulsory;
      const chapterRidge = ridgeOf(
        chapterFigureOf(d, d.peakTflops.fp16),
        chapterFigureOf(d, d.bandwidthGBps),
      );
      return {
        value: i / chapterRidge,
        basis: "chapter",
        how: `I = ${i.toFixed(2)} against the chapter's ridge of 31.25 (${boundClass(i, chapterRidge)})`,
        alt: {
          value: i / ridgeOf(d.peakTflops.fp16?.value ?? NaN, d.bandwidthGBps.value),
          basis: "real",
          how: "against Ridgeline's default ridge (76.8 GB/s)",
        },
      };
    },
    compare: { kind: "not-above" },
    verdict: "error",
    explanation:
      "I = 7.9 is a quarter of the chapter's own ridge (31.25): still memory-bound ('moderate'); the FP32 GEMM reaches the ridge only at batch ≈ 65.",
    correction:
      "at batch 16 the GEMM is still memory-bound (I / I_ridge ≈ 0.25); about 65 rows are needed to reach the ridge",
  },
  {
    id: "2.1.4-flash-attention-traffic",
    section: "2.1.4",
    topic: "Flash Attention cuts traffic O(L)×",
    quote: "Flash Attention：内存访问减少$O(L)$倍",
    chapter: { value: 1, unit: "exponent of L", text: "O(L)" },
    ridgeline: () => {
      const m = findModel("llama-2-7b");
      const ratio = (L: number) =>
        sumBytes(pick(layerOps(m, { queries: L, attention: "naive" }), ATTENTION_CORE)) /
        sumBytes(pick(layerOps(m, { queries: L, attention: "flash" }), ATTENTION_CORE));
      return {
        value: Math.log2(ratio(8192) / ratio(4096)),
        basis: "real",
        how: "log2 of how the naive/fused attention traffic ratio grows from L = 4096 to 8192 (Llama-2-7B prefill)",
      };
    },
    compare: { kind: "within", tol: 0.05 },
    verdict: "agrees",
    explanation:
      "The naive kernels move the h·L² score matrix, the fused one O(L·d): the ratio is 1 + L·h/d = 1 + L/d_k, linear in L.",
  },
  {
    id: "2.1.4-optimisation-gains",
    section: "2.1.4",
    topic: "kernel fusion / recomputation gains",
    quote: "Kernel Fusion：减少20-30%的内存往返",
    chapter: { value: [20, 30], unit: "%" },
    verdict: "not checkable",
    explanation:
      "Depends on the kernels fused; Ridgeline's --fusion removes element-wise traffic but cannot check a general percentage.",
  },
  {
    id: "2.1.4-special-instructions",
    section: "2.1.4",
    topic: "HMMA / SME / AMX shapes",
    quote: "HMMA指令一次完成16×16×16矩阵乘",
    chapter: { value: 16, unit: "tile edge" },
    verdict: "not checkable",
    explanation:
      "Instruction-set details (also SME's 2048-bit vectors, AMX tiles) are outside Ridgeline's model.",
  },
  {
    id: "2.1.4-tree-extreme",
    section: "2.1.4",
    topic: "decision tree: extreme below 0.1·I_ridge",
    quote: "计算强度 I < 0.1 * I_ridge",
    chapter: { value: 0.1, unit: "I / I_ridge" },
    ridgeline: () => ({
      value: threshold("memory-extreme"),
      basis: "real",
      how: "where roofline/classify.ts leaves 'memory-extreme'",
    }),
    verdict: "agrees",
    explanation: "Ridgeline's bound classes are the chapter's tree (< 0.1, < 0.5, < 1, ≥ 1).",
  },
  {
    id: "2.1.4-tree-mild",
    section: "2.1.4",
    topic: "decision tree: mild from 0.5·I_ridge",
    quote: "0.5 * I_ridge < I < I_ridge",
    chapter: { value: 0.5, unit: "I / I_ridge" },
    ridgeline: () => ({
      value: threshold("memory-moderate"),
      basis: "real",
      how: "where roofline/classify.ts leaves 'memory-moderate'",
    }),
    verdict: "agrees",
    explanation: "Same thresholds; compute-bound from I = I_ridge.",
  },
];

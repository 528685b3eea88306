/**
 * The analysis object: plain JSON-serialisable data. This zod schema is the single
 * source of its TypeScript types and of the shipped schema/analysis.schema.json; it is
 * not run on the hot path (analyses are built by code, validated in tests).
 */
import * as z from "zod";
import { ATTENTION_KERNELS, PHASES, SPARSITY } from "../graph/workload.js";
import { KERNEL_KINDS, OP_GROUPS, OP_KINDS } from "../ops/types.js";
import { PEAK_KEYS } from "../quant/formats.js";
import { BOUND_CLASSES, BOUNDS } from "../roofline/classify.js";
import { MemoryPlanSchema } from "./engine-memory/plan-schema.js";

const num = z.number();
/** JSON has no Infinity: an op that moves no bytes has intensity null there. */
const intensity = z.number().nullable().describe("FLOP per byte; null when the op moves no bytes");

export const ByteBreakdownSchema = z.object({
  weights: num.describe("bytes of weights read"),
  activations: num.describe("bytes of activations read and written"),
  kvRead: num.describe("bytes read from the KV cache"),
  kvWrite: num.describe("bytes written to the KV cache"),
});

export const OpResultSchema = z.object({
  name: z.string(),
  kind: z.enum(OP_KINDS),
  kernel: z.enum(KERNEL_KINDS).describe("kernel kind, selects the achievable efficiencies"),
  group: z.enum(OP_GROUPS),
  shape: z.string(),
  flops: num,
  bytes: ByteBreakdownSchema,
  precision: z.enum(PEAK_KEYS).describe("precision the arithmetic runs at"),
  weightFormat: z
    .string()
    .nullable()
    .describe("storage format of a matrix product's weights (q4_k, fp16, …); null for ops without weights"),
  rows: num.describe(
    "token rows of a matrix product (llama.cpp's ne11), which pick its kernel; 0 for other ops",
  ),
  bytesTotal: num,
  intensity,
  peakUsed: z
    .enum(PEAK_KEYS)
    .nullable()
    .describe("device peak used: the engine's kernel path, after fallback; null if none listed"),
  why: z.string().describe("why that peak: the engine's kernel path for this op on this device"),
  ridge: num.nullable().describe("ridge point of that peak, FLOP/byte"),
  bound: z.enum(BOUNDS),
  boundClass: z.enum(BOUND_CLASSES).describe("chapter 2.1.4 class by I / I_ridge (<0.1, <0.5, <1, ≥1)"),
  timeBoundS: num.describe("roofline bound: max(FLOPs/peak, bytes/bandwidth), seconds"),
  timeEstimateS: num.describe("estimate with achievable fractions and overheads, seconds"),
});

export const TotalsSchema = z.object({
  flops: num,
  bytes: ByteBreakdownSchema,
  bytesTotal: num,
  intensity,
  timeBoundS: num,
  timeEstimateS: num,
});

export const PhaseAnalysisSchema = z.object({
  phase: z.enum(["prefill", "decode"]),
  batch: num,
  queries: num.describe("new tokens per sequence (prompt for prefill, 1 for decode)"),
  keys: num.describe("KV entries attended per sequence"),
  layerOps: z.array(OpResultSchema).describe("ops of one layer (the most common variant when layers differ)"),
  layerTotals: TotalsSchema,
  layerVariants: z.array(z.object({ count: num, totals: TotalsSchema })),
  modelOps: z.array(OpResultSchema).describe("embedding, final norm, lm_head"),
  totals: TotalsSchema.describe("whole model, this pass"),
  boundClass: z.enum(BOUND_CLASSES),
  ridge: num.nullable(),
  groups: z.array(z.object({ group: z.enum(OP_GROUPS), flops: num, timeBoundS: num, timeEstimateS: num })),
  attentionShare: z.object({
    flops: num.describe("attention FLOPs / whole pass"),
    timeBound: num,
    timeEstimate: num,
    flopsOfAttentionPlusFfn: num.describe("attention / (attention + FFN): the chapter's 2.3 share"),
  }),
  latencyBoundS: num.describe("prefill: time to first token; decode: this step's latency"),
  latencyEstimateS: num,
  tokensPerSBound: num,
  tokensPerSEstimate: num,
  likely: z
    .object({
      low: num.nullable(),
      high: num.nullable(),
      basis: z.string().describe("the cross-validated errors the range comes from, or why there is none"),
    })
    .optional()
    .describe(
      "likely tokens/s (10th-90th percentile of the class's cross-validated errors; pp512 for prefill, tg128 for decode), with the built-in calibration only",
    ),
  lowerBound: z
    .literal(true)
    .optional()
    .describe(
      "present (true) when some arithmetic of this pass has no usable compute peak on the device: its times count memory traffic only, so every time of the pass is a lower bound and every tokens/s an upper bound",
    ),
});

export const MemoryFootprintSchema = z.object({
  weightsBytes: num,
  kvCacheBytes: num.describe("KV cache (and recurrent state) of the entries the workload keeps"),
  kvCacheTokens: num,
  activationsBytes: num.describe("largest activation working set of one op"),
  totalBytes: num.describe(
    "what llama.cpp keeps resident for this workload, over every unit (plan.totalBytes)",
  ),
  capacityBytes: num.nullable(),
  fits: z.boolean().nullable().describe("the plan's verdict: every unit's buffers within its usable memory"),
  plan: MemoryPlanSchema,
});

export const DiagnosticSchema = z.object({
  code: z.string(),
  severity: z.enum(["info", "warning", "error"]),
  message: z.string(),
});

export const WorkloadResolvedSchema = z.object({
  phase: z.enum(PHASES),
  promptTokens: num,
  contextTokens: num,
  batch: num,
  weights: z.string(),
  activations: z.string(),
  kv: z.string(),
  attention: z.enum(ATTENTION_KERNELS),
  fusion: z.boolean(),
  sparsity: z.enum(SPARSITY),
  kvKeep: num.describe("fraction of KV entries kept during decode"),
});

export const AnalysisSchema = z
  .object({
    schemaVersion: z.literal(1),
    model: z.object({
      id: z.string(),
      name: z.string(),
      params: num,
      activeParams: num,
      weightsOrigin: z.string(),
      weightsFormat: z
        .string()
        .describe(
          'the weights\' storage: the recipe, or a GGUF\'s formats by share of bytes ("q4_0", "q4_k 72% + q6_k 28%")',
        ),
    }),
    device: z.object({
      id: z.string(),
      name: z.string(),
      bandwidthGBps: num,
      peaks: z.array(
        z.object({
          precision: z.enum(PEAK_KEYS),
          used: z.enum(PEAK_KEYS).nullable(),
          tflops: num.nullable(),
          ridge: num.nullable(),
          source: z.string().nullable(),
        }),
      ),
      memoryGiB: num.nullable(),
    }),
    workload: WorkloadResolvedSchema,
    efficiency: z
      .object({
        bandwidth: z.object(
          Object.fromEntries(KERNEL_KINDS.map((k) => [k, num])) as Record<
            (typeof KERNEL_KINDS)[number],
            typeof num
          >,
        ),
        compute: z.object(
          Object.fromEntries(KERNEL_KINDS.map((k) => [k, num])) as Record<
            (typeof KERNEL_KINDS)[number],
            typeof num
          >,
        ),
        vectorShare: num.describe(
          "vector-unit FLOPs per matmul FLOP not overlapped with the matrix units, timed at the fp32 peak",
        ),
        perOpOverheadS: num,
        perPassOverheadS: num,
        source: z.string(),
      })
      .describe(
        "achievable fractions of bandwidth and compute per kernel kind, vector-unit share of matmuls, and fixed overheads, used by the estimate",
      ),
    prefill: PhaseAnalysisSchema.nullable(),
    decode: PhaseAnalysisSchema.nullable(),
    memory: MemoryFootprintSchema,
    diagnostics: z.array(DiagnosticSchema),
  })
  .describe(
    "Ridgeline analysis of one model on one device for one workload. Units: FLOP, byte, second unless the field name says otherwise.",
  );

export type Totals = z.infer<typeof TotalsSchema>;
export type PhaseAnalysis = z.infer<typeof PhaseAnalysisSchema>;
export type MemoryFootprint = z.infer<typeof MemoryFootprintSchema>;
export type Diagnostic = z.infer<typeof DiagnosticSchema>;
export type Analysis = z.infer<typeof AnalysisSchema>;

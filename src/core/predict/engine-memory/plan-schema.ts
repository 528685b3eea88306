/** The memory plan as JSON: its zod schema (source of its types and of schema/analysis.schema.json). */
import * as z from "zod";
import { CPU_KERNELS } from "./llama-rules.js";

const num = z.number();

export const MEMORY_UNITS = ["gpu", "host"] as const;
export const BUFFER_KINDS = ["model", "kv", "recurrent", "output", "compute"] as const;

export const PlannedBufferSchema = z.object({
  unit: z.enum(MEMORY_UNITS),
  kind: z.enum(BUFFER_KINDS),
  name: z
    .string()
    .describe(
      'the buffer as llama.cpp logs it: "CPU_Mapped model buffer", "CPU_REPACK model buffer", "CPU KV buffer"…',
    ),
  bytes: num.describe(
    "the size llama.cpp logs (a mapped span includes tensors between its own that live elsewhere)",
  ),
  residentBytes: num.describe(
    "what the buffer holds in memory: a mapped span's own tensors, every other buffer whole",
  ),
  detail: z
    .string()
    .describe("what sizes it (cells, tokens, the compute stage that sets the high-water mark)"),
});

export const UnitMemorySchema = z.object({
  unit: z.enum(MEMORY_UNITS),
  device: z.string().describe('device id, or "host" when the host is not described'),
  buffers: z.array(PlannedBufferSchema),
  bytes: num.describe("resident bytes of the unit's buffers"),
  capacityBytes: num.nullable(),
  usableBytes: num
    .nullable()
    .describe("capacity less the OS / driver reserve (unified memory), or what a shared pool leaves"),
  reserve: z
    .object({ bytes: num, rule: z.string(), sources: z.array(z.string()) })
    .nullable()
    .describe("memory the OS / driver keeps from the engine, with its rule and sources"),
  fits: z.boolean().nullable(),
  shared: z
    .boolean()
    .describe("the host's memory is the GPU's (a SoC): its usable part is what the GPU leaves"),
});

export const MemoryPlanSchema = z
  .object({
    engine: z.object({
      source: z.string(),
      nCtx: num.describe("context cells: the requested tokens × sequences padded to 256 (llama-context.cpp)"),
      nCtxSeq: num,
      sequences: num,
      ubatch: num,
      flashAttention: z.boolean(),
      gpuLayers: num.describe("-ngl: layers on the GPU counting the output layer (n_layer + 1 = all)"),
      cpuMoeLayers: num.describe("--n-cpu-moe: layers whose expert tensors stay in host memory"),
      kvOn: z.enum(["gpu", "cpu"]),
      cpuKernels: z.enum(CPU_KERNELS).describe("the CPU kernel set that decides the repack / AMX buffers"),
    }),
    units: z.array(UnitMemorySchema),
    totalBytes: num.describe("resident bytes over every unit"),
    fits: z.boolean().nullable().describe("every unit with a known capacity fits; null when none has one"),
    notes: z.array(z.string()),
  })
  .describe("memory as llama.cpp allocates it, per unit and buffer");

export type PlannedBuffer = z.infer<typeof PlannedBufferSchema>;
export type UnitMemoryPlan = z.infer<typeof UnitMemorySchema>;
export type MemoryPlan = z.infer<typeof MemoryPlanSchema>;
export type BufferKind = (typeof BUFFER_KINDS)[number];

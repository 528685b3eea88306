/**
 * How each measured row is read: which device, model, weight recipe and test it is costed
 * as, and whether it may inform a fit. For the calibration's own data this is reviewed
 * data (interpretation.json, keyed by each row's content hash: a reworded note is a new
 * row, never a silent change of reading); `npm run propose:calibration` proposes entries
 * for new rows. A row that is not in the table (a user's file) is read by the label
 * resolver alone: its labels and its `test` column (pp512, tg128), nothing from its notes.
 */
import * as z from "zod";
import { BUILTIN_DEVICES, BUILTIN_MODELS } from "../catalog/lookup.js";
import type { DeviceSpec } from "../hardware/schema.js";
import { resolveBackend } from "../resolve/backends.js";
import { resolveDevice } from "../resolve/devices.js";
import { resolveModel } from "../resolve/models.js";
import { resolveQuant } from "../resolve/quants.js";
import { candidateList } from "../resolve/types.js";
import tableJson from "./interpretation.json" with { type: "json" };
import type { MeasuredRow } from "./rows.js";
import { LLAMA_CPP_UBATCH, type Scenario } from "./scenario.js";

const count = z.number().int().nonnegative();
const PrefillSchema = z
  .object({
    kind: z.literal("prefill"),
    tokens: count.min(1),
    depth: count,
    ubatch: count.min(1),
    attention: z.enum(["naive", "flash"]),
    kv: z.string().exactOptional(),
  })
  .strict();
const DecodeSchema = z
  .object({
    kind: z.literal("decode"),
    steps: count.min(1),
    startKeys: count,
    attention: z.enum(["naive", "flash"]),
    kv: z.string().exactOptional(),
  })
  .strict();
const ScenarioSchema = z.discriminatedUnion("kind", [
  PrefillSchema,
  DecodeSchema,
  z.object({ kind: z.literal("mixed"), prefill: PrefillSchema, decode: DecodeSchema }).strict(),
]);

export const Interpretation = z
  .object({
    /** Where the row was first seen, for the reader ("measured.csv", data row 12). */
    file: z.string().min(1),
    row: count.min(1),
    /** The row's labels, so that a reviewer sees what is interpreted. */
    label: z.string().min(1),
    /** Device family for leave-one-family-out cross-validation. */
    family: z.string().min(1),
    device: z.string().nullable(),
    model: z.string().nullable(),
    recipe: z.string().nullable(),
    scenario: ScenarioSchema.nullable(),
    /** The label does not say which variant; they share the bandwidth, so only decode is costed. */
    decodeOnly: z.boolean().optional(),
    /** The recipe only approximates the format (scored, never fitted). */
    approximate: z.boolean().optional(),
    /** A CPU run on this many threads (llama-bench -t): predicted on that many cores (deviceAtThreads). */
    threads: z.number().int().min(1).optional(),
    /** Predicted but left out of fits and scores, and why. */
    exclusion: z
      .object({ kind: z.enum(["anomalous", "threads"]), reason: z.string().min(1) })
      .strict()
      .optional(),
    /** llama.cpp or a front end on it (the engine the calibration describes). */
    llamaCpp: z.boolean(),
    /**
     * A llama.cpp CUDA build from before MMQ became the default (June 2024): quantized prefill
     * ran dequantize + fp16 cuBLAS (roofline/kernel-path.ts EngineBuild), read from the source's date.
     */
    cublasQuantPrefill: z.boolean().optional(),
    /**
     * A llama.cpp CPU build from before online weight repacking (llama.cpp PR #9921, November
     * 2024): Q4_0 ran the plain vec_dot kernel (roofline/kernel-path.ts EngineBuild), read from
     * the build number or the source's date.
     */
    cpuBeforeRepack: z.boolean().optional(),
    /** Caveats and assumptions of the reading. */
    notes: z.array(z.string()),
    /** Why the row cannot be costed (then device, model, recipe or scenario is null). */
    unpredictable: z.string().optional(),
    /** Set by the proposing script; a reviewer removes it (a test refuses unreviewed entries). */
    proposed: z.string().optional(),
  })
  .strict();
export type Interpretation = z.infer<typeof Interpretation>;

export const InterpretationTable = z
  .object({
    description: z.string(),
    rows: z.record(z.string().regex(/^[0-9a-f]{16}$/), Interpretation),
  })
  .strict();
export type InterpretationTable = z.infer<typeof InterpretationTable>;

/** The reviewed readings of the shipped calibration rows. */
export const INTERPRETATIONS: InterpretationTable = InterpretationTable.parse(tableJson);

/** Family for cross-validation: the maker and the device's architecture generation ("NVIDIA Ampere"). */
export function familyOf(d: DeviceSpec): string {
  const f = d.family ?? d.id;
  return f.toLowerCase().startsWith(d.vendor.toLowerCase()) ? f : `${d.vendor} ${f}`;
}

const hasExperts = (modelId: string | null) => !!BUILTIN_MODELS.find((m) => m.id === modelId)?.moe;

/**
 * What a proposer read beyond the labels (the proposing script reads notes; the product never
 * does): the test run, an exclusion, a quantization whose meaning depends on the model.
 */
export interface ReadingHints {
  readonly scenario?: { scenario: Scenario | null; reason?: string; assumption?: string };
  readonly exclusion?: Interpretation["exclusion"];
  /** The CPU threads the run used, when the notes say. */
  readonly threads?: number;
  readonly quant?: (modelId: string | null) => { recipe: string; note: string; approximate?: boolean } | null;
}

/** The reading of a row not in the table: its labels through the resolver, its test from the `test` column. */
export function interpretByLabels(r: MeasuredRow, file = "data", hints: ReadingHints = {}): Interpretation {
  const backend = resolveBackend(r.backend);
  const dev = resolveDevice(r.hardware, { backend: r.backend });
  const deviceId = dev.id ?? dev.decodeAs;
  const spec = BUILTIN_DEVICES.find((d) => d.id === deviceId);
  const model = resolveModel(r.model, { paramsB: r.paramsB });
  const special = hints.quant?.(model.id) ?? null;
  const quant = special
    ? {
        status: "resolved",
        id: special.recipe,
        notes: [special.note],
        approximate: !!special.approximate,
        reason: "",
      }
    : resolveQuant(r.quant, { moe: hasExperts(model.id) });
  const notes = [...dev.notes, ...model.notes, ...quant.notes];
  const reading = hints.scenario;
  const scenario: Scenario | null = reading
    ? reading.scenario
    : r.test === "pp512"
      ? { kind: "prefill", tokens: 512, depth: 0, ubatch: LLAMA_CPP_UBATCH, attention: "naive" }
      : r.test === "tg128"
        ? { kind: "decode", steps: 128, startKeys: 0, attention: "naive" }
        : null;
  if (reading?.assumption) notes.push(reading.assumption);
  if (dev.status === "ambiguous" && dev.decodeAs)
    notes.push(`${dev.reason}: decode is costed on ${dev.decodeAs}, which has the same bandwidth`);
  const why = !spec
    ? `device: ${dev.reason}${dev.candidates.length ? ` (candidates: ${candidateList(dev)})` : ""}`
    : model.status !== "resolved"
      ? `model: ${model.reason}${model.candidates.length ? ` (candidates: ${candidateList(model)})` : ""}`
      : quant.status !== "resolved"
        ? `quantization: ${quant.reason}`
        : !scenario
          ? (reading?.reason ??
            `test "${r.test}": what was run is said only in the notes; \`npm run propose:calibration\` proposes a reading to review`)
          : undefined;
  return {
    file,
    row: r.row,
    label: `${r.hardware} | ${r.backend} | ${r.model} | ${r.quant} | ${r.test}`,
    family: spec ? familyOf(spec) : (r.hardware.split(" ")[0] ?? r.hardware),
    device: spec?.id ?? null,
    model: model.id,
    recipe: quant.id,
    scenario,
    ...(dev.status === "ambiguous" ? { decodeOnly: true } : {}),
    ...(quant.approximate ? { approximate: true } : {}),
    ...(hints.exclusion ? { exclusion: hints.exclusion } : {}),
    ...(hints.threads !== undefined && spec?.unit === "cpu" ? { threads: hints.threads } : {}),
    llamaCpp: backend.llamaCpp,
    notes,
    ...(why ? { unpredictable: why } : {}),
  };
}

/** The reading of a row: the reviewed entry when the table has one, else the resolver's. */
export function interpretationOf(
  r: MeasuredRow,
  table: InterpretationTable = INTERPRETATIONS,
): Interpretation {
  return table.rows[r.key] ?? interpretByLabels(r);
}

/**
 * Offloaded speed, checked: public measurements of llama.cpp runs with part of the model in
 * system RAM (`-ngl` below all, `--n-cpu-moe`, `-nkvo`), each with its source and trust tag
 * (data/calibration/measured-offload.csv), against `analyzeOffload` on the same machine.
 *
 * Two kinds of measurement (`test`):
 * - `tg`: decode speed alone (llama-bench tg, llama-server's own eval speed), predicted as the
 *   decode step at `context` cached tokens;
 * - `chat`: llmfit's llama.cpp adapter (src/bench.rs `openai_chat`): output tokens over the
 *   wall time of one non-streamed chat request, prefill of the prompt included; predicted as
 *   `gen_tokens` over the whole request of the same placement's timeline (prompt `context`).
 * A row with no GPU (`gpu` blank) is the `-ngl 0` end of a sweep: everything on the host.
 *
 * A row is scored when its host is stated (or not needed: everything on the GPU) and its trust
 * is A or B; C rows (one tool's chat averages whose prompt and output lengths are assumed) are
 * predicted and summarised apart. Every placement here keeps each layer, and each layer's
 * experts, wholly on one unit (the issue's target class); tensor-level overrides (-ot on
 * single tensors) would be another class.
 */
import * as z from "zod";
import { findModel } from "../catalog/lookup.js";
import { readSystem, type System } from "../cluster/system.js";
import { fromZodIssues, InputError } from "../errors.js";
import { resolveWorkload } from "../graph/resolve.js";
import { analyzeOffload, type OffloadPhase } from "../offload/analyze-offload.js";
import { timelineOffload } from "../offload/timeline-offload.js";
import { renderTable } from "../report/table.js";
import { parseCsvRecords } from "./csv.js";

const count = z.coerce.number().int().nonnegative();
const OffloadRow = z.object({
  id: z.string().min(1),
  model: z.string().min(1),
  weights: z.string().min(1),
  /** Blank: a CPU-only run (no GPU in the system). */
  gpu: z.string(),
  host: z.string(),
  host_bandwidth_gbps: z.string(),
  link: z.string().min(1),
  ngl: count,
  n_cpu_moe: count,
  nkvo: z.enum(["0", "1"]),
  /** Cached tokens of a `tg` step; the prompt of a `chat` request. */
  context: count.positive(),
  test: z.enum(["tg", "chat"]),
  /** Output tokens of a `chat` request (blank for `tg`). */
  gen_tokens: z.string().regex(/^(\d+)?$/, "a whole number or blank"),
  measured_tps: z.coerce.number().positive(),
  trust: z.enum(["A", "B", "C"]),
  source_url: z.string().regex(/^https:\/\//, "a source URL"),
  note: z.string(),
});
export type OffloadRow = z.infer<typeof OffloadRow>;

export function parseOffloadRows(csv: string): OffloadRow[] {
  return parseCsvRecords(csv, Object.keys(OffloadRow.shape)).map((rec, i) => {
    const r = OffloadRow.safeParse(rec);
    if (!r.success) throw fromZodIssues(`measured-offload row ${i + 1}`, r.error.issues, rec);
    return r.data;
  });
}

export interface OffloadCheck {
  readonly row: OffloadRow;
  /** Predicted decode tokens/s; null when the row cannot be predicted (host not stated). */
  readonly predicted: number | null;
  /** (predicted − measured) / measured. */
  readonly error: number | null;
  readonly scored: boolean;
  readonly why: string;
  /** Where a predicted decode step goes (s): the GPU's ops, the host's ops, the link; null when not predicted. */
  readonly parts: {
    readonly gpuS: number;
    readonly hostS: number;
    readonly linkS: number;
    readonly otherS: number;
    /** Weights read from system RAM per step, bytes. */
    readonly hostWeightBytes: number;
    /** The host time that would make the prediction exact, the rest of the step as predicted. */
    readonly hostNeededS: number;
  } | null;
}

function systemOf(r: OffloadRow): System | null {
  const allOnGpu = r.nkvo === "0" && r.n_cpu_moe === 0 && r.ngl > findModel(r.model).numLayers;
  if (r.host === "" && (!allOnGpu || r.gpu === "")) return null;
  const bw = r.host_bandwidth_gbps === "" ? undefined : Number(r.host_bandwidth_gbps);
  const host = {
    id: "host",
    kind: "host" as const,
    device: r.host,
    ...(bw !== undefined ? { bandwidthGBps: bw } : {}),
  };
  return readSystem({
    units: [
      ...(r.host === "" ? [] : [host]),
      ...(r.gpu === "" ? [] : [{ id: "gpu", kind: "gpu" as const, device: r.gpu }]),
    ],
    links: r.host === "" || r.gpu === "" ? [] : [{ between: ["host", "gpu"], link: r.link }],
  });
}

export function checkOffloadRow(r: OffloadRow): OffloadCheck {
  const system = systemOf(r);
  if (!system)
    return { row: r, predicted: null, error: null, scored: false, why: "host not stated", parts: null };
  const model = findModel(r.model);
  const placement = {
    gpuLayers: r.gpu === "" ? 0 : r.ngl,
    cpuMoeLayers: r.n_cpu_moe,
    kvOn: r.nkvo === "1" ? ("cpu" as const) : ("gpu" as const),
  };
  let predicted: number;
  let d: OffloadPhase;
  if (r.test === "chat") {
    const n = Number(r.gen_tokens);
    if (!(n >= 1))
      throw new InputError(
        `measured-offload row ${r.id}: gen_tokens`,
        r.gen_tokens,
        "a chat row needs its output tokens",
      );
    const t = timelineOffload({
      model,
      system,
      workload: resolveWorkload({ weights: r.weights, promptTokens: r.context }),
      placement,
      generateTokens: n,
    });
    predicted = n / t.totalS;
    // The breakdown is the mid-request decode step's.
    d = analyzeOffload({
      model,
      system,
      workload: resolveWorkload({
        weights: r.weights,
        promptTokens: r.context,
        contextTokens: r.context + Math.floor(n / 2),
        phase: "decode",
      }),
      placement,
    }).decode!;
  } else {
    d = analyzeOffload({
      model,
      system,
      workload: resolveWorkload({ weights: r.weights, promptTokens: r.context, phase: "decode" }),
      placement,
    }).decode!;
    predicted = d.tokensPerS;
  }
  const scored = r.trust !== "C";
  const otherS = d.latencyS - d.gpuS - d.hostS - d.linkS;
  // The host time that would make the decode step match (for chat rows, the request's other parts as predicted).
  const stepMeasured = d.latencyS * (predicted / r.measured_tps);
  return {
    row: r,
    predicted,
    error: (predicted - r.measured_tps) / r.measured_tps,
    scored,
    why: scored ? d.bottleneck : "trust C (summarised apart)",
    parts: {
      gpuS: d.gpuS,
      hostS: d.hostS,
      linkS: d.linkS,
      otherS,
      hostWeightBytes: d.hostWeightBytes,
      hostNeededS: stepMeasured - (d.latencyS - d.hostS),
    },
  };
}

export interface OffloadSummary {
  readonly rows: number;
  readonly scored: number;
  /** Mean absolute percentage error of the scored rows, %; null when none. */
  readonly mape: number | null;
  readonly within20: number;
}

export function summariseOffload(checks: readonly OffloadCheck[], all = false): OffloadSummary {
  const s = checks.filter((c) => (all || c.scored) && c.error !== null);
  const abs = s.map((c) => Math.abs(c.error!));
  return {
    rows: checks.length,
    scored: s.length,
    mape: abs.length === 0 ? null : (100 * abs.reduce((a, b) => a + b, 0)) / abs.length,
    within20: abs.filter((x) => x <= 0.2).length,
  };
}

/** The error table: one line per row (measured, predicted, error, what bounds it), then the summary. */
export function offloadCheckText(checks: readonly OffloadCheck[]): string {
  const fmt = (x: number | null, d = 1) => (x === null ? "–" : x.toFixed(d));
  const ms = (x: number | undefined) => (x === undefined ? "–" : (1000 * x).toFixed(1));
  const rows = checks.map((c) => [
    c.row.id,
    c.row.trust,
    c.row.gpu === ""
      ? "CPU only"
      : `-ngl ${c.row.ngl}${c.row.n_cpu_moe > 0 ? ` --n-cpu-moe ${c.row.n_cpu_moe}` : ""}${c.row.nkvo === "1" ? " -nkvo" : ""}`,
    c.row.test === "chat" ? `chat ${c.row.context}+${c.row.gen_tokens}` : `tg @${c.row.context}`,
    fmt(c.row.measured_tps),
    fmt(c.predicted),
    c.error === null ? "–" : `${c.error >= 0 ? "+" : ""}${(100 * c.error).toFixed(0)}%`,
    ms(c.parts?.gpuS),
    ms(c.parts?.hostS),
    ms(c.parts?.linkS),
    c.parts ? (c.parts.hostWeightBytes / 1e9).toFixed(2) : "–",
    c.parts && c.parts.hostS > 0 ? ms(c.parts.hostNeededS) : "–",
    // The read rate from system RAM that match implies (only meaningful where the host reads weights).
    c.parts && c.parts.hostWeightBytes > 0 && c.parts.hostNeededS > 0
      ? (c.parts.hostWeightBytes / c.parts.hostNeededS / 1e9).toFixed(0)
      : "–",
    c.why,
  ]);
  const s = summariseOffload(checks);
  const a = summariseOffload(checks, true);
  const pct = (x: number | null) => (x === null ? "–" : `${x.toFixed(1)}%`);
  return [
    renderTable(
      [
        { header: "row" },
        { header: "trust" },
        { header: "placement" },
        { header: "test" },
        { header: "measured", align: "right" },
        { header: "predicted", align: "right" },
        { header: "error", align: "right" },
        { header: "GPU ms", align: "right" },
        { header: "host ms", align: "right" },
        { header: "link ms", align: "right" },
        { header: "RAM GB/tok", align: "right" },
        { header: "host ms to match", align: "right" },
        { header: "→ RAM GB/s", align: "right" },
        { header: "bottleneck / why not scored" },
      ],
      rows,
    ),
    `decode, scored rows (trust A/B, host known): ${s.scored} of ${s.rows}; MAPE ${pct(s.mape)}; within 20%: ${s.within20} of ${s.scored} (target: within 20%)`,
    `every predicted row (trust C included): ${a.scored}; MAPE ${pct(a.mape)}; within 20%: ${a.within20} of ${a.scored}`,
  ].join("\n");
}

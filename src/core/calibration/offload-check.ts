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
 * A host's speed can come from its own CPU-only run (`host_ref`: the id of an `-ngl 0` row of
 * the same source, host and model): the host's bandwidth is then the one at which Ridgeline's
 * CPU-only estimate reproduces that run (`hostReference`), instead of the catalog figure times the
 * cpu class's fitted fraction, so the partial placements test the split (which unit runs what,
 * what crosses the link) rather than the class calibration. The reference row is not scored.
 *
 * A row is scored when its host is stated (or not needed: everything on the GPU) and its trust
 * is A or B; C rows (one tool's chat averages whose prompt and output lengths are assumed) are
 * predicted and summarised apart. Every placement here keeps each layer, and each layer's
 * experts, wholly on one unit (the issue's target class); tensor-level overrides (-ot on
 * single tensors) would be another class.
 */
import * as z from "zod";
import { findDevice, findModel } from "../catalog/lookup.js";
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
  /** Blank, or the id of this host's CPU-only row that fixes its bandwidth (see hostReference). */
  host_ref: z.string(),
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
  /** The host bandwidth used, where it came from a CPU-only reference run. */
  readonly hostFrom: HostReference | null;
}

/** A host's bandwidth fixed by its own CPU-only run. */
export interface HostReference {
  /** The reference row's id. */
  readonly id: string;
  /** GB/s: the bandwidth at which the CPU-only estimate equals the reference row's measured speed. */
  readonly bandwidthGBps: number;
  /** The bandwidth the row states (or the catalog's), for comparison. */
  readonly statedGBps: number;
}

const statedBandwidth = (r: OffloadRow) =>
  r.host_bandwidth_gbps === "" ? undefined : Number(r.host_bandwidth_gbps);

function systemOf(r: OffloadRow, hostGBps?: number): System | null {
  const allOnGpu = r.nkvo === "0" && r.n_cpu_moe === 0 && r.ngl > findModel(r.model).numLayers;
  if (r.host === "" && (!allOnGpu || r.gpu === "")) return null;
  const bw = hostGBps ?? statedBandwidth(r);
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

/** Check one row at its stated host (a row with `host_ref` is left unscored: see checkOffloadRows). */
export function checkOffloadRow(r: OffloadRow): OffloadCheck {
  return checkOffloadRowAt(r, null);
}

/** Check one row, the host's bandwidth replaced by `hostFrom`'s where given. */
export function checkOffloadRowAt(r: OffloadRow, hostFrom: HostReference | null): OffloadCheck {
  const system = systemOf(r, hostFrom?.bandwidthGBps);
  if (!system)
    return {
      row: r,
      predicted: null,
      error: null,
      scored: false,
      why: "host not stated",
      parts: null,
      hostFrom: null,
    };
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
  const scored = r.trust !== "C" && !(r.host_ref !== "" && hostFrom === null);
  const otherS = d.latencyS - d.gpuS - d.hostS - d.linkS;
  // The host time that would make the decode step match (for chat rows, the request's other parts as predicted).
  const stepMeasured = d.latencyS * (predicted / r.measured_tps);
  return {
    row: r,
    predicted,
    error: (predicted - r.measured_tps) / r.measured_tps,
    scored,
    why: scored ? d.bottleneck : r.trust === "C" ? "trust C (summarised apart)" : "host_ref not resolved",
    parts: {
      gpuS: d.gpuS,
      hostS: d.hostS,
      linkS: d.linkS,
      otherS,
      hostWeightBytes: d.hostWeightBytes,
      hostNeededS: stepMeasured - (d.latencyS - d.hostS),
    },
    hostFrom,
  };
}

/**
 * The host bandwidth at which Ridgeline's estimate of a CPU-only run equals its measured speed:
 * a bisection in log space (the estimate rises with the bandwidth; the compute roof caps it, so a
 * run faster than the estimate at 8x the stated figure has no answer).
 */
export function hostReference(ref: OffloadRow): HostReference {
  const field = `measured-offload row ${ref.id}`;
  if (ref.ngl !== 0 && ref.gpu !== "")
    throw new InputError(`${field}: ngl`, ref.ngl, "a host reference must be a CPU-only run (-ngl 0)");
  if (ref.host === "")
    throw new InputError(`${field}: host`, ref.host, "a host reference must name its host");
  if (ref.test !== "tg")
    throw new InputError(`${field}: test`, ref.test, "a host reference must be a tg run");
  const stated = statedBandwidth(ref) ?? findDevice(ref.host).bandwidthGBps.value;
  const at = (gbps: number) =>
    checkOffloadRowAt(ref, { id: ref.id, bandwidthGBps: gbps, statedGBps: stated }).predicted!;
  let lo = Math.log(stated / 64);
  let hi = Math.log(stated * 8);
  if (at(Math.exp(hi)) < ref.measured_tps || at(Math.exp(lo)) > ref.measured_tps)
    throw new InputError(
      `${field}: measured_tps`,
      ref.measured_tps,
      `no host bandwidth from ${(stated / 64).toFixed(1)} to ${(stated * 8).toFixed(0)} GB/s reproduces it`,
    );
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (at(Math.exp(mid)) < ref.measured_tps) lo = mid;
    else hi = mid;
  }
  return { id: ref.id, bandwidthGBps: Math.exp((lo + hi) / 2), statedGBps: stated };
}

/**
 * Check every row: a row naming a `host_ref` runs its host at the bandwidth its CPU-only
 * reference row implies; the reference itself is shown (the CPU-only estimate's own error)
 * but not scored, since it fixes the rows that cite it.
 */
export function checkOffloadRows(rows: readonly OffloadRow[]): OffloadCheck[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const refs = new Map<string, HostReference>();
  const cited = new Set(rows.map((r) => r.host_ref).filter((x) => x !== ""));
  return rows.map((r) => {
    if (r.host_ref === "") {
      const c = checkOffloadRow(r);
      return cited.has(r.id) ? { ...c, scored: false, why: "host reference (CPU-only run of this host)" } : c;
    }
    const ref = byId.get(r.host_ref);
    if (!ref)
      throw new InputError(`measured-offload row ${r.id}: host_ref`, r.host_ref, "names no row of the file");
    if (ref.host !== r.host || ref.source_url !== r.source_url)
      throw new InputError(
        `measured-offload row ${r.id}: host_ref`,
        r.host_ref,
        "must be a run of the same host from the same source",
      );
    let h = refs.get(ref.id);
    if (!h) {
      h = hostReference(ref);
      refs.set(ref.id, h);
    }
    return checkOffloadRowAt(r, h);
  });
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
  const refs = [
    ...new Map(checks.flatMap((c) => (c.hostFrom ? [[c.hostFrom.id, c] as const] : []))).values(),
  ];
  const refLines = refs.map(
    (c) =>
      `host ${c.row.host} from its CPU-only run ${c.hostFrom!.id}: ${c.hostFrom!.bandwidthGBps.toFixed(1)} GB/s reproduces it (the row states ${c.hostFrom!.statedGBps} GB/s: ${(c.hostFrom!.bandwidthGBps / c.hostFrom!.statedGBps).toFixed(2)} of it, before the cpu class's fractions)`,
  );
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
    ...refLines,
    `decode, scored rows (trust A/B, host known): ${s.scored} of ${s.rows}; MAPE ${pct(s.mape)}; within 20%: ${s.within20} of ${s.scored} (target: within 20%)`,
    `every predicted row (trust C included): ${a.scored}; MAPE ${pct(a.mape)}; within 20%: ${a.within20} of ${a.scored}`,
  ].join("\n");
}

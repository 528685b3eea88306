/**
 * Multi-unit measurements (data/calibration/measured-multi.csv): public runs of one model split
 * over several GPUs or hosts, each row naming its units (catalog ids, `id*N` for N identical
 * cards), the link (link catalog id), the split mode and proportions — the reviewed reading of
 * the source — and the measured tokens/s. `validateMulti` predicts every row with `analyzeSplit`
 * (calibrated estimates per unit, link terms on top) and reports the error per row and its MAPE
 * by phase and split mode.
 */
import { findDevice, findModel } from "../catalog/lookup.js";
import { findLink } from "../cluster/links.js";
import { analyzeSplit, SPLIT_MODES, type SplitMode } from "../cluster/split.js";
import { InputError } from "../errors.js";
import { resolveWorkload } from "../graph/resolve.js";
import type { DeviceSpec } from "../hardware/schema.js";
import { renderTable } from "../report/table.js";
import { resolveModel } from "../resolve/models.js";
import { resolveQuant } from "../resolve/quants.js";
import { formatPercentValue, formatSignedPercent } from "../units/format.js";
import { parseCsvRecords } from "./csv.js";
import { type Trust, trustOf } from "./rows.js";
import { ape, type ErrorSummary, groupBy, summarize } from "./stats.js";
import { tps } from "./validate.js";

export const MULTI_COLUMNS = [
  "hardware",
  "devices",
  "link",
  "split",
  "tensor_split",
  "backend",
  "model",
  "quant",
  "attention",
  "test",
  "tokens_per_s",
  "source_url_or_repo_path",
  "notes",
] as const;

/** Most units one row may name. */
const MAX_ROW_UNITS = 64;

export interface MultiTest {
  readonly kind: "prefill" | "decode";
  /** Prompt tokens (prefill) or generated tokens (decode). */
  readonly tokens: number;
  /** Tokens already in the cache when the test starts. */
  readonly depth: number;
}

/** llama-bench's test names: `pp512`, `tg128`, with `@dN` for a depth of N cached tokens. */
export function parseMultiTest(s: string): MultiTest | null {
  const m = /^(pp|tg)(\d+)(?:@d(\d+))?$/.exec(s.trim());
  if (!m) return null;
  const tokens = Number(m[2]);
  const depth = Number(m[3] ?? 0);
  if (!(tokens >= 1 && tokens <= 1 << 20 && depth <= 1 << 20)) return null;
  return { kind: m[1] === "pp" ? "prefill" : "decode", tokens, depth };
}

/** `a*2+b` → [a, a, b], catalog devices. */
export function parseUnits(s: string): DeviceSpec[] {
  const out: DeviceSpec[] = [];
  for (const part of s.split("+")) {
    const [id, times] = part.trim().split("*");
    const n = times === undefined ? 1 : Number(times);
    if (!Number.isInteger(n) || n < 1 || out.length + n > MAX_ROW_UNITS)
      throw new InputError(
        "devices",
        s,
        `"${part}" needs a whole count from 1 to ${MAX_ROW_UNITS} units in all`,
      );
    const d = findDevice(id ?? "", "devices");
    for (let i = 0; i < n; i++) out.push(d);
  }
  return out;
}

export interface MultiRow {
  readonly row: number;
  readonly hardware: string;
  readonly devices: string;
  readonly link: string;
  readonly split: string;
  readonly model: string;
  readonly quant: string;
  readonly test: string;
  readonly trust: Trust | null;
  readonly measuredTps: number;
  readonly phase: "prefill" | "decode" | null;
  readonly estimateTps: number | null;
  /** (predicted − measured) / measured. */
  readonly error: number | null;
  /** The largest contributor to the predicted pass. */
  readonly bottleneck: string | null;
  readonly scored: boolean;
  readonly unpredictable: string | null;
  readonly source: string;
}

export interface MultiGroup {
  readonly key: string;
  readonly summary: ErrorSummary;
}

export interface MultiReport {
  readonly data: string;
  readonly rows: readonly MultiRow[];
  readonly total: number;
  readonly predicted: number;
  readonly scored: number;
  /** By phase (decode, prefill), by split mode and phase, and over all scored rows. */
  readonly byPhase: readonly MultiGroup[];
  readonly bySplit: readonly MultiGroup[];
  readonly overall: ErrorSummary;
}

function predictRow(r: Record<string, string>, row: number): MultiRow {
  const measured = Number(r.tokens_per_s);
  const notes = r.notes ?? "";
  const trust = trustOf(notes);
  const base = {
    row,
    hardware: r.hardware!.trim(),
    devices: r.devices!.trim(),
    link: r.link!.trim(),
    split: r.split!.trim(),
    model: r.model!.trim(),
    quant: r.quant!.trim(),
    test: r.test!.trim(),
    trust,
    measuredTps: measured,
    source: r.source_url_or_repo_path!.trim(),
  };
  const fail = (reason: string): MultiRow => ({
    ...base,
    phase: null,
    estimateTps: null,
    error: null,
    bottleneck: null,
    scored: false,
    unpredictable: reason,
  });
  if (!(Number.isFinite(measured) && measured > 0))
    return fail(`tokens_per_s "${r.tokens_per_s}" is not a positive number`);
  const test = parseMultiTest(base.test);
  if (!test) return fail(`test "${base.test}" is not ppN or tgN (with @dN for a depth)`);
  if (!(SPLIT_MODES as readonly string[]).includes(base.split))
    return fail(`split "${base.split}" is not one of ${SPLIT_MODES.join(", ")}`);
  const mm = resolveModel(base.model);
  if (!mm.id) return fail(`model: ${mm.reason}`);
  const qm = resolveQuant(base.quant, { moe: !!findModel(mm.id).moe });
  if (!qm.id) return fail(`quantization: ${qm.reason}`);
  try {
    const units = parseUnits(base.devices);
    const link = findLink(base.link, "link");
    const model = findModel(mm.id);
    const proportions = r.tensor_split?.trim()
      ? r.tensor_split.split(/[,/]/).map((x) => Number(x.trim()))
      : undefined;
    const attention = r.attention?.trim() === "flash" ? "flash" : "naive";
    // Decode is costed at the middle of its steps (time grows about linearly with the context).
    const workload =
      test.kind === "prefill"
        ? resolveWorkload({
            phase: "prefill",
            promptTokens: test.tokens,
            contextTokens: test.depth + test.tokens,
            weights: qm.id,
            attention,
          })
        : resolveWorkload({
            phase: "decode",
            promptTokens: Math.max(1, test.depth),
            contextTokens: test.depth + Math.ceil(test.tokens / 2),
            weights: qm.id,
            attention,
          });
    if (workload.contextTokens > model.maxContext)
      return fail(
        `${workload.contextTokens} tokens exceed ${model.id}'s maximum context of ${model.maxContext}`,
      );
    const a = analyzeSplit({
      model,
      units,
      link,
      split: base.split as SplitMode,
      workload,
      ...(proportions ? { proportions } : {}),
    });
    const p = test.kind === "prefill" ? a.prefill : a.decode;
    if (!p) return fail("the analysis has no such phase");
    return {
      ...base,
      phase: test.kind,
      estimateTps: p.tokensPerS,
      error: (p.tokensPerS - measured) / measured,
      bottleneck: p.bottleneck,
      scored: trust === "A" || trust === "B",
      unpredictable: null,
    };
  } catch (e) {
    if (e instanceof InputError) return fail(e.message);
    throw e;
  }
}

const group = (key: string, rows: readonly MultiRow[]): MultiGroup => ({
  key,
  summary: summarize(rows.map((r) => ape(r.estimateTps!, r.measuredTps))),
});

export function validateMulti(
  csvText: string,
  dataName = "data/calibration/measured-multi.csv",
): MultiReport {
  const recs = parseCsvRecords(csvText, MULTI_COLUMNS);
  const rows = recs.map((r, i) => predictRow(r, i + 1));
  const scored = rows.filter((r) => r.scored);
  const byKey = (key: (r: MultiRow) => string) =>
    [...groupBy(scored, key)].map(([k, rs]) => group(k, rs)).sort((a, b) => a.key.localeCompare(b.key));
  return {
    data: dataName,
    rows,
    total: rows.length,
    predicted: rows.filter((r) => r.unpredictable === null).length,
    scored: scored.length,
    byPhase: byKey((r) => r.phase!),
    bySplit: byKey((r) => `${r.split} ${r.phase}`),
    overall: summarize(scored.map((r) => ape(r.estimateTps!, r.measuredTps))),
  };
}

export function multiValidationText(v: MultiReport): string {
  const out: string[] = [
    `Multi-unit validation of ${v.data}: ${v.total} rows, ${v.predicted} predicted, ${v.scored} scored (trust A/B, not anomalous).`,
    "",
    renderTable(
      [
        { header: "row", align: "right" },
        { header: "units" },
        { header: "link" },
        { header: "split" },
        { header: "model" },
        { header: "weights" },
        { header: "test" },
        { header: "measured", align: "right" },
        { header: "estimate", align: "right" },
        { header: "error", align: "right" },
        { header: "bottleneck" },
      ],
      v.rows
        .filter((r) => r.unpredictable === null)
        .map((r) => [
          String(r.row),
          r.devices,
          r.link,
          r.split,
          r.model,
          r.quant,
          r.test,
          tps(r.measuredTps),
          tps(r.estimateTps),
          formatSignedPercent(r.error),
          r.bottleneck ?? "",
        ]),
    ),
    "",
    renderTable(
      [
        { header: "" },
        { header: "rows", align: "right" },
        { header: "MAPE", align: "right" },
        { header: "median", align: "right" },
      ],
      [...v.byPhase, ...v.bySplit, { key: "all", summary: v.overall }]
        .filter((g) => g.summary.rows > 0)
        .map((g) => [
          g.key,
          String(g.summary.rows),
          formatPercentValue(g.summary.mape),
          formatPercentValue(g.summary.medianApe),
        ]),
    ),
  ];
  const bad = v.rows.filter((r) => r.unpredictable !== null);
  if (bad.length > 0) {
    out.push("", `Rows not predicted (${bad.length}):`);
    for (const r of bad)
      out.push(`  row ${r.row}: ${r.hardware} | ${r.model} | ${r.test}: ${r.unpredictable}`);
  }
  return out.join("\n");
}

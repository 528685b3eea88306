/** Text view of a feasibility analysis (`ridgeline fit`). */

import type { FitResult, FitRow, FitSummary, FitVerdict } from "../advisor/fit.js";
import { sizeLabel } from "../advisor/synthetic-model.js";
import type { ModelSpec } from "../models/schema.js";
import { formatBytesIEC, formatSeconds, formatSI, sig3 } from "../units/format.js";
import { renderTable } from "./table.js";

export const VERDICT_TEXT: Readonly<Record<FitVerdict, string>> = {
  meets: "meets",
  "bound-only": "bound only",
  never: "never",
  "no-room": "no room",
};

const margin = (m: number) => (Number.isFinite(m) ? `${sig3(m)}×` : "-");
const params = (p: number) => formatSI(p, "").trim();
const joule = (j: number | null) => (j === null ? "-" : `${sig3(j)} J`);

/** "1–16" for 1, 2, 4, 8, 16; "1, 4" when there are gaps in the tried list. */
function batchList(all: readonly number[], some: readonly number[]): string {
  if (some.length === 0) return "-";
  const first = all.indexOf(some[0]!);
  const contiguous = some.every((b, i) => all[first + i] === b);
  return contiguous && some.length > 2 ? `${some[0]}–${some[some.length - 1]}` : some.join(", ");
}

function targetText(r: FitResult): string {
  const parts: string[] = [];
  if (r.target.latencyS !== undefined) parts.push(`≤ ${formatSeconds(r.target.latencyS)} per token`);
  if (r.target.tokensPerS !== undefined) parts.push(`≥ ${sig3(r.target.tokensPerS)} tokens/s over the batch`);
  return parts.join(" and ");
}

function detailTable(rows: readonly FitRow[], showEnergy: boolean): string {
  const cols = [
    { header: "model" },
    { header: "weights" },
    { header: "batch", align: "right" as const },
    { header: "weights size", align: "right" as const },
    { header: "memory", align: "right" as const },
    { header: "streamed/step", align: "right" as const },
    { header: "W/BW", align: "right" as const },
    { header: "t bound", align: "right" as const },
    { header: "t estimate", align: "right" as const },
    { header: "tokens/s", align: "right" as const },
    { header: "margin", align: "right" as const },
    { header: "verdict" },
    ...(showEnergy ? [{ header: "J/token", align: "right" as const }] : []),
  ];
  return renderTable(
    cols,
    rows.map((r) => [
      r.model,
      r.precision,
      String(r.batch),
      formatBytesIEC(r.weightsBytes),
      `${formatBytesIEC(r.memoryBytes)}${r.fits === false ? " ✗" : ""}`,
      r.streamedBytes > 0 ? formatBytesIEC(r.streamedBytes) : "-",
      formatSeconds(r.weightsOverBandwidthS),
      `${formatSeconds(r.stepBoundS)}${r.limitedBy === "memory" ? "" : ` (${r.limitedBy})`}`,
      formatSeconds(r.stepEstimateS),
      sig3(r.tokensPerSEstimate),
      margin(r.marginEstimate),
      VERDICT_TEXT[r.verdict],
      ...(showEnergy ? [joule(r.energyPerTokenJ)] : []),
    ]),
  );
}

function summaryTable(r: FitResult, batches: readonly number[], showEnergy: boolean): string {
  const b0 = batches[0] ?? 1;
  const cols = [
    { header: "model" },
    { header: "params", align: "right" as const },
    { header: "weights" },
    { header: "size", align: "right" as const },
    { header: "streamed", align: "right" as const },
    { header: `t bound (b=${b0})`, align: "right" as const },
    { header: `t est. (b=${b0})`, align: "right" as const },
    { header: "margin", align: "right" as const },
    { header: "verdict" },
    { header: "meets at batch" },
    { header: "best tokens/s", align: "right" as const },
    ...(showEnergy ? [{ header: "J/token", align: "right" as const }] : []),
  ];
  return renderTable(
    cols,
    r.summaries.map((s) => {
      const f = s.first;
      return [
        s.model,
        params(s.params),
        s.precision,
        formatBytesIEC(f.weightsBytes),
        f.streamedBytes > 0 ? formatBytesIEC(f.streamedBytes) : "-",
        `${formatSeconds(f.stepBoundS)}${f.limitedBy === "memory" ? "" : ` (${f.limitedBy})`}`,
        formatSeconds(f.stepEstimateS),
        margin(f.marginEstimate),
        VERDICT_TEXT[f.verdict],
        batchList(batches, s.meetsAt),
        s.best ? `${sig3(s.best.tokensPerSEstimate)} (b=${s.best.batch})` : "-",
        ...(showEnergy ? [joule((s.best ?? f).energyPerTokenJ)] : []),
      ];
    }),
  );
}

/** One line per model: which precisions meet the target, which only at the bound, which never. */
function conclusions(r: FitResult, batches: readonly number[]): string[] {
  const byModel = new Map<string, FitSummary[]>();
  for (const s of r.summaries) byModel.set(s.model, [...(byModel.get(s.model) ?? []), s]);
  const out: string[] = [];
  for (const [model, ss] of byModel) {
    const meets = ss
      .filter((s) => s.meetsAt.length > 0)
      .map((s) => `${s.precision} (batch ${batchList(batches, s.meetsAt)})`);
    const boundOnly = ss
      .filter((s) => s.meetsAt.length === 0 && s.boundOnlyAt.length > 0)
      .map((s) => s.precision);
    const never = ss.filter((s) => s.meetsAt.length === 0 && s.boundOnlyAt.length === 0);
    const parts: string[] = [];
    parts.push(meets.length ? `meets with ${meets.join(", ")}` : "meets with none of the precisions tried");
    if (boundOnly.length) parts.push(`only at the roofline bound with ${boundOnly.join(", ")}`);
    if (never.length)
      parts.push(
        `never with ${never
          .map(
            (s) =>
              `${s.precision}${s.first.verdict === "no-room" ? " (no room for the KV cache)" : ` (bound ${formatSeconds(s.first.stepBoundS)}, ${s.first.limitedBy})`}`,
          )
          .join(", ")}`,
      );
    out.push(`  ${model}: ${parts.join("; ")}`);
  }
  return out;
}

export function fitText(r: FitResult): string {
  const batches = [...new Set(r.rows.map((x) => x.batch))];
  const models = new Set(r.rows.map((x) => x.model));
  const showEnergy = r.powerW !== null;
  const cap = r.capacityBytes === null ? "capacity unknown" : formatBytesIEC(r.capacityBytes);
  const out = [
    `Fit on ${r.device} (${sig3(r.bandwidthGBps)} GB/s, ${cap}${r.powerW === null ? "" : `, ${sig3(r.powerW)} W`}): target ${targetText(r)}`,
    "",
    "Assumptions:",
    ...r.assumptions.map((a) => `  - ${a}`),
    "",
    models.size <= 2 ? detailTable(r.rows, showEnergy) : summaryTable(r, batches, showEnergy),
    "",
    "W/BW = weight bytes / memory bandwidth, the chapter's back-of-envelope (exercise 2.6); t bound adds the KV cache and activations, and storage streaming where weights do not fit.",
    "",
    "Verdict (by the estimate; the bound tells whether it could ever):",
    ...conclusions(r, batches),
  ];
  return out.join("\n");
}

/** How a synthetic model was built, with its parameter count against the request. */
export function syntheticText(m: ModelSpec, requested: number, total: number): string {
  const diff = (total / requested - 1) * 100;
  return `${m.id}: ${m.numLayers} layers, d ${m.hiddenSize}, ${m.numHeads} heads (${m.numKvHeads} KV) × 128, FFN ${m.intermediateSize} (gated SiLU), vocab ${m.vocabSize}, untied → ${total.toLocaleString("en-US")} parameters (${diff >= 0 ? "+" : "−"}${Math.abs(diff).toFixed(1)}% from ${sizeLabel(requested)})`;
}

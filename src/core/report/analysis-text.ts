/** Text rendering of an analysis for terminals (the CLI's default output). */
import type { Analysis, PhaseAnalysis, Totals } from "../predict/analysis-types.js";
import { formatBytesIEC, formatPercent, formatSeconds, formatSI, sig3 } from "../units/format.js";
import { memoryPlanText } from "./memory-plan-text.js";
import { type Column, renderTable } from "./table.js";

const OP_COLUMNS: readonly Column[] = [
  { header: "op" },
  { header: "shape" },
  { header: "FLOPs", align: "right" },
  { header: "weights", align: "right" },
  { header: "activ.", align: "right" },
  { header: "KV read", align: "right" },
  { header: "KV write", align: "right" },
  { header: "I FLOP/B", align: "right" },
  { header: "peak", align: "right" },
  { header: "bound" },
  { header: "class (I/I_ridge)" },
  { header: "t bound", align: "right" },
  { header: "t estimate", align: "right" },
];

const b = (n: number) => (n === 0 ? "-" : formatSI(n, "B"));
const f = (n: number) =>
  n === 0
    ? "-"
    : formatSI(n, "FLOP")
        .replace(" FLOP", "")
        .replace(/ ([kMGTP])$/, "$1") || "0";
const intensityText = (i: number | null) => (i === null || !Number.isFinite(i) ? "∞" : sig3(i));

type OpRecord = PhaseAnalysis["layerOps"][number];

/** "≥ " before a time that counts memory traffic only (arithmetic without a peak on the device). */
const ge = (bound: boolean, s: string) => (bound ? `≥ ${s}` : s);

function opRow(o: OpRecord): string[] {
  const unbounded = o.flops > 0 && o.peakUsed === null;
  return [
    o.name,
    o.shape,
    f(o.flops),
    b(o.bytes.weights),
    b(o.bytes.activations),
    b(o.bytes.kvRead),
    b(o.bytes.kvWrite),
    o.flops === 0 ? "0" : intensityText(o.intensity),
    o.peakUsed ?? "none",
    o.bound,
    o.boundClass,
    ge(unbounded, formatSeconds(o.timeBoundS)),
    ge(unbounded, formatSeconds(o.timeEstimateS)),
  ];
}

function totalsRow(label: string, t: Totals, lowerBound = false): string[] {
  return [
    label,
    "",
    f(t.flops),
    b(t.bytes.weights),
    b(t.bytes.activations),
    b(t.bytes.kvRead),
    b(t.bytes.kvWrite),
    intensityText(t.intensity),
    "",
    "",
    "",
    ge(lowerBound, formatSeconds(t.timeBoundS)),
    ge(lowerBound, formatSeconds(t.timeEstimateS)),
  ];
}

/** Which roof each op used and why, one line per distinct reason (ops that do arithmetic). */
function kernelPathLines(ops: readonly OpRecord[]): string[] {
  const byWhy = new Map<string, string[]>();
  for (const o of ops) {
    if (o.flops === 0 || o.why === "") continue;
    const names = byWhy.get(o.why);
    if (names) names.push(o.name);
    else byWhy.set(o.why, [o.name]);
  }
  return byWhy.size === 0
    ? []
    : ["Roofs used (kernel path):", ...[...byWhy].map(([why, names]) => `  ${names.join(", ")}: ${why}`)];
}

/** ", likely 33–42" when the estimate has a cross-validated range (and is no mere upper bound). */
function likelyText(p: PhaseAnalysis, r: (x: number) => string): string {
  const l = p.likely;
  return l && l.low !== null && l.high !== null && !p.lowerBound ? `, likely ${r(l.low)}–${r(l.high)}` : "";
}

function phaseText(p: PhaseAnalysis): string {
  const layers = p.layerVariants.reduce((s, v) => s + v.count, 0);
  const title =
    p.phase === "prefill"
      ? `PREFILL: ${p.queries} prompt tokens × batch ${p.batch}`
      : `DECODE: one step at context ${p.keys} × batch ${p.batch}`;
  const rows: string[][] = p.layerOps.map(opRow);
  rows.push(
    totalsRow(
      `= one layer${p.layerVariants.length > 1 ? " (most common variant)" : ""}`,
      p.layerTotals,
      p.lowerBound,
    ),
  );
  rows.push(...p.modelOps.map(opRow));
  rows.push(totalsRow(`= model (${layers} layers + head)`, p.totals, p.lowerBound));
  const lines = [title, "", renderTable(OP_COLUMNS, rows), ""];
  if (p.layerVariants.length > 1) {
    lines.push(
      `Layer variants (mixed weight formats): ${p.layerVariants.map((v) => `${v.count} × ${formatSeconds(v.totals.timeEstimateS)}`).join(", ")}`,
    );
  }
  lines.push(...kernelPathLines([...p.layerOps, ...p.modelOps]));
  const ridge = p.ridge === null ? "unknown" : `${sig3(p.ridge)} FLOP/B`;
  lines.push(
    `Whole pass: ${formatSI(p.totals.flops, "FLOP")}, ${formatSI(p.totals.bytesTotal, "B")}, I = ${intensityText(p.totals.intensity)} FLOP/B (ridge ${ridge}) → ${p.boundClass}`,
  );
  const lb = p.lowerBound === true;
  const t = (s: number) => ge(lb, formatSeconds(s));
  const r = (x: number) => (lb ? `≤ ${sig3(x)}` : sig3(x));
  if (p.phase === "prefill") {
    lines.push(
      `Time to first token: bound ${t(p.latencyBoundS)}, estimate ${t(p.latencyEstimateS)}  (${r(p.tokensPerSEstimate)} prompt tokens/s estimated${likelyText(p, r)}, ${r(p.tokensPerSBound)} at the bound)`,
    );
  } else {
    lines.push(
      `Per-token latency: bound ${t(p.latencyBoundS)}, estimate ${t(p.latencyEstimateS)}  (${r(p.tokensPerSEstimate)} tokens/s estimated${likelyText(p, r)}, ${r(p.tokensPerSBound)} at the bound)`,
    );
  }
  if (p.likely) lines.push(`Likely range: ${p.likely.basis}`);
  if (lb) {
    const none = [
      ...new Set(
        [...p.layerOps, ...p.modelOps]
          .filter((o) => o.flops > 0 && o.peakUsed === null)
          .map((o) => o.precision),
      ),
    ];
    lines.push(
      `LOWER BOUND: the device lists no compute peak for ${none.join(", ")} arithmetic, so these times count memory traffic only (≥); not an estimate.`,
    );
  }
  const s = p.attentionShare;
  lines.push(
    `Attention share: ${formatPercent(s.flops)} of FLOPs, ${formatPercent(s.timeEstimate)} of estimated time (${formatPercent(s.flopsOfAttentionPlusFfn)} of attention + FFN FLOPs)`,
  );
  return lines.join("\n");
}

export function analysisText(a: Analysis): string {
  const w = a.workload;
  const out: string[] = [];
  out.push(`${a.model.name} on ${a.device.name}`);
  out.push(
    `weights ${a.model.weightsFormat}, activations ${w.activations}, KV cache ${w.kv}, ${w.attention} attention, batch ${w.batch}${w.fusion ? ", fused element-wise ops" : ""}${w.sparsity !== "none" ? `, ${w.sparsity} sparsity` : ""}${w.kvKeep < 1 ? `, KV eviction keeps ${formatPercent(w.kvKeep)}` : ""}; ${formatSI(a.model.params, "").trim()} parameters${a.model.activeParams !== a.model.params ? ` (${formatSI(a.model.activeParams, "").trim()} active)` : ""}`,
  );
  const peaks = a.device.peaks
    .map((p) =>
      p.tflops === null
        ? `${p.precision}: no peak listed`
        : `${p.precision}${p.used !== p.precision ? ` (uses ${p.used})` : ""} ${sig3(p.tflops)} TFLOP/s, ridge ${sig3(p.ridge ?? 0)} FLOP/B`,
    )
    .join("; ");
  out.push(`device: ${sig3(a.device.bandwidthGBps)} GB/s; ${peaks}`);
  out.push("");
  if (a.prefill) out.push(phaseText(a.prefill), "");
  if (a.decode) out.push(phaseText(a.decode), "");
  const m = a.memory;
  const cap = m.capacityBytes === null ? "capacity unknown" : `of ${formatBytesIEC(m.capacityBytes)}`;
  out.push(
    `Memory: weights ${formatBytesIEC(m.weightsBytes)} + KV cache ${formatBytesIEC(m.kvCacheBytes)} (${m.kvCacheTokens} tokens) + activations ${formatBytesIEC(m.activationsBytes)}; llama.cpp keeps ${formatBytesIEC(m.totalBytes)} resident ${cap}${m.fits === false ? "  ✗ DOES NOT FIT" : m.fits ? "  ✓ fits" : ""}`,
    "",
    memoryPlanText(m.plan),
  );
  // Import notes go to stderr in text mode (the CLI prints them); JSON keeps them as diagnostics.
  for (const d of a.diagnostics)
    if (d.code !== "model.import-note")
      out.push(`${d.severity === "warning" ? "WARNING" : d.severity}: ${d.message}`);
  out.push("");
  const e = a.efficiency;
  const fr = (r: Record<string, number>) => {
    const vals = Object.values(r);
    return vals.every((x) => x === vals[0])
      ? formatPercent(vals[0] ?? 0)
      : Object.entries(r)
          .map(([k, x]) => `${k} ${formatPercent(x)}`)
          .join(", ");
  };
  out.push(
    "t bound = max(FLOPs / peak, bytes / bandwidth): the roofline, which the hardware cannot beat.",
    `t estimate = the same with achievable fractions of bandwidth (${fr(e.bandwidth)}) and compute (${fr(e.compute)})${e.vectorShare ? `, a matmul's compute time plus ${e.vectorShare.toFixed(3)} × FLOPs / fp32 vector peak (vector-unit work that does not overlap the matrix units)` : ""}${e.perPassOverheadS || e.perOpOverheadS ? `, plus ${formatSeconds(e.perOpOverheadS)} per op and ${formatSeconds(e.perPassOverheadS)} per pass` : ""}; source: ${e.source}.`,
    "peak = the roof an op's arithmetic runs on, following the engine's kernel path on this device (listed under each table with the reason): by default weight-only formats dequantize and compute at the activation precision, integer weights with integer activations use the integer peak; llama.cpp's CUDA / ROCm MMQ runs quantized prefill matmuls on int8 units.",
  );
  return out.join("\n");
}

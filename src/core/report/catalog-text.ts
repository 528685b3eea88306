/** Text views of the device and model catalogs. */
import { evaluateDerivation } from "../hardware/derivation.js";
import type { DeviceSpec, SourcedValue } from "../hardware/schema.js";
import { layerCacheBytes, layerKindCounts, resolveAttention } from "../models/layers.js";
import { countParams } from "../models/params.js";
import type { LayerKind, ModelSpec } from "../models/schema.js";
import { PEAK_KEYS } from "../quant/index.js";
import { formatSI, sig3 } from "../units/format.js";
import { renderTable } from "./table.js";

const v = (x: SourcedValue | undefined) => (x ? sig3(x.value) : "-");

/** Short names of source kinds for the listing's "sources" column. */
const KIND_ABBR: Record<string, string> = {
  datasheet: "ds",
  vendor: "vnd",
  chapter: "ch",
  measured: "meas",
  derived: "der",
  review: "rev",
};

/** The source kind of a figure ("-" when absent). */
function kindOf(d: DeviceSpec, x: SourcedValue | undefined): string {
  if (!x) return "-";
  const k = d.sources[x.source]?.kind;
  return k ? (KIND_ABBR[k] ?? k) : "?";
}

/** The legend printed under the listing. */
export const DEVICES_TABLE_LEGEND =
  "sources: source kind of GB/s / fp32 / fp16 / int8 / mem — ds datasheet, vnd vendor, der derived (formula: `ridgeline devices show ID`), rev review, ch chapter, meas measured";

export function devicesTable(devices: readonly DeviceSpec[]): string {
  return renderTable(
    [
      { header: "id" },
      { header: "name" },
      { header: "unit" },
      { header: "class" },
      { header: "GB/s", align: "right" },
      { header: "fp32 TF", align: "right" },
      { header: "fp16 TF", align: "right" },
      { header: "int8 TOPS", align: "right" },
      { header: "ridge fp16", align: "right" },
      { header: "mem GiB", align: "right" },
      { header: "sources" },
    ],
    devices.map((d) => {
      const p16 = d.peakTflops.fp16 ?? d.peakTflops.fp32;
      const p = d.peakTflops;
      return [
        d.id,
        d.name,
        d.unit,
        d.class,
        v(d.bandwidthGBps),
        v(p.fp32),
        v(p.fp16),
        v(p.int8),
        p16 ? sig3((p16.value * 1e12) / (d.bandwidthGBps.value * 1e9)) : "-",
        v(d.memoryGiB),
        [d.bandwidthGBps, p.fp32, p.fp16, p.int8, d.memoryGiB].map((x) => kindOf(d, x)).join("/"),
      ];
    }),
  );
}

function valueLine(label: string, unit: string, x: SourcedValue | undefined, d: DeviceSpec): string[] {
  if (!x) return [];
  const src = (id: string) => {
    const s = d.sources[id];
    return s
      ? `${s.title}${s.url ? ` <${s.url}>` : ""} [${s.kind}${s.retrieved ? `, ${s.retrieved}` : ""}]`
      : id;
  };
  const out = [`  ${label}: ${x.value} ${unit}  — ${src(x.source)}${x.note ? ` (${x.note})` : ""}`];
  if (x.derivation) {
    const r = evaluateDerivation(x.derivation);
    out.push(
      `      formula: ${x.derivation.formula} = ${r instanceof Error ? `error: ${r.message}` : sig3(r)}`,
    );
    for (const [name, i] of Object.entries(x.derivation.inputs)) {
      out.push(
        `        ${name} = ${i.value}${i.unit ? ` ${i.unit}` : ""} — ${src(i.source)}${i.note ? ` (${i.note})` : ""}`,
      );
    }
  }
  for (const a of x.alternatives ?? [])
    out.push(`      also ${a.value} ${unit} — ${src(a.source)}${a.note ? ` (${a.note})` : ""}`);
  return out;
}

export function deviceText(d: DeviceSpec): string {
  const lines = [
    `${d.name} (${d.id})`,
    `  vendor ${d.vendor}${d.soc ? `, SoC ${d.soc}` : ""}, unit ${d.unit}, class ${d.class}`,
  ];
  if (d.family) lines.push(`  family ${d.family}`);
  if (d.aliases?.length) lines.push(`  aliases: ${d.aliases.map((a) => JSON.stringify(a)).join(", ")}`);
  lines.push(...valueLine("memory bandwidth", "GB/s", d.bandwidthGBps, d));
  for (const k of PEAK_KEYS) {
    const p = d.peakTflops[k];
    lines.push(...valueLine(`peak ${k}`, k.startsWith("int") ? "TOP/s" : "TFLOP/s", p, d));
    if (p) lines.push(`      ridge point ${sig3((p.value * 1e12) / (d.bandwidthGBps.value * 1e9))} FLOP/B`);
  }
  lines.push(...valueLine("memory", "GiB", d.memoryGiB, d));
  lines.push(...valueLine("power", "W", d.powerW, d));
  if (d.notes) lines.push(`  notes: ${d.notes}`);
  return lines.join("\n");
}

export function modelsTable(models: readonly ModelSpec[]): string {
  return renderTable(
    [
      { header: "id" },
      { header: "layers", align: "right" },
      { header: "d", align: "right" },
      { header: "heads/kv", align: "right" },
      { header: "head dim", align: "right" },
      { header: "d_ff", align: "right" },
      { header: "vocab", align: "right" },
      { header: "FFN" },
      { header: "MoE" },
      { header: "params", align: "right" },
      { header: "published", align: "right" },
    ],
    models.map((m) => {
      const p = countParams(m);
      return [
        m.id,
        String(m.numLayers),
        String(m.hiddenSize),
        `${m.numHeads}/${m.numKvHeads}`,
        String(m.headDim),
        String(m.moe ? m.moe.expertIntermediateSize : m.intermediateSize),
        String(m.vocabSize),
        `${m.ffn.gated ? "gated " : ""}${m.ffn.activation}`,
        m.moe ? `${m.moe.expertsPerToken}/${m.moe.numExperts}` : "-",
        formatSI(p.total, "").trim() + (m.moe ? ` (${formatSI(p.active, "").trim()} active)` : ""),
        m.published ? formatSI(m.published.params, "").trim() : "-",
      ];
    }),
  );
}

function kindText(m: ModelSpec, k: LayerKind): string {
  const x = k.mixer;
  let mixer = "no mixer";
  if (x.kind === "attention") {
    const a = resolveAttention(m, x);
    const scope = a.window ? `sliding window ${a.window}` : a.chunk ? `chunks of ${a.chunk}` : "global";
    mixer = `attention ${scope}, ${a.heads}/${a.kvHeads} heads${a.rope ? "" : ", NoPE"}${a.sinks ? ", sinks" : ""}`;
  }
  return `${mixer}; FFN ${k.ffn}`;
}

export function modelText(m: ModelSpec): string {
  const p = countParams(m);
  const kvPerToken = 2 * m.numLayers * m.numKvHeads * m.headDim * 2;
  const lines = [
    `${m.name} (${m.id}), family ${m.family}`,
    `  layers ${m.numLayers}, hidden ${m.hiddenSize}, heads ${m.numHeads} (KV heads ${m.numKvHeads}${m.numKvHeads === 1 ? ", MQA" : m.numKvHeads < m.numHeads ? ", GQA" : ", MHA"}), head dim ${m.headDim}`,
    `  FFN ${m.ffn.gated ? "gated " : ""}${m.ffn.activation}, intermediate ${m.intermediateSize}${m.moe ? `; MoE ${m.moe.numExperts} experts, ${m.moe.expertsPerToken} per token, expert intermediate ${m.moe.expertIntermediateSize}${m.moe.sharedExperts ? `, ${m.moe.sharedExperts} shared` : ""}` : ""}`,
    `  vocab ${m.vocabSize}, ${m.tieEmbeddings ? "tied" : "untied"} embeddings, ${m.norm}${m.qkvBias ? ", QKV bias" : ""}${m.qkNorm ? ", QK norm" : ""}${m.slidingWindow ? `, sliding window ${m.slidingWindow}` : ""}, max context ${m.maxContext}`,
    `  parameters: ${p.total.toLocaleString("en-US")} (${formatSI(p.total, "").trim()})${m.moe ? `, active per token ${p.active.toLocaleString("en-US")}` : ""}`,
  ];
  if (m.published) {
    const diff = (p.total / m.published.params - 1) * 100;
    const rel =
      Math.abs(diff) < 0.005
        ? "equal to it"
        : `${Math.abs(diff).toFixed(2)}% ${diff > 0 ? "above" : "below"} it`;
    lines.push(
      `  published: ${formatSI(m.published.params, "").trim()} (the count above is ${rel}) — ${m.published.source}`,
    );
  }
  if (!m.layers) {
    lines.push(
      `  KV cache per token at fp16: ${formatSI(kvPerToken, "B")} (2 × ${m.numLayers} layers × ${m.numKvHeads} × ${m.headDim} × 2 B)`,
    );
  } else {
    let perToken = 0;
    for (const { name, kind, count } of layerKindCounts(m)) {
      lines.push(`  ${count} × ${name}: ${kindText(m, kind)}`);
      perToken += count * layerCacheBytes(m, kind, 1, 2);
    }
    lines.push(
      `  KV cache per token at fp16: ${formatSI(perToken, "B")} while every layer keeps it (sliding and chunked layers stop at their window or chunk)`,
    );
  }
  if (m.vision)
    lines.push(
      `  ${m.vision.what}: ${m.vision.params.toLocaleString("en-US")} parameters (in memory; compute not modelled)`,
    );
  if (m.source) lines.push(`  config: ${m.source}`);
  return lines.join("\n");
}

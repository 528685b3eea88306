/** Text of a split across several units: per-unit memory, per-pass time by unit and link, and the bottleneck. */
import type { SplitCandidate } from "../cluster/fit-split.js";
import type { SplitAnalysis, SplitPhase } from "../cluster/split.js";
import { formatBytesIEC, formatSeconds, sig3 } from "../units/format.js";
import { renderTable } from "./table.js";

const pipelined = (a: SplitAnalysis) => a.split === "layer" || a.split === "rpc";

function phaseLine(name: string, p: SplitPhase | null, unit: string): string | null {
  if (!p) return null;
  return `${name}: ${formatSeconds(p.latencyS)} per pass, ${sig3(p.tokensPerS)} ${unit}; link ${formatSeconds(p.linkS)}; bottleneck ${p.bottleneck}`;
}

export function splitText(a: SplitAnalysis): string {
  const named = a.units.some((u) => u.name !== u.deviceId);
  const rows = a.units.map((u, i) => [
    named ? `${u.name} (${u.deviceId})` : u.deviceId,
    pipelined(a) ? String(u.layers) : `${(100 * u.share).toFixed(1)}%`,
    formatBytesIEC(u.memory.weightsBytes),
    formatBytesIEC(u.memory.kvCacheBytes),
    formatBytesIEC(u.memory.totalBytes),
    u.memory.capacityBytes === null ? "?" : formatBytesIEC(u.memory.capacityBytes),
    u.memory.fits === null ? "?" : u.memory.fits ? "✓" : "✗",
    a.prefill ? formatSeconds(a.prefill.unitS[i]!) : "–",
    a.decode ? formatSeconds(a.decode.unitS[i]!) : "–",
  ]);
  const table = renderTable(
    [
      { header: "unit" },
      { header: pipelined(a) ? "layers" : "share", align: "right" },
      { header: "weights", align: "right" },
      { header: "KV", align: "right" },
      { header: "total", align: "right" },
      { header: "memory", align: "right" },
      { header: "fits" },
      { header: "prefill", align: "right" },
      { header: "decode", align: "right" },
    ],
    rows,
  );
  return [
    `${a.split} split over ${a.units.length} units, linked by ${a.link.name} (${sig3(a.link.bandwidthGBps)} GB/s, ${sig3(a.link.latencyUs)} µs)`,
    ...a.hops.map(
      (h, i) =>
        `  ${a.split === "rpc" ? `${a.units[0]!.name} → ${a.units[i + 1]!.name}` : `${a.units[i]!.name} → ${a.units[i + 1]!.name}`}: ${h.name} (${sig3(h.bandwidthGBps)} GB/s, ${sig3(h.latencyUs)} µs)`,
    ),
    table,
    phaseLine("prefill", a.prefill, "tokens/s"),
    phaseLine("decode", a.decode, "tokens/s"),
    ...a.diagnostics.map((d) => `warning: ${d}`),
  ]
    .filter((l): l is string => l !== null)
    .join("\n");
}

export function splitFitText(cands: readonly SplitCandidate[]): string {
  const rows = cands.map((c) => [
    c.analysis.split,
    c.proportionsBy,
    c.analysis.units
      .map((u) => (pipelined(c.analysis) ? u.layers : `${(100 * u.share).toFixed(0)}%`))
      .join("/"),
    c.analysis.fits === null ? "?" : c.analysis.fits ? "✓" : "✗",
    sig3(c.tokensPerS),
    (c.analysis.decode ?? c.analysis.prefill)?.bottleneck ?? "",
  ]);
  return renderTable(
    [
      { header: "split" },
      { header: "proportions by" },
      { header: "per unit" },
      { header: "fits" },
      { header: "tokens/s", align: "right" },
      { header: "bottleneck" },
    ],
    rows,
  );
}

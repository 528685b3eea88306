/** Text of a placement fit: the fastest placement that fits, the ranked list, the trade-off curves. */
import type { PlacementFit, TradeoffPoint } from "../offload/fit-placement.js";
import { formatBytesIEC, sig3 } from "../units/format.js";
import { offloadText } from "./offload-text.js";
import { renderTable } from "./table.js";

const fitsMark = (f: boolean | null) => (f === null ? "?" : f ? "✓" : "✗");

function curve(title: string, xName: string, pts: readonly TradeoffPoint[]): string {
  return [
    title,
    renderTable(
      [
        { header: xName, align: "right" },
        { header: "tokens/s", align: "right" },
        { header: "fits" },
        { header: "llama.cpp flags" },
      ],
      pts.map((p) => [
        String(p.x),
        p.tokensPerS === null ? "–" : sig3(p.tokensPerS),
        fitsMark(p.fits),
        p.flags ?? "nothing fits",
      ]),
    ),
  ].join("\n");
}

export function placementFitText(f: PlacementFit): string {
  const out: string[] = [];
  if (f.best) {
    out.push(
      `fastest placement that fits: ${f.best.flags} — ${sig3(f.best.decodeTokensPerS)} tokens/s decode`,
    );
    out.push(offloadText(f.best.analysis));
  }
  out.push(
    `\n${f.fitting} of ${f.tried} placements fit; the fastest:`,
    renderTable(
      [
        { header: "llama.cpp flags" },
        { header: "decode tok/s", align: "right" },
        { header: "GPU", align: "right" },
        { header: "host", align: "right" },
        { header: "fits" },
        { header: "bottleneck" },
      ],
      f.ranked.map((c) => [
        c.flags,
        sig3(c.decodeTokensPerS),
        formatBytesIEC(c.gpuBytes),
        formatBytesIEC(c.hostBytes),
        fitsMark(c.fits),
        c.bottleneck,
      ]),
    ),
  );
  if (f.byGpuLayers.length > 0)
    out.push(`\n${curve("tokens/s against -ngl (the best's other choices held):", "-ngl", f.byGpuLayers)}`);
  out.push(
    `\n${curve("tokens/s against context length (the fastest fitting placement at each):", "context", f.byContext)}`,
  );
  out.push(...f.notes.map((n) => `note: ${n}`));
  return out.join("\n");
}

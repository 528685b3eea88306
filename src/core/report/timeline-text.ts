import type { Timeline } from "../predict/timeline.js";
import { formatBytesIEC, formatPercent, formatSeconds, sig3 } from "../units/format.js";
import { renderTable } from "./table.js";

/** Steps shown by default: 1, 2, 5, 10, 20, 50, … and the last. */
export function defaultSteps(generate: number): number[] {
  const out: number[] = [];
  for (let p = 1; p <= generate; p *= 10) for (const m of [1, 2, 5]) if (m * p <= generate) out.push(m * p);
  if (out[out.length - 1] !== generate) out.push(generate);
  return out;
}

export function timelineText(t: Timeline, steps: readonly number[], title: string): string {
  const rows = steps
    .map((s) => t.steps[s - 1])
    .filter((s) => s !== undefined)
    .map((s) => [
      String(s.token),
      s.token === 1 ? "prefill" : "decode",
      String(s.keys),
      formatSeconds(s.latencyBoundS),
      formatSeconds(s.latencyEstimateS),
      formatBytesIEC(s.kvCacheBytes),
      formatPercent(s.attentionShareFlops),
      formatPercent(s.attentionShareTimeEstimate),
      formatSeconds(s.cumulativeEstimateS),
    ]);
  const table = renderTable(
    [
      { header: "token", align: "right" },
      { header: "pass" },
      { header: "KV len", align: "right" },
      { header: "t bound", align: "right" },
      { header: "t estimate", align: "right" },
      { header: "KV cache", align: "right" },
      { header: "attn FLOPs", align: "right" },
      { header: "attn time", align: "right" },
      { header: "cumulative est.", align: "right" },
    ],
    rows,
  );
  const first = t.steps[0];
  const last = t.steps[t.steps.length - 1];
  const growth = first && last && first.kvCacheBytes > 0 ? last.kvCacheBytes / first.kvCacheBytes - 1 : 0;
  return [
    title,
    "",
    table,
    "",
    `Time to first token: bound ${formatSeconds(t.ttftBoundS)}, estimate ${formatSeconds(t.ttftEstimateS)}`,
    `Decode: ${sig3(t.decodeTokensPerSEstimate)} tokens/s estimated (${sig3(t.decodeTokensPerSBound)} at the bound) over ${t.generateTokens - 1} steps`,
    `Whole request: ${formatSeconds(t.totalEstimateS)} estimated (${formatSeconds(t.totalBoundS)} bound), ${sig3(t.endToEndTokensPerSEstimate)} tokens/s including prefill`,
    `KV cache grows ${formatPercent(growth)}: ${formatBytesIEC(first?.kvCacheBytes ?? 0)} → ${formatBytesIEC(last?.kvCacheBytes ?? 0)}`,
    ...(t.recurrentLayers > 0
      ? [
          `  of which ${formatBytesIEC(t.recurrentStateBytes)} is the fixed state of ${t.recurrentLayers} recurrent layers, the same at every step (they keep no KV cache)`,
        ]
      : []),
  ].join("\n");
}

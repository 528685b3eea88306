/** Text of a placement's generation timeline: per step, the time on each unit and on the link. */
import type { OffloadTimeline } from "../offload/timeline-offload.js";
import { formatSeconds, sig3 } from "../units/format.js";
import { placementLine } from "./offload-text.js";
import { renderTable } from "./table.js";

export function offloadTimelineText(
  t: OffloadTimeline,
  steps: readonly number[],
  title: string,
  layers: number,
): string {
  const rows = steps
    .map((s) => t.steps[s - 1])
    .filter((s) => s !== undefined)
    .map((s) => [
      String(s.token),
      s.token === 1 ? "prefill" : "decode",
      String(s.keys),
      formatSeconds(s.latencyS),
      formatSeconds(s.gpuS),
      formatSeconds(s.hostS),
      formatSeconds(s.linkS),
      s.storageS > 0 ? formatSeconds(s.storageS) : "–",
      formatSeconds(s.cumulativeS),
    ]);
  const table = renderTable(
    [
      { header: "token", align: "right" },
      { header: "pass" },
      { header: "KV len", align: "right" },
      { header: "t estimate", align: "right" },
      { header: "GPU", align: "right" },
      { header: "host", align: "right" },
      { header: "link", align: "right" },
      { header: "storage", align: "right" },
      { header: "cumulative", align: "right" },
    ],
    rows,
  );
  return [
    title,
    `placement: ${placementLine({ placement: t.placement, model: { layers } })}`,
    "",
    table,
    "",
    `Time to first token: ${formatSeconds(t.ttftS)} estimated`,
    `Decode: ${sig3(t.decodeTokensPerS)} tokens/s estimated over ${t.generateTokens - 1} steps`,
    `Whole request: ${formatSeconds(t.totalS)} estimated, ${sig3(t.endToEndTokensPerS)} tokens/s including prefill`,
    ...t.diagnostics.map((d) => `warning: ${d}`),
  ].join("\n");
}

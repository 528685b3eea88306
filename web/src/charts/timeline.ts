/** The generation timeline charts: latency per token, KV cache size and attention's share, per device. */
import * as Plot from "@observablehq/plot";
import type { DeviceSpec, Timeline } from "../../../src/core/index.js";
import { fmtNumber as fmtNumberSig, fmtPercent } from "../format.js";
import type { T } from "../i18n/index.js";
import { asSvg, type BuiltChart, binaryUnit, DEVICE_COLORS, DEVICE_DASHES } from "./common.js";

export type TimelineMetric = "latency" | "kv" | "attn";

/** At most this many points per line: a long generation is thinned for drawing (not for its totals). */
const MAX_LINE_POINTS = 400;

export function timelineChart(
  items: readonly { timeline: Timeline; device: DeviceSpec }[],
  metric: TimelineMetric,
  width: number,
  t: T,
): BuiltChart {
  const rows: { token: number; value: number; device: string }[] = [];
  // KV size and attention's share of FLOPs do not depend on the device: one line for all.
  const shown = metric === "latency" ? items : items.slice(0, 1);
  for (const { timeline: tl, device } of shown) {
    const steps = tl.steps;
    // Step 1 is the prefill (time to first token): drawn only for KV size, where it is the start.
    const from = metric === "kv" ? 0 : Math.min(1, steps.length - 1);
    const n = steps.length - from;
    const stride = Math.max(1, Math.ceil(n / MAX_LINE_POINTS));
    for (let i = from; i < steps.length; i += stride) {
      const s = steps[i]!;
      rows.push({
        token: s.token,
        value:
          metric === "latency"
            ? s.latencyEstimateS
            : metric === "kv"
              ? s.kvCacheBytes
              : s.attentionShareFlops,
        device: device.name,
      });
    }
    const last = steps[steps.length - 1];
    if (last && rows[rows.length - 1]?.token !== last.token && steps.length - 1 >= from) {
      rows.push({
        token: last.token,
        value:
          metric === "latency"
            ? last.latencyEstimateS
            : metric === "kv"
              ? last.kvCacheBytes
              : last.attentionShareFlops,
        device: device.name,
      });
    }
  }
  let unit = "";
  if (metric === "latency") {
    const max = Math.max(...rows.map((r) => r.value), 0);
    const [div, name] = max >= 1 ? [1, "s"] : max >= 1e-3 ? [1e-3, "ms"] : [1e-6, "µs"];
    for (const r of rows) r.value /= div;
    unit = name;
  } else if (metric === "kv") {
    const u = binaryUnit(Math.max(...rows.map((r) => r.value), 0));
    for (const r of rows) r.value /= u.div;
    unit = u.unit;
  }
  const names = shown.map((i) => i.device.name);
  const colors = shown.map((_, i) => DEVICE_COLORS[i % DEVICE_COLORS.length] ?? "#333");
  const fmt = (v: number) => (metric === "attn" ? fmtPercent(v) : `${fmtNumberSig(v)} ${unit}`);
  const single = rows.length <= shown.length;
  const svg = asSvg(
    Plot.plot({
      width,
      height: 200,
      marginLeft: 62,
      marginRight: 20,
      style: { fontSize: "11px" },
      x: { label: t("timeline.token"), grid: true },
      y: {
        label: metric === "attn" ? null : unit,
        ...(metric === "attn" ? { tickFormat: "%" } : {}),
        grid: true,
        zero: metric !== "latency" || shown.length > 1,
        ticks: 5,
      },
      color: { domain: names, range: colors },
      marks: [
        ...(single
          ? [Plot.dot(rows, { x: "token", y: "value", fill: "device", r: 3 })]
          : names.map((n, i) =>
              Plot.lineY(
                rows.filter((r) => r.device === n),
                {
                  x: "token",
                  y: "value",
                  stroke: "device",
                  strokeWidth: 1.8,
                  strokeDasharray: DEVICE_DASHES[i % DEVICE_DASHES.length] ?? "none",
                },
              ),
            )),
        Plot.tip(
          rows,
          Plot.pointerX({
            x: "token",
            y: "value",
            title: (r: (typeof rows)[number]) =>
              `${r.device}\n${t("timeline.token")} ${r.token}: ${fmt(r.value)}`,
          }),
        ),
      ],
    }),
  );
  svg.setAttribute("aria-label", t(`timeline.${metric}`));
  return {
    svg,
    legend:
      shown.length > 1
        ? names.map((n, i) => ({
            label: n,
            color: colors[i] ?? "#333",
            shape: "line" as const,
            dash: DEVICE_DASHES[i % DEVICE_DASHES.length] ?? "none",
          }))
        : [],
  };
}

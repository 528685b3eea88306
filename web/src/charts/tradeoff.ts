/**
 * The placement trade-off (issue 17): decode tokens/s of `fitPlacement`'s curves, against GPU
 * layers or against context length. Fitting points are filled, the others hollow; the fastest
 * fitting placement is a star and the user's current choice a dashed rule. The same points
 * are listed in a table beside the chart (TradeoffView).
 */
import * as Plot from "@observablehq/plot";
import type { TradeoffPoint } from "../../../src/core/index.js";
import { fmtNumber, fmtTokens } from "../format.js";
import type { T } from "../i18n/index.js";
import { asSvg, type BuiltChart, DEVICE_COLORS } from "./common.js";

export type TradeoffAxis = "layers" | "context";

const FIT = DEVICE_COLORS[0];
const MISS = DEVICE_COLORS[1];
const BEST = DEVICE_COLORS[2];
const CHOSEN = "#555";

export function tradeoffChart(
  points: readonly TradeoffPoint[],
  axis: TradeoffAxis,
  marks: { readonly best: number | null; readonly chosen: number | null },
  width: number,
  t: T,
): BuiltChart {
  const rows = points.flatMap((p) =>
    p.tokensPerS === null ? [] : [{ x: p.x, y: p.tokensPerS, fits: p.fits !== false, flags: p.flags ?? "" }],
  );
  const fitLabel = t("tradeoff.fits");
  const missLabel = t("tradeoff.noFit");
  const xLabel = axis === "layers" ? t("tradeoff.x.layers") : t("tradeoff.x.context");
  const fmtX = (x: number) => (axis === "layers" ? String(x) : fmtTokens(x));
  const best = marks.best === null ? [] : rows.filter((r) => r.x === marks.best && r.fits);
  const svg = asSvg(
    Plot.plot({
      width,
      height: 220,
      marginLeft: 56,
      marginRight: 20,
      style: { fontSize: "11px" },
      x: {
        label: xLabel,
        grid: true,
        ...(axis === "context" ? { type: "log", base: 2, tickFormat: (x: number) => fmtTokens(x) } : {}),
      },
      y: { label: t("tradeoff.y"), grid: true, zero: true, ticks: 5 },
      marks: [
        ...(marks.chosen !== null
          ? [
              Plot.ruleX([marks.chosen], {
                stroke: CHOSEN,
                strokeDasharray: "4,3",
                ariaDescription: t("tradeoff.chosen"),
              }),
            ]
          : []),
        Plot.line(rows, { x: "x", y: "y", stroke: FIT, strokeOpacity: 0.5, ariaHidden: "true" }),
        Plot.dot(
          rows.filter((r) => r.fits),
          { x: "x", y: "y", r: 3.2, fill: FIT, className: "tradeoff-point", ariaDescription: fitLabel },
        ),
        Plot.dot(
          rows.filter((r) => !r.fits),
          {
            x: "x",
            y: "y",
            r: 3.2,
            stroke: MISS,
            fill: "white",
            strokeWidth: 1.5,
            className: "tradeoff-point",
            ariaDescription: missLabel,
          },
        ),
        Plot.dot(best, {
          x: "x",
          y: "y",
          r: 8,
          symbol: "star",
          fill: BEST,
          className: "tradeoff-best",
          ariaDescription: t("tradeoff.bestMark"),
        }),
        Plot.tip(
          rows,
          Plot.pointerX({
            x: "x",
            y: "y",
            title: (r: (typeof rows)[number]) =>
              `${xLabel} ${fmtX(r.x)}: ${fmtNumber(r.y)} ${t("tradeoff.col.tps")}\n${r.fits ? fitLabel : missLabel} · ${r.flags}`,
          }),
        ),
      ],
    }),
  );
  svg.setAttribute("aria-label", axis === "layers" ? t("tradeoff.byLayers") : t("tradeoff.byContext"));
  return {
    svg,
    legend: [
      { label: fitLabel, color: FIT, shape: "circle" },
      ...(rows.some((r) => !r.fits) ? [{ label: missLabel, color: MISS, shape: "ring" as const }] : []),
      ...(best.length > 0 ? [{ label: t("tradeoff.bestMark"), color: BEST, shape: "star" as const }] : []),
      ...(marks.chosen !== null
        ? [{ label: t("tradeoff.chosen"), color: CHOSEN, shape: "line" as const, dash: "4,3" }]
        : []),
    ],
  };
}

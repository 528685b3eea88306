/**
 * The placement trade-off (issue 17): the fastest placement that fits, as `ridgeline fit
 * --system` ranks it (from the same core function, in a worker), one click from being used,
 * and its two curves — tokens/s against GPU layers and against context length — as charts with
 * the fastest fitting placement and the user's choice marked, and as tables (the same points).
 */
import type { JSX } from "preact";
import type { OffloadAnalysis, PlacementFit, TradeoffPoint } from "../../../src/core/index.js";
import { type TradeoffAxis, tradeoffChart } from "../charts/tradeoff.js";
import { safeFileName } from "../export.js";
import { fmtBytes, fmtNumber, fmtTokens } from "../format.js";
import type { T } from "../i18n/index.js";
import type { Results } from "../state/compute.js";
import type { FitState } from "../workers/use-fit-results.js";
import { Chart, chartSubtitle } from "./chart.js";
import { Num, Panel } from "./panel.js";

function PointsTable(p: { points: readonly TradeoffPoint[]; axis: TradeoffAxis; t: T }): JSX.Element {
  const { t } = p;
  return (
    <details>
      <summary>{t("tradeoff.table")}</summary>
      <table class="data" data-testid={`tradeoff-table-${p.axis}`}>
        <thead>
          <tr>
            <th scope="col">{t(p.axis === "layers" ? "tradeoff.col.layers" : "tradeoff.col.context")}</th>
            <th scope="col">{t("tradeoff.col.tps")}</th>
            <th scope="col">{t("tradeoff.col.fits")}</th>
            <th scope="col">{t("tradeoff.col.flags")}</th>
          </tr>
        </thead>
        <tbody>
          {p.points.map((x) => (
            <tr
              key={x.x}
              data-testid="tradeoff-point"
              data-x={x.x}
              data-tps={x.tokensPerS === null ? "null" : String(x.tokensPerS)}
              data-fits={String(x.fits)}
            >
              <th scope="row">{p.axis === "layers" ? String(x.x) : fmtTokens(x.x)}</th>
              <td class="num">{x.tokensPerS === null ? t("tradeoff.nothing") : fmtNumber(x.tokensPerS)}</td>
              <td class={x.fits === false ? "bad" : "good"}>
                {x.fits === false ? t("tradeoff.noFit") : t("tradeoff.fits")}
              </td>
              <td>
                <code>{x.flags ?? t("tradeoff.nothing")}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function TradeoffBody(p: {
  fit: PlacementFit;
  results: Results;
  chosen: OffloadAnalysis | null;
  onUse: (best: NonNullable<PlacementFit["best"]>) => void;
  t: T;
  width: number;
}): JSX.Element {
  const { fit, t, results } = p;
  const ctx = results.workload.contextTokens;
  const names = [results.perDevice[0]?.device.name ?? ""];
  const best = fit.best;
  const w = Math.max(280, p.width - 34);
  const file = safeFileName(results.model.spec.id);
  return (
    <>
      <p class="hint">
        {t("tradeoff.intro", { ctx: fmtTokens(ctx), fitting: fit.fitting, tried: fit.tried })}
      </p>
      {best ? (
        <p data-testid="tradeoff-best" data-flags={best.flags}>
          {t("tradeoff.best")} <code>{best.flags}</code> —{" "}
          <Num
            id="tradeoff-best-tps"
            value={best.decodeTokensPerS}
            text={t("tradeoff.bestTps", { tps: fmtNumber(best.decodeTokensPerS) })}
          />{" "}
          <small>
            ({t("advice.fit.memory", { gpu: fmtBytes(best.gpuBytes), host: fmtBytes(best.hostBytes) })})
          </small>{" "}
          <button type="button" class="small" data-testid="tradeoff-use" onClick={() => p.onUse(best)}>
            {t("tradeoff.use")}
          </button>
        </p>
      ) : (
        <p class="msg warn" data-testid="tradeoff-none">
          {t("tradeoff.none")}
        </p>
      )}
      {fit.byGpuLayers.length > 0 ? (
        <>
          <Chart
            testid="chart-tradeoff-layers"
            name={t("tradeoff.byLayers")}
            subtitle={chartSubtitle(results, names, t)}
            file={`tradeoff-layers-${file}`}
            build={() =>
              tradeoffChart(
                fit.byGpuLayers,
                "layers",
                { best: best?.gpuLayers ?? null, chosen: p.chosen?.placement.gpuLayers ?? null },
                w,
                t,
              )
            }
            deps={[fit, w, t, p.chosen]}
            t={t}
          />
          <PointsTable points={fit.byGpuLayers} axis="layers" t={t} />
        </>
      ) : null}
      <Chart
        testid="chart-tradeoff-context"
        name={t("tradeoff.byContext")}
        subtitle={chartSubtitle(results, names, t)}
        file={`tradeoff-context-${file}`}
        build={() =>
          tradeoffChart(
            fit.byContext,
            "context",
            { best: best && fit.byContext.some((x) => x.x === ctx) ? ctx : null, chosen: ctx },
            w,
            t,
          )
        }
        deps={[fit, w, t, ctx]}
        t={t}
      />
      <PointsTable points={fit.byContext} axis="context" t={t} />
    </>
  );
}

export function TradeoffView(p: {
  results: Results;
  fit: FitState;
  enabled: boolean;
  chosen: OffloadAnalysis | null;
  onUse: (best: NonNullable<PlacementFit["best"]>) => void;
  t: T;
  width: number;
}): JSX.Element {
  const { t, fit } = p;
  return (
    <Panel id="tradeoff" title={t("tradeoff.heading")} busy={fit.pending}>
      {!p.enabled ? (
        <p class="hint">{t("tradeoff.off")}</p>
      ) : fit.error ? (
        <p class="msg warn">{t("tradeoff.error", { message: fit.error })}</p>
      ) : fit.fit ? (
        <TradeoffBody
          fit={fit.fit}
          results={p.results}
          chosen={p.chosen}
          onUse={p.onUse}
          t={t}
          width={p.width}
        />
      ) : (
        <p role="status">{t("status.computing")}</p>
      )}
    </Panel>
  );
}

/** Several units (issue 19): the selected devices as one split system, its per-unit memory, the bottleneck and one decode step's time line across units. */
import type { JSX } from "preact";
import { useMemo, useState } from "preact/hooks";
import { analyzeSplit, findLink, LINK_TYPES, SPLIT_MODES, type SplitMode } from "../../../src/core/index.js";
import { splitTimelineChart } from "../charts/split.js";
import { safeFileName } from "../export.js";
import { fmtBytes, fmtNumber, fmtPercent, fmtTime } from "../format.js";
import type { T } from "../i18n/index.js";
import type { Results } from "../state/compute.js";
import { Chart, chartSubtitle } from "./chart.js";
import { Num, Panel } from "./panel.js";

export function SplitView({ results, t, width }: { results: Results; t: T; width: number }): JSX.Element {
  const [mode, setMode] = useState<SplitMode>("layer");
  const [linkId, setLinkId] = useState("pcie4x16");
  const devices = results.perDevice.map((d) => d.device);
  const moe = results.model.spec.moe !== undefined;
  const modes = SPLIT_MODES.filter((m) => m !== "expert" || moe);
  const used = modes.includes(mode) ? mode : "layer";
  const split = useMemo(() => {
    if (devices.length < 2) return null;
    try {
      return analyzeSplit({
        model: results.model.spec,
        units: devices,
        link: findLink(linkId),
        split: used,
        workload: results.workload,
        ...(results.model.weights ? { weights: results.model.weights } : {}),
      });
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }, [results, linkId, used]);
  if (split === null)
    return (
      <Panel id="split" title={t("split.heading")}>
        <p class="hint">{t("split.needTwo")}</p>
      </Panel>
    );
  const d = typeof split === "string" ? null : split.decode;
  const names = devices.map((x) => x.name);
  const controls = (
    <div class="controls-row">
      <label>
        {t("split.mode")}{" "}
        <select
          id="split-mode"
          value={used}
          onChange={(e) => setMode((e.target as HTMLSelectElement).value as SplitMode)}
        >
          {modes.map((m) => (
            <option key={m} value={m}>
              {t(`split.mode.${m}`)}
            </option>
          ))}
        </select>
      </label>{" "}
      <label>
        {t("split.link")}{" "}
        <select
          id="split-link"
          value={linkId}
          onChange={(e) => setLinkId((e.target as HTMLSelectElement).value)}
        >
          {LINK_TYPES.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
  if (typeof split === "string")
    return (
      <Panel id="split" title={t("split.heading")}>
        {controls}
        <p class="msg warn">{split}</p>
      </Panel>
    );
  const pipelined = split.split === "layer" || split.split === "rpc";
  return (
    <Panel id="split" title={t("split.heading")}>
      {controls}
      {d ? (
        <>
          <p data-testid="split-summary" data-split={split.split} data-link={split.link.id}>
            {t("split.summary", {
              tps: fmtNumber(d.tokensPerS),
              latency: fmtTime(d.latencyS),
              link: fmtTime(d.linkS),
            })}{" "}
            <Num id="split-tps" value={d.tokensPerS} text="" />
            <span
              data-testid="split-bottleneck"
              data-unit={d.bottleneckUnit === null ? "link" : d.bottleneckUnit}
            >
              {d.bottleneckUnit === null
                ? t("split.bottleneck.link", { link: split.link.name, share: fmtPercent(d.bottleneckShare) })
                : t("split.bottleneck.unit", {
                    unit: `${d.bottleneckUnit + 1}. ${names[d.bottleneckUnit]}`,
                    share: fmtPercent(d.bottleneckShare),
                  })}
            </span>
          </p>
          <table class="data">
            <thead>
              <tr>
                <th scope="col">{t("split.col.unit")}</th>
                <th scope="col">{t("split.col.layers")}</th>
                <th scope="col">{t("split.col.memory")}</th>
                <th scope="col">{t("split.col.fits")}</th>
                <th scope="col">{t("split.col.time")}</th>
              </tr>
            </thead>
            <tbody>
              {split.units.map((u, i) => (
                <tr key={`${u.deviceId}-${i}`} data-testid="split-row" data-device={u.deviceId}>
                  <td>{`${i + 1}. ${names[i]}`}</td>
                  <td>{pipelined ? String(u.layers) : fmtPercent(u.share)}</td>
                  <td>
                    {fmtBytes(u.memory.totalBytes)} /{" "}
                    {u.memory.capacityBytes === null ? "?" : fmtBytes(u.memory.capacityBytes)}
                  </td>
                  <td>
                    {t(
                      u.memory.fits === null
                        ? "split.fits.unknown"
                        : u.memory.fits
                          ? "split.fits.yes"
                          : "split.fits.no",
                    )}
                  </td>
                  <td>
                    <Num id={`split-unit-${i}`} value={d.unitS[i]!} text={fmtTime(d.unitS[i]!)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Chart
            testid="chart-split"
            name={t("split.chart")}
            subtitle={chartSubtitle(results, names, t)}
            file={`split-${split.split}-${safeFileName(results.model.spec.id)}`}
            build={() => splitTimelineChart(d, names, Math.max(280, width - 34), t)}
            deps={[d, width, t]}
            t={t}
          />
        </>
      ) : (
        <p class="hint">{t("split.prefillOnly")}</p>
      )}
    </Panel>
  );
}

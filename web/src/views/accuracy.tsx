/** Predicted vs measured: the library's validation, run once in a worker. */

import type { ComponentChildren, JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { accuracyChart } from "../charts/accuracy.js";
import { hasKey, type T } from "../i18n/index.js";
import type { AccuracyData, AccuracyResponse } from "../workers/validation-worker.js";
import { Chart } from "./chart.js";
import { Panel } from "./panel.js";
import { ScrollRegion } from "./scroll-region.js";

/**
 * Predicted vs measured: the library's validation of its calibrated estimate against the
 * published measurements (data/calibration/measured.csv). It does not depend on the
 * inputs above; it runs once, in a worker, when this view first comes near the screen.
 */
/** A row's group: all, a test (pp512 …) or a device class, in the page's language. */
function groupLabel(key: string, t: T): string {
  if (key === "all") return t("accuracy.all");
  for (const k of [`accuracy.test.${key}`, `devclass.${key}`]) if (hasKey(k)) return t(k);
  return key;
}

export function AccuracyView({
  t,
  width,
  children,
}: {
  t: T;
  width: number;
  /** Below the published data's validation: the user's own (own-data.tsx). */
  children?: ComponentChildren;
}): JSX.Element {
  const ref = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<
    { kind: "idle" | "loading" } | { kind: "done"; data: AccuracyData } | { kind: "error"; message: string }
  >({ kind: "idle" });
  useEffect(() => {
    const el = ref.current?.closest("section") ?? ref.current;
    if (!el || state.kind !== "idle") return;
    const io = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        io.disconnect();
        setState({ kind: "loading" });
        try {
          const w = new Worker(new URL("../workers/validation-worker.ts", import.meta.url), {
            type: "module",
          });
          w.onmessage = (e: MessageEvent<AccuracyResponse>) => {
            setState(
              "ok" in e.data ? { kind: "done", data: e.data.ok } : { kind: "error", message: e.data.error },
            );
            w.terminate();
          };
          w.onerror = (e) => setState({ kind: "error", message: e.message || "worker failed" });
          w.postMessage(null);
        } catch (e) {
          setState({ kind: "error", message: e instanceof Error ? e.message : String(e) });
        }
      },
      { rootMargin: "300px 0px" },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [state.kind]);
  const pct = (x: number | null) => (x === null ? "–" : `${x.toFixed(1)}%`);
  const w = width - 34;
  return (
    <Panel id="accuracy" title={t("accuracy.heading")} busy={state.kind === "loading"}>
      <div ref={ref}>
        {state.kind === "idle" || state.kind === "loading" ? (
          <p role="status">{t("accuracy.loading")}</p>
        ) : null}
        {state.kind === "error" ? (
          <p class="msg warn">{t("accuracy.error", { message: state.message })}</p>
        ) : null}
        {state.kind === "done" ? (
          <>
            <p class="hint" data-testid="accuracy-intro">
              {t("accuracy.intro", {
                n: state.data.total,
                predicted: state.data.predicted,
                scored: state.data.scored,
                data: state.data.data,
                date: state.data.fittedOn,
              })}
            </p>
            <Chart
              testid="chart-accuracy"
              name={t("accuracy.chartName")}
              subtitle={t("accuracy.subtitle", { data: state.data.data, date: state.data.fittedOn })}
              file="predicted-vs-measured"
              build={() => accuracyChart(state.data.rows, Math.min(w, 760), t)}
              deps={[state.data, w, t]}
              t={t}
            />
            <ScrollRegion label={t("accuracy.tableName")}>
              <table data-testid="accuracy-table">
                <caption>{t("accuracy.tableName")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("accuracy.group")}</th>
                    <th scope="col">{t("accuracy.rows")}</th>
                    <th scope="col">{t("accuracy.estimateMape")}</th>
                    <th scope="col">{t("accuracy.estimateMedian")}</th>
                    <th scope="col">{t("accuracy.boundMape")}</th>
                    <th scope="col">{t("accuracy.boundMedian")}</th>
                  </tr>
                </thead>
                <tbody>
                  {state.data.groups.map((g) => (
                    <tr
                      key={g.key}
                      data-testid="accuracy-row"
                      data-key={g.key}
                      data-estimate-mape={String(g.estimateMape)}
                    >
                      <th scope="row">{groupLabel(g.key, t)}</th>
                      <td class="num">{g.rows}</td>
                      <td class="num">{pct(g.estimateMape)}</td>
                      <td class="num">{pct(g.estimateMedian)}</td>
                      <td class="num">{pct(g.boundMape)}</td>
                      <td class="num">{pct(g.boundMedian)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          </>
        ) : null}
      </div>
      {children}
    </Panel>
  );
}

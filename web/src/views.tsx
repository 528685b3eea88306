/** The views: each shows part of the library's results for the current state. */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import type { ComponentChildren, JSX } from "preact";
import { cpuProfile, gpuProfile, measureCpu, measureWebGpu, webWorkerFactory, type Analysis, type CpuMeasureOptions, type DeviceSpec, type GpuLike, type PhaseAnalysis, type Recommendation } from "../../src/core/index.js";
import { accuracyChart, bytesChart, memoryChart, rooflineChart, rooflineDomain, timeByKindChart, timelineChart, type BuiltChart, type LegendItem, type TimelineMetric } from "./charts.js";
import { analysisJson, layerCount, type Results, type SlowResults } from "./compute.js";
import type { Slow } from "./app.js";
import type { AccuracyData, AccuracyResponse } from "./validation-worker.js";
import { downloadBlob, downloadText, safeFileName, standaloneSvg, svgText, svgToPng } from "./export.js";
import { fmtBytes, fmtBytesSI, fmtCount, fmtGain, fmtIntensity, fmtNumber, fmtPercent, fmtTime } from "./format.js";
import { hasKey, type T } from "./i18n.js";
import { TABLE_PHASES, type TablePhase } from "./state.js";

function Panel(p: { id: string; title: string; children: ComponentChildren; actions?: ComponentChildren; busy?: boolean }): JSX.Element {
  return (
    <section class={`panel view${p.busy ? " busy" : ""}`} id={p.id} aria-labelledby={`${p.id}-h`} aria-busy={p.busy ? "true" : "false"} data-testid={`view-${p.id}`}>
      <div class="panel-head">
        <h2 id={`${p.id}-h`}>{p.title}</h2>
        {p.actions ? <div class="panel-actions">{p.actions}</div> : null}
      </div>
      {p.children}
    </section>
  );
}

/** A number shown with its exact value attached (tests compare it to the library's). */
function Num(p: { id?: string; value: number | null; text: string; class?: string }): JSX.Element {
  return (
    <span class={p.class} data-testid={p.id} data-value={p.value === null ? "null" : String(p.value)}>
      {p.text}
    </span>
  );
}

// ---- charts -------------------------------------------------------------------------

/**
 * A chart, with its legend and SVG/PNG downloads. It is built in a layout effect (on
 * screen in the same frame as the rest of the update), but only while it is in or near
 * the viewport: a chart scrolled out of view is marked stale and built when it returns.
 */
function Chart(p: { name: string; file: string; build: () => BuiltChart; deps: readonly unknown[]; testid: string; t: T; note?: string }): JSX.Element {
  const fig = useRef<HTMLElement>(null);
  const host = useRef<HTMLDivElement>(null);
  const legendHost = useRef<HTMLDivElement>(null);
  const built = useRef<BuiltChart | null>(null);
  const stale = useRef(true);
  const visible = useRef(false);
  const legendKey = useRef("");
  const buildRef = useRef(p.build);
  buildRef.current = p.build;

  const draw = (): BuiltChart => {
    const t0 = performance.now();
    const b = buildRef.current();
    built.current = b;
    stale.current = false;
    host.current?.replaceChildren(b.svg);
    const key = JSON.stringify(b.legend);
    if (key !== legendKey.current && legendHost.current) {
      legendKey.current = key;
      legendHost.current.replaceChildren(...legendItems(b.legend));
    }
    fig.current?.setAttribute("data-built", "true");
    const rl = window.__ridgeline;
    if (rl) rl.chartMs = (rl.chartMs ?? 0) + performance.now() - t0;
    return b;
  };

  useLayoutEffect(() => {
    stale.current = true;
    if (visible.current) draw();
    else fig.current?.setAttribute("data-built", "false");
  }, p.deps);

  useEffect(() => {
    // The panel is observed, not the figure: a panel out of view skips rendering
    // (content-visibility), and its contents then have no box to intersect.
    const el = fig.current?.closest("section") ?? fig.current;
    if (!el) return;
    const io = new IntersectionObserver(
      (entries) => {
        visible.current = entries.some((e) => e.isIntersecting);
        if (visible.current && stale.current) draw();
      },
      { rootMargin: "400px 0px" },
    );
    io.observe(el);
    return () => io.disconnect();
  }, []);

  const current = (): BuiltChart => (stale.current || !built.current ? draw() : built.current);
  const exportSvg = () => {
    const b = current();
    const { svg } = standaloneSvg(b.svg, p.name, b.legend);
    downloadText(svgText(svg), `${p.file}.svg`, "image/svg+xml");
  };
  const exportPng = async () => {
    const b = current();
    const { svg, width, height } = standaloneSvg(b.svg, p.name, b.legend);
    downloadBlob(await svgToPng(svg, width, height), `${p.file}.png`);
  };
  return (
    <figure class="chart" data-testid={p.testid} data-built="false" ref={fig}>
      <figcaption>
        <span class="chart-name">{p.name}</span>
        <span class="chart-actions">
          <button type="button" class="small" aria-label={p.t("export.svgOf", { chart: p.name })} data-testid={`${p.testid}-svg`} onClick={exportSvg}>
            {p.t("export.svg")}
          </button>
          <button type="button" class="small" aria-label={p.t("export.pngOf", { chart: p.name })} data-testid={`${p.testid}-png`} onClick={() => void exportPng()}>
            {p.t("export.png")}
          </button>
        </span>
      </figcaption>
      <div class="chart-svg" ref={host} />
      <div ref={legendHost} />
      {p.note ? <p class="hint">{p.note}</p> : null}
    </figure>
  );
}

/** Legend as plain DOM (it is rebuilt only when its items change). */
function legendItems(items: readonly LegendItem[]): HTMLElement[] {
  if (items.length === 0) return [];
  const ul = document.createElement("ul");
  ul.className = "legend";
  for (const i of items) {
    const li = document.createElement("li");
    const sw = document.createElement("span");
    sw.className = `sw ${i.shape ?? "circle"}`;
    sw.style.color = i.color;
    sw.setAttribute("aria-hidden", "true");
    li.append(sw, i.label);
    ul.append(li);
  }
  return [ul];
}

// ---- summary ------------------------------------------------------------------------

function Metric(p: { label: string; children: ComponentChildren; sub?: ComponentChildren }): JSX.Element {
  return (
    <div class="metric">
      <div class="metric-label">{p.label}</div>
      <div class="metric-value">{p.children}</div>
      {p.sub ? <div class="metric-sub">{p.sub}</div> : null}
    </div>
  );
}

function fitText(a: Analysis, t: T): string {
  const cap = a.memory.capacityBytes;
  if (cap === null) return t("summary.capUnknown");
  return a.memory.fits ? t("summary.fits", { cap: fmtBytes(cap) }) : t("summary.noFit", { cap: fmtBytes(cap) });
}

export function SummaryView({ results, t }: { results: Results; t: T }): JSX.Element {
  const primary = results.perDevice[0]!;
  const a = primary.analysis;
  const pre = a.prefill;
  const dec = a.decode;
  const jsonName = `ridgeline-${safeFileName(a.model.id)}-${safeFileName(a.device.id)}.json`;
  return (
    <Panel
      id="summary"
      title={t("summary.heading")}
      actions={
        <button type="button" data-testid="download-json" onClick={() => downloadText(analysisJson(a), jsonName)}>
          {t("export.json")}
        </button>
      }
    >
      <p class="subtitle" data-testid="summary-on">
        {t("summary.on", { model: a.model.name, device: a.device.name })}
      </p>
      <div class="metrics">
        <Metric
          label={t("summary.ttft")}
          sub={
            pre ? (
              <>
                {t("summary.bound")} <Num id="summary-ttft-bound" value={pre.latencyBoundS} text={fmtTime(pre.latencyBoundS)} />
              </>
            ) : (
              t("summary.noPhase")
            )
          }
        >
          {pre ? <Num id="summary-ttft" value={pre.latencyEstimateS} text={fmtTime(pre.latencyEstimateS)} /> : "–"}
        </Metric>
        <Metric
          label={t("summary.decode")}
          sub={
            dec ? (
              <>
                {t("summary.bound")} <Num id="summary-decode-bound" value={dec.latencyBoundS} text={fmtTime(dec.latencyBoundS)} /> · {t("summary.atContext", { n: dec.keys })}
              </>
            ) : (
              t("summary.noPhase")
            )
          }
        >
          {dec ? <Num id="summary-decode" value={dec.latencyEstimateS} text={fmtTime(dec.latencyEstimateS)} /> : "–"}
        </Metric>
        <Metric label={t("summary.tps")} sub={dec ? <>{t("summary.bound")} <Num id="summary-tps-bound" value={dec.tokensPerSBound} text={`${fmtNumber(dec.tokensPerSBound)} ${t("summary.tokS")}`} /></> : t("summary.noPhase")}>
          {dec ? <Num id="summary-tps" value={dec.tokensPerSEstimate} text={`${fmtNumber(dec.tokensPerSEstimate)} ${t("summary.tokS")}`} /> : "–"}
        </Metric>
        <Metric label={t("summary.memory")} sub={<span class={a.memory.fits === false ? "bad" : ""}>{fitText(a, t)}</span>}>
          <Num id="summary-memory" value={a.memory.totalBytes} text={fmtBytes(a.memory.totalBytes)} class={a.memory.fits === false ? "bad" : ""} />
        </Metric>
        {dec ? (
          <Metric label={t("summary.attn")} sub={`${t("phase.decode")}: ${t(`class.${dec.boundClass}`)}`}>
            <Num id="summary-attn" value={dec.attentionShare.timeEstimate} text={fmtPercent(dec.attentionShare.timeEstimate)} />
          </Metric>
        ) : null}
      </div>
      {results.perDevice.length > 1 ? <CompareTable results={results} t={t} /> : null}
    </Panel>
  );
}

function CompareTable({ results, t }: { results: Results; t: T }): JSX.Element {
  return (
    <div class="table-wrap" role="region" aria-label={t("compare.heading")} tabIndex={0}>
      <table class="compare" data-testid="compare-table">
        <caption>{t("compare.heading")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("compare.device")}</th>
            <th scope="col">{t("compare.bandwidth")}</th>
            <th scope="col">{t("summary.ttft")}</th>
            <th scope="col">{t("summary.decode")}</th>
            <th scope="col">{t("summary.tps")}</th>
            <th scope="col">{t("summary.memory")}</th>
            <th scope="col">{t("compare.prefillClass")}</th>
            <th scope="col">{t("compare.decodeClass")}</th>
            <th scope="col">JSON</th>
          </tr>
        </thead>
        <tbody>
          {results.perDevice.map(({ device, analysis: a }) => (
            <tr key={device.id} data-testid="compare-row" data-device={device.id}>
              <th scope="row">{device.name}</th>
              <td class="num">{device.bandwidthGBps.value} GB/s</td>
              <td class="num">{a.prefill ? <Num value={a.prefill.latencyEstimateS} text={fmtTime(a.prefill.latencyEstimateS)} /> : "–"}</td>
              <td class="num">{a.decode ? <Num value={a.decode.latencyEstimateS} text={fmtTime(a.decode.latencyEstimateS)} /> : "–"}</td>
              <td class="num">{a.decode ? <Num value={a.decode.tokensPerSEstimate} text={fmtNumber(a.decode.tokensPerSEstimate)} /> : "–"}</td>
              <td class={a.memory.fits === false ? "bad" : ""}>{fitText(a, t)}</td>
              <td title={a.prefill ? t(`class.${a.prefill.boundClass}`) : undefined}>{a.prefill ? t(`classShort.${a.prefill.boundClass}`) : "–"}</td>
              <td title={a.decode ? t(`class.${a.decode.boundClass}`) : undefined}>{a.decode ? t(`classShort.${a.decode.boundClass}`) : "–"}</td>
              <td>
                <button
                  type="button"
                  class="small"
                  aria-label={t("export.jsonFor", { device: device.name })}
                  onClick={() => downloadText(analysisJson(a), `ridgeline-${safeFileName(a.model.id)}-${safeFileName(device.id)}.json`)}
                >
                  JSON
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// ---- roofline -----------------------------------------------------------------------

export function RooflineView({ results, t, width }: { results: Results; t: T; width: number }): JSX.Element {
  const n = results.perDevice.length;
  const cols = Math.max(1, Math.min(n, Math.floor((width + 16) / 380)));
  const panelWidth = Math.floor((width - 34 - (cols - 1) * 16) / cols);
  const domain = rooflineDomain(results.perDevice);
  const first = results.perDevice[0];
  let hidden = 0;
  if (first) for (const p of [first.analysis.prefill, first.analysis.decode]) if (p) hidden += [...p.layerOps, ...p.modelOps].filter((o) => !(o.flops > 0) || !(o.intensity !== null && o.intensity > 0)).length;
  return (
    <Panel id="roofline" title={t("roofline.heading")}>
      <p class="hint">{t("roofline.caption")}</p>
      <div class="chart-grid" style={{ gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))` }}>
        {results.perDevice.map(({ device, analysis }, i) => (
          <Chart
            key={device.id}
            testid={`chart-roofline-${i}`}
            name={t("roofline.chartName", { device: device.name })}
            file={`roofline-${safeFileName(analysis.model.id)}-${safeFileName(device.id)}`}
            build={() => rooflineChart(analysis, device, domain, panelWidth, t)}
            deps={[analysis, device, panelWidth, t, domain.x[0], domain.x[1], domain.y[0], domain.y[1]]}
            t={t}
          />
        ))}
      </div>
      {hidden > 0 ? <p class="hint">{t("roofline.hidden", { n: hidden })}</p> : null}
    </Panel>
  );
}

// ---- breakdowns ---------------------------------------------------------------------

export function BreakdownView({ analysis: a, devices, t, width }: { analysis: Analysis; devices: readonly DeviceSpec[]; t: T; width: number }): JSX.Element {
  const w = width - 34;
  const variants = Math.max(a.prefill?.layerVariants.length ?? 0, a.decode?.layerVariants.length ?? 0);
  const base = `${safeFileName(a.model.id)}-${safeFileName(a.device.id)}`;
  return (
    <Panel id="breakdowns" title={t("breakdown.heading")}>
      <Chart
        testid="chart-time-by-kind"
        name={t("breakdown.timeByKind")}
        file={`time-by-kind-${base}`}
        build={() => timeByKindChart(a, w, t)}
        deps={[a, w, t]}
        t={t}
        {...(variants > 1 ? { note: t("breakdown.variants", { n: variants }) } : {})}
      />
      <Chart testid="chart-bytes" name={t("breakdown.bytesByKind")} file={`bytes-${base}`} build={() => bytesChart(a, w, t)} deps={[a, w, t]} t={t} />
      <Chart testid="chart-memory" name={t("breakdown.memory")} file={`memory-${base}`} build={() => memoryChart(a, devices, w, t)} deps={[a, devices, w, t]} t={t} />
    </Panel>
  );
}

// ---- per-op table -------------------------------------------------------------------

type Op = PhaseAnalysis["layerOps"][number];

function OpRow({ o, t }: { o: Op; t: T }): JSX.Element {
  return (
    <tr data-testid="op-row" data-op={o.name}>
      <th scope="row">{o.name}</th>
      <td>{t(`kind.${o.kind}`)}</td>
      <td class="num" data-col="tEst" data-value={o.timeEstimateS}>
        {fmtTime(o.timeEstimateS)}
      </td>
      <td class="num" data-col="tBound" data-value={o.timeBoundS}>
        {fmtTime(o.timeBoundS)}
      </td>
      <td title={t(`class.${o.boundClass}`)}>{t(`classShort.${o.boundClass}`)}</td>
      <td class="num" data-col="intensity" data-value={String(o.intensity)}>
        {o.flops === 0 ? "0" : fmtIntensity(o.intensity)}
      </td>
      <td>{o.peakUsed ?? "–"}</td>
      <td class="num" data-col="flops" data-value={o.flops}>
        {fmtCount(o.flops)}
      </td>
      <td class="num">{fmtBytesSI(o.bytes.weights)}</td>
      <td class="num">{fmtBytesSI(o.bytes.activations)}</td>
      <td class="num">{fmtBytesSI(o.bytes.kvRead)}</td>
      <td class="num">{fmtBytesSI(o.bytes.kvWrite)}</td>
      <td class="shape">{o.shape}</td>
    </tr>
  );
}

function TotalsRow({ label, tot, id }: { label: string; tot: PhaseAnalysis["totals"]; id: string }): JSX.Element {
  return (
    <tr class="totals" data-testid={id}>
      <th scope="row" colSpan={2}>
        {label}
      </th>
      <td class="num" data-col="tEst" data-value={tot.timeEstimateS}>
        {fmtTime(tot.timeEstimateS)}
      </td>
      <td class="num" data-col="tBound" data-value={tot.timeBoundS}>
        {fmtTime(tot.timeBoundS)}
      </td>
      <td />
      <td class="num">{fmtIntensity(tot.intensity)}</td>
      <td />
      <td class="num" data-col="flops" data-value={tot.flops}>
        {fmtCount(tot.flops)}
      </td>
      <td class="num">{fmtBytesSI(tot.bytes.weights)}</td>
      <td class="num">{fmtBytesSI(tot.bytes.activations)}</td>
      <td class="num">{fmtBytesSI(tot.bytes.kvRead)}</td>
      <td class="num">{fmtBytesSI(tot.bytes.kvWrite)}</td>
      <td />
    </tr>
  );
}

export function OpTableView(p: { analysis: Analysis; phase: TablePhase; onPhase: (p: TablePhase) => void; t: T }): JSX.Element {
  const { t } = p;
  const pass = p.phase === "prefill" ? p.analysis.prefill : p.analysis.decode;
  const cols = ["op", "kind", "tEst", "tBound", "bound", "intensity", "peak", "flops", "weights", "activations", "kvRead", "kvWrite", "shape"] as const;
  return (
    <Panel id="ops" title={t("table.heading")}>
      <div class="tabs" role="radiogroup" aria-label={t("table.phase")}>
        {TABLE_PHASES.map((ph) => (
          <label key={ph} class={`tab${p.phase === ph ? " active" : ""}`}>
            <input type="radio" name="table-phase" value={ph} checked={p.phase === ph} data-testid={`table-phase-${ph}`} onChange={() => p.onPhase(ph)} />
            {t(`phase.${ph}`)}
          </label>
        ))}
      </div>
      {pass ? (
        <div class="table-wrap" role="region" aria-label={t("table.heading")} tabIndex={0}>
          <table class="ops" data-testid="op-table" data-phase={pass.phase}>
            <thead>
              <tr>
                {cols.map((c) => (
                  <th scope="col" key={c}>
                    {t(`table.col.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr class="group">
                <th colSpan={cols.length} scope="rowgroup">
                  {t("table.layer", { n: layerCount(pass) })}
                </th>
              </tr>
              {pass.layerOps.map((o) => (
                <OpRow key={o.name} o={o} t={t} />
              ))}
              <TotalsRow label={t("table.layerTotal")} tot={pass.layerTotals} id="layer-total" />
              <tr class="group">
                <th colSpan={cols.length} scope="rowgroup">
                  {t("table.model")}
                </th>
              </tr>
              {pass.modelOps.map((o) => (
                <OpRow key={o.name} o={o} t={t} />
              ))}
              <TotalsRow label={t("table.modelTotal")} tot={pass.totals} id="model-total" />
            </tbody>
          </table>
        </div>
      ) : (
        <p class="hint">{t("table.noPass")}</p>
      )}
    </Panel>
  );
}

// ---- timeline -----------------------------------------------------------------------

export function TimelineView({ results, slow, t, width }: { results: Results; slow: Slow; t: T; width: number }): JSX.Element {
  const tls = slow.data?.timelines ?? [];
  const items = results.perDevice.flatMap((d, i) => {
    const tl = tls[i];
    return tl ? [{ timeline: tl, device: d.device }] : [];
  });
  const cols = width >= 900 ? 3 : width >= 600 ? 2 : 1;
  const w = Math.floor((width - 34 - (cols - 1) * 16) / cols);
  const metrics: TimelineMetric[] = ["latency", "kv", "attn"];
  const base = `${safeFileName(results.perDevice[0]?.analysis.model.id ?? "model")}`;
  return (
    <Panel id="timeline" title={t("timeline.heading")} busy={slow.pending}>
      {slow.error ? <p class="msg warn">{slow.error}</p> : null}
      {items.length === 0 ? <p role="status">{t("status.computing")}</p> : null}
      <ul class="plain">
        {items.map(({ timeline: tl, device }) => (
          <li key={device.id} data-testid="timeline-summary" data-device={device.id} data-total={tl.totalEstimateS} data-tps={tl.decodeTokensPerSEstimate}>
            {t("timeline.summary", {
              device: device.name,
              n: tl.generateTokens,
              total: fmtTime(tl.totalEstimateS),
              ttft: fmtTime(tl.ttftEstimateS),
              tps: fmtNumber(tl.decodeTokensPerSEstimate),
              e2e: fmtNumber(tl.endToEndTokensPerSEstimate),
            })}
          </li>
        ))}
      </ul>
      {items.length > 0 ? (
        <div class="chart-grid" style={{ gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))` }}>
          {metrics.map((m) => (
            <Chart key={m} testid={`chart-timeline-${m}`} name={t(`timeline.${m}`)} file={`timeline-${m}-${base}`} build={() => timelineChart(items, m, w, t)} deps={[...items.map((i) => i.timeline), w, t]} t={t} />
          ))}
        </div>
      ) : null}
      {results.workload.phase !== "both" ? <p class="hint">{t("timeline.note")}</p> : null}
    </Panel>
  );
}

// ---- advisor ------------------------------------------------------------------------

function RecCard({ r, t }: { r: Recommendation; t: T }): JSX.Element {
  const b = r.before;
  const a = r.after;
  const rows: [string, number, number, (v: number) => string][] = [
    [t("advice.request"), b.requestEstimateS, a.requestEstimateS, fmtTime],
    [t("advice.ttft"), b.ttftEstimateS, a.ttftEstimateS, fmtTime],
    [t("advice.decode"), b.decodeLatencyEstimateS, a.decodeLatencyEstimateS, fmtTime],
    [t("advice.tps"), b.tokensPerSEstimate, a.tokensPerSEstimate, fmtNumber],
    [t("advice.memory"), b.memoryBytes, a.memoryBytes, fmtBytes],
  ];
  return (
    <li class="rec" data-testid="recommendation" data-code={r.code} data-gain={r.gain}>
      <div class="rec-head">
        <span class="badge">{t(`code.${r.code}`)}</span>
        <span class="rec-title" lang="en">
          {r.title}
        </span>
        <span class={`gain${r.gain >= 1 ? " good" : " bad"}`}>
          {fmtGain(r.gain)} <small>{t(`advice.gain.${r.gainKind}`)}</small>
        </span>
      </div>
      <table class="beforeafter">
        <thead>
          <tr>
            <th scope="col">{t("advice.metric")}</th>
            <th scope="col">{t("advice.before")}</th>
            <th scope="col">{t("advice.after")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, x, y, f]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td class="num">{f(x)}</td>
              <td class="num">{f(y)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="rec-cost">
        <strong>{t("advice.cost")}:</strong> {t("advice.risk", { risk: t(`risk.${r.cost.accuracyRisk}`) })} · <span lang="en">{r.cost.note}</span>
      </p>
      <p class="rec-why">
        <strong>{t("advice.why")}:</strong> <span lang="en">{r.why}</span>
      </p>
      {r.chapterSays ? (
        <p class="rec-chapter">
          <strong>{t("advice.chapter")}:</strong> <span lang="en">{r.chapterSays}</span>
        </p>
      ) : null}
    </li>
  );
}

export function AdviceView({ results, slow, t }: { results: Results; slow: Slow; t: T }): JSX.Element {
  const adv = slow.data?.advice;
  const deviceName = results.perDevice[0]?.device.name ?? "";
  const generate = results.generate;
  // The list changes only when new advice arrives: the same vnode is returned otherwise, and Preact skips it.
  const body = useMemo(() => <AdviceBody adv={adv} error={slow.error} deviceName={deviceName} generate={generate} t={t} />, [adv, slow.error, deviceName, generate, t]);
  return (
    <Panel id="advice" title={t("advice.heading")} busy={slow.pending}>
      {body}
    </Panel>
  );
}

function AdviceBody({ adv, error, deviceName, generate, t }: { adv: SlowResults["advice"] | undefined; error: string | null; deviceName: string; generate: number; t: T }): JSX.Element {
  return (
    <>
      {!adv ? (
        <p role="status">{error ? t("advice.error", { message: error }) : t("status.computing")}</p>
      ) : "error" in adv ? (
        <p class="msg warn">{t("advice.error", { message: adv.error })}</p>
      ) : (
        <>
          <p class="hint">{t("advice.for", { device: deviceName, n: generate })}</p>
          {adv.recommendations.length === 0 ? <p>{t("advice.none")}</p> : null}
          <ol class="recs">
            {adv.recommendations.map((r, i) => (
              <RecCard key={`${r.code}-${i}`} r={r} t={t} />
            ))}
          </ol>
          {adv.notApplicable.length > 0 ? (
            <details>
              <summary>
                {t("advice.notApplicable")} ({adv.notApplicable.length})
              </summary>
              <ul>
                {adv.notApplicable.map((n, i) => (
                  <li key={i}>
                    <strong>{t(`code.${n.code}`)}</strong>: <span lang="en">{n.reason}</span>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </>
      )}
    </>
  );
}

// ---- placeholders -------------------------------------------------------------------

/**
 * Predicted vs measured: the library's validation of its calibrated estimate against the
 * published measurements (data/calibration/measured.csv). It does not depend on the
 * inputs above; it runs once, in a worker, when this view first comes near the screen.
 */
export function AccuracyView({ t, width }: { t: T; width: number }): JSX.Element {
  const ref = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<{ kind: "idle" | "loading" } | { kind: "done"; data: AccuracyData } | { kind: "error"; message: string }>({ kind: "idle" });
  useEffect(() => {
    const el = ref.current?.closest("section") ?? ref.current;
    if (!el || state.kind !== "idle") return;
    const io = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      io.disconnect();
      setState({ kind: "loading" });
      try {
        const w = new Worker(new URL("./validation-worker.ts", import.meta.url), { type: "module" });
        w.onmessage = (e: MessageEvent<AccuracyResponse>) => {
          setState("ok" in e.data ? { kind: "done", data: e.data.ok } : { kind: "error", message: e.data.error });
          w.terminate();
        };
        w.onerror = (e) => setState({ kind: "error", message: e.message || "worker failed" });
        w.postMessage(null);
      } catch (e) {
        setState({ kind: "error", message: e instanceof Error ? e.message : String(e) });
      }
    }, { rootMargin: "300px 0px" });
    io.observe(el);
    return () => io.disconnect();
  }, [state.kind]);
  const pct = (x: number | null) => (x === null ? "–" : `${x.toFixed(1)}%`);
  const w = width - 34;
  return (
    <Panel id="accuracy" title={t("accuracy.heading")} busy={state.kind === "loading"}>
      <div ref={ref}>
        {state.kind === "idle" || state.kind === "loading" ? <p role="status">{t("accuracy.loading")}</p> : null}
        {state.kind === "error" ? <p class="msg warn">{t("accuracy.error", { message: state.message })}</p> : null}
        {state.kind === "done" ? (
          <>
            <p class="hint" data-testid="accuracy-intro">
              {t("accuracy.intro", { n: state.data.total, predicted: state.data.predicted, scored: state.data.scored, data: state.data.data, date: state.data.fittedOn })}
            </p>
            <Chart testid="chart-accuracy" name={t("accuracy.chartName")} file="predicted-vs-measured" build={() => accuracyChart(state.data.rows, Math.min(w, 760), t)} deps={[state.data, w, t]} t={t} />
            <div class="table-wrap" role="region" aria-label={t("accuracy.tableName")} tabIndex={0}>
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
                    <tr key={g.key} data-testid="accuracy-row" data-key={g.key} data-estimate-mape={String(g.estimateMape)}>
                      <th scope="row">{g.key === "all" ? t("accuracy.all") : g.key}</th>
                      <td class="num">{g.rows}</td>
                      <td class="num">{pct(g.estimateMape)}</td>
                      <td class="num">{pct(g.estimateMedian)}</td>
                      <td class="num">{pct(g.boundMape)}</td>
                      <td class="num">{pct(g.boundMedian)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ) : null}
      </div>
    </Panel>
  );
}

type MeasureState =
  | { readonly kind: "idle" }
  | { readonly kind: "running"; readonly done: number; readonly total: number; readonly label: string }
  | { readonly kind: "done"; readonly profiles: readonly DeviceSpec[]; readonly warnings: readonly string[]; readonly gpu: string }
  | { readonly kind: "error"; readonly message: string };

declare global {
  interface Window {
    /** Shorter measurement runs for tests (merged into the CPU measurement's options). */
    __ridgelineMeasureOptions?: Partial<CpuMeasureOptions>;
  }
}

/**
 * "Measure this device": the library's WebAssembly CPU kernels (on Web Workers sharing one
 * memory when the page is cross-origin isolated, else one thread on the page) and, where
 * the browser has WebGPU, its GPU kernels. The result is a device profile in the catalog's
 * schema, to download or to analyse against.
 */
export function MeasureView({ t, onProfile, added }: { t: T; onProfile: (d: DeviceSpec) => void; added: readonly string[] }): JSX.Element {
  const [st, setSt] = useState<MeasureState>({ kind: "idle" });
  const isolated = typeof crossOriginIsolated !== "undefined" && crossOriginIsolated;
  const threads = isolated ? Math.max(1, Math.min(16, navigator.hardwareConcurrency || 1)) : 1;
  const run = async () => {
    setSt({ kind: "running", done: 0, total: 1, label: "" });
    try {
      const now = () => performance.now();
      const date = new Date().toISOString().slice(0, 10);
      const m = await measureCpu({
        now,
        quick: true,
        threads,
        ...(isolated ? { createWorker: webWorkerFactory(() => new Worker(new URL("./measure-worker.ts", import.meta.url), { type: "module" })) } : {}),
        onProgress: (p) => setSt({ kind: "running", done: p.done, total: p.total, label: p.label }),
        ...(window.__ridgelineMeasureOptions ?? {}),
      });
      const host = { cpuModel: "browser CPU", vendor: "unknown", logicalCpus: navigator.hardwareConcurrency || 1, isa: [], runtime: navigator.userAgent };
      const profiles: DeviceSpec[] = [cpuProfile(m, host, { date, id: "measured-this-cpu", name: t("measure.cpuName", { threads: m.threads }) })];
      const gpuApi = (navigator as unknown as { gpu?: GpuLike }).gpu;
      let gpu = t("measure.noWebGpu");
      if (gpuApi) {
        setSt({ kind: "running", done: 1, total: 1, label: "WebGPU" });
        try {
          const g = await measureWebGpu(gpuApi, { now });
          const prof = gpuProfile(g, { date, runtime: navigator.userAgent, id: "measured-this-gpu", name: t("measure.gpuName") });
          if (prof) {
            profiles.push(prof);
            gpu = "";
          }
        } catch (e) {
          gpu = e instanceof Error ? e.message : String(e);
        }
      }
      setSt({ kind: "done", profiles, warnings: m.warnings, gpu });
    } catch (e) {
      setSt({ kind: "error", message: e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <Panel id="measure" title={t("measure.heading")}>
      <p class="hint">{t(isolated ? "measure.intro" : "measure.introOneThread", { threads })}</p>
      <button type="button" data-testid="measure-button" disabled={st.kind === "running"} onClick={() => void run()}>
        {st.kind === "done" ? t("measure.again") : t("measure.button")}
      </button>
      {st.kind === "running" ? (
        <div class="progress" data-testid="measure-progress">
          <progress max={st.total} value={st.done} aria-label={t("measure.heading")} />
          <span>
            {st.done} / {st.total} {st.label}
          </span>
        </div>
      ) : null}
      {st.kind === "error" ? <p class="msg error" role="alert">{t("measure.error", { message: st.message })}</p> : null}
      {st.kind === "done" ? (
        <div data-testid="measure-result">
          <table class="beforeafter">
            <thead>
              <tr>
                <th scope="col">{t("compare.device")}</th>
                <th scope="col">{t("compare.bandwidth")}</th>
                <th scope="col">{t("measure.peaks")}</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {st.profiles.map((d) => (
                <tr key={d.id} data-testid="measure-profile" data-device={d.id}>
                  <th scope="row">{d.name}</th>
                  <td class="num">{fmtNumber(d.bandwidthGBps.value)} GB/s</td>
                  <td>
                    {Object.entries(d.peakTflops)
                      .flatMap(([k, v]) => (v ? [`${k} ${fmtNumber(v.value * 1000)} G${k.startsWith("int") ? "OP" : "FLOP"}/s`] : []))
                      .join(" · ")}
                  </td>
                  <td>
                    <button type="button" class="small" onClick={() => downloadText(JSON.stringify(d, null, 2) + "\n", `${d.id}.json`)}>
                      {t("measure.download")}
                    </button>{" "}
                    <button type="button" class="small" data-testid="measure-use" disabled={added.includes(d.id)} onClick={() => onProfile(d)}>
                      {t("measure.use")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {st.gpu ? <p class="hint">{t("measure.gpuSkipped", { reason: st.gpu })}</p> : null}
          {st.warnings.length > 0 ? (
            <ul class="notes" lang="en">
              {st.warnings.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </Panel>
  );
}

// ---- notes --------------------------------------------------------------------------

export function NotesView({ results, modelNotes, t }: { results: Results; modelNotes: readonly string[]; t: T }): JSX.Element | null {
  const diags = results.perDevice.flatMap(({ device, analysis }) => analysis.diagnostics.map((d) => ({ ...d, device: device.name })));
  if (diags.length === 0 && modelNotes.length === 0) return null;
  return (
    <Panel id="notes" title={t("notes.heading")}>
      <ul class="notes" data-testid="diagnostics">
        {diags.map((d, i) => {
          const key = `diag.${d.code}`;
          return (
            <li key={i} class={`sev-${d.severity}`} data-code={d.code}>
              <strong>
                {t(`severity.${d.severity}`)} · {hasKey(key) ? t(key) : d.code}
              </strong>{" "}
              <span lang="en">{d.message}</span>
            </li>
          );
        })}
      </ul>
      {modelNotes.length > 0 ? (
        <>
          <h3>{t("notes.model")}</h3>
          <ul class="notes" data-testid="model-notes">
            {modelNotes.map((n, i) => (
              <li key={i} lang="en">
                {n}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Panel>
  );
}

/** The per-op table of one pass: the ops of a layer, then the model-level ops, with totals. */
import type { JSX } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { type Analysis, layerCount, type PhaseAnalysis } from "../../../src/core/index.js";
import { opKey } from "../charts/roofline-geometry.js";
import { fmtBytesSI, fmtCount, fmtIntensity, fmtTime } from "../format.js";
import type { T } from "../i18n/index.js";
import { TABLE_PHASES, type TablePhase } from "../state/state.js";
import { Panel } from "./panel.js";
import { ScrollRegion } from "./scroll-region.js";

type Op = PhaseAnalysis["layerOps"][number];

function OpRow({
  o,
  t,
  phase,
  selected,
  onPick,
}: {
  o: Op;
  t: T;
  phase: TablePhase;
  selected: boolean;
  onPick: (key: string) => void;
}): JSX.Element {
  const key = opKey(phase, o.name);
  return (
    <tr data-testid="op-row" data-op={o.name} data-key={key} class={selected ? "selected" : undefined}>
      <th scope="row">
        <button
          type="button"
          class="link"
          aria-pressed={selected ? "true" : "false"}
          title={t("table.showOnRoofline")}
          onClick={() => onPick(key)}
        >
          {o.name}
        </button>
      </th>
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
      <td title={o.why}>{o.peakUsed ?? "–"}</td>
      <td class="num" data-col="flops" data-value={o.flops}>
        {fmtCount(o.flops)}
      </td>
      <td class="num">{fmtBytesSI(o.bytes.weights)}</td>
      <td class="num">{fmtBytesSI(o.bytes.activations)}</td>
      <td class="num">{fmtBytesSI(o.bytes.kvRead)}</td>
      <td class="num">{fmtBytesSI(o.bytes.kvWrite)}</td>
      <td class="shape" lang="en" translate={false}>
        {o.shape}
      </td>
    </tr>
  );
}

function TotalsRow({
  label,
  tot,
  id,
}: {
  label: string;
  tot: PhaseAnalysis["totals"];
  id: string;
}): JSX.Element {
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

export function OpTableView(p: {
  analysis: Analysis;
  phase: TablePhase;
  onPhase: (p: TablePhase) => void;
  t: T;
  selected: string | null;
  /** Scroll the selected row into view (it was picked on the roofline). */
  reveal: boolean;
  onPick: (key: string) => void;
}): JSX.Element {
  const { t } = p;
  const wrap = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!p.reveal || !p.selected) return;
    const row = wrap.current?.querySelector(`tr[data-key="${CSS.escape(p.selected)}"]`);
    row?.scrollIntoView({ block: "center", behavior: "instant" });
  }, [p.selected, p.reveal, p.phase]);
  const row = (o: Op) => (
    <OpRow
      key={o.name}
      o={o}
      t={t}
      phase={p.phase}
      selected={p.selected === opKey(p.phase, o.name)}
      onPick={p.onPick}
    />
  );
  const pass = p.phase === "prefill" ? p.analysis.prefill : p.analysis.decode;
  const cols = [
    "op",
    "kind",
    "tEst",
    "tBound",
    "bound",
    "intensity",
    "peak",
    "flops",
    "weights",
    "activations",
    "kvRead",
    "kvWrite",
    "shape",
  ] as const;
  return (
    <Panel id="ops" title={t("table.heading")}>
      <div class="tabs" role="radiogroup" aria-label={t("table.phase")}>
        {TABLE_PHASES.map((ph) => (
          <label key={ph} class={`tab${p.phase === ph ? " active" : ""}`}>
            <input
              type="radio"
              name="table-phase"
              value={ph}
              checked={p.phase === ph}
              data-testid={`table-phase-${ph}`}
              onChange={() => p.onPhase(ph)}
            />
            {t(`phase.${ph}`)}
          </label>
        ))}
      </div>
      {pass ? (
        <ScrollRegion label={t("table.heading")} regionRef={wrap}>
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
              {pass.layerOps.map(row)}
              <TotalsRow label={t("table.layerTotal")} tot={pass.layerTotals} id="layer-total" />
              <tr class="group">
                <th colSpan={cols.length} scope="rowgroup">
                  {t("table.model")}
                </th>
              </tr>
              {pass.modelOps.map(row)}
              <TotalsRow label={t("table.modelTotal")} tot={pass.totals} id="model-total" />
            </tbody>
          </table>
        </ScrollRegion>
      ) : (
        <p class="hint">{t("table.noPass")}</p>
      )}
    </Panel>
  );
}

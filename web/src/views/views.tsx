/**
 * The views column: the panels in order, after the summary (shown first, above the
 * controls on a phone). Views that do not depend on the worker's results keep their
 * vnodes when only those arrive (Preact skips them). The roofline and the per-op table
 * share one selected op: picking it in one shows it in the other.
 */

import type { JSX } from "preact";
import { useCallback, useMemo, useState } from "preact/hooks";
import type { T } from "../i18n/index.js";
import type { Results } from "../state/compute.js";
import type { OffloadSetup } from "../state/placement.js";
import { applyFitChange, applyPlacement } from "../state/placement-apply.js";
import { type AppState, MAX_DEVICES, type TablePhase } from "../state/state.js";
import type { FitState } from "../workers/use-fit-results.js";
import type { Slow } from "../workers/use-slow-results.js";
import { AccuracyView } from "./accuracy.js";
import { AdviceView, type Placed } from "./advice.js";
import { BreakdownView } from "./breakdown.js";
import { FitsView } from "./fits.js";
import { MeasureView } from "./measure.js";
import { NotesView } from "./notes.js";
import { OffloadView, useOffload } from "./offload.js";
import { OpTableView } from "./op-table.js";
import { OwnDataView } from "./own-data.js";
import { RooflineView } from "./roofline.js";
import { SplitView } from "./split.js";
import { TimelineView } from "./timeline.js";
import { TradeoffView } from "./tradeoff.js";

interface Selection {
  readonly key: string;
  readonly from: "chart" | "table";
}

export function Views(p: {
  results: Results;
  slow: Slow;
  state: AppState;
  setState: (f: (s: AppState) => AppState) => void;
  t: T;
  width: number;
  /** The host and placement the controls describe, and the trade-off of placements (its own worker). */
  setup: OffloadSetup;
  fit: FitState;
}): JSX.Element {
  const { results, t, width, setState } = p;
  const offload = useOffload(results, p.setup);
  const placedAnalysis = offload !== null && typeof offload !== "string" ? offload : null;
  const placed = useMemo<Placed | null>(
    () =>
      placedAnalysis
        ? {
            host: placedAnalysis.system.host ?? "",
            flags: placedAnalysis.placement.flags,
            onFit: (c) => setState((s) => applyFitChange(s, c)),
          }
        : null,
    [placedAnalysis, setState],
  );
  const layers = results.model.spec.numLayers;
  const onUse = useCallback(
    (best: Parameters<typeof applyPlacement>[1]) => setState((s) => applyPlacement(s, best, layers)),
    [setState, layers],
  );
  const lang = p.state.lang;
  const tablePhase = p.state.tablePhase;
  const modelNotes = p.state.model.kind === "preset" ? null : p.state.model.notes;
  const [sel, setSel] = useState<Selection | null>(null);
  const pickOnChart = useCallback(
    (key: string) => {
      setSel({ key, from: "chart" });
      const phase = key.split(":")[0] as TablePhase;
      setState((s) => (s.tablePhase === phase ? s : { ...s, tablePhase: phase }));
    },
    [setState],
  );
  const pickInTable = useCallback((key: string) => {
    setSel((s) => (s?.key === key ? null : { key, from: "table" }));
    document.querySelector("[data-testid=view-roofline]")?.scrollIntoView({ block: "nearest" });
  }, []);
  const onWeights = useMemo(
    () =>
      p.state.model.kind === "gguf"
        ? null
        : (w: string) => setState((s) => ({ ...s, controls: { ...s.controls, weights: w } })),
    [p.state.model.kind, setState],
  );
  const selected = sel?.key ?? null;
  // Views that do not depend on the slow results keep their vnodes when only those arrive.
  const fast = useMemo(() => {
    const primary = results.perDevice[0];
    if (!primary) return null;
    return (
      <>
        <RooflineView results={results} t={t} width={width} selected={selected} onPick={pickOnChart} />
        <BreakdownView
          results={results}
          analysis={primary.analysis}
          devices={results.perDevice.map((d) => d.device)}
          t={t}
          width={width}
        />
        <OpTableView
          analysis={primary.analysis}
          phase={tablePhase}
          onPhase={(ph) => setState((s) => ({ ...s, tablePhase: ph }))}
          t={t}
          selected={selected}
          reveal={sel?.from === "chart"}
          onPick={pickInTable}
        />
      </>
    );
  }, [results, t, width, tablePhase, setState, selected, sel?.from, pickOnChart, pickInTable]);
  const tail = useMemo(
    () => (
      <>
        <AccuracyView t={t} width={width}>
          <OwnDataView
            t={t}
            primary={results.perDevice[0]?.device}
            model={p.state.model}
            setState={setState}
          />
        </AccuracyView>
        <MeasureView
          t={t}
          added={p.state.devices}
          onProfile={(d) =>
            setState((s) => ({
              ...s,
              customDevices: [...s.customDevices.filter((x) => x.id !== d.id), d],
              devices: [...s.devices.filter((x) => x !== d.id), d.id].slice(-MAX_DEVICES),
            }))
          }
        />
        <NotesView results={results} modelNotes={modelNotes ?? []} t={t} lang={lang} />
      </>
    ),
    [results, modelNotes, t, width, p.state.devices, p.state.model, setState, lang],
  );
  if (!fast) return <p>{t("status.computing")}</p>;
  return (
    <>
      <FitsView results={results} slow={p.slow} t={t} onWeights={onWeights} />
      <OffloadView results={results} setup={p.setup} offload={offload} t={t} lang={lang} />
      <AdviceView results={results} slow={p.slow} t={t} lang={lang} placed={placed} />
      {p.setup.kind === "on" ? (
        <TradeoffView
          results={results}
          fit={p.fit}
          enabled
          chosen={placedAnalysis}
          onUse={onUse}
          t={t}
          width={width}
        />
      ) : null}
      {fast}
      <TimelineView results={results} slow={p.slow} t={t} width={width} />
      <SplitView results={results} t={t} width={width} />
      {tail}
    </>
  );
}

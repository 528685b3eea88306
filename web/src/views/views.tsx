/**
 * The views column: the panels in order. Views that do not depend on the worker's
 * results keep their vnodes when only those arrive (Preact skips them).
 */

import type { JSX } from "preact";
import { useMemo } from "preact/hooks";
import type { T } from "../i18n/index.js";
import type { Results } from "../state/compute.js";
import { type AppState, MAX_DEVICES } from "../state/state.js";
import type { Slow } from "../workers/use-slow-results.js";
import { AccuracyView } from "./accuracy.js";
import { AdviceView } from "./advice.js";
import { BreakdownView } from "./breakdown.js";
import { MeasureView } from "./measure.js";
import { NotesView } from "./notes.js";
import { OpTableView } from "./op-table.js";
import { RooflineView } from "./roofline.js";
import { SummaryView } from "./summary.js";
import { TimelineView } from "./timeline.js";

export function Views(p: {
  results: Results;
  slow: Slow;
  state: AppState;
  setState: (f: (s: AppState) => AppState) => void;
  t: T;
  width: number;
}): JSX.Element {
  const { results, t, width, setState } = p;
  const tablePhase = p.state.tablePhase;
  const modelNotes = p.state.model.kind === "preset" ? null : p.state.model.notes;
  // Views that do not depend on the slow results keep their vnodes when only those arrive.
  const fast = useMemo(() => {
    const primary = results.perDevice[0];
    if (!primary) return null;
    return (
      <>
        <SummaryView results={results} t={t} />
        <RooflineView results={results} t={t} width={width} />
        <BreakdownView
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
        />
      </>
    );
  }, [results, t, width, tablePhase, setState]);
  const tail = useMemo(
    () => (
      <>
        <AccuracyView t={t} width={width} />
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
        <NotesView results={results} modelNotes={modelNotes ?? []} t={t} />
      </>
    ),
    [results, modelNotes, t, width, p.state.devices, setState],
  );
  if (!fast) return <p>{t("status.computing")}</p>;
  return (
    <>
      {fast}
      <TimelineView results={results} slow={p.slow} t={t} width={width} />
      <AdviceView results={results} slow={p.slow} t={t} />
      {tail}
    </>
  );
}

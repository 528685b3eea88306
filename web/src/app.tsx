/**
 * The app: controls on one side, views on the other, one state object in between.
 *
 * UI library: Preact (4 kB, React's component model and hooks, typed JSX checked by tsc
 * like the rest of the code). The views are mostly tables and text that change together
 * on every control change; a virtual DOM keeps those updates small without hand-written
 * DOM bookkeeping, and charts (Observable Plot) are mounted into refs.
 */

import type { JSX } from "preact";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import { CalibrationControls } from "./controls/calibration-controls.js";
import { DeviceControls } from "./controls/device-controls.js";
import { type FileStatus, ModelControls } from "./controls/model-controls.js";
import { PlacementControls } from "./controls/placement-controls.js";
import { ShareButton } from "./controls/share-button.js";
import { WorkloadControls } from "./controls/workload-controls.js";
import { fmtBytes, setFormatLang } from "./format.js";
import { translator } from "./i18n/index.js";
import {
  computeResults,
  type FieldError,
  fallbackWorkload,
  type Results,
  resolveDevices,
  resolveModel,
  workloadOf,
} from "./state/compute.js";
import { ggufWeightsLabel, loadModelFile } from "./state/model-files.js";
import { type OffloadSetup, offloadSetup, type PlacementState } from "./state/placement.js";
import { type AppState, type Controls, LANGS, type Lang } from "./state/state.js";
import type { UrlWarning } from "./state/url-state.js";
import { useUrlSync } from "./state/use-url-sync.js";
import { Messages } from "./views/messages.js";
import { SummaryView } from "./views/summary.js";
import { Views } from "./views/views.js";
import { useFitResults } from "./workers/use-fit-results.js";
import { useSlowResults } from "./workers/use-slow-results.js";

declare global {
  interface Window {
    /** Timings read by the benchmark (npm run bench:web). */
    __ridgeline?: RenderStats;
  }
}

type RenderStats = { lastRenderMs: number; renders: number; computeMs?: number; chartMs?: number };

/** The benchmark's timings on `window`, created on first use. */
function renderStats(): RenderStats {
  if (!window.__ridgeline) window.__ridgeline = { lastRenderMs: 0, renders: 0 };
  return window.__ridgeline;
}

export function App(props: { initial: AppState; warnings: readonly UrlWarning[] }): JSX.Element {
  const [state, setStateRaw] = useState<AppState>(props.initial);
  const [warnings, setWarnings] = useState<readonly UrlWarning[]>(props.warnings);
  const [fileStatus, setFileStatus] = useState<FileStatus>({ kind: "idle" });
  const changedAt = useRef(performance.now());
  const statusRef = useRef<HTMLSpanElement>(null);

  const setState = useCallback((f: (s: AppState) => AppState) => {
    changedAt.current = performance.now();
    setStateRaw(f);
  }, []);
  const setControl = useCallback(
    <K extends keyof Controls>(k: K, v: Controls[K]) =>
      setState((s) => ({ ...s, controls: { ...s.controls, [k]: v } })),
    [setState],
  );

  const t = useMemo(() => {
    setFormatLang(state.lang);
    return translator(state.lang);
  }, [state.lang]);
  useEffect(() => {
    document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
    document.title = `Ridgeline · ${t("app.tagline")}`;
  }, [state.lang, t]);

  // ---- derived: the library's inputs and results ----
  const model = useMemo(() => resolveModel(state.model), [state.model]);
  const devices = useMemo(
    () => resolveDevices(state.devices, state.customDevices),
    [state.devices, state.customDevices],
  );
  const wl = useMemo(
    () => workloadOf(state.controls, state.model.kind === "gguf"),
    [state.controls, state.model.kind],
  );
  const fresh = useMemo<Results | null>(() => {
    const t0 = performance.now();
    const r =
      model && devices.length > 0 && wl.workload && wl.generate !== null
        ? computeResults(model, devices, wl.workload, wl.generate, state.calibration)
        : null;
    const rl = renderStats();
    rl.computeMs = performance.now() - t0;
    rl.chartMs = 0;
    return r;
  }, [model, devices, wl, state.calibration]);
  // An invalid input keeps the last valid result; with none yet (a link with a bad value), the defaults stand in for the bad fields.
  const lastGood = useRef<Results | null>(null);
  if (fresh) lastGood.current = fresh;
  else if (!lastGood.current && model && devices.length > 0) {
    const fb = fallbackWorkload(state.controls, state.model.kind === "gguf");
    if (fb.workload && fb.generate !== null)
      lastGood.current = computeResults(model, devices, fb.workload, fb.generate, state.calibration);
  }
  const results = fresh ?? lastGood.current;
  const slow = useSlowResults(results, state.model, state.placement);
  // A host beside the primary GPU: the placement's inputs, and the trade-off of placements (its own worker).
  const setup = useMemo<OffloadSetup>(
    () => (devices[0] ? offloadSetup(state.placement, devices[0]) : { kind: "off" }),
    [state.placement, devices],
  );
  const fit = useFitResults(results, state.model, state.placement, setup.kind === "on");
  const setPlacement = useCallback(
    (f: (p: PlacementState) => PlacementState) => setState((s) => ({ ...s, placement: f(s.placement) })),
    [setState],
  );

  // ---- the URL follows the state; a pasted link replaces it ----
  const onLink = useCallback(
    (s: AppState, w: readonly UrlWarning[]) => {
      // The calibration is not in links (see state/calibration.ts): a pasted link keeps it.
      setState((old) => (old.calibration ? { ...s, calibration: old.calibration } : s));
      setWarnings(w);
      setFileStatus({ kind: "idle" });
    },
    [setState],
  );
  useUrlSync(state, onLink);

  // ---- render timing (children's layout effects, charts included, have run before this one) ----
  useLayoutEffect(() => {
    const ms = performance.now() - changedAt.current;
    const r = renderStats();
    r.lastRenderMs = ms;
    r.renders++;
    if (statusRef.current) statusRef.current.textContent = t("status.renderMs", { ms: ms.toFixed(1) });
  });

  // ---- width of the views column, for the charts ----
  const viewsRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  useLayoutEffect(() => {
    const el = viewsRef.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(280, Math.floor(el.clientWidth)));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const onFile = useCallback(
    async (file: File) => {
      setFileStatus({ kind: "loading", file: file.name });
      try {
        const { source, bytesRead } = await loadModelFile(file);
        setState((s) => ({ ...s, model: source }));
        const sizes = { bytesRead, fileSize: file.size };
        setFileStatus(
          source.kind === "gguf"
            ? {
                kind: "loaded",
                key: "model.loadedGguf",
                params: { file: file.name, read: fmtBytes(bytesRead), size: fmtBytes(file.size) },
                ...sizes,
              }
            : {
                kind: "loaded",
                key: "model.loadedConfig",
                params: { file: file.name, family: source.spec.family },
                ...sizes,
              },
        );
      } catch (e) {
        setFileStatus({
          kind: "error",
          file: file.name,
          message: e instanceof Error ? e.message : String(e),
        });
      }
    },
    [setState],
  );

  // Sections that do not depend on the workload are kept as the same vnodes (Preact skips them).
  const modelControls = useMemo(
    () => (
      <ModelControls model={state.model} setState={setState} t={t} fileStatus={fileStatus} onFile={onFile} />
    ),
    [state.model, setState, t, fileStatus, onFile],
  );
  const deviceControls = useMemo(
    () => <DeviceControls devices={state.devices} custom={state.customDevices} setState={setState} t={t} />,
    [state.devices, state.customDevices, setState, t],
  );
  const errors = wl.errors;
  const ggufWeights = state.model.kind === "gguf" ? ggufWeightsLabel(state.model) : null;
  const errorOf = (f: FieldError["field"]) => errors.find((e) => e.field === f);

  return (
    <div class="app">
      <header class="top">
        <div class="brand">
          <h1>{t("app.title")}</h1>
          <p class="tagline">{t("app.tagline")}</p>
        </div>
        <div class="top-actions">
          <label class="inline">
            <span>{t("lang.label")}</span>
            <select
              id="lang"
              data-testid="lang"
              value={state.lang}
              onChange={(e) => setState((s) => ({ ...s, lang: e.currentTarget.value as Lang }))}
            >
              {LANGS.map((l) => (
                <option value={l} key={l}>
                  {l === "en" ? "English" : "简体中文"}
                </option>
              ))}
            </select>
          </label>
          <ShareButton t={t} state={state} />
        </div>
      </header>
      {/* The answer first (above the controls on a phone), then the inputs, then the details. */}
      <main class="layout">
        <div class="answer" ref={viewsRef}>
          <Messages
            t={t}
            warnings={warnings}
            stale={!fresh && results !== null}
            onDismiss={() => setWarnings([])}
          />
          {results ? (
            <SummaryView results={results} t={t} lang={state.lang} />
          ) : (
            <p role="status">{t("status.computing")}</p>
          )}
        </div>
        <section class="controls" aria-labelledby="controls-h">
          <h2 class="visually-hidden" id="controls-h">
            {t("controls.heading")}
          </h2>
          {modelControls}
          {deviceControls}
          <PlacementControls
            placement={state.placement}
            setPlacement={setPlacement}
            setup={setup}
            model={model?.spec ?? null}
            t={t}
          />
          <CalibrationControls state={state} setState={setState} t={t} />
          <WorkloadControls
            state={state}
            setControl={setControl}
            t={t}
            errorOf={errorOf}
            ggufWeights={ggufWeights}
          />
        </section>
        <div class="views">
          {results ? (
            <Views
              results={results}
              slow={slow}
              state={state}
              setState={setState}
              t={t}
              width={width}
              setup={setup}
              fit={fit}
            />
          ) : null}
          <footer class="foot">
            <span>{t("app.privacy")}</span> <span ref={statusRef} data-testid="render-status" />
          </footer>
        </div>
      </main>
    </div>
  );
}

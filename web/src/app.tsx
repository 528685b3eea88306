/**
 * The app: controls on one side, views on the other, one state object in between.
 *
 * UI library: Preact (4 kB, React's component model and hooks, typed JSX checked by tsc
 * like the rest of the code). The views are mostly tables and text that change together
 * on every control change; a virtual DOM keeps those updates small without hand-written
 * DOM bookkeeping, and charts (Observable Plot) are mounted into refs.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import type { ComponentChildren, JSX } from "preact";
import { BUILTIN_DEVICES, BUILTIN_MODELS, countParams, FORMAT_NAMES, FORMATS, RECIPE_NAMES, type Analysis, type DeviceSpec } from "../../src/core/index.js";
import { AccuracyView, AdviceView, BreakdownView, MeasureView, NotesView, OpTableView, RooflineView, SummaryView, TimelineView } from "./views.js";
import { computeResults, computeSlow, resolveDevices, resolveModel, workloadOf, type FieldError, type Results, type SlowResults } from "./compute.js";
import type { SlowRequest, SlowResponse } from "./worker.js";
import { translator, type MessageKey, type T } from "./i18n.js";
import { loadModelFile } from "./model-files.js";
import {
  ATTENTION_CHOICES,
  DEFAULT_DEVICE_ID,
  DEFAULT_MODEL_ID,
  LANGS,
  MAX_DEVICES,
  PHASE_CHOICES,
  SPARSITY_CHOICES,
  modelKey,
  type AppState,
  type Controls,
  type Lang,
  type ModelSource,
} from "./state.js";
import { decodeState, encodeState, type UrlWarning } from "./url-state.js";
import { fmtBytes, fmtNumber } from "./format.js";

declare global {
  interface Window {
    /** Timings read by the benchmark (npm run bench:web). */
    __ridgeline?: { lastRenderMs: number; renders: number; computeMs?: number; chartMs?: number };
  }
}

const SCALAR_FORMATS = FORMAT_NAMES.filter((f) => FORMATS[f].kind !== "gguf");
const BLOCK_FORMATS = FORMAT_NAMES.filter((f) => FORMATS[f].kind === "gguf");
const MIX_RECIPES = [...new Set(RECIPE_NAMES)].filter((r) => !(FORMAT_NAMES as readonly string[]).includes(r));
const DEVICES_BY_VENDOR = (() => {
  const m = new Map<string, DeviceSpec[]>();
  for (const d of BUILTIN_DEVICES) {
    const list = m.get(d.vendor);
    if (list) list.push(d);
    else m.set(d.vendor, [d]);
  }
  return [...m.entries()].sort((a, b) => a[0].localeCompare(b[0]));
})();

export const knownModel = (id: string): boolean => BUILTIN_MODELS.some((m) => m.id === id);
export const knownDevice = (id: string): boolean => BUILTIN_DEVICES.some((d) => d.id === id);

/** How long the state must rest before the URL follows it. */
const URL_DEBOUNCE_MS = 250;

type FileStatus =
  | { readonly kind: "idle" }
  | { readonly kind: "loading"; readonly file: string }
  | { readonly kind: "error"; readonly file: string; readonly message: string }
  | { readonly kind: "loaded"; readonly key: MessageKey; readonly params: Readonly<Record<string, string>>; readonly bytesRead: number; readonly fileSize: number };

export function App(props: { initial: AppState; warnings: readonly UrlWarning[] }): JSX.Element {
  const [state, setStateRaw] = useState<AppState>(props.initial);
  const [warnings, setWarnings] = useState<readonly UrlWarning[]>(props.warnings);
  const [fileStatus, setFileStatus] = useState<FileStatus>({ kind: "idle" });
  const changedAt = useRef(performance.now());
  const statusRef = useRef<HTMLSpanElement>(null);
  const lastHash = useRef<string>(location.hash);

  const setState = useCallback((f: (s: AppState) => AppState) => {
    changedAt.current = performance.now();
    setStateRaw(f);
  }, []);
  const setControl = useCallback(<K extends keyof Controls>(k: K, v: Controls[K]) => setState((s) => ({ ...s, controls: { ...s.controls, [k]: v } })), [setState]);

  const t = useMemo(() => translator(state.lang), [state.lang]);
  useEffect(() => {
    document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
    document.title = `Ridgeline · ${t("app.tagline")}`;
  }, [state.lang, t]);

  // ---- derived: the library's inputs and results ----
  const model = useMemo(() => resolveModel(state.model), [state.model]);
  const devices = useMemo(() => resolveDevices(state.devices, state.customDevices), [state.devices, state.customDevices]);
  const wl = useMemo(() => workloadOf(state.controls, state.model.kind === "gguf"), [state.controls, state.model.kind]);
  const fresh = useMemo<Results | null>(() => {
    const t0 = performance.now();
    const r = model && devices.length > 0 && wl.workload && wl.generate !== null ? computeResults(model, devices, wl.workload, wl.generate) : null;
    const rl = (window.__ridgeline ??= { lastRenderMs: 0, renders: 0 });
    rl.computeMs = performance.now() - t0;
    rl.chartMs = 0;
    return r;
  }, [model, devices, wl]);
  const lastGood = useRef<Results | null>(null);
  if (fresh) lastGood.current = fresh;
  const results = fresh ?? lastGood.current;
  const slow = useSlowResults(fresh, state.model);

  // ---- the URL follows the state; a pasted link replaces it ----
  useEffect(() => {
    // Debounced: replaceState costs a few ms, and typing in a number field changes the state per key.
    let stale = false;
    const h = setTimeout(() => {
      void encodeState(state).then((hash) => {
        if (stale || hash === location.hash) return;
        lastHash.current = hash;
        history.replaceState(null, "", hash);
      });
    }, URL_DEBOUNCE_MS);
    return () => {
      stale = true;
      clearTimeout(h);
    };
  }, [state]);
  useEffect(() => {
    const onHash = () => {
      if (location.hash === lastHash.current) return;
      lastHash.current = location.hash;
      void decodeState(location.hash, knownModel, knownDevice).then(({ state: s, warnings: w }) => {
        setState(() => s);
        setWarnings(w);
        setFileStatus({ kind: "idle" });
      });
    };
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, [setState]);

  // ---- render timing (children's layout effects, charts included, have run before this one) ----
  useLayoutEffect(() => {
    const ms = performance.now() - changedAt.current;
    const r = (window.__ridgeline ??= { lastRenderMs: 0, renders: 0 });
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
            ? { kind: "loaded", key: "model.loadedGguf", params: { file: file.name, read: fmtBytes(bytesRead), size: fmtBytes(file.size) }, ...sizes }
            : { kind: "loaded", key: "model.loadedConfig", params: { file: file.name, family: source.spec.family }, ...sizes },
        );
      } catch (e) {
        setFileStatus({ kind: "error", file: file.name, message: e instanceof Error ? e.message : String(e) });
      }
    },
    [setState],
  );

  // Sections that do not depend on the workload are kept as the same vnodes (Preact skips them).
  const modelControls = useMemo(
    () => <ModelControls model={state.model} setState={setState} t={t} fileStatus={fileStatus} onFile={onFile} />,
    [state.model, setState, t, fileStatus, onFile],
  );
  const deviceControls = useMemo(
    () => <DeviceControls devices={state.devices} custom={state.customDevices} setState={setState} t={t} />,
    [state.devices, state.customDevices, setState, t],
  );
  const errors = wl.errors;
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
            <select id="lang" data-testid="lang" value={state.lang} onChange={(e) => setState((s) => ({ ...s, lang: e.currentTarget.value as Lang }))}>
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
      <div class="layout">
        <aside class="controls" aria-label={t("controls.heading")}>
          <h2 class="visually-hidden">{t("controls.heading")}</h2>
          {modelControls}
          {deviceControls}
          <WorkloadControls state={state} setControl={setControl} t={t} errorOf={errorOf} ggufWeights={state.model.kind === "gguf"} />
        </aside>
        <main class="views" ref={viewsRef}>
          <Messages t={t} warnings={warnings} stale={!fresh && results !== null} onDismiss={() => setWarnings([])} />
          {results ? (
            <Views results={results} slow={slow} state={state} setState={setState} t={t} width={width} />
          ) : (
            <p role="status">{t("status.computing")}</p>
          )}
          <footer class="foot">
            <span>{t("app.privacy")}</span> <span ref={statusRef} data-testid="render-status" />
          </footer>
        </main>
      </div>
    </div>
  );
}

function Views(p: { results: Results; slow: Slow; state: AppState; setState: (f: (s: AppState) => AppState) => void; t: T; width: number }): JSX.Element {
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
        <BreakdownView analysis={primary.analysis} devices={results.perDevice.map((d) => d.device)} t={t} width={width} />
        <OpTableView analysis={primary.analysis} phase={tablePhase} onPhase={(ph) => setState((s) => ({ ...s, tablePhase: ph }))} t={t} />
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

/** The slow results (timelines, advice) and whether they are behind the current inputs. */
export interface Slow {
  readonly data: SlowResults | null;
  readonly pending: boolean;
  readonly error: string | null;
}

function startWorker(): Worker | null {
  try {
    return new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
  } catch {
    return null;
  }
}

/**
 * Run the slow part of an update in a worker, newest inputs first: while one request
 * runs, later ones replace each other and only the last is sent when it returns.
 */
function useSlowResults(fresh: Results | null, model: ModelSource): Slow {
  const [slow, setSlow] = useState<{ for: Results | null; data: SlowResults | null; error: string | null }>({ for: null, data: null, error: null });
  const latest = useRef(0);
  const latestFor = useRef<Results | null>(null);
  const busy = useRef(false);
  const queued = useRef<SlowRequest | null>(null);
  const worker = useMemo(() => startWorker(), []);
  useEffect(() => {
    if (!worker) return;
    worker.onmessage = (e: MessageEvent<SlowResponse>) => {
      const r = e.data;
      busy.current = false;
      const next = queued.current;
      queued.current = null;
      if (next) {
        busy.current = true;
        worker.postMessage(next);
      }
      if (r.id !== latest.current) return;
      const f = latestFor.current;
      setSlow("results" in r ? { for: f, data: r.results, error: null } : { for: f, data: null, error: r.error });
    };
    worker.onerror = (e) => {
      busy.current = false;
      setSlow((s) => ({ for: latestFor.current, data: s.data, error: e.message || "worker failed" }));
    };
    return () => worker.terminate();
  }, [worker]);
  useEffect(() => {
    if (!fresh) return;
    const id = ++latest.current;
    latestFor.current = fresh;
    if (!worker) {
      // No worker: compute after this frame, on the main thread.
      const h = setTimeout(() => {
        if (id !== latest.current) return;
        const ds = fresh.perDevice.map((d) => d.device);
        setSlow({ for: fresh, data: computeSlow(fresh.model, ds, fresh.workload, fresh.generate), error: null });
      }, 0);
      return () => clearTimeout(h);
    }
    const req: SlowRequest = {
      id,
      model:
        model.kind === "preset"
          ? { kind: "preset", id: model.id }
          : { kind: "custom", key: modelKey(model), spec: model.spec, ...(model.kind === "gguf" ? { weights: model.weights } : {}) },
      devices: fresh.perDevice.map((d) => (BUILTIN_DEVICES.includes(d.device) ? d.device.id : d.device)),
      workload: fresh.workload,
      generate: fresh.generate,
    };
    if (busy.current) queued.current = req;
    else {
      busy.current = true;
      worker.postMessage(req);
    }
    return undefined;
    // `model` is an input of `fresh`, which changes with it.
  }, [fresh, worker]);
  return { data: slow.data, pending: fresh !== null && slow.for !== fresh, error: slow.error };
}

function ShareButton({ t, state }: { t: T; state: AppState }): JSX.Element {
  const [copied, setCopied] = useState<"no" | "yes" | "manual">("no");
  const copy = async () => {
    // The URL follows the state with a short delay: encode the current state now.
    const url = location.href.replace(/#.*$/, "") + (await encodeState(state));
    history.replaceState(null, "", url);
    try {
      await navigator.clipboard.writeText(url);
      setCopied("yes");
    } catch {
      setCopied("manual");
    }
    setTimeout(() => setCopied("no"), 4000);
  };
  return (
    <span class="share">
      <button type="button" data-testid="copy-link" onClick={() => void copy()}>
        {copied === "yes" ? t("share.copied") : t("share.copy")}
      </button>
      {copied === "manual" ? (
        <label class="inline">
          <span>{t("share.manual")}</span>
          <input readOnly value={location.href} onFocus={(e) => e.currentTarget.select()} autoFocus />
        </label>
      ) : null}
    </span>
  );
}

function Messages(p: { t: T; warnings: readonly UrlWarning[]; stale: boolean; onDismiss: () => void }): JSX.Element | null {
  if (p.warnings.length === 0 && !p.stale) return null;
  return (
    <div class="messages">
      {p.stale ? (
        <p class="msg warn" role="alert" data-testid="stale">
          {p.t("err.stale")}
        </p>
      ) : null}
      {p.warnings.length > 0 ? (
        <div class="msg info" role="status" data-testid="url-warnings">
          <ul>
            {p.warnings.map((w, i) => (
              <li key={i}>{p.t(w.key, w.params)}</li>
            ))}
          </ul>
          <button type="button" class="small" onClick={p.onDismiss}>
            ×
          </button>
        </div>
      ) : null}
    </div>
  );
}

function Section(p: { id: string; title: string; children: ComponentChildren }): JSX.Element {
  return (
    <section class="panel" aria-labelledby={`${p.id}-h`} data-testid={`controls-${p.id}`}>
      <h3 id={`${p.id}-h`}>{p.title}</h3>
      {p.children}
    </section>
  );
}

function ModelControls(p: {
  model: ModelSource;
  setState: (f: (s: AppState) => AppState) => void;
  t: T;
  fileStatus: FileStatus;
  onFile: (f: File) => Promise<void>;
}): JSX.Element {
  const { t } = p;
  const [dragging, setDragging] = useState(false);
  const m = p.model;
  const spec = resolveModel(m)?.spec;
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const f = e.dataTransfer?.files[0];
    if (f) void p.onFile(f);
  };
  return (
    <Section id="model" title={t("model.heading")}>
      <div class="field">
        <label for="model">{t("model.preset")}</label>
        <select
          id="model"
          data-testid="model"
          value={m.kind === "preset" ? m.id : "__file"}
          onChange={(e) => {
            const id = e.currentTarget.value;
            if (id !== "__file") p.setState((s) => ({ ...s, model: { kind: "preset", id } }));
          }}
        >
          {m.kind !== "preset" ? <option value="__file">{t("model.fromFile", { name: m.spec.name, file: m.fileName })}</option> : null}
          {BUILTIN_MODELS.map((x) => (
            <option value={x.id} key={x.id}>
              {x.name}
            </option>
          ))}
        </select>
      </div>
      <div
        class={`drop${dragging ? " dragging" : ""}`}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <span class="drop-title" id="model-file-title">
          {t("model.file")}
        </span>
        {/* The native input stays focusable and labelled; its browser-language text is replaced by our label. */}
        <label class="file-button">
          <input
            id="model-file"
            data-testid="model-file"
            type="file"
            class="visually-hidden"
            accept=".json,.gguf,application/json"
            aria-labelledby="model-file-title"
            aria-describedby="model-file-status"
            onChange={(e) => {
              const input = e.currentTarget;
              const f = input.files?.[0];
              if (f) void p.onFile(f).finally(() => (input.value = ""));
            }}
          />
          {t("model.choose")}
        </label>
        <span class="hint">{t("model.drop")}</span>
      </div>
      <div id="model-file-status" aria-live="polite">
        {p.fileStatus.kind === "loading" ? <p class="hint">{t("model.loading", { file: p.fileStatus.file })}</p> : null}
        {p.fileStatus.kind === "error" ? (
          <p class="msg error" role="alert" data-testid="file-error">
            {t("model.fileError", { file: p.fileStatus.file, message: p.fileStatus.message })}
          </p>
        ) : null}
        {p.fileStatus.kind === "loaded" ? (
          <p class="hint" data-testid="file-loaded" data-bytes-read={p.fileStatus.bytesRead} data-file-size={p.fileStatus.fileSize}>
            {t(p.fileStatus.key, p.fileStatus.params)}
          </p>
        ) : null}
      </div>
      {spec ? <ModelSummary spec={spec} t={t} /> : null}
    </Section>
  );
}

function ModelSummary({ spec, t }: { spec: NonNullable<ReturnType<typeof resolveModel>>["spec"]; t: T }): JSX.Element {
  // Counted from the architecture (as the analysis does), so a dropped file has it too.
  const params = useMemo(() => countParams(spec), [spec]);
  return (
    <p class="hint" data-testid="model-summary">
      {t("model.summary", {
        params: fmtParams(params.total),
        layers: spec.numLayers,
        hidden: spec.hiddenSize,
        heads: spec.numHeads,
        kvHeads: spec.numKvHeads,
      })}
      {params.active !== params.total ? ` · ${t("model.activeParams", { active: fmtParams(params.active) })}` : ""}
    </p>
  );
}

const fmtParams = (n: number) => (n >= 1e9 ? `${fmtNumber(n / 1e9)}B` : `${fmtNumber(n / 1e6)}M`);

function DeviceSelect(p: {
  id: string;
  value: string;
  exclude: readonly string[];
  onChange: (id: string) => void;
  testid: string;
  describedBy?: string;
  custom: readonly DeviceSpec[];
  customLabel: string;
}): JSX.Element {
  const groups: [string, readonly DeviceSpec[]][] = p.custom.length ? [[p.customLabel, p.custom], ...DEVICES_BY_VENDOR] : DEVICES_BY_VENDOR;
  return (
    <select id={p.id} data-testid={p.testid} value={p.value} onChange={(e) => p.onChange(e.currentTarget.value)} aria-describedby={p.describedBy}>
      {groups.map(([vendor, list]) => (
        <optgroup label={vendor} key={vendor}>
          {list
            .filter((d) => d.id === p.value || !p.exclude.includes(d.id))
            .map((d) => (
              <option value={d.id} key={d.id}>
                {d.name}
              </option>
            ))}
        </optgroup>
      ))}
    </select>
  );
}

function DeviceControls(p: { devices: readonly string[]; custom: readonly DeviceSpec[]; setState: (f: (s: AppState) => AppState) => void; t: T }): JSX.Element {
  const { t } = p;
  const ids = p.devices;
  const custom = { custom: p.custom, customLabel: t("device.measured") };
  const primary = ids[0] ?? DEFAULT_DEVICE_ID;
  const firstFree = BUILTIN_DEVICES.find((d) => !ids.includes(d.id))?.id ?? "";
  const [pick, setPick] = useState(firstFree);
  const pickValue = ids.includes(pick) || pick === "" ? firstFree : pick;
  const find = (id: string) => p.custom.find((d) => d.id === id) ?? BUILTIN_DEVICES.find((d) => d.id === id);
  const name = (id: string) => find(id)?.name ?? id;
  const primarySpec = find(primary);
  return (
    <Section id="devices" title={t("device.heading")}>
      <div class="field">
        <label for="device">{t("device.label")}</label>
        <DeviceSelect
          id="device"
          testid="device"
          value={primary}
          exclude={ids}
          describedBy="device-summary"
          {...custom}
          onChange={(id) => p.setState((s) => ({ ...s, devices: [id, ...s.devices.slice(1).filter((x) => x !== id)] }))}
        />
        {primarySpec ? (
          <span class="hint" id="device-summary">
            {t("device.summary", { bw: primarySpec.bandwidthGBps.value, mem: primarySpec.memoryGiB ? `${primarySpec.memoryGiB.value} GiB` : t("device.memUnknown") })}
          </span>
        ) : null}
      </div>
      {ids.length > 1 ? (
        <ul class="chips" data-testid="compared-devices">
          {ids.slice(1).map((id) => (
            <li key={id} class="chip">
              <span>{name(id)}</span>
              <button
                type="button"
                class="small"
                aria-label={t("device.makePrimary", { name: name(id) })}
                title={t("device.makePrimary", { name: name(id) })}
                onClick={() => p.setState((s) => ({ ...s, devices: [id, ...s.devices.filter((x) => x !== id)] }))}
              >
                ↑
              </button>
              <button
                type="button"
                class="small"
                aria-label={t("device.remove", { name: name(id) })}
                title={t("device.remove", { name: name(id) })}
                onClick={() => p.setState((s) => ({ ...s, devices: s.devices.filter((x) => x !== id) }))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {ids.length < MAX_DEVICES ? (
        <div class="field">
          <label for="device-add">{t("device.compare")}</label>
          <div class="row">
            <DeviceSelect id="device-add" testid="device-add" value={pickValue} exclude={ids} onChange={setPick} {...custom} />
            <button
              type="button"
              data-testid="device-add-button"
              onClick={() => {
                if (pickValue && !ids.includes(pickValue)) p.setState((s) => ({ ...s, devices: [...s.devices, pickValue].slice(0, MAX_DEVICES) }));
              }}
            >
              {t("device.add")}
            </button>
          </div>
        </div>
      ) : (
        <p class="hint">{t("device.max", { n: MAX_DEVICES })}</p>
      )}
    </Section>
  );
}

function NumberField(p: {
  id: keyof Controls;
  label: string;
  value: string;
  onInput: (v: string) => void;
  error: FieldError | undefined;
  t: T;
  hint?: string | undefined;
  placeholder?: string;
  inputMode?: "numeric" | "decimal";
}): JSX.Element {
  const err = p.error ? p.t(p.error.key, p.error.params) : null;
  const describedBy = [p.hint ? `${p.id}-hint` : "", err ? `${p.id}-err` : ""].filter(Boolean).join(" ");
  return (
    <div class={`field${err ? " invalid" : ""}`}>
      <label for={`ctl-${p.id}`}>{p.label}</label>
      <input
        id={`ctl-${p.id}`}
        data-testid={`ctl-${p.id}`}
        type="text"
        inputMode={p.inputMode ?? "numeric"}
        value={p.value}
        placeholder={p.placeholder}
        aria-invalid={err ? "true" : "false"}
        aria-describedby={describedBy || undefined}
        onInput={(e) => p.onInput(e.currentTarget.value)}
      />
      {p.hint ? (
        <span class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </span>
      ) : null}
      {err ? (
        <span class="field-error" id={`${p.id}-err`} role="alert" data-testid={`err-${p.id}`}>
          {err}
        </span>
      ) : null}
    </div>
  );
}

function SelectField<V extends string>(p: {
  id: keyof Controls;
  label: string;
  value: V;
  options: readonly { value: V; label: string }[] | readonly { group: string; options: readonly { value: V; label: string }[] }[];
  onChange: (v: V) => void;
  disabled?: boolean;
  hint?: string | undefined;
}): JSX.Element {
  const opts = p.options as readonly ({ value: V; label: string } | { group: string; options: readonly { value: V; label: string }[] })[];
  const children = useMemo(
    () =>
      opts.map((o) =>
        "group" in o ? (
          <optgroup label={o.group} key={o.group}>
            {o.options.map((x) => (
              <option value={x.value} key={x.value}>
                {x.label}
              </option>
            ))}
          </optgroup>
        ) : (
          <option value={o.value} key={o.value}>
            {o.label}
          </option>
        ),
      ),
    [opts],
  );
  return (
    <div class="field">
      <label for={`ctl-${p.id}`}>{p.label}</label>
      <select
        id={`ctl-${p.id}`}
        data-testid={`ctl-${p.id}`}
        value={p.value}
        disabled={p.disabled}
        aria-describedby={p.hint ? `${p.id}-hint` : undefined}
        onChange={(e) => p.onChange(e.currentTarget.value as V)}
      >
        {children}
      </select>
      {p.hint ? (
        <span class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </span>
      ) : null}
    </div>
  );
}

const plain = (list: readonly string[]) => list.map((v) => ({ value: v, label: v }));

/** Option lists of the workload selects, built once per language. */
function optionLists(t: T) {
  return {
    phase: PHASE_CHOICES.map((v) => ({ value: v, label: t(`phase.${v}`) })),
    weights: [
      { group: t("group.scalar"), options: plain(SCALAR_FORMATS) },
      { group: t("group.mix"), options: plain(MIX_RECIPES) },
      { group: t("group.gguf"), options: plain(BLOCK_FORMATS) },
    ],
    activations: plain(SCALAR_FORMATS),
    kv: [
      { group: t("group.scalar"), options: plain(SCALAR_FORMATS) },
      { group: t("group.gguf"), options: plain(BLOCK_FORMATS) },
    ],
    attention: ATTENTION_CHOICES.map((v) => ({ value: v, label: t(`attention.${v}`) })),
    sparsity: SPARSITY_CHOICES.map((v) => ({ value: v, label: t(`sparsity.${v}`) })),
  };
}

function WorkloadControls(p: {
  state: AppState;
  setControl: <K extends keyof Controls>(k: K, v: Controls[K]) => void;
  t: T;
  errorOf: (f: FieldError["field"]) => FieldError | undefined;
  ggufWeights: boolean;
}): JSX.Element {
  const { t, setControl } = p;
  const c = p.state.controls;
  const o = useMemo(() => optionLists(t), [t]);
  return (
    <Section id="workload" title={t("workload.heading")}>
      <SelectField id="phase" label={t("workload.phase")} value={c.phase} options={o.phase} onChange={(v) => setControl("phase", v)} />
      <div class="grid2">
        <NumberField id="prompt" label={t("workload.prompt")} value={c.prompt} onInput={(v) => setControl("prompt", v)} error={p.errorOf("prompt")} t={t} />
        <NumberField id="generate" label={t("workload.generate")} value={c.generate} onInput={(v) => setControl("generate", v)} error={p.errorOf("generate")} t={t} />
        <NumberField
          id="context"
          label={t("workload.context")}
          value={c.context}
          placeholder={c.prompt}
          hint={t("workload.contextHint")}
          onInput={(v) => setControl("context", v)}
          error={p.errorOf("context")}
          t={t}
        />
        <NumberField id="batch" label={t("workload.batch")} value={c.batch} onInput={(v) => setControl("batch", v)} error={p.errorOf("batch")} t={t} />
      </div>
      <SelectField
        id="weights"
        label={t("workload.weights")}
        value={c.weights}
        disabled={p.ggufWeights}
        hint={p.ggufWeights ? t("workload.weightsFromFile") : undefined}
        options={o.weights}
        onChange={(v) => setControl("weights", v)}
      />
      <div class="grid2">
        <SelectField id="activations" label={t("workload.activations")} value={c.activations} options={o.activations} onChange={(v) => setControl("activations", v)} />
        <SelectField
          id="kv"
          label={t("workload.kv")}
          value={c.kv}
          options={o.kv}
          onChange={(v) => setControl("kv", v)}
        />
      </div>
      <SelectField
        id="attention"
        label={t("workload.attention")}
        value={c.attention}
        options={o.attention}
        onChange={(v) => setControl("attention", v)}
      />
      <div class="grid2">
        <SelectField
          id="sparsity"
          label={t("workload.sparsity")}
          value={c.sparsity}
          options={o.sparsity}
          onChange={(v) => setControl("sparsity", v)}
        />
        <NumberField id="kvKeep" label={t("workload.kvKeep")} value={c.kvKeep} inputMode="decimal" onInput={(v) => setControl("kvKeep", v)} error={p.errorOf("kvKeep")} t={t} />
      </div>
      <div class="field check">
        <input id="ctl-fusion" data-testid="ctl-fusion" type="checkbox" checked={c.fusion} onChange={(e) => setControl("fusion", e.currentTarget.checked)} />
        <label for="ctl-fusion">{t("workload.fusion")}</label>
      </div>
    </Section>
  );
}

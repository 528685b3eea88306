/**
 * The whole state in the URL's hash, so that a link reproduces a view. Values equal to
 * the defaults are left out. A model read from a file travels inside the link too
 * (compressed JSON of its spec, and for a GGUF its exact per-tensor weights), so the
 * receiver needs no file. Everything read from a URL is validated: a link is untrusted
 * input. Pure (no DOM): CompressionStream, btoa and atob exist in browsers and Node.
 */
import { DeviceSpec, FORMATS, isFormatName, isRecipeName } from "../../../src/core/index.js";
import { decodePlacement, encodePlacement } from "./placement.js";
import {
  type AppState,
  ATTENTION_CHOICES,
  type Controls,
  DEFAULT_CONTROLS,
  DEFAULT_STATE,
  LANGS,
  MAX_DEVICES,
  type ModelSource,
  PHASE_CHOICES,
  SPARSITY_CHOICES,
  TABLE_PHASES,
} from "./state.js";
import { compress, decodeCustom, decompress, encodeCustom, MAX_TEXT_PARAM } from "./url-custom.js";

/** Keys in the hash, short for readable links. */
const K = {
  lang: "lang",
  model: "m",
  custom: "custom",
  devices: "d",
  customDevices: "dev",
  phase: "phase",
  prompt: "prompt",
  generate: "gen",
  context: "ctx",
  batch: "batch",
  weights: "w",
  activations: "a",
  kv: "kv",
  attention: "attn",
  fusion: "fusion",
  sparsity: "sparsity",
  kvKeep: "keep",
  tablePhase: "table",
} as const;

export interface UrlWarning {
  readonly key: "url.badValue" | "url.badCustom" | "url.unknownDevice" | "url.unknownModel";
  readonly params: Readonly<Record<string, string>>;
}

export async function encodeState(s: AppState): Promise<string> {
  const p = new URLSearchParams();
  if (s.model.kind === "preset") p.set(K.model, s.model.id);
  else p.set(K.custom, await encodeCustom(s.model));
  p.set(K.devices, s.devices.join(","));
  const custom = s.customDevices.filter((d) => s.devices.includes(d.id));
  if (custom.length > 0) p.set(K.customDevices, await compress(JSON.stringify(custom)));
  const c = s.controls;
  for (const k of Object.keys(DEFAULT_CONTROLS) as (keyof Controls)[]) {
    const v = c[k];
    if (v === DEFAULT_CONTROLS[k]) continue;
    p.set(K[k], typeof v === "boolean" ? (v ? "1" : "0") : v);
  }
  encodePlacement(s.placement, p);
  if (s.tablePhase !== DEFAULT_STATE.tablePhase) p.set(K.tablePhase, s.tablePhase);
  if (s.lang !== DEFAULT_STATE.lang) p.set(K.lang, s.lang);
  return `#${p.toString()}`;
}

function oneOf<T extends string>(
  all: readonly T[],
  v: string | null,
  fallback: T,
  name: string,
  warn: UrlWarning[],
): T {
  if (v === null) return fallback;
  if ((all as readonly string[]).includes(v)) return v as T;
  warn.push({ key: "url.badValue", params: { name, value: v.slice(0, MAX_TEXT_PARAM) } });
  return fallback;
}

/** Text of a number input: kept as typed (validated later, with the error shown) but bounded in length. */
function numberText(v: string | null, fallback: string, name: string, warn: UrlWarning[]): string {
  if (v === null) return fallback;
  if (v.length <= MAX_TEXT_PARAM && /^[0-9.\s]*$/.test(v)) return v;
  warn.push({ key: "url.badValue", params: { name, value: v.slice(0, MAX_TEXT_PARAM) } });
  return fallback;
}

/**
 * The state a hash describes, and what in it was ignored. `knownModel` and `knownDevice`
 * give the catalog id an id or label names (null when none, or several).
 */
export async function decodeState(
  hash: string,
  knownModel: (label: string) => string | null,
  knownDevice: (label: string) => string | null,
): Promise<{ state: AppState; warnings: UrlWarning[] }> {
  const warn: UrlWarning[] = [];
  const p = new URLSearchParams(hash.replace(/^#/, ""));
  const d = DEFAULT_CONTROLS;

  let model: ModelSource = DEFAULT_STATE.model;
  const custom = p.get(K.custom);
  const modelId = p.get(K.model);
  if (custom !== null) {
    try {
      model = await decodeCustom(custom);
    } catch (e) {
      warn.push({ key: "url.badCustom", params: { reason: e instanceof Error ? e.message : String(e) } });
    }
  } else if (modelId !== null) {
    const id = knownModel(modelId);
    if (id !== null) model = { kind: "preset", id };
    else warn.push({ key: "url.unknownModel", params: { id: modelId.slice(0, 64) } });
  }

  const customDevices: DeviceSpec[] = [];
  const cdv = p.get(K.customDevices);
  if (cdv !== null) {
    try {
      const list: unknown = JSON.parse(new TextDecoder().decode(await decompress(cdv)));
      if (!Array.isArray(list)) throw new Error("not a list");
      for (const x of list.slice(0, MAX_DEVICES)) {
        const d = DeviceSpec.safeParse(x);
        if (!d.success)
          throw new Error(`device: ${d.error.issues[0]?.path.join(".")} ${d.error.issues[0]?.message}`);
        customDevices.push(d.data);
      }
    } catch (e) {
      warn.push({ key: "url.badCustom", params: { reason: e instanceof Error ? e.message : String(e) } });
    }
  }
  const deviceId = (label: string) =>
    customDevices.some((d) => d.id === label) ? label : knownDevice(label);

  let devices: string[] = [...DEFAULT_STATE.devices];
  const dv = p.get(K.devices);
  if (dv !== null) {
    const ids: string[] = [];
    for (const label of dv.split(",").slice(0, 64)) {
      if (label === "") continue;
      const id = deviceId(label);
      if (id === null) warn.push({ key: "url.unknownDevice", params: { id: label.slice(0, 64) } });
      else if (!ids.includes(id) && ids.length < MAX_DEVICES) ids.push(id);
    }
    if (ids.length > 0) devices = ids;
  }

  const fusion = p.get(K.fusion);
  if (fusion !== null && fusion !== "0" && fusion !== "1")
    warn.push({ key: "url.badValue", params: { name: K.fusion, value: fusion.slice(0, MAX_TEXT_PARAM) } });
  const weights = p.get(K.weights);
  const format = (v: string | null, fallback: string, name: string, ok: (s: string) => boolean) => {
    if (v === null) return fallback;
    if (v.length <= MAX_TEXT_PARAM && ok(v)) return v;
    warn.push({ key: "url.badValue", params: { name, value: v.slice(0, MAX_TEXT_PARAM) } });
    return fallback;
  };
  const scalar = (s: string) => isFormatName(s) && FORMATS[s].kind !== "gguf";
  const controls: Controls = {
    phase: oneOf(PHASE_CHOICES, p.get(K.phase), d.phase, K.phase, warn),
    prompt: numberText(p.get(K.prompt), d.prompt, K.prompt, warn),
    generate: numberText(p.get(K.generate), d.generate, K.generate, warn),
    context: numberText(p.get(K.context), d.context, K.context, warn),
    batch: numberText(p.get(K.batch), d.batch, K.batch, warn),
    weights: format(weights, d.weights, K.weights, isRecipeName),
    activations: format(p.get(K.activations), d.activations, K.activations, scalar),
    kv: format(p.get(K.kv), d.kv, K.kv, isFormatName),
    attention: oneOf(ATTENTION_CHOICES, p.get(K.attention), d.attention, K.attention, warn),
    fusion: fusion === "1",
    sparsity: oneOf(SPARSITY_CHOICES, p.get(K.sparsity), d.sparsity, K.sparsity, warn),
    kvKeep: numberText(p.get(K.kvKeep), d.kvKeep, K.kvKeep, warn),
  };
  const placed = decodePlacement(p);
  for (const w of placed.warnings) warn.push({ key: "url.badValue", params: { ...w } });
  return {
    state: {
      lang: oneOf(LANGS, p.get(K.lang), DEFAULT_STATE.lang, K.lang, warn),
      model,
      devices,
      customDevices: customDevices.filter((d) => devices.includes(d.id)),
      controls,
      placement: placed.placement,
      tablePhase: oneOf(TABLE_PHASES, p.get(K.tablePhase), DEFAULT_STATE.tablePhase, K.tablePhase, warn),
    },
    warnings: warn,
  };
}

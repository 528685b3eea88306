/**
 * The whole state in the URL's hash, so that a link reproduces a view. Values equal to
 * the defaults are left out. A model read from a file travels inside the link too
 * (compressed JSON of its spec, and for a GGUF its exact per-tensor weights), so the
 * receiver needs no file. Everything read from a URL is validated: a link is untrusted
 * input. Pure (no DOM): CompressionStream, btoa and atob exist in browsers and Node.
 */
import { DeviceSpec, FORMATS, isFormatName, isRecipeName, LAYER_TENSORS, ModelSpec, type LayerWeights, type ModelWeights, type TensorWeight } from "../../src/core/index.js";
import {
  ATTENTION_CHOICES,
  DEFAULT_CONTROLS,
  DEFAULT_STATE,
  LANGS,
  MAX_DEVICES,
  PHASE_CHOICES,
  SPARSITY_CHOICES,
  TABLE_PHASES,
  type AppState,
  type Controls,
  type ModelSource,
} from "./state.js";

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

/** Limits on what a link may carry (a hostile link must not stall the page). */
const MAX_CUSTOM_CHARS = 512 * 1024;
const MAX_CUSTOM_JSON_BYTES = 4 * 1024 * 1024;
const MAX_TEXT_PARAM = 32;

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
  if (s.tablePhase !== DEFAULT_STATE.tablePhase) p.set(K.tablePhase, s.tablePhase);
  if (s.lang !== DEFAULT_STATE.lang) p.set(K.lang, s.lang);
  return "#" + p.toString();
}

function oneOf<T extends string>(all: readonly T[], v: string | null, fallback: T, name: string, warn: UrlWarning[]): T {
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
 * say whether an id is in the catalog.
 */
export async function decodeState(
  hash: string,
  knownModel: (id: string) => boolean,
  knownDevice: (id: string) => boolean,
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
    if (knownModel(modelId)) model = { kind: "preset", id: modelId };
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
        if (!d.success) throw new Error(`device: ${d.error.issues[0]?.path.join(".")} ${d.error.issues[0]?.message}`);
        customDevices.push(d.data);
      }
    } catch (e) {
      warn.push({ key: "url.badCustom", params: { reason: e instanceof Error ? e.message : String(e) } });
    }
  }
  const isDevice = (id: string) => knownDevice(id) || customDevices.some((d) => d.id === id);

  let devices: string[] = [...DEFAULT_STATE.devices];
  const dv = p.get(K.devices);
  if (dv !== null) {
    const ids: string[] = [];
    for (const id of dv.split(",").slice(0, 64)) {
      if (id === "") continue;
      if (!isDevice(id)) warn.push({ key: "url.unknownDevice", params: { id: id.slice(0, 64) } });
      else if (!ids.includes(id) && ids.length < MAX_DEVICES) ids.push(id);
    }
    if (ids.length > 0) devices = ids;
  }

  const fusion = p.get(K.fusion);
  if (fusion !== null && fusion !== "0" && fusion !== "1") warn.push({ key: "url.badValue", params: { name: K.fusion, value: fusion.slice(0, MAX_TEXT_PARAM) } });
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
  return {
    state: {
      lang: oneOf(LANGS, p.get(K.lang), DEFAULT_STATE.lang, K.lang, warn),
      model,
      devices,
      customDevices: customDevices.filter((d) => devices.includes(d.id)),
      controls,
      tablePhase: oneOf(TABLE_PHASES, p.get(K.tablePhase), DEFAULT_STATE.tablePhase, K.tablePhase, warn),
    },
    warnings: warn,
  };
}

// ---- a model from a file, inside the link ----------------------------------------------

interface CompactWeights {
  /** Distinct layers. */
  readonly u: readonly LayerWeights[];
  /** Each layer's index into `u`. */
  readonly l: readonly number[];
  readonly e: TensorWeight;
  readonly h: TensorWeight;
  readonly t: boolean;
  readonly f: number;
  readonly o: string;
}

interface CustomPayload {
  readonly v: 1;
  readonly kind: "config" | "gguf";
  readonly fileName: string;
  readonly notes: readonly string[];
  readonly spec: unknown;
  readonly weights?: CompactWeights;
}

function compact(w: ModelWeights): CompactWeights {
  const keys: string[] = [];
  const u: LayerWeights[] = [];
  const l = w.layers.map((layer) => {
    const k = JSON.stringify(layer);
    let i = keys.indexOf(k);
    if (i < 0) {
      i = keys.length;
      keys.push(k);
      u.push(layer);
    }
    return i;
  });
  return { u, l, e: w.embedding, h: w.lmHead, t: w.tied, f: w.finalNormBytes, o: w.origin };
}

async function encodeCustom(m: Exclude<ModelSource, { kind: "preset" }>): Promise<string> {
  const payload: CustomPayload = {
    v: 1,
    kind: m.kind,
    fileName: m.fileName,
    notes: m.notes,
    spec: m.spec,
    ...(m.kind === "gguf" ? { weights: compact(m.weights) } : {}),
  };
  return compress(JSON.stringify(payload));
}

/** JSON text, deflated, in base64url. */
async function compress(json: string): Promise<string> {
  return toBase64Url(await pipe(new TextEncoder().encode(json), new CompressionStream("deflate-raw"), Infinity));
}

async function decompress(text: string): Promise<Uint8Array> {
  if (text.length > MAX_CUSTOM_CHARS) throw new Error(`longer than ${MAX_CUSTOM_CHARS} characters`);
  return pipe(fromBase64Url(text), new DecompressionStream("deflate-raw"), MAX_CUSTOM_JSON_BYTES);
}

async function decodeCustom(text: string): Promise<ModelSource> {
  const raw = await decompress(text);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(raw));
  } catch {
    throw new Error("not valid JSON");
  }
  if (typeof json !== "object" || json === null) throw new Error("not an object");
  const o = json as Record<string, unknown>;
  if (o["v"] !== 1) throw new Error("unknown version");
  const kind = o["kind"];
  if (kind !== "config" && kind !== "gguf") throw new Error("unknown kind");
  const fileName = typeof o["fileName"] === "string" ? o["fileName"].slice(0, 256) : "model";
  const notes = Array.isArray(o["notes"]) ? o["notes"].filter((n): n is string => typeof n === "string").slice(0, 100) : [];
  const spec = ModelSpec.safeParse(o["spec"]);
  if (!spec.success) throw new Error(`model: ${spec.error.issues[0]?.path.join(".")} ${spec.error.issues[0]?.message}`);
  if (kind === "config") return { kind, spec: spec.data, notes, fileName };
  const weights = expandWeights(o["weights"], spec.data.numLayers);
  return { kind, spec: spec.data, weights, notes, fileName };
}

function tensor(v: unknown, where: string): TensorWeight {
  if (typeof v !== "object" || v === null) throw new Error(`${where}: not an object`);
  const t = v as Record<string, unknown>;
  const bytes = t["bytes"];
  const format = t["format"];
  if (typeof bytes !== "number" || !Number.isFinite(bytes) || bytes < 0) throw new Error(`${where}.bytes: not a byte count`);
  if (typeof format !== "string" || format.length > MAX_TEXT_PARAM) throw new Error(`${where}.format: not a format name`);
  return { bytes, format };
}

function expandWeights(v: unknown, numLayers: number): ModelWeights {
  if (typeof v !== "object" || v === null) throw new Error("weights: missing");
  const w = v as Record<string, unknown>;
  const u = w["u"];
  const l = w["l"];
  if (!Array.isArray(u) || !Array.isArray(l)) throw new Error("weights: malformed");
  if (l.length !== numLayers) throw new Error(`weights: ${l.length} layers, the model has ${numLayers}`);
  const unique: LayerWeights[] = u.map((x: unknown, i) => {
    if (typeof x !== "object" || x === null) throw new Error(`weights.u[${i}]: not an object`);
    const lw = x as Record<string, unknown>;
    const ts = lw["tensors"];
    const small = lw["smallBytes"];
    if (typeof ts !== "object" || ts === null) throw new Error(`weights.u[${i}].tensors: missing`);
    if (typeof small !== "number" || !Number.isFinite(small) || small < 0) throw new Error(`weights.u[${i}].smallBytes: not a byte count`);
    const tensors = Object.fromEntries(
      LAYER_TENSORS.map((k) => [k, tensor((ts as Record<string, unknown>)[k], `weights.u[${i}].tensors.${k}`)]),
    ) as LayerWeights["tensors"];
    return { tensors, smallBytes: small };
  });
  const layers = l.map((i: unknown, n) => {
    const layer = typeof i === "number" ? unique[i] : undefined;
    if (!layer) throw new Error(`weights.l[${n}]: not a layer index`);
    return layer;
  });
  const f = w["f"];
  const o = w["o"];
  if (typeof f !== "number" || !Number.isFinite(f) || f < 0) throw new Error("weights.f: not a byte count");
  if (typeof w["t"] !== "boolean") throw new Error("weights.t: not a boolean");
  return {
    layers,
    embedding: tensor(w["e"], "weights.e"),
    lmHead: tensor(w["h"], "weights.h"),
    tied: w["t"],
    finalNormBytes: f,
    origin: typeof o === "string" ? o.slice(0, 64) : "gguf",
  };
}

/** Run bytes through a (de)compression stream, refusing output beyond `limit` bytes. */
async function pipe(input: Uint8Array, stream: CompressionStream | DecompressionStream, limit: number): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const done = (async () => {
    try {
      await writer.write(input as Uint8Array<ArrayBuffer>);
      await writer.close();
    } catch {
      // The reader reports the error.
    }
  })();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      size += r.value.length;
      if (size > limit) {
        await reader.cancel();
        throw new Error(`expands beyond ${limit} bytes`);
      }
      chunks.push(r.value);
    }
  } catch (e) {
    if (e instanceof Error && e.message.startsWith("expands")) throw e;
    throw new Error("not a valid compressed payload");
  }
  await done;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function toBase64Url(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(s: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error("not base64url");
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * A model read from a file, inside a link: its spec (and for a GGUF its exact per-tensor
 * weights, identical layers stored once) as JSON, deflated, in base64url. Decoding is
 * validated and bounded: a link is untrusted input. Pure (CompressionStream, btoa, atob).
 */
import {
  LAYER_TENSORS,
  type LayerWeights,
  ModelSpec,
  type ModelWeights,
  type TensorWeight,
} from "../../../src/core/index.js";
import type { ModelSource } from "./state.js";

/** Limits on what a link may carry (a hostile link must not stall the page). */
const MAX_CUSTOM_CHARS = 512 * 1024;
const MAX_CUSTOM_JSON_BYTES = 4 * 1024 * 1024;
/** The longest plain value read from a link. */
export const MAX_TEXT_PARAM = 32;

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
  /** A GGUF's file type name ("Q4_K_M"). */
  readonly ft?: string;
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

export async function encodeCustom(m: Exclude<ModelSource, { kind: "preset" }>): Promise<string> {
  const payload: CustomPayload = {
    v: 1,
    kind: m.kind,
    fileName: m.fileName,
    notes: m.notes,
    spec: m.spec,
    ...(m.kind === "gguf" ? { weights: compact(m.weights), ...(m.fileType ? { ft: m.fileType } : {}) } : {}),
  };
  return compress(JSON.stringify(payload));
}

/** JSON text, deflated, in base64url. */
export async function compress(json: string): Promise<string> {
  return toBase64Url(
    await pipe(new TextEncoder().encode(json), new CompressionStream("deflate-raw"), Infinity),
  );
}

export async function decompress(text: string): Promise<Uint8Array> {
  if (text.length > MAX_CUSTOM_CHARS) throw new Error(`longer than ${MAX_CUSTOM_CHARS} characters`);
  return pipe(fromBase64Url(text), new DecompressionStream("deflate-raw"), MAX_CUSTOM_JSON_BYTES);
}

export async function decodeCustom(text: string): Promise<ModelSource> {
  const raw = await decompress(text);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(raw));
  } catch {
    throw new Error("not valid JSON");
  }
  if (typeof json !== "object" || json === null) throw new Error("not an object");
  const o = json as Record<string, unknown>;
  if (o.v !== 1) throw new Error("unknown version");
  const kind = o.kind;
  if (kind !== "config" && kind !== "gguf") throw new Error("unknown kind");
  const fileName = typeof o.fileName === "string" ? o.fileName.slice(0, 256) : "model";
  const notes = Array.isArray(o.notes)
    ? o.notes.filter((n): n is string => typeof n === "string").slice(0, 100)
    : [];
  const spec = ModelSpec.safeParse(o.spec);
  if (!spec.success)
    throw new Error(`model: ${spec.error.issues[0]?.path.join(".")} ${spec.error.issues[0]?.message}`);
  if (kind === "config") return { kind, spec: spec.data, notes, fileName };
  const weights = expandWeights(o.weights, spec.data.numLayers);
  const ft = typeof o.ft === "string" && /^[A-Z0-9_]{1,16}$/.test(o.ft) ? o.ft : undefined;
  return { kind, spec: spec.data, weights, notes, fileName, ...(ft ? { fileType: ft } : {}) };
}

function tensor(v: unknown, where: string): TensorWeight {
  if (typeof v !== "object" || v === null) throw new Error(`${where}: not an object`);
  const t = v as Record<string, unknown>;
  const bytes = t.bytes;
  const format = t.format;
  if (typeof bytes !== "number" || !Number.isFinite(bytes) || bytes < 0)
    throw new Error(`${where}.bytes: not a byte count`);
  if (typeof format !== "string" || format.length > MAX_TEXT_PARAM)
    throw new Error(`${where}.format: not a format name`);
  return { bytes, format };
}

function expandWeights(v: unknown, numLayers: number): ModelWeights {
  if (typeof v !== "object" || v === null) throw new Error("weights: missing");
  const w = v as Record<string, unknown>;
  const u = w.u;
  const l = w.l;
  if (!Array.isArray(u) || !Array.isArray(l)) throw new Error("weights: malformed");
  if (l.length !== numLayers) throw new Error(`weights: ${l.length} layers, the model has ${numLayers}`);
  const unique: LayerWeights[] = u.map((x: unknown, i) => {
    if (typeof x !== "object" || x === null) throw new Error(`weights.u[${i}]: not an object`);
    const lw = x as Record<string, unknown>;
    const ts = lw.tensors;
    const small = lw.smallBytes;
    if (typeof ts !== "object" || ts === null) throw new Error(`weights.u[${i}].tensors: missing`);
    if (typeof small !== "number" || !Number.isFinite(small) || small < 0)
      throw new Error(`weights.u[${i}].smallBytes: not a byte count`);
    const tensors = Object.fromEntries(
      LAYER_TENSORS.map((k) => [
        k,
        tensor((ts as Record<string, unknown>)[k], `weights.u[${i}].tensors.${k}`),
      ]),
    ) as LayerWeights["tensors"];
    return { tensors, smallBytes: small };
  });
  const layers = l.map((i: unknown, n) => {
    const layer = typeof i === "number" ? unique[i] : undefined;
    if (!layer) throw new Error(`weights.l[${n}]: not a layer index`);
    return layer;
  });
  const f = w.f;
  const o = w.o;
  if (typeof f !== "number" || !Number.isFinite(f) || f < 0) throw new Error("weights.f: not a byte count");
  if (typeof w.t !== "boolean") throw new Error("weights.t: not a boolean");
  return {
    layers,
    embedding: tensor(w.e, "weights.e"),
    lmHead: tensor(w.h, "weights.h"),
    tied: w.t,
    finalNormBytes: f,
    origin: typeof o === "string" ? o.slice(0, 64) : "gguf",
  };
}

/** Run bytes through a (de)compression stream, refusing output beyond `limit` bytes. */
async function pipe(
  input: Uint8Array,
  stream: CompressionStream | DecompressionStream,
  limit: number,
): Promise<Uint8Array> {
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

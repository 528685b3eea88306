/**
 * The KV cache and recurrent state as llama.cpp allocates them, layer by layer:
 * - full-attention (and MLA) layers: n_ctx_seq cells per sequence stream (llama-kv-cache.cpp,
 *   one stream per sequence unless the cache is unified), K and V rows at the KV type;
 * - sliding-window and chunked layers: a second cache of `swaCells` (llama-kv-cache-iswa.cpp);
 * - recurrent layers: their conv (R) and SSM (S) state, f32, one row per sequence
 *   (llama-memory-recurrent.cpp, `recurrent_rs_size = max(1, n_seq_max)`).
 * Each layer's cache lives with its layer (`offload_kqv`, the default) or all in host memory
 * (`--no-kv-offload`).
 */
import { layerCacheBytes, layerKindCounts, layerKindOf, recurrentStateBytes } from "../../models/layers.js";
import type { LayerKind, ModelSpec } from "../../models/schema.js";
import { bytesPerValue, type FormatName } from "../../quant/index.js";
import { swaCells } from "./llama-rules.js";

export type CacheKind = "full" | "swa" | "recurrent";

/** The layers of one cache and its size. */
export interface CacheGroup {
  readonly cache: CacheKind;
  /** Cells per sequence stream (1 row per sequence for recurrent state). */
  readonly cells: number;
  readonly layers: number;
  readonly bytes: number;
}

/** The window or chunk of a layer's attention, if it keeps one (llama.cpp's n_swa). */
export function windowOf(kind: LayerKind): number | undefined {
  const x = kind.mixer;
  return x.kind === "attention" ? (x.window ?? x.chunk) : undefined;
}

const hasKv = (kind: LayerKind) => kind.mixer.kind === "attention" || kind.mixer.kind === "mla";
const isRecurrent = (kind: LayerKind) =>
  kind.mixer.kind === "mamba2" || kind.mixer.kind === "gated_deltanet" || kind.mixer.kind === "short_conv";

export interface CacheShape {
  readonly nCtxSeq: number;
  readonly sequences: number;
  readonly ubatch: number;
  readonly kv: FormatName;
}

/** The cache of layer `i`: which cache, its cells and bytes (0 bytes for a layer with none). */
export function layerCache(
  m: ModelSpec,
  i: number,
  s: CacheShape,
): { cache: CacheKind; cells: number; bytes: number } | null {
  const kind = layerKindOf(m, i);
  if (isRecurrent(kind))
    return { cache: "recurrent", cells: 1, bytes: recurrentStateBytes(m, kind) * Math.max(1, s.sequences) };
  if (!hasKv(kind)) return null;
  const w = windowOf(kind);
  const cells = w === undefined ? s.nCtxSeq : swaCells(s.nCtxSeq, w, s.ubatch);
  // layerCacheBytes(…, 1, …): one cell of every layer kind (a window never cuts below one cell).
  const bytes = layerCacheBytes(m, kind, 1, bytesPerValue(s.kv)) * cells * s.sequences;
  return { cache: w === undefined ? "full" : "swa", cells, bytes };
}

/** The caches of the whole model, grouped as llama.cpp logs them (one line per cache). */
export function cacheGroups(m: ModelSpec, s: CacheShape): CacheGroup[] {
  const groups = new Map<CacheKind, { cells: number; layers: number; bytes: number }>();
  for (let i = 0; i < m.numLayers; i++) {
    const c = layerCache(m, i, s);
    if (!c) continue;
    const g = groups.get(c.cache) ?? { cells: c.cells, layers: 0, bytes: 0 };
    g.layers++;
    g.bytes += c.bytes;
    groups.set(c.cache, g);
  }
  return [...groups].map(([cache, g]) => ({ cache, ...g }));
}

/** Whether any layer keeps a KV cache (the compute graph then has a KQ mask). */
export const attentionKinds = (m: ModelSpec) => layerKindCounts(m).filter((k) => hasKv(k.kind));

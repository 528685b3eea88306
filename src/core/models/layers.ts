/**
 * The layers of a model by kind: which distinct kinds it has, how many layers each, and
 * what each kind's attention resolves to (its own values, else the model's). Everything
 * downstream (weights, parameters, ops, KV memory) works per distinct kind and multiplies
 * by the count, so a 96-layer model with two kinds costs two kinds.
 */
import {
  gdnDims,
  gdnStateValues,
  type MlaPath,
  mamba2Dims,
  mamba2StateValues,
  mlaCacheValues,
  mlaDims,
  RECURRENT_STATE_BYTES,
  shortConvDims,
  shortConvStateValues,
} from "./mixers.js";
import type { AttentionMixer, LayerKind, ModelSpec } from "./schema.js";

/** The kind name of every layer of a model without `layers`. */
export const UNIFORM_KIND = "layer";

export interface KindCount {
  readonly name: string;
  readonly kind: LayerKind;
  readonly count: number;
}

const kindsCache = new WeakMap<ModelSpec, Readonly<Record<string, LayerKind>>>();
const countsCache = new WeakMap<ModelSpec, readonly KindCount[]>();

/** The layer kinds of a model, by name (one kind, `UNIFORM_KIND`, when it has no `layers`). */
export function layerKinds(m: ModelSpec): Readonly<Record<string, LayerKind>> {
  let k = kindsCache.get(m);
  if (k) return k;
  if (m.layers) k = m.layers.kinds;
  else {
    const mixer: AttentionMixer = {
      kind: "attention",
      ...(m.slidingWindow !== undefined ? { window: m.slidingWindow } : {}),
    };
    k = { [UNIFORM_KIND]: { mixer, ffn: m.moe ? "moe" : "dense" } };
  }
  kindsCache.set(m, k);
  return k;
}

/** The kind name of layer `i` (0-based). */
export function layerKindName(m: ModelSpec, i: number): string {
  const p = m.layers;
  if (!p) return UNIFORM_KIND;
  if (p.list) return p.list[i] ?? p.list[p.list.length - 1]!;
  const first = p.first ?? [];
  if (i < first.length) return first[i]!;
  const repeat = p.repeat ?? [UNIFORM_KIND];
  return repeat[(i - first.length) % repeat.length]!;
}

/** The kind of layer `i`. */
export function layerKindOf(m: ModelSpec, i: number): LayerKind {
  const k = layerKinds(m)[layerKindName(m, i)];
  if (!k) throw new Error(`layer ${i} of ${m.id}: no kind ${layerKindName(m, i)}`);
  return k;
}

/**
 * Distinct layer kinds with their layer counts, in order of first appearance (kinds that
 * no layer uses are left out). Counted in closed form from the rule, or over the list.
 */
export function layerKindCounts(m: ModelSpec): readonly KindCount[] {
  let c = countsCache.get(m);
  if (c) return c;
  const kinds = layerKinds(m);
  const counts = new Map<string, number>();
  const add = (name: string, n: number) => {
    if (n > 0) counts.set(name, (counts.get(name) ?? 0) + n);
  };
  const p = m.layers;
  if (!p) add(UNIFORM_KIND, m.numLayers);
  else if (p.list) for (const name of p.list) add(name, 1);
  else {
    const first = (p.first ?? []).slice(0, m.numLayers);
    for (const name of first) add(name, 1);
    const rest = m.numLayers - first.length;
    const repeat = p.repeat ?? [];
    const whole = Math.floor(rest / repeat.length);
    const part = rest % repeat.length;
    for (const [j, name] of repeat.entries()) add(name, whole + (j < part ? 1 : 0));
  }
  c = [...counts].map(([name, count]) => ({ name, kind: kinds[name]!, count }));
  countsCache.set(m, c);
  return c;
}

/** An attention layer's shape with every default filled in from the model. */
export interface ResolvedAttention {
  readonly heads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  /** Keys a query sees at most: the sliding window, if any. */
  readonly window: number | undefined;
  /** Chunked local attention: the chunk size, if any. */
  readonly chunk: number | undefined;
  readonly rope: boolean;
  readonly rotaryFraction: number;
  readonly qkNorm: boolean;
  readonly sinks: boolean;
  readonly outputGate: boolean;
}

export function resolveAttention(m: ModelSpec, a: AttentionMixer): ResolvedAttention {
  return {
    heads: a.numHeads ?? m.numHeads,
    kvHeads: a.numKvHeads ?? m.numKvHeads,
    headDim: a.headDim ?? m.headDim,
    window: a.window,
    chunk: a.chunk,
    rope: a.rope ?? true,
    rotaryFraction: a.rotaryFraction ?? m.rotaryFraction ?? 1,
    qkNorm: a.qkNorm ?? m.qkNorm,
    sinks: a.sinks ?? false,
    outputGate: a.outputGate ?? false,
  };
}

/**
 * KV entries (per sequence) a layer of this kind keeps after `tokens` positions: all of
 * them for global attention, at most the window for a sliding window, at most one chunk
 * for chunked attention; 0 for layers without an attention cache.
 */
export function cachedEntries(kind: LayerKind, tokens: number): number {
  const x = kind.mixer;
  switch (x.kind) {
    case "attention":
      if (x.window !== undefined) return Math.min(tokens, x.window);
      if (x.chunk !== undefined) return Math.min(tokens, x.chunk);
      return tokens;
    case "mla":
      return tokens;
    case "none":
    case "mamba2":
    case "gated_deltanet":
    case "short_conv":
      return 0;
  }
}

/**
 * Cache bytes per sequence of one layer of this kind after `tokens` positions: K and V of
 * every kept entry at `kvBytesPerValue` (exact for block formats); MLA's latent cache; the
 * fixed f32 state of a recurrent layer (conv window and SSM state), whatever `tokens` is.
 */
export function layerCacheBytes(
  m: ModelSpec,
  kind: LayerKind,
  tokens: number,
  kvBytesPerValue: number,
): number {
  const x = kind.mixer;
  switch (x.kind) {
    case "attention": {
      const a = resolveAttention(m, x);
      return 2 * a.kvHeads * a.headDim * cachedEntries(kind, tokens) * kvBytesPerValue;
    }
    case "mla": {
      const c = mlaCacheValues(mlaDims(m.hiddenSize, m.numHeads, x), x.path ?? "absorbed");
      return (c.k + c.v) * tokens * kvBytesPerValue;
    }
    case "none":
      return 0;
    default:
      return recurrentStateBytes(m, kind);
  }
}

/**
 * The fixed state of one recurrent layer per sequence, values: the conv window (llama.cpp's
 * R rows) and the SSM / delta-rule state (S rows); zeros for attention and MLA layers.
 */
export function recurrentStateValues(m: ModelSpec, kind: LayerKind): { conv: number; ssm: number } {
  const x = kind.mixer;
  switch (x.kind) {
    case "mamba2":
      return mamba2StateValues(mamba2Dims(m.hiddenSize, x));
    case "gated_deltanet":
      return gdnStateValues(gdnDims(m.hiddenSize, x));
    case "short_conv":
      return shortConvStateValues(shortConvDims(m.hiddenSize, x));
    default:
      return { conv: 0, ssm: 0 };
  }
}

/** The fixed state of one recurrent layer per sequence, bytes (f32, as llama.cpp keeps it). */
export function recurrentStateBytes(m: ModelSpec, kind: LayerKind): number {
  const v = recurrentStateValues(m, kind);
  return (v.conv + v.ssm) * RECURRENT_STATE_BYTES;
}

/**
 * The model with every multi-head latent attention layer run on `path` (ops/mla.ts: absorbed,
 * caching the latent; decompressed, caching every head's K and V). Undefined when the model
 * has no MLA layer.
 */
export function withMlaPath(m: ModelSpec, path: MlaPath): ModelSpec | undefined {
  const p = m.layers;
  if (!p || !Object.values(p.kinds).some((k) => k.mixer.kind === "mla")) return undefined;
  const kinds: Record<string, LayerKind> = {};
  for (const [name, k] of Object.entries(p.kinds)) {
    kinds[name] = k.mixer.kind === "mla" ? { ...k, mixer: { ...k.mixer, path } } : k;
  }
  return { ...m, layers: { ...p, kinds } };
}

/** Keys a decode query at context length `keys` attends to in a layer of this attention. */
export function attendedKeys(a: ResolvedAttention, keys: number): number {
  if (a.window !== undefined) return Math.min(keys, a.window);
  if (a.chunk !== undefined) return ((keys - 1) % a.chunk) + 1;
  return keys;
}

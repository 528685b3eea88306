/** Per-object caches of the analysis: a device's roofs, a model's weights under a recipe, its distinct layer variants and parameter counts (WeakMaps, so presets are costed once). */
import type { DeviceSpec } from "../hardware/schema.js";
import { countParams } from "../models/params.js";
import type { ModelSpec } from "../models/schema.js";
import { type LayerWeights, type ModelWeights, weightsFromRecipe } from "../models/weights.js";
import { type DeviceRoofs, deviceRoofs } from "../roofline/device-roofs.js";

const roofsCache = new WeakMap<DeviceSpec, DeviceRoofs>();
const weightsCache = new WeakMap<ModelSpec, Map<string, ModelWeights>>();
const variantsCache = new WeakMap<ModelWeights, LayerVariant[]>();

export interface LayerVariant {
  readonly count: number;
  readonly layer: LayerWeights;
}

export function roofsOf(d: DeviceSpec): DeviceRoofs {
  let r = roofsCache.get(d);
  if (!r) roofsCache.set(d, (r = deviceRoofs(d)));
  return r;
}

/** Weights of a model under a recipe; norms and biases stay at fp16 (fp32 where activations are fp32). */
export function weightsOf(m: ModelSpec, recipe: string, activations: string): ModelWeights {
  let byRecipe = weightsCache.get(m);
  if (!byRecipe) weightsCache.set(m, (byRecipe = new Map()));
  const key = `${recipe}|${activations}`;
  let w = byRecipe.get(key);
  if (!w) byRecipe.set(key, (w = weightsFromRecipe(m, recipe, activations === "fp32" ? "fp32" : "fp16")));
  return w;
}

/** Group layers of one kind whose weights are identical (mixed quantizations give a few variants), most common first. */
export function layerVariants(w: ModelWeights): LayerVariant[] {
  let v = variantsCache.get(w);
  if (v) return v;
  const byKey = new Map<string, { count: number; layer: LayerWeights }>();
  for (const l of w.layers) {
    const key = `${l.kind ?? ""}|${Object.values(l.tensors)
      .map((t) => `${t.bytes}:${t.format}`)
      .join(",")}|${l.smallBytes}`;
    const e = byKey.get(key);
    if (e) e.count++;
    else byKey.set(key, { count: 1, layer: l });
  }
  v = [...byKey.values()].sort((a, b) => b.count - a.count);
  variantsCache.set(w, v);
  return v;
}

const paramsCache = new WeakMap<ModelSpec, ReturnType<typeof countParams>>();
export function paramsOf(m: ModelSpec) {
  let p = paramsCache.get(m);
  if (!p) paramsCache.set(m, (p = countParams(m)));
  return p;
}

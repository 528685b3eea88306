/**
 * The model a library entry point is handed, checked against the schema and its physical
 * ranges once per object (the catalog's presets are remembered when loaded): a raw object
 * typed as a ModelSpec is validated like a config file before any cost is computed.
 */
import { InputError } from "../errors.js";
import { checker } from "../units/bounds.js";
import { BUILTIN_MODELS } from "./presets/index.js";
import { ModelSpec } from "./schema.js";
import type { ModelWeights, TensorWeight } from "./weights.js";

const modelChecker = checker<ModelSpec>("model", ModelSpec);
for (const m of BUILTIN_MODELS) modelChecker.remember(m);

/** The model, validated (an InputError naming `model.<field>` otherwise). */
export const checkedModel = (m: ModelSpec): ModelSpec => modelChecker.check(m);

const checkedWeightsCache = new WeakMap<ModelWeights, ModelSpec>();

/** Exact weights (from a GGUF file, or a caller): one entry per layer, every byte count finite and ≥ 0. */
export function checkedWeights(w: ModelWeights, m: ModelSpec): ModelWeights {
  if (typeof w !== "object" || w === null) throw new InputError("weights", w, "must be an object");
  if (checkedWeightsCache.get(w) === m) return w;
  if (!Array.isArray(w.layers) || w.layers.length !== m.numLayers)
    throw new InputError("weights.layers", w.layers?.length, `must list the model's ${m.numLayers} layers`);
  const bytes = (t: TensorWeight | undefined, field: string) => {
    if (!t || !(Number.isFinite(t.bytes) && t.bytes >= 0))
      throw new InputError(field, t?.bytes, "must be a finite byte count ≥ 0");
  };
  bytes(w.embedding, "weights.embedding.bytes");
  bytes(w.lmHead, "weights.lmHead.bytes");
  if (w.vision) bytes(w.vision, "weights.vision.bytes");
  if (!(Number.isFinite(w.finalNormBytes) && w.finalNormBytes >= 0))
    throw new InputError("weights.finalNormBytes", w.finalNormBytes, "must be a finite byte count ≥ 0");
  for (const [i, l] of w.layers.entries()) {
    if (!(Number.isFinite(l.smallBytes) && l.smallBytes >= 0))
      throw new InputError(`weights.layers.${i}.smallBytes`, l.smallBytes, "must be a finite byte count ≥ 0");
    for (const [slot, t] of Object.entries(l.tensors) as [string, TensorWeight][])
      bytes(t, `weights.layers.${i}.tensors.${slot}.bytes`);
  }
  checkedWeightsCache.set(w, m);
  return w;
}

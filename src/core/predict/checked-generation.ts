/**
 * The checked inputs of a generation (the timeline, the runtime policies): a caller's raw objects
 * validated as analyze() validates them, the token count bounded, and the default efficiency the
 * analysis itself would use.
 */
import { efficiencyForDevice } from "../efficiency/calibrated.js";
import { checkedEfficiency } from "../efficiency/checked.js";
import type { Efficiency } from "../efficiency/defaults.js";
import { InputError } from "../errors.js";
import { checkedWorkload } from "../graph/resolve.js";
import { MAX_TOKENS, type ResolvedWorkload } from "../graph/workload.js";
import { checkedDevice } from "../hardware/checked.js";
import type { DeviceSpec } from "../hardware/schema.js";
import { checkedModel, checkedWeights } from "../models/checked.js";
import type { ModelSpec } from "../models/schema.js";
import type { ModelWeights } from "../models/weights.js";
import { weightsOf } from "./caches.js";

export interface GenerationInput {
  readonly model: ModelSpec;
  readonly device: DeviceSpec;
  readonly workload: ResolvedWorkload;
  readonly weights?: ModelWeights;
  readonly efficiency?: Efficiency;
}

export interface CheckedGeneration {
  readonly model: ModelSpec;
  readonly device: DeviceSpec;
  readonly workload: ResolvedWorkload;
  readonly weights: ModelWeights;
  readonly efficiency: Efficiency;
}

/** `tokens` is the count to generate, named in an error by `field`. */
export function checkedGeneration(input: GenerationInput, tokens: number, field: string): CheckedGeneration {
  const model = checkedModel(input.model);
  const device = checkedDevice(input.device);
  const workload = checkedWorkload(input.workload);
  if (!Number.isInteger(tokens) || tokens < 1 || tokens > MAX_TOKENS)
    throw new InputError(field, tokens, `must be a whole number from 1 to ${MAX_TOKENS}`);
  const weights = input.weights
    ? checkedWeights(input.weights, model)
    : weightsOf(model, workload.weights, workload.activations);
  const efficiency = input.efficiency ? checkedEfficiency(input.efficiency) : efficiencyForDevice(device);
  return { model, device, workload, weights, efficiency };
}

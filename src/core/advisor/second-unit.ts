/**
 * "Add a second GPU, or quantize further?" (issue 19): for a model on one unit, the model as it
 * is, each lower weight format of the fit ladder on that unit, and the best split over two units
 * (fitSplit: layer, row, tensor, expert for MoE, by memory / bandwidth / equal shares), each
 * with whether it fits and its decode speed (for two units: the weights as they are, else the
 * first lower format that fits on two). The choice keeps the most bits: as it is if it fits;
 * else a second unit when it holds more bits than one unit can; else the least quantization
 * that fits on one. Every option's figures are given for a reader to weigh (a card's price
 * against accuracy lost to quantization).
 */
import type { SplitCandidate } from "../cluster/fit-split.js";
import { fitSplit } from "../cluster/fit-split.js";
import type { LinkType } from "../cluster/links.js";
import type { ResolvedWorkload } from "../graph/workload.js";
import type { DeviceSpec } from "../hardware/schema.js";
import type { ModelSpec } from "../models/schema.js";
import type { ModelWeights } from "../models/weights.js";
import { analyze } from "../predict/analyze.js";
import { FIT_PRECISIONS } from "./fit.js";

export interface WeighOption {
  readonly kind: "as-is" | "quantize" | "second-unit";
  readonly weights: string;
  readonly weightsBytes: number;
  readonly fits: boolean | null;
  /** Decode tokens/s (prefill tokens/s for a prefill-only workload). */
  readonly tokensPerS: number;
  /** For a second unit: the split chosen, its shares and its bottleneck. */
  readonly split?: Pick<SplitCandidate, "proportionsBy" | "proportions"> & {
    readonly mode: string;
    readonly bottleneck: string;
  };
}

export interface WeighResult {
  readonly current: WeighOption;
  readonly quantize: readonly WeighOption[];
  readonly secondUnit: WeighOption;
  readonly choice: WeighOption | null;
  readonly why: string;
}

export interface WeighInput {
  readonly model: ModelSpec;
  readonly device: DeviceSpec;
  /** The unit to add (default: another of `device`). */
  readonly second?: DeviceSpec;
  readonly link: LinkType;
  readonly workload: ResolvedWorkload;
  readonly weights?: ModelWeights;
}

function onOne(input: WeighInput, weights: string, kind: WeighOption["kind"]): WeighOption {
  const a = analyze({
    model: input.model,
    device: input.device,
    workload: { ...input.workload, weights },
    ...(kind === "as-is" && input.weights ? { weights: input.weights } : {}),
  });
  const p = a.decode ?? a.prefill;
  return {
    kind,
    weights,
    weightsBytes: a.memory.weightsBytes,
    fits: a.memory.fits,
    tokensPerS: p?.tokensPerSEstimate ?? 0,
  };
}

export function weighSecondUnit(input: WeighInput): WeighResult {
  const wl = input.workload;
  const current = onOne(input, wl.weights, "as-is");
  // A file's exact weights cannot be re-quantized here: only the ladder's formats with fewer bytes.
  const quantize = input.weights
    ? []
    : FIT_PRECISIONS.filter((f) => f !== wl.weights)
        .map((f) => onOne(input, f, "quantize"))
        .filter((o) => o.weightsBytes < current.weightsBytes);
  // Two units: the weights as they are, else the first lower format that fits on two.
  const ladder = [wl.weights, ...quantize.map((o) => o.weights)];
  let secondUnit: WeighOption | null = null;
  for (const weights of ladder) {
    secondUnit = onTwo(
      input,
      weights,
      weights === wl.weights ? current.weightsBytes : byFormat(quantize, weights),
    );
    if (secondUnit.fits !== false) break;
  }
  const one = [current, ...quantize].find((o) => o.fits !== false) ?? null;
  const two = secondUnit!;
  const speed = (o: WeighOption) => `${o.tokensPerS.toPrecision(3)} tokens/s`;
  let choice: WeighOption | null;
  let why: string;
  if (current.fits !== false) {
    choice = current;
    why = `it fits as it is at ${speed(current)}${two.weights === wl.weights && two.tokensPerS > current.tokensPerS ? `; a second unit would run ${speed(two)} (${two.split!.mode} split)` : ""}`;
  } else if (two.fits !== false && (one === null || two.weightsBytes > one.weightsBytes)) {
    choice = two;
    why = `a second unit holds ${two.weights}${one ? ` where one unit needs ${one.weights} (${speed(one)})` : " and one unit holds no format"}; ${speed(two)} with a ${two.split!.mode} split`;
  } else if (one) {
    choice = one;
    why = `${one.weights} fits on one unit at ${speed(one)}; a second unit would not let more bits fit${two.fits !== false ? ` (${two.weights} on two: ${speed(two)})` : ""}`;
  } else {
    choice = null;
    why = "nothing fits: neither a lower format nor a second unit";
  }
  return { current, quantize, secondUnit: two, choice, why };
}

const byFormat = (os: readonly WeighOption[], weights: string) =>
  os.find((o) => o.weights === weights)!.weightsBytes;

function onTwo(input: WeighInput, weights: string, weightsBytes: number): WeighOption {
  const ranked = fitSplit({
    model: input.model,
    units: [input.device, input.second ?? input.device],
    link: input.link,
    workload: { ...input.workload, weights },
    ...(input.weights && weights === input.workload.weights ? { weights: input.weights } : {}),
  });
  const best = ranked[0]!;
  const phase = best.analysis.decode ?? best.analysis.prefill;
  return {
    kind: "second-unit",
    weights,
    weightsBytes,
    fits: best.analysis.fits,
    tokensPerS: best.tokensPerS,
    split: {
      mode: best.analysis.split,
      proportionsBy: best.proportionsBy,
      proportions: best.proportions,
      bottleneck: phase?.bottleneck ?? "",
    },
  };
}

/**
 * A measured run (a prefill in chunks, or a sequence of decode steps) reduced to the
 * numbers the estimate needs, so that it can be re-evaluated for any Efficiency without
 * rebuilding the op graph: each op becomes a term (kernel kind, time at the compute roof,
 * time at the memory roof, multiplicity). Then, exactly as analyzePass does,
 *
 *   bound    = Σ count · max(computeS, memoryS)
 *   estimate = Σ count · max(kernelS / compute[kernel] + vectorShare · vectorS, memoryS / bandwidth[kernel])
 *              + ops · perOpOverheadS + passes · perPassOverheadS
 *
 * (kernelS: the op's FLOPs at the engine kernel's rate, = computeS but on a CPU; vectorS: the
 * op's FLOPs at the fp32 vector peak, matmul ops only. On a CPU the max is a sum: evaluate.ts.)
 *
 * The ops are the ones analyzePass costs (same builders, same layer variants, same roofs),
 * so a compiled run and a sum of analyzePass latencies agree (test/calibration checks it).
 */

import type { Efficiency } from "../efficiency/defaults.js";
import { buildLayerOps, buildModelOps } from "../graph/build-ops.js";
import { resolveWorkload } from "../graph/resolve.js";
import type { DeviceSpec } from "../hardware/schema.js";
import type { ModelSpec } from "../models/schema.js";
import type { ModelWeights } from "../models/weights.js";
import { KERNEL_KINDS, type KernelKind, type OpCost, totalBytes } from "../ops/types.js";
import { layerVariants, roofsOf, weightsOf } from "../predict/caches.js";
import { passOf } from "../predict/pass.js";
import { type EngineBuild, kernelChoice } from "../roofline/kernel-path.js";
import { type Scenario, scenarioTokens } from "./scenario.js";

export interface CostTerm {
  readonly kernel: KernelKind;
  /** Seconds at the roof of the op's kernel path (roofline/kernel-path.ts; 0 when the device lists no peak for it). */
  readonly computeS: number;
  /** Seconds at the rate the engine's kernel reaches (the estimate's compute time before its fraction). */
  readonly kernelS: number;
  /** Seconds at the device's peak memory bandwidth. */
  readonly memoryS: number;
  /** Seconds at the device's fp32 vector peak, for matmul ops (0 otherwise, or without that peak). */
  readonly vectorS: number;
  count: number;
}

/**
 * The terms of one kernel kind sorted by computeS / memoryS, with running sums: for
 * fractions (fc, fb) a term is compute-bound in the estimate iff computeS / memoryS >
 * fc / fb, so the estimate's sum is a suffix of compute times plus a prefix of memory
 * times, found by binary search. Exact, and independent of the number of terms.
 */
export interface KernelSums {
  /** Ascending computeS / memoryS (Infinity when memoryS is 0). */
  readonly ratio: Float64Array;
  /** memoryPrefix[i] = Σ count·memoryS over terms [0, i). */
  readonly memoryPrefix: Float64Array;
  /** computeSuffix[i] = Σ count·computeS over terms [i, n). */
  readonly computeSuffix: Float64Array;
}

export interface CompiledRun {
  readonly terms: readonly CostTerm[];
  /** Per kernel kind (KERNEL_KINDS order). */
  readonly sums: readonly KernelSums[];
  /** Ops evaluated over the whole run (per-op overheads). */
  readonly ops: number;
  /** Forward passes (per-pass overheads). */
  readonly passes: number;
  /** Tokens the run processes (prefill) or generates (decode). */
  readonly tokens: number;
  readonly boundS: number;
  /** A CPU: compute and memory time add in the estimate instead of overlapping. */
  readonly serial: boolean;
  /**
   * vectorS / computeS, the same for every matmul term (one precision, one device): the
   * vector share then folds into an effective compute fraction, 1 / (1/fc + share · ratio).
   * NaN when the terms disagree (the fast path then sums them one by one).
   */
  readonly matmulVectorRatio: number;
}

/** The passes of a scenario: [queries, keys] per pass. */
export function scenarioPasses(s: Scenario): [queries: number, keys: number][] {
  if (s.kind === "mixed") return [...scenarioPasses(s.prefill), ...scenarioPasses(s.decode)];
  const out: [number, number][] = [];
  if (s.kind === "prefill") {
    for (let done = 0; done < s.tokens; done += s.ubatch) {
      const q = Math.min(s.ubatch, s.tokens - done);
      out.push([q, s.depth + done + q]);
    }
  } else {
    for (let t = 1; t <= s.steps; t++) out.push([1, s.startKeys + t]);
  }
  return out;
}

/** One op of one pass, reduced to its roofline times. */
interface PassOp {
  readonly kernel: KernelKind;
  readonly computeS: number;
  readonly kernelS: number;
  readonly memoryS: number;
  readonly vectorS: number;
  readonly count: number;
}

/**
 * Compile a run. `weights`: the exact weights of a GGUF file (default: built from `recipe`).
 * A mixed run (prefill then decode, timed together) is the two runs' terms side by side.
 */
export function compileRun(
  model: ModelSpec,
  device: DeviceSpec,
  recipe: string,
  scenario: Scenario,
  weights?: ModelWeights,
  /** The llama.cpp build the run used, where its kernel choice differs from today's (default: today's). */
  build?: EngineBuild,
): CompiledRun {
  if (scenario.kind === "mixed") {
    const p = compileRun(model, device, recipe, scenario.prefill, weights, build);
    const d = compileRun(model, device, recipe, scenario.decode, weights, build);
    const terms = [...p.terms, ...d.terms];
    return {
      terms,
      sums: KERNEL_KINDS.map((k) => kernelSums(terms.filter((t) => t.kernel === k))),
      ops: p.ops + d.ops,
      passes: p.passes + d.passes,
      tokens: p.tokens + d.tokens,
      boundS: p.boundS + d.boundS,
      serial: p.serial,
      matmulVectorRatio: commonVectorRatio(terms),
    };
  }
  const wl = resolveWorkload({
    weights: recipe,
    attention: scenario.attention,
    phase: scenario.kind,
    ...(scenario.kv ? { kv: scenario.kv } : {}),
  });
  const w = weights ?? weightsOf(model, wl.weights, wl.activations);
  const roofs = roofsOf(device);
  const variants = layerVariants(w);
  const vector = roofs.peaks.fp32.flopPerSecond;
  const reduce = (o: OpCost, count: number): PassOp => {
    const choice = kernelChoice(o, roofs, build);
    const pf = choice.flopPerSecond;
    const rate = choice.rate;
    // On a CPU the kernel's rate already counts its vector work (cpu-kernels/).
    const vectorS = o.kernel === "matmul" && vector !== null && !roofs.cpu ? o.flops / vector : 0;
    return {
      kernel: o.kernel,
      computeS: pf === null ? 0 : o.flops / pf,
      kernelS: rate === null ? 0 : o.flops / rate,
      memoryS: totalBytes(o.bytes) / roofs.bandwidth,
      vectorS,
      count,
    };
  };
  /** The ops of one pass, in a fixed order: each layer variant's ops, then the model-level ops. */
  const passOps = (q: number, k: number): PassOp[] => {
    const pass = passOf(wl, q, k);
    const out: PassOp[] = [];
    for (const v of variants)
      for (const o of buildLayerOps(model, v.layer, pass)) out.push(reduce(o, v.count));
    for (const o of buildModelOps(model, w, pass)) out.push(reduce(o, 1));
    return out;
  };

  const terms: CostTerm[] = [];
  let ops = 0;
  const passes = scenarioPasses(scenario);
  const decode = scenario.kind === "decode" ? scenario : null;
  const affine = decode ? decodeAffine(passOps, decode.startKeys, decode.steps) : null;
  if (decode && affine) {
    // Decode steps differ only in the keys attended: every op's times are affine in the step
    // (checked against fully built passes), so the terms are computed instead of rebuilt.
    const steps = decode.steps;
    for (const { base, slope } of affine) {
      ops += base.count * steps;
      if (slope.computeS === 0 && slope.memoryS === 0 && slope.kernelS === 0) {
        terms.push({
          kernel: base.kernel,
          computeS: base.computeS,
          kernelS: base.kernelS,
          memoryS: base.memoryS,
          vectorS: base.vectorS,
          count: base.count * steps,
        });
      } else {
        for (let t = 0; t < steps; t++) {
          terms.push({
            kernel: base.kernel,
            computeS: base.computeS + slope.computeS * t,
            kernelS: base.kernelS + slope.kernelS * t,
            memoryS: base.memoryS + slope.memoryS * t,
            vectorS: base.vectorS + slope.vectorS * t,
            count: base.count,
          });
        }
      }
    }
  } else {
    // Ops that cost the same from one pass to the next merge into one term.
    const last: (CostTerm | undefined)[] = [];
    for (const [q, k] of passes) {
      passOps(q, k).forEach((o, i) => {
        const prev = last[i];
        if (
          prev &&
          prev.kernel === o.kernel &&
          prev.computeS === o.computeS &&
          prev.kernelS === o.kernelS &&
          prev.memoryS === o.memoryS &&
          prev.vectorS === o.vectorS
        )
          prev.count += o.count;
        else {
          const term = { ...o };
          last[i] = term;
          terms.push(term);
        }
        ops += o.count;
      });
    }
  }
  let boundS = 0;
  for (const t of terms) boundS += t.count * Math.max(t.computeS, t.memoryS);
  const tokens = scenarioTokens(scenario);
  const sums = KERNEL_KINDS.map((k) => kernelSums(terms.filter((t) => t.kernel === k)));
  return {
    terms,
    sums,
    ops,
    passes: passes.length,
    tokens,
    boundS,
    serial: roofs.cpu,
    matmulVectorRatio: commonVectorRatio(terms),
  };
}

function commonVectorRatio(terms: readonly CostTerm[]): number {
  let ratio: number | null = null;
  for (const t of terms) {
    if (t.kernel !== "matmul" || t.count === 0) continue;
    const r = t.kernelS === 0 ? (t.vectorS === 0 ? 0 : Infinity) : t.vectorS / t.kernelS;
    if (ratio === null) ratio = r;
    else if (Math.abs(r - ratio) > 1e-12 * Math.max(r, ratio)) return NaN;
  }
  return ratio ?? 0;
}

interface Slope {
  readonly computeS: number;
  readonly kernelS: number;
  readonly memoryS: number;
  readonly vectorS: number;
}

/** Decode runs shorter than this are simply built pass by pass. */
const AFFINE_MIN_STEPS = 8;

/**
 * Per-op base (first step) and slope (per step) of a decode run, when every op's times are
 * affine in the keys attended: derived from the first two steps and verified, to 1e-9, at
 * the middle and the last step (a sliding window that starts to bind, for one, would break
 * it). Null when the check fails: the caller then builds every pass.
 */
function decodeAffine(
  passOps: (q: number, k: number) => PassOp[],
  startKeys: number,
  steps: number,
): { base: PassOp; slope: Slope }[] | null {
  if (steps < AFFINE_MIN_STEPS) return null;
  const first = passOps(1, startKeys + 1);
  const second = passOps(1, startKeys + 2);
  const checks = [Math.floor(steps / 2), steps - 1].map((t) => [t, passOps(1, startKeys + 1 + t)] as const);
  const out: { base: PassOp; slope: Slope }[] = [];
  const close = (a: number, b: number) =>
    Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) + 1e-300;
  for (let i = 0; i < first.length; i++) {
    const b = first[i]!;
    const n = second[i];
    if (!n || n.kernel !== b.kernel || n.count !== b.count) return null;
    const slope = {
      computeS: n.computeS - b.computeS,
      kernelS: n.kernelS - b.kernelS,
      memoryS: n.memoryS - b.memoryS,
      vectorS: n.vectorS - b.vectorS,
    };
    for (const [t, opsAt] of checks) {
      const o = opsAt[i];
      if (!o || o.kernel !== b.kernel || o.count !== b.count) return null;
      if (
        !close(o.computeS, b.computeS + slope.computeS * t) ||
        !close(o.kernelS, b.kernelS + slope.kernelS * t) ||
        !close(o.memoryS, b.memoryS + slope.memoryS * t) ||
        !close(o.vectorS, b.vectorS + slope.vectorS * t)
      ) {
        return null;
      }
    }
    out.push({ base: b, slope });
  }
  if (second.length !== first.length || checks.some(([, o]) => o.length !== first.length)) return null;
  return out;
}

function kernelSums(terms: readonly CostTerm[]): KernelSums {
  const ratioOf = (t: CostTerm) =>
    t.memoryS === 0 ? (t.kernelS === 0 ? 0 : Infinity) : t.kernelS / t.memoryS;
  const sorted = [...terms].sort((a, b) => ratioOf(a) - ratioOf(b));
  const n = sorted.length;
  const ratio = new Float64Array(n);
  const memoryPrefix = new Float64Array(n + 1);
  const computeSuffix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const t = sorted[i]!;
    ratio[i] = ratioOf(t);
    memoryPrefix[i + 1] = memoryPrefix[i]! + t.count * t.memoryS;
  }
  for (let i = n - 1; i >= 0; i--)
    computeSuffix[i] = computeSuffix[i + 1]! + sorted[i]!.count * sorted[i]!.kernelS;
  return { ratio, memoryPrefix, computeSuffix };
}

/** Estimated time of a compiled run under an efficiency (see the formula at the top). */
export function estimateS(c: CompiledRun, eff: Efficiency): number {
  let s = 0;
  for (const t of c.terms) {
    const compute = t.kernelS / eff.compute[t.kernel] + eff.vectorShare * t.vectorS;
    const memory = t.memoryS / eff.bandwidth[t.kernel];
    s += t.count * (c.serial ? compute + memory : Math.max(compute, memory));
  }
  return s + c.ops * eff.perOpOverheadS + c.passes * eff.perPassOverheadS;
}

/**
 * The same with plain arrays indexed by kernel kind (KERNEL_KINDS order): the fitter's
 * inner loop, which would otherwise build an Efficiency object per evaluation.
 */
export function estimateSFast(
  c: CompiledRun,
  bandwidth: ArrayLike<number>,
  compute: ArrayLike<number>,
  vectorShare: number,
  perOpS: number,
  perPassS: number,
): number {
  let s = 0;
  for (let k = 0; k < c.sums.length; k++) {
    const { ratio, memoryPrefix, computeSuffix } = c.sums[k]!;
    const fb = bandwidth[k]!;
    let fc = compute[k]!;
    if (k === MATMUL && vectorShare > 0 && c.matmulVectorRatio !== 0) {
      if (Number.isNaN(c.matmulVectorRatio)) {
        s += exactKernelS(c, "matmul", fb, fc, vectorShare);
        continue;
      }
      fc = 1 / (1 / fc + vectorShare * c.matmulVectorRatio);
    }
    if (c.serial) {
      // Compute and memory add (a CPU): every term's memory and compute time.
      s += memoryPrefix[ratio.length]! / fb + computeSuffix[0]! / fc;
      continue;
    }
    // First index whose ratio exceeds fc / fb: terms before it are memory-bound in the estimate.
    const theta = fc / fb;
    let lo = 0;
    let hi = ratio.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ratio[mid]! > theta) hi = mid;
      else lo = mid + 1;
    }
    s += memoryPrefix[lo]! / fb + computeSuffix[lo]! / fc;
  }
  return s + c.ops * perOpS + c.passes * perPassS;
}

const MATMUL = KERNEL_KINDS.indexOf("matmul");

function exactKernelS(
  c: CompiledRun,
  kernel: KernelKind,
  fb: number,
  fc: number,
  vectorShare: number,
): number {
  let s = 0;
  for (const t of c.terms)
    if (t.kernel === kernel)
      s +=
        t.count *
        (c.serial
          ? t.kernelS / fc + vectorShare * t.vectorS + t.memoryS / fb
          : Math.max(t.kernelS / fc + vectorShare * t.vectorS, t.memoryS / fb));
  return s;
}

/** True when the device has a compute peak for the precision prefill arithmetic runs at (fp16, or a fallback). */
export function hasComputePeak(device: DeviceSpec): boolean {
  return roofsOf(device).peaks.fp16.flopPerSecond !== null;
}

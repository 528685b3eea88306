/**
 * The steps of one simulated policy, stored as columns: a 131,072-token generation is six
 * typed arrays, not 131,072 objects. With the passes already bounded (step-curve.ts), the
 * step objects were the simulation's cost: their allocation and garbage collection took
 * most of its time and memory (issue 16).
 */
import type { FormatName } from "../quant/index.js";

export interface StepConfig {
  readonly kv: FormatName;
  readonly attention: "naive" | "flash";
  /** Fraction of KV entries kept (1 = all). */
  readonly keep: number;
}

export interface PolicyStep {
  /** Token index (1 = prefill's token; decode steps from 2). */
  readonly token: number;
  readonly config: StepConfig;
  /** KV entries attended. */
  readonly keys: number;
  readonly latencyBoundS: number;
  readonly latencyEstimateS: number;
  /** KV cache (read + write) share of the step's bytes. */
  readonly kvShare: number;
  /** One-off switch cost paid before this step (estimate), seconds. */
  readonly switchCostS: number;
  readonly cumulativeEstimateS: number;
}

/** A run's steps by token index; iterable, and written to JSON as the list of steps. */
export class PolicySteps implements Iterable<PolicyStep> {
  private readonly keys: Float64Array;
  private readonly bound: Float64Array;
  private readonly estimate: Float64Array;
  private readonly kvShare: Float64Array;
  private readonly switchCost: Float64Array;
  private readonly cumulative: Float64Array;
  /** Index into `configs` of each step's configuration (a run switches a few times). */
  private readonly configOf: Uint8Array;
  private readonly configs: StepConfig[] = [];
  private filled = 0;

  /** Room for `capacity` steps (a run's are known in advance: the tokens generated). */
  constructor(private readonly capacity: number) {
    this.keys = new Float64Array(capacity);
    this.bound = new Float64Array(capacity);
    this.estimate = new Float64Array(capacity);
    this.kvShare = new Float64Array(capacity);
    this.switchCost = new Float64Array(capacity);
    this.cumulative = new Float64Array(capacity);
    this.configOf = new Uint8Array(capacity);
  }

  get length(): number {
    return this.filled;
  }

  /** Appends the step of the next token (the simulation's only writer; no object per step). */
  push(
    config: StepConfig,
    keys: number,
    latencyBoundS: number,
    latencyEstimateS: number,
    kvShare: number,
    switchCostS: number,
    cumulativeEstimateS: number,
  ): void {
    const i = this.filled++;
    if (i >= this.capacity) throw new Error(`PolicySteps: more than ${this.capacity} steps`);
    let ci = this.configs.length - 1;
    if (ci < 0 || this.configs[ci] !== config) {
      ci = this.configs.indexOf(config);
      if (ci < 0) ci = this.configs.push(config) - 1;
      if (ci > 255) throw new Error("PolicySteps: more than 256 configurations");
    }
    this.configOf[i] = ci;
    this.keys[i] = keys;
    this.bound[i] = latencyBoundS;
    this.estimate[i] = latencyEstimateS;
    this.kvShare[i] = kvShare;
    this.switchCost[i] = switchCostS;
    this.cumulative[i] = cumulativeEstimateS;
  }

  /** The step of token `t` (1 = prefill's token); undefined outside 1..length. */
  step(t: number): PolicyStep | undefined {
    const i = t - 1;
    if (!Number.isInteger(i) || i < 0 || i >= this.filled) return undefined;
    return {
      token: t,
      config: this.configs[this.configOf[i]!]!,
      keys: this.keys[i]!,
      latencyBoundS: this.bound[i]!,
      latencyEstimateS: this.estimate[i]!,
      kvShare: this.kvShare[i]!,
      switchCostS: this.switchCost[i]!,
      cumulativeEstimateS: this.cumulative[i]!,
    };
  }

  *[Symbol.iterator](): Iterator<PolicyStep> {
    for (let t = 1; t <= this.filled; t++) yield this.step(t)!;
  }

  toJSON(): PolicyStep[] {
    return [...this];
  }
}

/**
 * Bound classification. Binary: compute-bound when I ≥ I_ridge. The chapter's decision
 * tree (2.1.4) splits memory-bound ops by I / I_ridge at 0.1 and 0.5.
 */
export const BOUNDS = ["memory", "compute"] as const;
export type Bound = (typeof BOUNDS)[number];

export const BOUND_CLASSES = ["memory-extreme", "memory-moderate", "memory-mild", "compute"] as const;
export type BoundClass = (typeof BOUND_CLASSES)[number];

/** What the chapter's decision tree advises for each class (2.1.4). */
export const CLASS_STRATEGY: Readonly<Record<BoundClass, string>> = {
  "memory-extreme": "cut data movement: aggressive quantization (INT4), sparsity, cache reuse",
  "memory-moderate": "raise reuse: batching, operator fusion, mixed precision",
  "memory-mild": "balance: moderate quantization, prefetching, parallelism",
  compute: "raise compute efficiency: better kernels, special instructions, load balance",
};

export function boundClass(intensity: number, ridge: number): BoundClass {
  const r = intensity / ridge;
  if (r >= 1) return "compute";
  if (r >= 0.5) return "memory-mild";
  if (r >= 0.1) return "memory-moderate";
  return "memory-extreme";
}

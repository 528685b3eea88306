/** One weight format's counted kernel cost on one instruction set. */
export interface CpuKernelCost {
  /** Vector instructions per counted slot of the peak per activation row in decode (mat-vec, ≤ 8 rows). */
  readonly matvec: number;
  /** The same in prefill (the tiled GEMM that reuses a weight block across rows). */
  readonly matmul: number;
  /** The kernels and the count, for `why`. */
  readonly basis: string;
}

/** One instruction set's counted kernels. */
export interface IsaKernels {
  /** For `why`. */
  readonly label: string;
  /** Where the counts are read from. */
  readonly source: string;
  /** Vector pipes that run the kernel's other instructions, per pipe that runs the counted one. */
  readonly issueRatio: number;
  readonly issueBasis: string;
  /** Counted formats (format names of ggml: f32, f16, q4_0, q4_k, …; f16-native on Arm FP16). */
  readonly counted: Readonly<Record<string, CpuKernelCost>>;
  /** Formats the current source repacks at load, as builds before online repacking ran them. */
  readonly beforeRepack: Readonly<Record<string, CpuKernelCost>>;
}

/** Text renderings of analyses, advice and catalogs, for terminals (the CLI) and plain-text exports. */

export * from "./advice-text.js";
export * from "./analysis-text.js";
export * from "./batch-text.js";
export * from "./catalog-text.js";
export * from "./fit-placement-text.js";
export * from "./fit-text.js";
export * from "./gemm-text.js";
export * from "./make-it-fit-text.js";
export * from "./memory-plan-text.js";
export * from "./offload-text.js";
export * from "./offload-timeline-text.js";
export * from "./policy-text.js";
export * from "./split-text.js";
export * from "./table.js";
export * from "./timeline-text.js";

export * from "./types.js";
export * from "./gemm.js";
export * from "./attention.js";
export * from "./elementwise.js";
export * from "./moe.js";

export * from "./attention.js";
export * from "./elementwise.js";
export * from "./gemm.js";
export * from "./moe.js";
export * from "./types.js";

export * from "./caches.js";
export * from "./compute-buffer.js";
export * from "./llama-rules.js";
export * from "./model-buffers.js";
export * from "./plan.js";
export * from "./plan-schema.js";

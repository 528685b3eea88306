export * from "./analyze-offload.js";
export * from "./fit-placement.js";
export * from "./make-it-fit.js";
export * from "./placement.js";
export * from "./timeline-offload.js";
export * from "./unit-memory.js";
export * from "./units.js";

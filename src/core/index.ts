export * from "./units/index.js";
export * from "./quant/index.js";
export * from "./errors.js";

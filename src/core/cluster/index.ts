export * from "./fit-split.js";
export * from "./links.js";
export * from "./rpc.js";
export * from "./split.js";
export * from "./storage.js";
export * from "./system.js";
export * from "./system-split.js";

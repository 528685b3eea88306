export * from "./fit-split.js";
export * from "./links.js";
export * from "./rpc.js";
export * from "./split.js";

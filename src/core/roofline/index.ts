export * from "./classify.js";
export * from "./device-roofs.js";
export * from "./evaluate.js";
export * from "./kernel-path.js";

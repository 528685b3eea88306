export * from "./classify.js";
export * from "./device-roofs.js";
export * from "./efficiency.js";
export * from "./evaluate.js";

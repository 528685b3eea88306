export * from "./bounds.js";
export * from "./format.js";
export * from "./json.js";
export * from "./quantities.js";

export * from "./quantities.js";
export * from "./format.js";

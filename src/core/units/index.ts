export * from "./format.js";
export * from "./quantities.js";

export * from "./formats.js";
export * from "./recipes.js";

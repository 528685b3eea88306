// Runs a TypeScript script through Vite's module runner (the same transform vitest uses), so a
// script may import the test helpers: `node test/bench/run-ts.mjs test/bench/engine-cpu.ts [args]`.
import { resolve } from "node:path";
import { runnerImport } from "vite";

const file = process.argv[2];
if (!file) {
  console.error("usage: node test/bench/run-ts.mjs <script.ts> [args]");
  process.exit(2);
}
await runnerImport(resolve(file), { configFile: false, logLevel: "warn" });

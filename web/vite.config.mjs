// Vite builds the web app (web/) into static files (dist-web/). Paths are relative
// (base "./"), so the folder can be served from anywhere or opened from any sub-path.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root: here,
  base: "./",
  // Preact's JSX runtime (the TypeScript side is set in web/tsconfig.json).
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: fileURLToPath(new URL("../dist-web", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 1024,
  },
  server: { host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
  logLevel: "warn",
});

/**
 * Build the web app unless dist-web/ is already newer than every input (web/, the core,
 * the lock file). The build goes to a private folder first and is then moved into place,
 * so a concurrent reader never sees a half-written dist-web/.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { rename, rm, utimes, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const OUT_DIR = join(ROOT, "dist-web");
const STAMP = join(OUT_DIR, ".build-stamp");
const INPUTS = [
  "web/src",
  "web/index.html",
  "web/vite.config.mjs",
  "src/core",
  "data/calibration",
  "package-lock.json",
];

function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let m = s.mtimeMs;
  for (const e of readdirSync(path)) m = Math.max(m, newest(join(path, e)));
  return m;
}

/** True when dist-web/ was built after the last change to its inputs. */
export function isFresh() {
  if (!existsSync(STAMP) || !existsSync(join(OUT_DIR, "index.html"))) return false;
  const built = statSync(STAMP).mtimeMs;
  return INPUTS.every((p) => newest(join(ROOT, p)) <= built);
}

/** @returns {Promise<{ built: boolean, ms: number }>} */
export async function ensureBuilt({ force = false, quiet = true } = {}) {
  const t0 = performance.now();
  if (!force && isFresh()) return { built: false, ms: performance.now() - t0 };
  const started = new Date();
  const tmp = join(ROOT, `dist-web.tmp-${process.pid}-${Date.now()}`);
  const vite = join(ROOT, "node_modules", "vite", "bin", "vite.js");
  await new Promise((ok, fail) => {
    const p = spawn(
      process.execPath,
      [vite, "build", "--config", "web/vite.config.mjs", "--outDir", tmp, "--emptyOutDir"],
      {
        cwd: ROOT,
        stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit",
      },
    );
    let out = "";
    p.stdout?.on("data", (d) => (out += d));
    p.stderr?.on("data", (d) => (out += d));
    p.on("error", fail);
    p.on("exit", (code) =>
      code === 0 ? ok(undefined) : fail(new Error(`vite build failed (exit ${code}):\n${out}`)),
    );
  });
  // The stamp carries the build's start time: an input edited during the build makes it stale.
  await writeFile(join(tmp, ".build-stamp"), `${started.toISOString()}\n`);
  await utimes(join(tmp, ".build-stamp"), started, started);
  await rm(OUT_DIR, { recursive: true, force: true });
  await rename(tmp, OUT_DIR);
  return { built: true, ms: performance.now() - t0 };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const force = !process.argv.includes("--if-stale");
  ensureBuilt({ force, quiet: false })
    .then(({ built, ms }) =>
      console.log(built ? `built dist-web/ in ${(ms / 1000).toFixed(1)} s` : "dist-web/ is up to date"),
    )
    .catch((e) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exit(1);
    });
}

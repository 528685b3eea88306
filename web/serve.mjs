#!/usr/bin/env node
/**
 * A tiny static file server for the built app (dist-web/), bound to 127.0.0.1. Used by
 * `npm start`, the browser tests and the benchmark. GET/HEAD only, no directory
 * listings, no path outside the root. The page is served cross-origin isolated (COOP and
 * COEP headers) so that the device measurement can share memory between its workers.
 *
 *   node web/serve.mjs [--port N] [--dir PATH]
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

export const DEFAULT_DIR = fileURLToPath(new URL("../dist-web/", import.meta.url));

/**
 * Serve `dir` on 127.0.0.1 (`port` 0: a free port). Resolves once listening.
 * @param {{ dir?: string, port?: number, host?: string }} [opts]
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
export function serveStatic(opts = {}) {
  const root = resolve(opts.dir ?? DEFAULT_DIR);
  const host = opts.host ?? "127.0.0.1";
  const server = createServer(async (req, res) => {
    try {
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.writeHead(405, { Allow: "GET, HEAD" }).end();
        return;
      }
      const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
      let file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) {
        res.writeHead(403).end();
        return;
      }
      let s = await stat(file).catch(() => null);
      if (s?.isDirectory()) {
        file = join(file, "index.html");
        s = await stat(file).catch(() => null);
      }
      if (!s?.isFile()) {
        res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found\n");
        return;
      }
      res.writeHead(200, {
        "Content-Type": TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
        "Content-Length": s.size,
        "Cache-Control": "no-cache",
        // Cross-origin isolation: SharedArrayBuffer for the multi-threaded "Measure this device".
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Embedder-Policy": "require-corp",
        "X-Content-Type-Options": "nosniff",
      });
      if (req.method === "HEAD") res.end();
      else createReadStream(file).pipe(res);
    } catch {
      if (!res.headersSent) res.writeHead(400);
      res.end();
    }
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(opts.port ?? 0, host, () => {
      const addr = server.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      ok({
        url: `http://${host}:${port}/`,
        port,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const port = Number(arg("--port") ?? process.env.PORT ?? 5173);
  const dir = arg("--dir") ?? DEFAULT_DIR;
  try {
    await stat(join(dir, "index.html"));
  } catch {
    console.error(`no built app in ${dir}: run \`npm run build:web\` first`);
    process.exit(1);
  }
  serveStatic({ dir, port })
    .then(({ url }) => console.log(`Ridgeline web app: ${url}  (Ctrl-C to stop)`))
    .catch((e) => {
      console.error(e.code === "EADDRINUSE" ? `port ${port} is in use; try --port 0 or --port N` : String(e));
      process.exit(1);
    });
}

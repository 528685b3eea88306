/**
 * The measuring library in a real browser: Debian's chromium driven by playwright-core
 * (never a downloaded browser), with a software WebGPU adapter (--enable-unsafe-webgpu).
 * The page is bundled with Vite and served cross-origin isolated (COOP/COEP), so that Web
 * Workers can share the WebAssembly memory. Skips, saying why, when chromium cannot start.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeviceSpec } from "../../src/core/hardware/schema.js";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--enable-unsafe-webgpu",
];
const HERE = fileURLToPath(new URL(".", import.meta.url));

let browser: Browser | undefined;
let skip = "";
let server: Server | undefined;
let outDir = "";
let url = "";

const TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".wasm": "application/wasm",
  ".map": "application/json",
};

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    skip = `${CHROMIUM} not found: install it with \`apt-get install -y chromium\``;
    return;
  }
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      timeout: 30_000,
    });
  } catch (e) {
    skip = `cannot launch ${CHROMIUM}: ${e instanceof Error ? (e.message.split("\n")[0] ?? e.message) : String(e)}`;
    return;
  }
  outDir = mkdtempSync(join(tmpdir(), "ridgeline-browser-measure-"));
  await build({
    configFile: false,
    root: HERE,
    base: "./",
    logLevel: "silent",
    build: {
      outDir,
      emptyOutDir: true,
      target: "es2022",
      minify: false,
      modulePreload: false,
      rollupOptions: { input: join(HERE, "measure.html") },
    },
    worker: { format: "es" },
  });
  server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? "/").split("?")[0]!)).replace(/^([/\\])+/, "");
    const file = join(outDir, path || "measure.html");
    if (!file.startsWith(outDir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    // Cross-origin isolated (SharedArrayBuffer for the threads) unless the page asks not to be.
    const isolated =
      !(req.headers.referer ?? req.url ?? "").includes("isolated=0") &&
      !(req.url ?? "").includes("isolated=0");
    res.writeHead(200, {
      "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
      ...(isolated
        ? { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" }
        : {}),
    });
    res.end(readFileSync(file));
  });
  await new Promise<void>((ok) => server!.listen(0, "127.0.0.1", ok));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/measure.html`;
}, 120_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

interface PageResult {
  crossOriginIsolated: boolean;
  userAgent: string;
  features: { simd: boolean; relaxedSimd: boolean };
  kernels: Record<string, Record<string, boolean>>;
  cpu: {
    simd: string;
    threads: number;
    sweeps: { kernel: string; threads: number; gbps: number[] }[];
    fp32: number[];
    fp64: number[];
    int8: number[];
    warnings: string[];
    profile: unknown;
  };
  gpu: {
    available: boolean;
    reason?: string;
    fallback: boolean;
    adapter?: { isFallbackAdapter: boolean; vendor: string; architecture: string; description: string };
    bandwidth?: { best: number };
    fp32?: { best: number };
    fp16?: { best: number };
    verified: boolean;
    usableAsRoofline: boolean;
    warnings: string[];
  };
  gpuProfile: unknown;
}

/** Load the page (cross-origin isolated, or not) and run its checks. */
async function runPage(isolated: boolean, gpu: boolean): Promise<PageResult> {
  const p = await browser!.newPage();
  const logs: string[] = [];
  p.on("console", (m) => logs.push(`${m.type()}: ${m.text()}`));
  p.on("pageerror", (e) => logs.push(`pageerror: ${e.message}`));
  try {
    await p.goto(isolated ? url : `${url}?isolated=0`);
    await p.waitForFunction(
      () => typeof (globalThis as { ridgelineMeasureTest?: unknown }).ridgelineMeasureTest === "function",
      undefined,
      { timeout: 30_000 },
    );
    return (await p.evaluate(
      (o) =>
        (
          globalThis as unknown as { ridgelineMeasureTest: (o: { gpu: boolean }) => Promise<unknown> }
        ).ridgelineMeasureTest(o),
      { gpu },
    )) as PageResult;
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : String(e)}\nbrowser console:\n${logs.join("\n")}`);
  } finally {
    await p.close();
  }
}

describe("measuring in chromium", () => {
  let result: PageResult | undefined;
  const page = async (): Promise<PageResult> => (result ??= await runPage(true, true));

  it("runs the same kernels, correct against the JS references (relaxed SIMD included where Chromium has it)", async (ctx) => {
    if (!browser) return ctx.skip(skip);
    const r = await page();
    expect(r.crossOriginIsolated).toBe(true);
    expect(r.features.simd).toBe(true);
    for (const [variant, checks] of Object.entries(r.kernels))
      expect(checks, variant).toEqual({ read: true, triad: true, fma32: true, fma64: true, dot: true });
    expect(Object.keys(r.kernels)).toContain("shared-simd");
    if (r.features.relaxedSimd) expect(Object.keys(r.kernels)).toContain("private-relaxed");
  }, 120_000);

  it("measures the CPU on two Web Workers sharing one memory, and the profile parses", async (ctx) => {
    if (!browser) return ctx.skip(skip);
    const r = await page();
    expect(r.cpu.threads).toBe(2);
    expect(r.cpu.simd).toBe(r.features.relaxedSimd ? "relaxed-simd-128" : "simd-128");
    expect(r.cpu.sweeps.map((s) => `${s.kernel}${s.threads}`)).toEqual([
      "read1",
      "triad1",
      "read2",
      "triad2",
    ]);
    for (const s of r.cpu.sweeps) for (const g of s.gbps) expect(g).toBeGreaterThan(0);
    for (const x of [...r.cpu.fp32, ...r.cpu.fp64, ...r.cpu.int8]) expect(x).toBeGreaterThan(0);
    const p = DeviceSpec.safeParse(r.cpu.profile);
    expect(p.success, p.success ? "" : JSON.stringify(p.error.issues)).toBe(true);
  }, 120_000);

  it("without cross-origin isolation, measures one thread on one worker with its own memory", async (ctx) => {
    if (!browser) return ctx.skip(skip);
    const r = await runPage(false, false);
    expect(r.crossOriginIsolated).toBe(false);
    expect(r.cpu.threads).toBe(1);
    expect(r.cpu.warnings.join(" ")).toMatch(/no SharedArrayBuffer: measuring one thread only/);
    expect(r.cpu.sweeps.map((s) => `${s.kernel}${s.threads}`)).toEqual(["read1", "triad1"]);
    for (const s of r.cpu.sweeps) for (const g of s.gbps) expect(g).toBeGreaterThan(0);
  }, 120_000);

  it("runs the WebGPU harness; a fallback adapter is reported and never saved as a GPU roofline", async (ctx) => {
    if (!browser) return ctx.skip(skip);
    const r = await page();
    const g = r.gpu;
    const a = g.adapter;
    console.info(
      `chromium: relaxed SIMD ${r.features.relaxedSimd ? "yes" : "no"}; WebGPU: ${a ? `${[a.vendor, a.architecture, a.description].filter(Boolean).join(" ") || "adapter"}${g.fallback ? " (fallback)" : ""}, read ${g.bandwidth?.best.toFixed(1)} GB/s, FP32 ${g.fp32?.best.toFixed(1)} GFLOP/s, FP16 ${g.fp16 ? `${g.fp16.best.toFixed(1)} GFLOP/s` : "–"}` : g.reason}`,
    );
    if (!g.available && !g.adapter) {
      // No adapter at all in this chromium build: the harness says so.
      expect(g.reason).toMatch(/WebGPU|adapter/);
      expect(r.gpuProfile).toBeNull();
      return;
    }
    expect(g.available, g.reason).toBe(true);
    expect(g.verified, g.warnings.join("; ")).toBe(true);
    expect(g.bandwidth!.best).toBeGreaterThan(0);
    expect(g.fp32!.best).toBeGreaterThan(0);
    expect(g.fallback).toBe(g.adapter!.isFallbackAdapter);
    if (g.fallback) {
      expect(g.usableAsRoofline).toBe(false);
      expect(r.gpuProfile).toBeNull();
      expect(g.warnings.join(" ")).toMatch(/fallback/);
    } else {
      const p = DeviceSpec.safeParse(r.gpuProfile);
      expect(p.success).toBe(true);
    }
  }, 120_000);
});

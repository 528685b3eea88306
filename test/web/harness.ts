/**
 * What the browser tests of the web app share: Debian's chromium through playwright-core
 * (never a downloaded browser), the built app served on 127.0.0.1, pages opened at a link
 * and viewport, waiting for the worker's results, reading numbers the app shows, choosing
 * in the searchable pickers, downloads, axe-core and an image comparison with a tolerance.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { ensureBuilt } from "../../web/build.mjs";
import { serveStatic } from "../../web/serve.mjs";
import { type Browser, launchBrowser } from "./browser.js";

export interface Harness {
  readonly browser: Browser | null;
  readonly skipReason: string;
  open(hash?: string, viewport?: { width: number; height: number }): Promise<Opened>;
}

export interface Opened {
  readonly page: Page;
  /** Page errors, console errors and HTTP responses ≥ 400 (a favicon's included). */
  readonly errors: string[];
}

/** Launch the browser and the server for one test file (hooks registered here). */
export async function harness(): Promise<Harness> {
  const launched = await launchBrowser();
  const browser = "skip" in launched ? null : launched;
  const skipReason = "skip" in launched ? launched.skip : "";
  let server: { url: string; close(): Promise<void> } | null = null;
  beforeAll(async () => {
    if (!browser) return;
    await ensureBuilt();
    server = await serveStatic();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    browser,
    skipReason,
    async open(hash = "", viewport) {
      const page = await browser!.context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("response", (r) => {
        if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.url()}`);
      });
      await page.goto(server!.url + hash);
      await page.waitForSelector("[data-testid=view-summary]");
      await idle(page);
      return { page, errors };
    },
  };
}

/** Until the worker's results (timeline, advice, what fits) match the inputs on screen. */
export async function idle(page: Page): Promise<void> {
  for (const v of ["timeline", "advice", "fits"])
    await page.waitForSelector(`[data-testid=view-${v}][aria-busy=false]`);
}

export const value = async (page: Page, testid: string): Promise<number> =>
  Number(await page.getAttribute(`[data-testid=${testid}]`, "data-value"));
export const text = async (page: Page, selector: string): Promise<string> =>
  (await page.textContent(selector))?.trim() ?? "";

/** Choose an item in a searchable picker: type a query, pick the option by its value. */
export async function pick(page: Page, field: string, id: string, query = id): Promise<void> {
  await page.fill(field, query);
  await page.click(`${field}-list [role=option][data-value="${id}"]`);
  await page.waitForSelector(`[data-testid=${field.slice(1)}][data-value="${id}"]`);
}

export async function download(page: Page, selector: string): Promise<{ name: string; bytes: Buffer }> {
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  return { name: dl.suggestedFilename(), bytes: readFileSync(await dl.path()) };
}

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly string[];
}

/** axe-core's violations of impact serious or critical on the page as it is (every panel rendered). */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.addStyleTag({ content: ".panel.view { content-visibility: visible !important; }" });
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(o: unknown): Promise<{ violations: AxeResult[] }> } })
      .axe;
    interface AxeResult {
      id: string;
      impact: string | null;
      help: string;
      nodes: { target: unknown[] }[];
    }
    const r = await axe.run({
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"] },
    });
    return r.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => String(n.target)),
      }));
  });
}

export interface ImageDiff {
  readonly sameSize: boolean;
  readonly width: number;
  readonly height: number;
  /** Share of pixels whose largest channel difference exceeds `threshold`. */
  readonly differing: number;
}

/**
 * Compare two PNG images in the page (decoded by the browser, compared pixel by pixel):
 * a pixel differs when one of its channels differs by more than `threshold` (0–255).
 */
export async function compareImages(page: Page, a: Buffer, b: Buffer, threshold = 48): Promise<ImageDiff> {
  // Run in the page (DOM code, as text: the tests are type-checked without the DOM library).
  const fn = `async ([a64, b64, th]) => {
    const decode = async (s) => {
      const bmp = await createImageBitmap(await (await fetch("data:image/png;base64," + s)).blob());
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const ctx = c.getContext("2d");
      ctx.drawImage(bmp, 0, 0);
      return ctx.getImageData(0, 0, bmp.width, bmp.height);
    };
    const [x, y] = await Promise.all([decode(a64), decode(b64)]);
    if (x.width !== y.width || x.height !== y.height)
      return { sameSize: false, width: x.width, height: x.height, differing: 1 };
    let n = 0;
    for (let i = 0; i < x.data.length; i += 4) {
      const d = Math.max(
        Math.abs(x.data[i] - y.data[i]),
        Math.abs(x.data[i + 1] - y.data[i + 1]),
        Math.abs(x.data[i + 2] - y.data[i + 2]),
      );
      if (d > th) n++;
    }
    return { sameSize: true, width: x.width, height: x.height, differing: n / (x.width * x.height) };
  }`;
  const args = JSON.stringify([a.toString("base64"), b.toString("base64"), threshold]);
  return page.evaluate(`(${fn})(${args})`) as Promise<ImageDiff>;
}

/**
 * The web app in a real browser (Debian's chromium through playwright-core): the built
 * app (dist-web/, rebuilt when stale) served on 127.0.0.1, driven like a user. Numbers on
 * screen are checked against the library's analyze() for the same inputs, and the
 * downloaded JSON against `ridgeline analyze --json` byte for byte. Screenshots of the
 * main views go to test/web/screenshots/ (gitignored) for a human to look at.
 *
 * Skipped, with the reason in the suite's name, when chromium cannot be launched.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Analysis,
  advise,
  analyze,
  findDevice,
  findModel,
  formatBytesIEC,
  formatSeconds,
  importHfConfig,
  modelFromGguf,
  readGgufHeader,
  resolveWorkload,
  timeline,
  validate,
  type WorkloadInput,
} from "../../src/core/index.js";
import { ensureBuilt } from "../../web/build.mjs";
import { serveStatic } from "../../web/serve.mjs";
import { DICTIONARIES } from "../../web/src/i18n/index.js";
import { sourceOf } from "../helpers/gguf-writer.js";
import { runCli } from "../helpers/run-cli.js";
import { type Browser, launchBrowser } from "./browser.js";
import { FIXTURES, ggufFileBytes, tinyLlamaGguf } from "./fixtures.js";

const SHOTS = fileURLToPath(new URL("./screenshots/", import.meta.url));
const launched = await launchBrowser();
const browser: Browser | null = "skip" in launched ? null : launched;
const skipReason = "skip" in launched ? launched.skip : "";
if (!browser) console.warn(`web app tests skipped: ${skipReason}`);

let server: { url: string; close(): Promise<void> } | null = null;
let tmp = "";

beforeAll(async () => {
  if (!browser) return;
  await ensureBuilt();
  server = await serveStatic();
  tmp = mkdtempSync(join(tmpdir(), "ridgeline-web-files-"));
  mkdirSync(SHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// ---- helpers ------------------------------------------------------------------------

interface Opened {
  readonly page: Page;
  readonly errors: string[];
}

async function open(hash = "", viewport?: { width: number; height: number }): Promise<Opened> {
  const page = await browser!.context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error" && !/favicon/.test(m.location().url)) errors.push(m.text());
  });
  await page.goto(server!.url + hash);
  await page.waitForSelector("[data-testid=view-summary]");
  await idle(page);
  return { page, errors };
}

/** Until the worker's results (timeline, advice) match the inputs on screen. */
async function idle(page: Page): Promise<void> {
  await page.waitForSelector("[data-testid=view-timeline][aria-busy=false]");
  await page.waitForSelector("[data-testid=view-advice][aria-busy=false]");
  await page.waitForSelector("[data-testid=view-fits][aria-busy=false]");
}

const value = async (page: Page, testid: string): Promise<number> =>
  Number(await page.getAttribute(`[data-testid=${testid}]`, "data-value"));
const text = async (page: Page, selector: string): Promise<string> =>
  (await page.textContent(selector))?.trim() ?? "";

/** Scroll every chart into view once (they are drawn when near the viewport), then back to the top. */
async function drawAllCharts(page: Page): Promise<void> {
  const n = await page.locator("figure.chart").count();
  for (let i = 0; i < n; i++) {
    const fig = page.locator("figure.chart").nth(i);
    await fig.scrollIntoViewIfNeeded();
    await page.waitForFunction(
      `document.querySelectorAll("figure.chart")[${i}]?.getAttribute("data-built") === "true"`,
    );
  }
  await page.evaluate("window.scrollTo(0, 0)");
}

async function shot(page: Page, name: string, testid?: string): Promise<void> {
  if (testid) {
    const el = page.locator(`[data-testid=${testid}]`);
    await el.scrollIntoViewIfNeeded();
    await page.waitForFunction(
      `[...document.querySelectorAll("[data-testid=${testid}] figure.chart")].every((f) => f.getAttribute("data-built") === "true")`,
    );
    await el.screenshot({ path: join(SHOTS, `${name}.png`) });
  } else {
    await drawAllCharts(page);
    // Panels out of view skip rendering (content-visibility); a full-page capture needs them all.
    await page.addStyleTag({ content: ".panel.view { content-visibility: visible !important; }" });
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }
}

async function download(page: Page, selector: string): Promise<{ name: string; bytes: Buffer }> {
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
  const path = await dl.path();
  return { name: dl.suggestedFilename(), bytes: readFileSync(path) };
}

/** The summary numbers the app shows, against the library's for the same inputs. */
async function expectSummary(page: Page, a: Analysis): Promise<void> {
  if (a.prefill) {
    expect(await value(page, "summary-ttft")).toBe(a.prefill.latencyEstimateS);
    expect(await value(page, "summary-ttft-bound")).toBe(a.prefill.latencyBoundS);
    expect(await text(page, "[data-testid=summary-ttft]")).toBe(formatSeconds(a.prefill.latencyEstimateS));
  }
  if (a.decode) {
    expect(await value(page, "summary-decode")).toBe(a.decode.latencyEstimateS);
    expect(await value(page, "summary-decode-bound")).toBe(a.decode.latencyBoundS);
    expect(await value(page, "summary-tps")).toBe(a.decode.tokensPerSEstimate);
    expect(await value(page, "summary-attn")).toBe(a.decode.attentionShare.timeEstimate);
  }
  expect(await value(page, "summary-memory")).toBe(a.memory.totalBytes);
  expect(await text(page, "[data-testid=summary-memory]")).toBe(formatBytesIEC(a.memory.totalBytes));
}

/** Each row of the per-op table (the pass shown) against the library's ops. */
async function expectOpTable(page: Page, a: Analysis, phase: "prefill" | "decode"): Promise<void> {
  const pass = phase === "prefill" ? a.prefill : a.decode;
  if (!pass) throw new Error(`no ${phase} in the analysis`);
  await page.check(`[data-testid=table-phase-${phase}]`);
  await page.waitForSelector(`[data-testid=op-table][data-phase=${phase}]`);
  const rows = await page.$$eval("[data-testid=op-row]", (trs) =>
    trs.map((tr) => ({
      op: tr.getAttribute("data-op"),
      tEst: Number(tr.querySelector("[data-col=tEst]")?.getAttribute("data-value")),
      flops: Number(tr.querySelector("[data-col=flops]")?.getAttribute("data-value")),
    })),
  );
  expect(rows).toEqual(
    [...pass.layerOps, ...pass.modelOps].map((o) => ({ op: o.name, tEst: o.timeEstimateS, flops: o.flops })),
  );
}

const wl = (w: WorkloadInput) => resolveWorkload(w);

/** Choose an item in a searchable picker: type its id, pick its option. */
async function pick(page: Page, field: string, id: string): Promise<void> {
  await page.fill(field, id);
  await page.click(`${field}-list [role=option][data-value="${id}"]`);
  await page.waitForSelector(`[data-testid=${field.slice(1)}][data-value="${id}"]`);
}

// ---- tests --------------------------------------------------------------------------

describe.skipIf(!browser)(
  `web app in chromium${browser ? "" : ` (skipped: ${skipReason})`}`,
  { timeout: 60_000 },
  () => {
    it("loads with the CLI's defaults and shows the library's numbers", async () => {
      const { page, errors } = await open();
      const model = findModel("llama-2-7b");
      const device = findDevice("apple-m2-gpu");
      const workload = wl({});
      const a = analyze({ model, device, workload });
      await expectSummary(page, a);
      await expectOpTable(page, a, "decode");
      await expectOpTable(page, a, "prefill");
      // Roofline: a point per op with arithmetic, both phases, and the two whole-model stars.
      await page.waitForSelector("[data-testid=chart-roofline-0][data-built=true] svg");
      // Timeline and advice come from a worker; they too are the library's.
      const tl = timeline({ model, device, workload, generateTokens: 256 });
      expect(Number(await page.getAttribute("[data-testid=timeline-summary]", "data-total"))).toBe(
        tl.totalEstimateS,
      );
      const adv = advise({ model, device, workload, generate: 256 });
      const recs = await page.$$eval("[data-testid=recommendation]", (els) =>
        els.map((e) => [e.getAttribute("data-code"), Number(e.getAttribute("data-gain"))]),
      );
      expect(recs).toEqual(adv.recommendations.map((r) => [r.code, r.gain]));
      expect(await page.isEnabled("[data-testid=measure-button]")).toBe(true);
      await shot(page, "01-default-full");
      await shot(page, "02-summary", "view-summary");
      await shot(page, "03-roofline", "view-roofline");
      await shot(page, "04-breakdowns", "view-breakdowns");
      await shot(page, "05-op-table", "view-ops");
      await shot(page, "06-timeline", "view-timeline");
      await shot(page, "07-advice", "view-advice");
      expect(errors).toEqual([]);
      await page.close();
    });

    it("follows model, device and workload changes, and its JSON equals `ridgeline analyze --json`", async () => {
      const { page, errors } = await open();
      await pick(page, "#model", "mistral-7b");
      await pick(page, "#device", "nvidia-rtx-4090");
      await page.fill("#ctl-prompt", "1024");
      await page.fill("#ctl-context", "4096");
      await page.fill("#ctl-batch", "4");
      await page.selectOption("#ctl-weights", "q4_k_m");
      await page.selectOption("#ctl-kv", "q8_0");
      await page.selectOption("#ctl-attention", "flash");
      await page.check("#ctl-fusion");
      await page.selectOption("#ctl-sparsity", "2:4");
      await page.fill("#ctl-kvKeep", "0.5");
      await idle(page);
      const a = analyze({
        model: findModel("mistral-7b"),
        device: findDevice("nvidia-rtx-4090"),
        workload: wl({
          promptTokens: 1024,
          contextTokens: 4096,
          batch: 4,
          weights: "q4_k_m",
          kv: "q8_0",
          attention: "flash",
          fusion: true,
          sparsity: "2:4",
          kvKeep: 0.5,
        }),
      });
      await expectSummary(page, a);
      await expectOpTable(page, a, "decode");
      const json = await download(page, "[data-testid=download-json]");
      expect(json.name).toBe("ridgeline-mistral-7b-nvidia-rtx-4090.json");
      const cli = await runCli([
        "analyze",
        "--model=mistral-7b",
        "--device=nvidia-rtx-4090",
        "--prompt=1024",
        "--context=4096",
        "--batch=4",
        "--weights=q4_k_m",
        "--kv=q8_0",
        "--attention=flash",
        "--fusion",
        "--sparsity=2:4",
        "--kv-keep=0.5",
        "--json",
      ]);
      expect(cli.stderr).toBe("");
      expect(json.bytes.toString("utf8")).toBe(cli.stdout);

      // Phase: prefill only.
      await page.selectOption("#ctl-phase", "prefill");
      await idle(page);
      expect(await page.locator("[data-testid=summary-decode]").count()).toBe(0);
      const pre = analyze({
        model: findModel("mistral-7b"),
        device: findDevice("nvidia-rtx-4090"),
        workload: wl({
          phase: "prefill",
          promptTokens: 1024,
          contextTokens: 4096,
          batch: 4,
          weights: "q4_k_m",
          kv: "q8_0",
          attention: "flash",
          fusion: true,
          sparsity: "2:4",
          kvKeep: 0.5,
        }),
      });
      await expectSummary(page, pre);
      expect(errors).toEqual([]);
      await page.close();
    });

    it("compares devices side by side", async () => {
      const { page, errors } = await open("#m=llama-3-8b");
      for (const id of ["nvidia-rtx-4090", "nvidia-jetson-orin-nx-16gb"]) {
        await pick(page, "#device-add", id);
        await page.click("[data-testid=device-add-button]");
      }
      await idle(page);
      const ids = ["apple-m2-gpu", "nvidia-rtx-4090", "nvidia-jetson-orin-nx-16gb"];
      const rows = await page.$$eval("[data-testid=compare-row]", (trs) =>
        trs.map((tr) => [
          tr.getAttribute("data-device"),
          ...[...tr.querySelectorAll("[data-value]")].map((e) => Number(e.getAttribute("data-value"))),
        ]),
      );
      expect(rows).toEqual(
        ids.map((id) => {
          const a = analyze({ model: findModel("llama-3-8b"), device: findDevice(id), workload: wl({}) });
          return [id, a.prefill!.latencyEstimateS, a.decode!.latencyEstimateS, a.decode!.tokensPerSEstimate];
        }),
      );
      expect(await page.locator("figure[data-testid^=chart-roofline-]").count()).toBe(3);
      expect(await page.locator("[data-testid=timeline-summary]").count()).toBe(3);
      await shot(page, "08-compare-summary", "view-summary");
      await shot(page, "09-compare-roofline", "view-roofline");
      await shot(page, "10-compare-timeline", "view-timeline");
      // Details follow the device made primary.
      await page.click(
        `[aria-label="${DICTIONARIES.en["device.makePrimary"].replace("{name}", findDevice("nvidia-rtx-4090").name)}"]`,
      );
      await idle(page);
      await expectSummary(
        page,
        analyze({ model: findModel("llama-3-8b"), device: findDevice("nvidia-rtx-4090"), workload: wl({}) }),
      );
      expect(errors).toEqual([]);
      await page.close();
    });

    it("shows a bad input next to its field and keeps the last valid result", async () => {
      const { page, errors } = await open();
      const before = await value(page, "summary-ttft");
      await page.fill("#ctl-prompt", "2e3");
      await page.waitForSelector("[data-testid=err-prompt]");
      expect(await page.getAttribute("#ctl-prompt", "aria-invalid")).toBe("true");
      expect(await text(page, "[data-testid=err-prompt]")).toBe(
        `must be a whole number from 1 to ${1 << 24}`,
      );
      await page.waitForSelector("[data-testid=stale]");
      expect(await value(page, "summary-ttft")).toBe(before);
      await page.fill("#ctl-prompt", "512");
      await page.waitForSelector("[data-testid=stale]", { state: "detached" });
      await idle(page);
      await expectSummary(
        page,
        analyze({
          model: findModel("llama-2-7b"),
          device: findDevice("apple-m2-gpu"),
          workload: wl({ promptTokens: 512 }),
        }),
      );
      expect(errors).toEqual([]);
      await page.close();
    });

    it("reads a config.json, refuses malformed ones clearly, and matches the CLI on it", async () => {
      const { page, errors } = await open();
      const config = fileURLToPath(new URL("hf/mistral-7b-v0.1.json", FIXTURES));
      await page.setInputFiles("#model-file", config);
      await page.waitForSelector("[data-testid=file-loaded]");
      await idle(page);
      const { model } = importHfConfig(JSON.parse(readFileSync(config, "utf8")), "mistral-7b-v0.1");
      const a = analyze({ model, device: findDevice("apple-m2-gpu"), workload: wl({}) });
      await expectSummary(page, a);
      const json = await download(page, "[data-testid=download-json]");
      const cli = await runCli(["analyze", `--model-config=${config}`, "--json"]);
      expect(json.bytes.toString("utf8")).toBe(cli.stdout);

      // Malformed: not JSON at all. The error says so; the model stays as it was.
      await page.setInputFiles("#model-file", fileURLToPath(new URL("cli/malformed.json", FIXTURES)));
      await page.waitForSelector("[data-testid=file-error]");
      expect(await text(page, "[data-testid=file-error]")).toMatch(
        /^Could not use malformed\.json: not valid JSON/,
      );
      expect(await value(page, "summary-ttft")).toBe(a.prefill!.latencyEstimateS);
      await shot(page, "11-file-error", "controls-model");
      // Valid JSON, unsupported architecture: the field is named.
      await page.setInputFiles(
        "#model-file",
        fileURLToPath(new URL("cli/config-unknown-type.json", FIXTURES)),
      );
      await page.waitForFunction(
        `document.querySelector("[data-testid=file-error]")?.textContent?.includes("config-unknown-type.json")`,
      );
      expect(await text(page, "[data-testid=file-error]")).toMatch(
        /config\.model_type: unsupported model type/,
      );
      expect(errors).toEqual([]);
      await page.close();
    });

    it("reads only the header of a .gguf by slicing it, with exact weights, as the CLI does", async () => {
      const { page, errors } = await open();
      const f = tinyLlamaGguf();
      const path = join(tmp, "Tiny Llama Mix.Q4_K.gguf");
      writeFileSync(path, ggufFileBytes(f, 8 << 20));
      await page.setInputFiles("#model-file", path);
      await page.waitForSelector("[data-testid=file-loaded]");
      await idle(page);
      const read = Number(await page.getAttribute("[data-testid=file-loaded]", "data-bytes-read"));
      expect(Number(await page.getAttribute("[data-testid=file-loaded]", "data-file-size"))).toBe(8 << 20);
      expect(read).toBeLessThanOrEqual(1 << 20); // one chunk of the reader, not the 8 MiB file
      expect(await page.isDisabled("#ctl-weights")).toBe(true);
      const { spec, weights } = modelFromGguf(await readGgufHeader(sourceOf(f)), "tiny-llama-mix.q4-k");
      await expectSummary(
        page,
        analyze({ model: spec, device: findDevice("apple-m2-gpu"), workload: wl({}), weights }),
      );
      const json = await download(page, "[data-testid=download-json]");
      const cli = await runCli(["analyze", `--gguf=${path}`, "--json"]);
      expect(json.bytes.toString("utf8")).toBe(cli.stdout);
      await shot(page, "12-gguf-model", "controls-model");
      expect(errors).toEqual([]);
      await page.close();
    });

    it("keeps the whole state in the URL, a file's model included", async () => {
      const { page, errors } = await open();
      const f = tinyLlamaGguf();
      const path = join(tmp, "tiny.gguf");
      writeFileSync(path, ggufFileBytes(f));
      await page.setInputFiles("#model-file", path);
      await page.waitForSelector("[data-testid=file-loaded]");
      await pick(page, "#device", "nvidia-jetson-orin-nano-8gb");
      await pick(page, "#device-add", "apple-m2-gpu");
      await page.click("[data-testid=device-add-button]");
      await page.fill("#ctl-prompt", "777");
      await page.fill("#ctl-generate", "64");
      await page.selectOption("#ctl-kv", "q4_0");
      await page.selectOption("#ctl-phase", "decode");
      await page.check("[data-testid=table-phase-decode]");
      await page.selectOption("#lang", "zh");
      await page.waitForFunction(
        `["lang=zh", "prompt=777", "custom="].every((s) => location.hash.includes(s))`,
      );
      await idle(page);
      const url = page.url();
      const summary = await value(page, "summary-decode");
      const second = await open(new URL(url).hash);
      expect(await second.page.inputValue("#ctl-prompt")).toBe("777");
      expect(await second.page.inputValue("#ctl-generate")).toBe("64");
      expect(await second.page.inputValue("#ctl-kv")).toBe("q4_0");
      expect(await second.page.inputValue("#ctl-phase")).toBe("decode");
      expect(await second.page.getAttribute("[data-testid=device]", "data-value")).toBe(
        "nvidia-jetson-orin-nano-8gb",
      );
      expect(await second.page.locator("[data-testid=compare-row]").count()).toBe(2);
      expect(await second.page.getAttribute("html", "lang")).toBe("zh-CN");
      expect(await value(second.page, "summary-decode")).toBe(summary);
      expect(await second.page.getAttribute("[data-testid=model]", "data-value")).toBe("__file");
      expect(second.page.url()).toBe(url);
      expect(errors).toEqual([]);
      await page.close();
    });

    it("speaks English and Simplified Chinese", async () => {
      const { page, errors } = await open();
      const headings = [
        "summary.heading",
        "roofline.heading",
        "breakdown.heading",
        "table.heading",
        "timeline.heading",
        "advice.heading",
        "accuracy.heading",
        "measure.heading",
      ] as const;
      const h2 = () => page.$$eval("main h2", (hs) => hs.map((h) => h.textContent));
      expect(await h2()).toEqual(expect.arrayContaining(headings.map((k) => DICTIONARIES.en[k])));
      await page.selectOption("#lang", "zh");
      await page.waitForFunction(`document.documentElement.lang === "zh-CN"`);
      await idle(page);
      expect(await h2()).toEqual(expect.arrayContaining(headings.map((k) => DICTIONARIES.zh[k])));
      expect(await text(page, "label[for=ctl-prompt]")).toBe(DICTIONARIES.zh["workload.prompt"]);
      expect(await text(page, ".tagline")).toBe(DICTIONARIES.zh["app.tagline"]);
      // No English UI string is left in the controls.
      const lines = (await page.innerText("section.controls")).split("\n").map((l) => l.trim());
      for (const k of [
        "workload.prompt",
        "workload.batch",
        "device.compare",
        "model.file",
        "workload.attention",
        "attention.naive",
      ] as const) {
        expect(lines).toContain(DICTIONARIES.zh[k]);
        expect(lines).not.toContain(DICTIONARIES.en[k]);
      }
      await shot(page, "13-zh-full");
      await shot(page, "14-zh-roofline", "view-roofline");
      await page.selectOption("#lang", "en");
      await page.waitForFunction(`document.documentElement.lang === "en"`);
      expect(errors).toEqual([]);
      await page.close();
    });

    it("downloads charts as SVG and PNG", async () => {
      const { page, errors } = await open();
      await page.locator("[data-testid=chart-roofline-0]").scrollIntoViewIfNeeded();
      const svg = await download(page, "[data-testid=chart-roofline-0-svg]");
      expect(svg.name).toBe("roofline-llama-2-7b-apple-m2-gpu.svg");
      const s = svg.bytes.toString("utf8");
      expect(s.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
      expect(s).toContain("Roofline, Apple M2 GPU");
      // Charts further down are drawn on demand for the export.
      const png = await download(page, "[data-testid=chart-timeline-kv-png]");
      expect(png.name).toBe("timeline-kv-llama-2-7b.png");
      expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(png.bytes.length).toBeGreaterThan(5000);
      expect(errors).toEqual([]);
      await page.close();
    });

    it("plots the library's validation: predicted vs measured", async () => {
      const { page, errors } = await open();
      await page.locator("[data-testid=view-accuracy]").scrollIntoViewIfNeeded();
      await page.waitForSelector("[data-testid=accuracy-table]", { timeout: 30_000 });
      const v = validate(
        readFileSync(new URL("../../data/calibration/measured.csv", import.meta.url), "utf8"),
      );
      const all = await page.getAttribute("[data-testid=accuracy-row][data-key=all]", "data-estimate-mape");
      expect(Number(all)).toBe(v.overall.estimate.mape);
      const points = v.rows.filter((r) => r.estimateTps !== null && r.deviceClass !== null).length;
      await shot(page, "17-accuracy", "view-accuracy");
      expect(await page.locator("[data-testid=chart-accuracy] svg g[aria-label=dot] > *").count()).toBe(
        points,
      );
      expect(errors).toEqual([]);
      await page.close();
    });

    it("measures this device (a short run) and analyses against the profile", async () => {
      const { page, errors } = await open();
      expect(await page.evaluate("crossOriginIsolated")).toBe(true);
      await page.evaluate(
        "window.__ridgelineMeasureOptions = { sizes: [16384, 65536], sampleMs: 2, samples: 2, warmMs: 5 }",
      );
      await page.locator("[data-testid=view-measure]").scrollIntoViewIfNeeded();
      await page.click("[data-testid=measure-button]");
      await page.waitForSelector("[data-testid=measure-result]", { timeout: 45_000 });
      await shot(page, "18-measure", "view-measure");
      await page.click("[data-testid=measure-use]");
      await page.waitForSelector("[data-testid=compare-row][data-device=measured-this-cpu]");
      await idle(page);
      const bw = await page.$eval(
        "[data-testid=compare-row][data-device=measured-this-cpu] td",
        (td) => td.textContent,
      );
      expect(bw).toMatch(/GB\/s$/);
      await page.waitForFunction(
        `location.hash.includes("dev=") && location.hash.includes("measured-this-cpu")`,
      );
      expect(errors).toEqual([]);
      await page.close();
    });

    it("is usable from the keyboard and in a narrow window", async () => {
      const { page, errors } = await open("", { width: 380, height: 900 });
      // Every control has a label.
      const unlabelled = await page.evaluate(
        `[...document.querySelectorAll("select, input, textarea")].filter((e) => !e.labels?.length && !e.getAttribute("aria-label")).map((e) => e.outerHTML.slice(0, 80))`,
      );
      expect(unlabelled).toEqual([]);
      // Nothing wider than the window.
      expect(await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")).toBe(true);
      await page.screenshot({ path: join(SHOTS, "15-narrow-top.png") });
      await shot(page, "16-narrow-roofline", "view-roofline");
      // Tab to the batch field and type.
      await page.focus("#ctl-prompt");
      await page.keyboard.press("Tab"); // → generate
      await page.keyboard.press("Tab"); // → context
      await page.keyboard.press("Tab"); // → batch
      expect(await page.evaluate("document.activeElement.id")).toBe("ctl-batch");
      await page.keyboard.press("Control+A");
      await page.keyboard.type("2");
      await idle(page);
      await expectSummary(
        page,
        analyze({
          model: findModel("llama-2-7b"),
          device: findDevice("apple-m2-gpu"),
          workload: wl({ batch: 2 }),
        }),
      );
      // Selects change with the arrow keys.
      await page.focus("#ctl-attention");
      await page.keyboard.press("ArrowDown");
      await page.waitForFunction(`document.querySelector("#ctl-attention")?.value === "flash"`);
      expect(errors).toEqual([]);
      await page.close();
    });
    // ---- issue 18 ----------------------------------------------------------------------

    it("shows the diagnostics beside the summary: context exceeded, and by how much it does not fit", async () => {
      const { page, errors } = await open("#m=llama-2-70b&d=nvidia-jetson-orin-nano-8gb&prompt=8192");
      const a = analyze({
        model: findModel("llama-2-70b"),
        device: findDevice("nvidia-jetson-orin-nano-8gb"),
        workload: wl({ promptTokens: 8192 }),
      });
      expect(a.memory.fits).toBe(false);
      const codes = await page.$$eval(
        "[data-testid=view-summary] [data-testid=summary-diagnostics] li",
        (lis) => lis.map((l) => l.getAttribute("data-code")),
      );
      expect(codes).toEqual(expect.arrayContaining(["memory.does-not-fit", "model.context-exceeded"]));
      // told against the unit that misses (the Jetson's GPU: its buffers beyond its memory)
      const gpu = a.memory.plan.units.find((u) => u.unit === "gpu")!;
      expect(gpu.fits).toBe(false);
      const over = formatBytesIEC(gpu.bytes - gpu.usableBytes!);
      expect(
        await text(page, "[data-testid=view-summary] .metric:has([data-testid=summary-memory]) .metric-sub"),
      ).toBe(`does not fit in ${formatBytesIEC(gpu.usableBytes!)}: ${over} over`);
      // Above the fold: the warnings sit in the summary panel, on screen without scrolling.
      const top = await page.$eval("[data-testid=summary-diagnostics]", (e) => e.getBoundingClientRect().top);
      expect(top).toBeLessThan(1000);
      await shot(page, "19-summary-diagnostics", "view-summary");
      expect(errors).toEqual([]);
      await page.close();
    });
    it("opens a link with an out-of-range value: the message at the field, a result for the valid rest, no endless spinner", async () => {
      const { page, errors } = await open("#prompt=1000000000&batch=4");
      expect(await page.inputValue("#ctl-prompt")).toBe("1000000000");
      expect(await page.getAttribute("#ctl-prompt", "aria-invalid")).toBe("true");
      expect(await text(page, "[data-testid=err-prompt]")).toBe(
        `must be a whole number from 1 to ${1 << 24}`,
      );
      expect(await page.locator("[data-testid=stale]").count()).toBe(1);
      // The bad field at its default, the others as the link says.
      const a = analyze({
        model: findModel("llama-2-7b"),
        device: findDevice("apple-m2-gpu"),
        workload: wl({ batch: 4 }),
      });
      await expectSummary(page, a);
      expect(await page.locator("main", { hasText: DICTIONARIES.en["status.computing"] }).count()).toBe(0);
      // Typing a valid value replaces the stand-in.
      await page.fill("#ctl-prompt", "512");
      await page.waitForSelector("[data-testid=stale]", { state: "detached" });
      await idle(page);
      await expectSummary(
        page,
        analyze({
          model: findModel("llama-2-7b"),
          device: findDevice("apple-m2-gpu"),
          workload: wl({ promptTokens: 512, batch: 4 }),
        }),
      );
      expect(errors).toEqual([]);
      await page.close();
    });
  },
);

/**
 * Issue 18 in a real browser, the answer first: the summary is the verdict (fits or by how
 * much not, speed, every warning), results come first on a phone, "What fits" is the
 * library's fitLimits, the advisor never ranks a change that does not fit, numbers are
 * formatted by the core's formatters, a GGUF's weights are named by its file type, and no
 * request fails (a favicon included). Skipped, saying why, without chromium.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  advise,
  analyze,
  findDevice,
  findModel,
  fitLimits,
  formatBytesIEC,
  formatDuration,
  resolveWorkload,
} from "../../src/core/index.js";
import { ggufFileBytes, tinyLlamaGguf } from "./fixtures.js";
import { harness, idle, text, value } from "./harness.js";

const h = await harness();
const tmp = mkdtempSync(join(tmpdir(), "ridgeline-web-answer-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const wl = resolveWorkload;

describe.skipIf(!h.browser)(
  `the answer first${h.browser ? "" : ` (skipped: ${h.skipReason})`}`,
  { timeout: 60_000 },
  () => {
    it("the verdict: does not fit, by how much, the speed, and the warnings beside it", async () => {
      const { page, errors } = await h.open("#m=llama-2-70b&d=nvidia-jetson-orin-nx-16gb&prompt=8192");
      const a = analyze({
        model: findModel("llama-2-70b"),
        device: findDevice("nvidia-jetson-orin-nx-16gb"),
        workload: wl({ promptTokens: 8192 }),
      });
      expect(await page.getAttribute("[data-testid=verdict]", "data-fits")).toBe("false");
      const cap = a.memory.capacityBytes!;
      expect(await text(page, "[data-testid=verdict-fit]")).toBe(
        `✗ Does not fit in memory: needs ${formatBytesIEC(a.memory.totalBytes)}, the device has ${formatBytesIEC(cap)}: ${formatBytesIEC(a.memory.totalBytes - cap)} over.`,
      );
      expect(await value(page, "verdict-tps")).toBe(a.decode!.tokensPerSEstimate);
      expect(await value(page, "verdict-ttft")).toBe(a.prefill!.latencyEstimateS);
      expect(await text(page, "[data-testid=verdict-ttft]")).toBe(
        formatDuration(a.prefill!.latencyEstimateS),
      );
      const codes = await page.$$eval("[data-testid=verdict] [data-code]", (l) =>
        l.map((e) => e.getAttribute("data-code")),
      );
      expect(codes).toEqual(a.diagnostics.filter((d) => d.severity !== "info").map((d) => d.code));
      expect(errors).toEqual([]);
      await page.close();
    });

    it("the verdict when it fits: what is free", async () => {
      const { page } = await h.open();
      const a = analyze({
        model: findModel("llama-2-7b"),
        device: findDevice("apple-m2-gpu"),
        workload: wl({}),
      });
      const cap = a.memory.capacityBytes!;
      expect(await text(page, "[data-testid=verdict-fit]")).toBe(
        `✓ Fits in memory: needs ${formatBytesIEC(a.memory.totalBytes)} of ${formatBytesIEC(cap)} (${formatBytesIEC(cap - a.memory.totalBytes)} free).`,
      );
      await page.close();
    });

    it("on a phone the verdict is on the first screen, above the inputs, and compared devices read without swiping", async () => {
      const phone = { width: 390, height: 844 };
      const { page, errors } = await h.open(
        "#m=llama-3-8b&d=apple-m2-gpu,nvidia-rtx-4090,nvidia-jetson-orin-nx-16gb,nvidia-jetson-orin-nano-8gb",
        phone,
      );
      const box = async (sel: string) =>
        page.$eval(sel, (e) => {
          const r = e.getBoundingClientRect();
          return { top: r.top, bottom: r.bottom };
        });
      const verdict = await box("[data-testid=verdict]");
      expect(verdict.bottom).toBeLessThan(phone.height);
      expect(verdict.top).toBeLessThan((await box("[data-testid=controls-model]")).top);
      expect(await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")).toBe(true);
      // Every compared device is a card, all of it inside the screen's width.
      const rows = await page.$$eval("[data-testid=compare-row]", (trs) =>
        trs.map((tr) => {
          const r = tr.getBoundingClientRect();
          return {
            left: r.left,
            right: r.right,
            cells: [...tr.querySelectorAll("td")].every(
              (td) => td.getBoundingClientRect().right <= r.right + 0.5,
            ),
          };
        }),
      );
      expect(rows.length).toBe(4);
      for (const r of rows) {
        expect(r.left).toBeGreaterThanOrEqual(0);
        expect(r.right).toBeLessThanOrEqual(phone.width);
        expect(r.cells).toBe(true);
      }
      expect(
        await page.evaluate(
          `getComputedStyle(document.querySelector("[data-testid=compare-row] td"), "::before").content`,
        ),
      ).toBe('"Bandwidth"');
      await page.screenshot({ path: join(tmp, "phone.png") });
      expect(errors).toEqual([]);
      await page.close();
    });

    it("what fits: the largest context, batch and best weight format, as fitLimits; one click applies a format", async () => {
      const { page, errors } = await h.open("#m=llama-3-8b&d=nvidia-jetson-orin-nano-8gb");
      const model = findModel("llama-3-8b");
      const device = findDevice("nvidia-jetson-orin-nano-8gb");
      const f = fitLimits({ model, device, workload: wl({}) });
      expect(await page.getAttribute("[data-testid=fits-context]", "data-value")).toBe(String(f.maxContext));
      expect(await page.getAttribute("[data-testid=fits-batch]", "data-value")).toBe(String(f.maxBatch));
      expect(await page.getAttribute("[data-testid=fits-precision]", "data-value")).toBe(
        String(f.bestPrecision),
      );
      const rows = await page.$$eval("[data-testid=fits-row]", (r) =>
        r.map((e) => [e.getAttribute("data-format"), e.getAttribute("data-fits")]),
      );
      expect(rows).toEqual(f.precisions.map((p) => [p.precision, String(p.fits)]));
      expect(f.bestPrecision).not.toBeNull();
      await page.click(`[data-testid=fits-use-${f.bestPrecision}]`);
      await page.waitForFunction(
        `document.querySelector("#ctl-weights").value === ${JSON.stringify(f.bestPrecision)}`,
      );
      await idle(page);
      expect(await page.getAttribute("[data-testid=verdict]", "data-fits")).toBe("true");
      expect(errors).toEqual([]);
      await page.close();
    });

    it("the advisor: nothing ranked that does not fit, make-it-fit first, what does not fit listed with what it needs", async () => {
      const { page, errors } = await h.open("#m=llama-2-7b&d=nvidia-jetson-orin-nano-8gb");
      const adv = advise({
        model: findModel("llama-2-7b"),
        device: findDevice("nvidia-jetson-orin-nano-8gb"),
        workload: wl({}),
        generate: 256,
      });
      const recs = await page.$$eval("[data-testid=recommendation]", (els) =>
        els.map((e) => [
          e.getAttribute("data-code"),
          e.getAttribute("data-fits"),
          e.getAttribute("data-makes-fit"),
        ]),
      );
      expect(recs).toEqual(adv.recommendations.map((r) => [r.code, String(r.after.fits), "true"]));
      expect(recs.length).toBeGreaterThan(0);
      expect(await page.locator("[data-testid=advice-nofit]").count()).toBe(1);
      const noFit = await page.$$eval("[data-testid=nofit-change]", (els) =>
        els.map((e) => Number(e.getAttribute("data-memory"))),
      );
      expect(noFit).toEqual(adv.doesNotFit.map((r) => r.after.memoryBytes));
      await page.close();
      // 4-bit weights on a GPU with sparse tensor cores: no 2:4 sparsity advice.
      const q4 = await h.open("#m=llama-2-7b&d=nvidia-rtx-4090&w=q4_k_m");
      expect(await q4.page.locator("[data-testid=recommendation][data-code=sparsity-2-4]").count()).toBe(0);
      expect(await q4.page.locator("[data-testid=nofit-change][data-code=sparsity-2-4]").count()).toBe(0);
      expect(errors.concat(q4.errors)).toEqual([]);
      await q4.page.close();
    });

    it("numbers through the core's formatters: long times in min / h / days, three figures, no raw floats", async () => {
      const { page, errors } = await h.open("#m=llama-3.1-70b&d=raspberry-pi-5&prompt=131072&ctx=131072");
      const a = analyze({
        model: findModel("llama-3.1-70b"),
        device: findDevice("raspberry-pi-5"),
        workload: wl({ promptTokens: 131072, contextTokens: 131072 }),
      });
      const ttft = a.prefill!.latencyEstimateS;
      expect(ttft).toBeGreaterThan(3600);
      expect(await text(page, "[data-testid=summary-ttft]")).toBe(formatDuration(ttft));
      expect(await text(page, "[data-testid=summary-ttft]")).toMatch(/^\d+(\.\d+)? (h|days|years)$/);
      const main = await page.innerText("main");
      expect(main).not.toMatch(/\d\.\d{5,}/);
      expect(main).not.toMatch(/\b\d{6,} s\b/);
      expect(errors).toEqual([]);
      await page.close();
    });

    it("a Q4_K_M GGUF: the disabled Weights control names the file's format", async () => {
      const { page, errors } = await h.open();
      const path = join(tmp, "tiny.Q4_K_M.gguf");
      writeFileSync(path, ggufFileBytes(tinyLlamaGguf({ fileType: 15 })));
      await page.setInputFiles("#model-file", path);
      await page.waitForSelector("[data-testid=file-loaded]");
      expect(await page.isDisabled("#ctl-weights")).toBe(true);
      expect(await text(page, "#ctl-weights option:checked")).toBe("Q4_K_M (from the file)");
      // Without a file type, the formats by share of bytes; never "fp16".
      writeFileSync(path, ggufFileBytes(tinyLlamaGguf()));
      await page.setInputFiles("#model-file", path);
      await page.waitForFunction(
        `document.querySelector("#ctl-weights option:checked").textContent.startsWith("q4_k")`,
      );
      expect(await text(page, "#ctl-weights option:checked")).toMatch(/^q4_k \d+% \+ q6_k \d+%/);
      expect(errors).toEqual([]);
      await page.close();
    });

    it("loads without a failed request: the favicon is inline", async () => {
      const { page, errors } = await h.open();
      expect(await page.getAttribute("link[rel=icon]", "href")).toMatch(/^data:image\/svg\+xml,/);
      await page.waitForTimeout(300);
      expect(errors).toEqual([]);
      await page.close();
    });
  },
);

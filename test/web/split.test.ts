/**
 * Issue 19 in a real browser: with two devices chosen, the split panel shows the library's
 * analyzeSplit (tokens/s, per-unit time, the bottleneck), follows the split mode and link
 * chosen in it, draws one decode step's time line across the units, and speaks Chinese.
 * Skipped, saying why, without chromium.
 */
import { describe, expect, it } from "vitest";
import { analyzeSplit, findDevice, findLink, findModel, resolveWorkload } from "../../src/core/index.js";
import { DICTIONARIES } from "../../web/src/i18n/index.js";
import { harness, idle, text, value } from "./harness.js";

const h = await harness();
const units = [findDevice("nvidia-rtx-4090"), findDevice("nvidia-rtx-3090")];
const expected = (split: "layer" | "tensor", link: string) =>
  analyzeSplit({
    model: findModel("llama-3-8b"),
    units,
    link: findLink(link),
    split,
    workload: resolveWorkload({}),
  }).decode!;

describe.skipIf(!h.browser)(
  `the split panel${h.browser ? "" : ` (skipped: ${h.skipReason})`}`,
  { timeout: 60_000 },
  () => {
    it("asks for a second device when there is one", async () => {
      const { page, errors } = await h.open("#m=llama-3-8b&d=nvidia-rtx-4090");
      expect(await text(page, "[data-testid=view-split] .hint")).toBe(DICTIONARIES.en["split.needTwo"]);
      expect(errors).toEqual([]);
      await page.close();
    });

    it("two GPUs: the library's numbers, mode and link followed, the time line drawn, in Chinese too", async () => {
      const { page, errors } = await h.open("#m=llama-3-8b&d=nvidia-rtx-4090,nvidia-rtx-3090");
      const layer = expected("layer", "pcie4x16");
      await page.waitForSelector("[data-testid=split-summary][data-split=layer]");
      expect(await value(page, "split-tps")).toBe(layer.tokensPerS);
      expect(await value(page, "split-unit-1")).toBe(layer.unitS[1]);
      expect(await page.locator("[data-testid=split-row]").count()).toBe(2);
      await page.locator("[data-testid=view-split]").scrollIntoViewIfNeeded();
      await page.waitForSelector("figure[data-testid=chart-split][data-built=true]");
      expect(await page.locator("figure[data-testid=chart-split] svg rect").count()).toBeGreaterThanOrEqual(
        layer.timeline.length,
      );

      await page.selectOption("#split-mode", "tensor");
      await page.selectOption("#split-link", "eth1g");
      await page.waitForSelector("[data-testid=split-summary][data-split=tensor][data-link=eth1g]");
      const tensor = expected("tensor", "eth1g");
      expect(await value(page, "split-tps")).toBe(tensor.tokensPerS);
      // Over 1 GbE the all-reduces are the bottleneck, and the panel says so.
      expect(tensor.bottleneckUnit).toBeNull();
      expect(await page.getAttribute("[data-testid=split-bottleneck]", "data-unit")).toBe("link");

      await page.selectOption("#lang", "zh");
      await page.waitForFunction(`document.documentElement.lang === "zh-CN"`);
      await idle(page);
      expect(await text(page, "#split-h")).toBe(DICTIONARIES.zh["split.heading"]);
      const panel = await page.innerText("[data-testid=view-split]");
      expect(panel).toContain(DICTIONARIES.zh["split.col.unit"]);
      expect(panel).toContain(DICTIONARIES.zh["split.mode.tensor"]);
      expect(panel).not.toContain(DICTIONARIES.en["split.col.unit"]);
      expect(panel).not.toMatch(/Decode:|Bottleneck/);
      expect(errors).toEqual([]);
      await page.close();
    });
  },
);

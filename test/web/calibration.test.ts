/**
 * Issue 15 in the web app, in a real browser: a calibration written by the CLI
 * (`ridgeline calibrate` on llama-bench's own README output) dropped onto the page gives the
 * same estimate as `ridgeline analyze --calibration` for the same inputs, says so in the
 * summary, and can be removed; a bad file is one line naming the field; the same
 * llama-bench file dropped in the accuracy view is validated and calibrated in the page to
 * the same parameters; typed labels resolve through the core resolver. Skipped, saying
 * why, without chromium.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findModel, resolveDevice, resolveModel } from "../../src/core/index.js";
import { describeResult, runCli } from "../helpers/run-cli.js";
import { harness, idle, seriousViolations, text, value } from "./harness.js";

const h = await harness();
const BENCH = "test/fixtures/llama-bench/readme.json";
const T = { timeoutMs: 60_000 };
let dir = "";
let calFile = "";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "ridgeline-web-cal-"));
  calFile = join(dir, "rtx4080-calibration.json");
  const c = await runCli(["calibrate", "--data", BENCH, "--device", "nvidia-rtx-4080", "--out", calFile], T);
  expect(c.code, describeResult(c)).toBe(0);
}, 120_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** `ridgeline analyze --json` of Qwen2 7B Q4_K_M on the RTX 4080 (the README runs' model), with or without the calibration. */
async function cliAnalysis(calibrated: boolean): Promise<{
  decode: { tokensPerSEstimate: number };
  prefill: { latencyEstimateS: number };
  efficiency: { source: string };
}> {
  const args = [
    "analyze",
    "--model",
    "qwen2-7b",
    "--weights",
    "q4_k_m",
    "--device",
    "nvidia-rtx-4080",
    "--json",
  ];
  const r = await runCli(calibrated ? [...args, "--calibration", calFile] : args, T);
  expect(r.code, describeResult(r)).toBe(0);
  return JSON.parse(r.stdout);
}

describe.skipIf(!h.browser)(
  `your calibration in the web app${h.browser ? "" : ` (skipped: ${h.skipReason})`}`,
  { timeout: 90_000 },
  () => {
    it("a calibration file from the CLI: the estimate becomes the CLI's, the summary says so, and it can be removed", async () => {
      const [withCal, without] = await Promise.all([cliAnalysis(true), cliAnalysis(false)]);
      // The calibration changes the estimate (else this test could not fail).
      expect(
        Math.abs(withCal.decode.tokensPerSEstimate / without.decode.tokensPerSEstimate - 1),
      ).toBeGreaterThan(0.01);
      const { page, errors } = await h.open("#m=qwen2-7b&w=q4_k_m&d=apple-m2-gpu");
      await page.setInputFiles("[data-testid=calibration-file]", calFile);
      // The calibrated device becomes the primary one.
      await page.waitForSelector("[data-testid=device][data-value=nvidia-rtx-4080]");
      await page.waitForSelector("[data-testid=summary-calibration][data-applied=true]");
      await idle(page);
      expect(await value(page, "summary-tps")).toBeCloseTo(withCal.decode.tokensPerSEstimate, 9);
      expect(await value(page, "summary-ttft")).toBeCloseTo(withCal.prefill.latencyEstimateS, 12);
      expect(await value(page, "summary-uncalibrated-tps")).toBeCloseTo(without.decode.tokensPerSEstimate, 9);
      // The timeline (computed in the worker) uses it too: `ridgeline timeline --calibration`.
      const tl = await runCli(
        [
          "timeline",
          ...["--model", "qwen2-7b", "--weights", "q4_k_m", "--device", "nvidia-rtx-4080"],
          ...["--prompt", "2048", "--generate", "256", "--calibration", calFile, "--json"],
        ],
        T,
      );
      expect(tl.code, describeResult(tl)).toBe(0);
      const tps = await page.getAttribute(
        "[data-testid=timeline-summary][data-device=nvidia-rtx-4080]",
        "data-tps",
      );
      expect(Number(tps)).toBeCloseTo(JSON.parse(tl.stdout).decodeTokensPerSEstimate, 9);
      const line = await text(page, "[data-testid=summary-calibration]");
      expect(line).toMatch(/Calibrated with rtx4080-calibration\.json \(2 own runs, \d{4}-\d\d-\d\d\)/);
      const cal = JSON.parse(readFileSync(calFile, "utf8"));
      expect(line).toContain(`${cal.before.mape.toFixed(1)}% → ${cal.after.mape.toFixed(1)}%`);
      // The user's calibration has no cross-validated range; the summary says why instead.
      expect(await page.locator("[data-testid=summary-tps-likely]").count()).toBe(0);
      // Not in the link: the URL names the device, not the file.
      await page.waitForFunction(() => location.hash.includes("nvidia-rtx-4080"));
      expect(await page.evaluate(() => location.hash)).not.toMatch(/cal/i);
      // Removed: the built-in estimate, with its likely range.
      await page.click("[data-testid=calibration-remove]");
      await page.waitForSelector("[data-testid=summary-calibration]", { state: "detached" });
      expect(await value(page, "summary-tps")).toBeCloseTo(without.decode.tokensPerSEstimate, 9);
      const likely = page.locator("[data-testid=summary-tps-likely]");
      expect(Number(await likely.getAttribute("data-low"))).toBeLessThan(without.decode.tokensPerSEstimate);
      expect(Number(await likely.getAttribute("data-high"))).toBeGreaterThan(
        without.decode.tokensPerSEstimate,
      );
      expect(errors).toEqual([]);
      await page.close();
    });

    it("a bad calibration file: one line naming the field and the value, the estimate unchanged", async () => {
      const cal = JSON.parse(readFileSync(calFile, "utf8"));
      const bad = join(dir, "bad-calibration.json");
      writeFileSync(bad, JSON.stringify({ ...cal, params: { ...cal.params, bandwidth: 1.7 } }));
      const { page, errors } = await h.open("#m=qwen2-7b&w=q4_k_m&d=nvidia-rtx-4080");
      const before = await value(page, "summary-tps");
      await page.setInputFiles("[data-testid=calibration-file]", bad);
      const msg = await text(page, "[data-testid=calibration-error]");
      expect(msg).toMatch(
        /^Could not use bad-calibration\.json: calibration\.params\.bandwidth: .* \(got 1\.7\)$/,
      );
      expect(msg.split("\n")).toHaveLength(1);
      expect(await page.locator("[data-testid=summary-calibration]").count()).toBe(0);
      expect(await value(page, "summary-tps")).toBe(before);
      const notJson = join(dir, "not-json.json");
      writeFileSync(notJson, "{ not json");
      await page.setInputFiles("[data-testid=calibration-file]", notJson);
      await page.waitForSelector("[data-testid=calibration-error]:has-text('not-json.json')");
      expect(await text(page, "[data-testid=calibration-error]")).toMatch(/calibration: not valid JSON/);
      expect(errors).toEqual([]);
      await page.close();
    });

    it("llama-bench output in the accuracy view: validated as `ridgeline validate` does, calibrated in the page as `ridgeline calibrate` does", async () => {
      const v = await runCli(["validate", "--data", BENCH, "--json"], T);
      expect(v.code, describeResult(v)).toBe(0);
      const cli = JSON.parse(v.stdout) as {
        total: number;
        predicted: number;
        rows: { row: number; estimateTps: number; deviceId: string }[];
      };
      expect(cli.predicted).toBe(2);
      const { page, errors } = await h.open("#m=qwen2-7b&w=q4_k_m&d=apple-m2-gpu");
      await page.locator("[data-testid=own-data]").scrollIntoViewIfNeeded();
      await page.setInputFiles("[data-testid=own-data-file]", BENCH);
      await page.waitForSelector("[data-testid=own-summary]");
      expect(await text(page, "[data-testid=own-summary]")).toMatch(
        /^readme\.json \(json\): 2 rows, 2 predicted/,
      );
      for (const r of cli.rows) {
        const row = page.locator(`[data-testid=own-row][data-row="${r.row}"]`);
        expect(await row.getAttribute("data-device")).toBe(r.deviceId);
        expect(Number(await row.getAttribute("data-estimate"))).toBeCloseTo(r.estimateTps, 9);
      }
      // The same fit as the CLI's file, applied to the device the runs name.
      await page.click("[data-testid=own-calibrate]");
      await page.waitForSelector("[data-testid=own-calibrated]");
      await page.waitForSelector("[data-testid=device][data-value=nvidia-rtx-4080]");
      const cal = JSON.parse(readFileSync(calFile, "utf8"));
      const params = JSON.parse(
        (await page.getAttribute("[data-testid=calibration-loaded]", "data-params")) ?? "{}",
      );
      expect(params).toEqual(cal.params);
      await idle(page);
      const withCal = await cliAnalysis(true);
      expect(await value(page, "summary-tps")).toBeCloseTo(withCal.decode.tokensPerSEstimate, 9);
      expect(await text(page, "[data-testid=summary-calibration]")).toMatch(
        /^Calibrated with readme\.json \(2 own runs/,
      );
      // A pasted link replaces the inputs and keeps the calibration (links do not carry it).
      await page.evaluate(() => {
        location.hash = "#m=qwen2-7b&w=q4_k_m&d=nvidia-rtx-4080&gen=64";
      });
      await page.waitForSelector("[data-testid=summary-calibration][data-applied=true]");
      await idle(page);
      expect(await value(page, "summary-tps")).toBeCloseTo(withCal.decode.tokensPerSEstimate, 9);
      // The new parts of the page pass axe-core with a calibration and measurements shown.
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });

    it("a bad measurements file: one line naming the field", async () => {
      const bad = join(dir, "bad.jsonl");
      writeFileSync(bad, '{"model_type": "llama 7B Q4_0", "n_prompt": 512, "n_gen": 0, "avg_ts": -1}\n');
      const { page, errors } = await h.open("");
      await page.locator("[data-testid=own-data]").scrollIntoViewIfNeeded();
      await page.setInputFiles("[data-testid=own-data-file]", bad);
      const msg = await text(page, "[data-testid=own-error]");
      expect(msg).toMatch(/^Could not use bad\.jsonl: llama-bench test 1: avg_ts: .*\(got -1\)$/);
      expect(errors).toEqual([]);
      await page.close();
    });

    it("typed labels resolve through the core resolver: a Hugging Face id, a llama-bench model_type, an ambiguous device with its ranked candidates", async () => {
      const hf = resolveModel("meta-llama/Llama-3.1-8B-Instruct");
      expect(hf.status).toBe("resolved");
      const { page, errors } = await h.open("");
      await page.fill("#model", "meta-llama/Llama-3.1-8B-Instruct");
      const group = page.locator("#model-list [role=group][data-resolved=resolved]");
      expect(await group.locator("[role=option]").first().getAttribute("data-value")).toBe(hf.id);
      expect(await group.locator("[role=option] small").first().textContent()).toBe(hf.candidates[0]!.reason);
      await page.keyboard.press("Enter");
      await page.waitForSelector(`[data-testid=model][data-value="${hf.id}"]`);
      // The analysis is of that preset.
      expect(await text(page, "[data-testid=summary-on]")).toContain(findModel(hf.id!).name);
      // llama-bench's model_type
      const mt = resolveModel("llama 7B Q4_0");
      await page.fill("#model", "llama 7B Q4_0");
      await page.keyboard.press("Enter");
      await page.waitForSelector(`[data-testid=model][data-value="${mt.id}"]`);
      // A device label: resolved where unambiguous, the ranked candidates with their reasons where not.
      await page.fill("#device", "RTX 4090");
      await page.keyboard.press("Enter");
      await page.waitForSelector("[data-testid=device][data-value=nvidia-rtx-4090]");
      const amb = resolveDevice("M4 Max");
      expect(amb.status).toBe("ambiguous");
      await page.fill("#device", "M4 Max");
      const cands = page.locator("#device-list [role=group][data-resolved=ambiguous] [role=option]");
      expect(await cands.evaluateAll((os) => os.map((o) => o.getAttribute("data-value")))).toEqual(
        amb.candidates.slice(0, 8).map((c) => c.id),
      );
      expect(await cands.locator("small").first().textContent()).toBe(amb.candidates[0]!.reason);
      await page.click(`#device-list [role=option][data-value="${amb.candidates[1]!.id}"]`);
      await page.waitForSelector(`[data-testid=device][data-value="${amb.candidates[1]!.id}"]`);
      expect(errors).toEqual([]);
      await page.close();
    });
  },
);

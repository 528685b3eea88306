import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CalibrationFile, calibrate, fingerprint } from "../../src/core/calibration/calibrate.js";
import { predictedVsMeasuredSvg } from "../../src/core/calibration/chart.js";
import { validateRows, validationText } from "../../src/core/calibration/validate.js";
import { CALIBRATION } from "../../src/core/efficiency/calibrated.js";
import { runCli } from "../helpers/run-cli.js";
import { CALIBRATION_FILES, CSV_TEXT, plannedRows } from "./data.js";

const report = validateRows(plannedRows(), CSV_TEXT); // plans and costs the 297 rows once (about a second)

describe("validate accounts for every row", () => {
  it("297 rows: each is predicted or has a reason; the share predicted is stated", () => {
    expect(report.total).toBe(297);
    expect(report.rows.map((r) => r.row)).toEqual(Array.from({ length: 297 }, (_, i) => i + 1));
    for (const r of report.rows) {
      if (r.unpredictable === null) {
        expect(r.boundTps, `row ${r.row}`).toBeGreaterThan(0);
        expect(r.estimateTps, `row ${r.row}`).toBeGreaterThan(0);
        expect(r.scenario).toBeTruthy();
      } else {
        expect(r.unpredictable.length, `row ${r.row}`).toBeGreaterThan(5);
        expect(r.boundTps).toBeNull();
      }
    }
    expect(report.predicted + report.unpredictable.length).toBe(report.total);
    expect(report.sharePredicted).toBeCloseTo(report.predicted / 297, 12);
    expect(report.sharePredicted).toBeGreaterThan(0.8);
  });
  it("no estimate exceeds its bound; measurements above the bound are listed as spec errors", () => {
    for (const r of report.rows)
      if (r.estimateTps !== null) expect(r.estimateTps).toBeLessThanOrEqual(r.boundTps! * (1 + 1e-12));
    const above = report.rows
      .filter((r) => r.boundTps !== null && r.measuredTps > r.boundTps)
      .map((r) => r.row);
    expect(report.specErrors.map((r) => r.row)).toEqual(above);
    // The RTX 3060 (row 101) and Quadro RTX 6000 (row 99) list their tensor-core fp16 peaks (51 and 130.5 TFLOP/s):
    // llama.cpp's prefill (2,138 and 2,751 tokens/s x 2 x 6.74e9 = 29 and 37 TFLOP/s) is under those roofs.
    expect(above).not.toContain(101);
    expect(above).not.toContain(99);
    // The RTX 3090 (row 89) has its tensor peak (142 TFLOP/s, FP16 accumulate): 5,174.69 tokens/s × 2 × 6.74e9
    // ≈ 70 TFLOP/s of arithmetic is under that roof, so it is no spec error.
    expect(above).not.toContain(89);
  });
  it("summaries by test, class and weight format cover the scored rows, and the estimate beats the bound", () => {
    const scored = report.rows.filter((r) => r.scored).length;
    expect(report.byTest.reduce((s, g) => s + g.estimate.rows, 0)).toBe(scored);
    expect(report.byClass.reduce((s, g) => s + g.estimate.rows, 0)).toBe(scored);
    expect(report.byQuantization.reduce((s, g) => s + g.estimate.rows, 0)).toBe(scored);
    for (const g of report.byTest) expect(g.estimate.mape!).toBeLessThan(g.bound.mape!);
    expect(report.calibration.sameData).toBe(true);
  });
  it("text and SVG reports", () => {
    const t = validationText(report);
    expect(t).toMatch(/297 rows, \d+ predicted \(\d+\.\d%\)/);
    expect(t).toMatch(/By device class/);
    expect(t).toMatch(/row 109: Intel Arc A770 \| LLaMA 2 7B \| Q4_0 \| pp512: memory variant not stated/);
    const svg = predictedVsMeasuredSvg(report.rows);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("y = x");
    expect(svg).toContain("apple-gpu");
    expect((svg.match(/<circle /g) ?? []).length).toBeGreaterThan(2 * report.scored);
  });
});

describe("the committed calibration (src/core/efficiency/fitted.json) is current", () => {
  it("re-running the fit on both measured files reproduces it", () => {
    const committed = CalibrationFile.parse(
      JSON.parse(readFileSync(new URL("../../src/core/efficiency/fitted.json", import.meta.url), "utf8")),
    );
    expect(committed.dataFingerprint).toBe(CALIBRATION_FILES.map((f) => fingerprint(f.text)).join("+"));
    const fresh = calibrate({ files: CALIBRATION_FILES, fittedOn: committed.fittedOn });
    expect(fresh).toEqual(committed);
    expect(CALIBRATION).toEqual(committed);
    // The whole fit with leave-one-family-out: about 5 s alone, several times that on a loaded 2-core machine.
  }, 120_000);
});

describe("ridgeline validate (CLI)", () => {
  it("--json gives the library's report and --svg writes the chart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ridgeline-validate-"));
    const svg = join(dir, "chart.svg");
    const j = await runCli(["validate", "--json", "--svg", svg]);
    expect(j.code, j.stderr).toBe(0);
    const parsed = JSON.parse(j.stdout) as {
      total: number;
      predicted: number;
      rows: { estimateTps: number | null }[];
    };
    expect(parsed).toMatchObject({ total: 297, predicted: report.predicted });
    expect(parsed.rows.map((r) => r.estimateTps)).toEqual(report.rows.map((r) => r.estimateTps));
    expect(readFileSync(svg, "utf8")).toMatch(/^<svg/);
  }, 30_000);
  it("a file that cannot be read is an input error (exit 2) naming --data", async () => {
    const r = await runCli(["validate", "--data", "/nonexistent/x.csv"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--data/);
  }, 30_000);
});

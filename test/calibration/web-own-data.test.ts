/**
 * The web app's own-data path (web/src/state/own-data.ts) on the real llama-bench CPU runs:
 * a GGUF read in the page gives the model of the tests whose model_filename has its file
 * name (the others are reported, not guessed), the chosen device applies to every test, and
 * the numbers are the core's validateBench / calibrateBench for the same context. A
 * calibration CSV is validated, and refused for calibrating with one line.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  calibrateBench,
  findDevice,
  modelFromGguf,
  modelIdFromFileName,
  parseLlamaBench,
  readGgufHeader,
  validate,
  validateBench,
} from "../../src/core/index.js";
import { calibrateOwn, validateOwn } from "../../web/src/state/own-data.js";
import { sourceOf, writeGguf } from "../helpers/gguf-writer.js";
import { LLAMA_151M, llamaGguf } from "../helpers/synthetic-llama.js";

const FIXTURE = "test/fixtures/llama-bench/cpu-pp-tg.json";
const text = readFileSync(FIXTURE, "utf8");
const device = findDevice("amd-ryzen-7-7800x3d");
const Q8_PATH = "/tmp/ridgeline-llama-bench/llama-151m-Q8_0.gguf";

/** The Q8_0 model of the fixture's first two tests, from its header only (as the page reads a dropped GGUF). */
async function q8Model() {
  const f = writeGguf(llamaGguf({ ...LLAMA_151M, name: "synthetic llama 151M Q8_0", type: "Q8_0" }));
  return modelFromGguf(await readGgufHeader(sourceOf(f)), modelIdFromFileName("llama-151m-Q8_0.gguf"));
}

describe("the web app's own measurements", () => {
  it("the page's GGUF models the tests that name its file; the device applies to all", async () => {
    const m = await q8Model();
    const gguf = { fileName: "llama-151m-Q8_0.gguf", spec: m.spec, weights: m.weights };
    const r = validateOwn({ text, file: "cpu-pp-tg.json", device, gguf });
    expect(r.format).toBe("json");
    expect(r.total).toBe(4);
    // Tests 1-2 ran the Q8_0 file; 3-4 the Q4_0 one, which the page does not have.
    expect(r.rows.map((x) => x.estimate !== null)).toEqual([true, true, false, false]);
    expect(r.rows.every((x) => x.deviceId === device.id)).toBe(true);
    expect(r.rows[2]!.unpredictable).toMatch(/llama \?B Q4_0/);
    const core = validateBench(parseLlamaBench(text), text, {
      dataName: "cpu-pp-tg.json",
      device,
      gguf: new Map([[Q8_PATH, m]]),
    });
    expect(r.rows.map((x) => x.estimate)).toEqual(core.rows.map((x) => x.estimateTps));
    expect(r.predicted).toBe(2);
    // Calibrated as `ridgeline calibrate` would with the same GGUF at hand.
    const fitted = calibrateOwn({ text, file: "cpu-pp-tg.json", device, gguf }, "2026-12-03");
    const cli = calibrateBench(
      parseLlamaBench(text),
      { dataName: "cpu-pp-tg.json", device, gguf: new Map([[Q8_PATH, m]]) },
      { dataText: text, fittedOn: "2026-12-03" },
    );
    expect(fitted).toEqual(cli);
    expect(fitted.rows.map((x) => x.row)).toEqual([1, 2]);
  });

  it("without a GGUF or a device, nothing is guessed", () => {
    const r = validateOwn({ text, file: "cpu-pp-tg.json" });
    expect(r.predicted).toBe(0);
    expect(r.rows[0]!.unpredictable).toMatch(/AMD EPYC/);
  });

  it("a calibration CSV is validated as `ridgeline validate` does, and not calibrated", () => {
    const csv = readFileSync("data/calibration/measured.csv", "utf8");
    const r = validateOwn({ text: csv, file: "measured.csv" });
    const core = validate(csv, { dataName: "measured.csv" });
    expect(r.format).toBe("calibration-csv");
    expect([r.total, r.predicted, r.scored]).toEqual([core.total, core.predicted, core.scored]);
    expect(r.estimateMape).toBe(core.overall.estimate.mape);
    expect(() => calibrateOwn({ text: csv, file: "measured.csv" }, "2026-12-03")).toThrow(
      /^data: is the calibration CSV of many devices; calibrating takes llama-bench output of one device/,
    );
  });
});

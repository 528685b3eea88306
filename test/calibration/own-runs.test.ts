/** `ridgeline calibrate`'s fit on a user's own llama-bench runs (the README's RTX 4080 runs). */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { planBenchRows } from "../../src/core/calibration/bench-plan.js";
import { parseLlamaBench } from "../../src/core/calibration/llama-bench.js";
import { calibrateOwnRuns } from "../../src/core/calibration/own-runs.js";
import { findDevice } from "../../src/core/catalog/lookup.js";
import { efficiencyForDevice } from "../../src/core/efficiency/calibrated.js";
import { UserCalibration } from "../../src/core/efficiency/user-file.js";

const text = readFileSync(new URL("../fixtures/llama-bench/readme.json", import.meta.url), "utf8");
const device = findDevice("nvidia-rtx-4080");
const fit = (t: string) =>
  calibrateOwnRuns({
    planned: planBenchRows(parseLlamaBench(t), { device, dataName: "readme.json" }),
    device,
    base: efficiencyForDevice(device),
    data: "readme.json",
    dataText: t,
    fittedOn: "2026-12-02",
  });

describe("calibrate on own runs", () => {
  it("one pp512 and one tg128: bandwidth and compute fitted to them, the overhead kept, errors fall", () => {
    const c = fit(text);
    expect(UserCalibration.parse(c)).toEqual(c);
    expect(c.fitted.sort()).toEqual(["bandwidth", "compute"]);
    expect(c.params.perOpOverheadS).toBe(c.base.params.perOpOverheadS);
    expect(c.after.mape!).toBeLessThan(c.before.mape!);
    expect(c.after.mape!).toBeLessThan(3); // two parameters, two runs: fitted all but exactly (4-digit rounding)
    expect(c.notes.join(" ")).toMatch(/one decode test.*fitted to it exactly/);
    expect(c.notes.join(" ")).toMatch(/per-op overhead keeps its previous value/);
  });
  it("decode only: the compute fraction is kept and the notes say so", () => {
    const tgOnly = JSON.stringify(JSON.parse(text).filter((r: { n_gen: number }) => r.n_gen > 0));
    const c = fit(tgOnly);
    expect(c.fitted).toEqual(["bandwidth"]);
    expect(c.params.compute).toBe(c.base.params.compute);
    expect(c.notes.join(" ")).toMatch(/no prefill \(pp\) test/);
  });
  it("nothing predicted on the device: one clear error", () => {
    expect(() =>
      calibrateOwnRuns({
        planned: planBenchRows(parseLlamaBench(text), {
          device: findDevice("amd-ryzen-7-7800x3d"),
          dataName: "x",
        }),
        device: findDevice("amd-ryzen-7-7800x3d"),
        base: efficiencyForDevice(findDevice("amd-ryzen-7-7800x3d")),
        data: "x",
        dataText: text,
        fittedOn: "2026-12-02",
      }),
    ).toThrow(/--data: no test could be predicted on amd-ryzen-7-7800x3d/);
  });
});

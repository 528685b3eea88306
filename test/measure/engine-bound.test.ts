/**
 * A bound that a real engine beats is a bug. The committed runs of llama.cpp on this project's
 * CPU (test/fixtures/engine-cpu/runs.json, written by `npm run bench:engine -- --save …`, with
 * the `ridgeline measure` profiles beside it) are compared with Ridgeline's roofline bound for
 * the same synthetic GGUF on the same profile: no repetition may beat it. Not a timed test: the
 * measurements are data; only the analysis runs here.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { DeviceSpec } from "../../src/core/hardware/schema.js";
import { compare, type EngineRuns } from "../helpers/engine-runs.js";

const dir = new URL("../fixtures/engine-cpu/", import.meta.url);
const runs = JSON.parse(readFileSync(new URL("runs.json", dir), "utf8")) as EngineRuns;
const profiles = new Map(
  Object.entries(runs.profiles).map(([t, f]) => [
    Number(t),
    JSON.parse(readFileSync(new URL(f, dir), "utf8")) as DeviceSpec,
  ]),
);
const profileOf = (t: number) => profiles.get(t)!;

/** The same profile with the portable WebAssembly peaks as its peaks (what `measure` saved before native peaks). */
function portableOnly(d: DeviceSpec): DeviceSpec {
  const peakTflops: DeviceSpec["peakTflops"] = {};
  for (const k of ["fp32", "int8"] as const) {
    const alt = d.peakTflops[k]?.alternatives?.[0];
    if (alt) peakTflops[k] = { value: alt.value, source: alt.source };
  }
  return { ...d, peakTflops };
}

describe(`llama.cpp on ${runs.host.cpuModel} (${runs.date}): no measured row beats Ridgeline's bound`, () => {
  it("covers the weight formats and thread counts of the benchmark", () => {
    expect(new Set(runs.rows.map((r) => r.type))).toEqual(new Set(["F16", "Q8_0", "Q4_0", "Q4_K_M"]));
    expect(new Set(runs.rows.map((r) => r.threads))).toEqual(new Set([1, 2]));
    for (const r of runs.rows) expect(r.tokensPerS.length).toBe(runs.reps);
  });
  it("every repetition of every row stays under the bound", async () => {
    const rows = await compare(runs, profileOf);
    const beaten = rows
      .filter((r) => r.beatsBound)
      .map((r) => `${r.type} ${r.threads}t ${r.test}: ${r.best} > ${r.bound}`);
    expect(beaten).toEqual([]);
  });
  it("the check can fail: on the portable 128-bit peaks alone, measured prefill beats the bound", async () => {
    const rows = await compare(runs, (t) => portableOnly(profileOf(t)));
    expect(rows.filter((r) => r.beatsBound && r.test.startsWith("pp")).length).toBeGreaterThan(0);
  });
});

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DeviceSpec } from "../../src/core/hardware/schema.js";
import { describeResult, runCli } from "../helpers/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "ridgeline-measure-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A --quick run shrunk to about a second: working sets to 1 MiB, 2 ms samples, one per point. */
const TINY = ["--quick", "--sample-ms", "2", "--samples", "1", "--max-size", "1MiB", "--threads", "2"];

describe("ridgeline measure", () => {
  it("writes a profile that parses as a DeviceSpec and that analyze --device-file uses", async () => {
    const out = join(dir, "profile.json");
    const r = await runCli(["measure", ...TINY, "--json", "--out", out, "--id", "my-board"], {
      timeoutMs: 30_000,
    });
    expect(r.code, describeResult(r)).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.measurement.threads).toBe(2);
    expect(
      json.measurement.sweeps.map((s: { kernel: string; threads: number }) => `${s.kernel}${s.threads}`),
    ).toEqual(["read1", "triad1", "read2", "triad2"]);
    const file = JSON.parse(readFileSync(out, "utf8"));
    expect(file).toEqual(json.profile);
    const parsed = DeviceSpec.safeParse(file);
    expect(parsed.success, parsed.success ? "" : JSON.stringify(parsed.error.issues)).toBe(true);
    expect(file.id).toBe("my-board");
    expect(file.sources["ridgeline-measure"].kind).toBe("measured");

    const a = await runCli(["analyze", "--model", "llama-2-7b", "--device-file", out, "--json"]);
    expect(a.code, describeResult(a)).toBe(0);
    const analysis = JSON.parse(a.stdout);
    expect(JSON.stringify(analysis)).toContain("my-board");
  }, 60_000);

  it("prints the summary", async () => {
    const r = await runCli(["measure", ...TINY], { timeoutMs: 30_000 });
    expect(r.code, describeResult(r)).toBe(0);
    expect(r.stdout).toMatch(/Ridgeline measure: /);
    expect(r.stdout).toMatch(/portable 128-bit SIMD peak, not the silicon's/);
    expect(r.stdout).toMatch(/Ridge points/);
    expect(r.stdout).toMatch(/warning: samples of 2 ms/);
    expect(r.stderr).toBe(""); // no progress bar off a terminal
  }, 60_000);

  it.each([
    [["--bogus"], "--bogus"],
    [["--threads", "0"], "--threads"],
    [["--threads", "two"], "--threads"],
    [["--max-size", "10"], "--max-size"],
    [["--max-size", "lots"], "--max-size"],
    [["--sample-ms", "0"], "--sample-ms"],
    [["--samples", "1.5"], "--samples"],
    [["--id", "Not An Id"], "--id"],
    [["--out", "/nonexistent-dir/profile.json"], "--out"],
    [["--out"], "--out"],
  ])("rejects %j with exit 2, naming the flag", async (flags, name) => {
    const r = await runCli(["measure", ...flags]);
    expect(r.code, describeResult(r)).toBe(2);
    expect(r.stderr).toContain(name);
    expect(r.stdout).toBe("");
  });
});

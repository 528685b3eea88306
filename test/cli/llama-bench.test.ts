/**
 * `ridgeline validate --data` on llama-bench output end to end: the real CPU runs with
 * their GGUF at hand (its header gives the model), the README's RTX 4080 runs by label,
 * and the bad-input rules (one line, exit 2).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, describeResult, runCli } from "../helpers/run-cli.js";
import { LLAMA_151M, writeLlamaGguf } from "../helpers/synthetic-llama.js";
import { expectRejected } from "./expect-rejected.js";

const FIXTURES = "test/fixtures/llama-bench";
const T = { timeoutMs: 60_000 };
const dir = mkdtempSync(join(tmpdir(), "ridgeline-bench-cli-"));

/** The Q8_0 / Q4_0 fixture with model_filename pointing at freshly written GGUFs of the same shape. */
function withLocalGguf(): string {
  let text = readFileSync(`${FIXTURES}/cpu-pp-tg.json`, "utf8");
  for (const type of ["Q8_0", "Q4_0"] as const) {
    const path = join(dir, `llama-151m-${type}.gguf`);
    writeLlamaGguf(path, { ...LLAMA_151M, name: `synthetic llama 151M ${type}`, type });
    text = text.replaceAll(`/tmp/ridgeline-llama-bench/llama-151m-${type}.gguf`, path);
  }
  const out = join(dir, "cpu-pp-tg.json");
  writeFileSync(out, text);
  return out;
}

beforeAll(() => assertBuilt());

describe("validate --data <llama-bench output>", () => {
  it("real CPU runs: the GGUF header gives the model, every test is predicted", async () => {
    const data = withLocalGguf();
    const r = await runCli(["validate", "--data", data, "--device", "amd-ryzen-7-7800x3d", "--json"], T);
    expect(r.code, describeResult(r)).toBe(0);
    const v = JSON.parse(r.stdout);
    expect(v.format).toBe("json");
    expect(v.total).toBe(4);
    expect(v.predicted).toBe(4);
    for (const row of v.rows) {
      expect(row.notes.join(" ")).toMatch(/model from the GGUF header/);
      expect(row.boundTps).toBeGreaterThan(0);
    }
    // The Q4_0 file is 85 MB against Q8_0's 160 MB: its decode bound is higher.
    expect(v.rows[3].boundTps).toBeGreaterThan(v.rows[1].boundTps * 1.6);
  });
  it("without the GGUF, the synthetic model ('llama ?B') is reported, not guessed", async () => {
    const r = await runCli(
      ["validate", "--data", `${FIXTURES}/cpu-threads.md`, "--device", "amd-ryzen-7-7800x3d", "--json"],
      T,
    );
    expect(r.code, describeResult(r)).toBe(0);
    const v = JSON.parse(r.stdout);
    expect(v.format).toBe("md");
    expect(v.predicted).toBe(0);
    expect(v.rows[0].unpredictable).toMatch(/no llama preset has 0.15 B parameters/);
  });
  it("the README's RTX 4080 runs, as text, in every format", async () => {
    for (const f of ["readme.json", "readme.jsonl", "readme.csv"]) {
      const r = await runCli(["validate", "--data", `${FIXTURES}/${f}`, "--device", "nvidia-rtx-4080"], T);
      expect(r.code, describeResult(r)).toBe(0);
      expect(r.stdout).toMatch(/2 rows, 2 predicted/);
      expect(r.stdout).toMatch(/qwen2-7b/);
    }
  });
  it("llama-bench output without --device, a device flag on the calibration CSV, a bad field", async () => {
    expectRejected(expect, await runCli(["validate", "--data", `${FIXTURES}/readme.json`], T), {
      field: "--device",
      value: "nothing",
      message: /does not name a catalog device/,
    });
    expectRejected(
      expect,
      await runCli(["validate", "--data", "data/calibration/measured.csv", "--device", "nvidia-rtx-4080"], T),
      { field: "--device", value: "nvidia-rtx-4080", message: /applies to llama-bench output only/ },
    );
    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, '{"model_type": "llama 7B Q4_0", "n_prompt": 512, "n_gen": 0, "avg_ts": -1}\n');
    expectRejected(expect, await runCli(["validate", "--data", bad, "--device", "nvidia-rtx-4080"], T), {
      field: "llama-bench test 1: avg_ts",
      value: "-1",
    });
  });
});

/**
 * Issue 16's CLI reproducers, spawned as a user runs them: each exits 2 with one line naming
 * the field and the value (or succeeds where the input is legitimate), and ends.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, describeResult, REPO_ROOT, runCli } from "../helpers/run-cli.js";
import { expectRejected } from "./expect-rejected.js";

beforeAll(assertBuilt);

const dir = mkdtempSync(join(tmpdir(), "ridgeline-bounds-"));
// The 60 MiB CSV and the rest go with the run (a shared machine's /tmp is not ours to fill).
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string) =>
  JSON.parse(readFileSync(join(REPO_ROOT, name), "utf8")) as Record<string, unknown>;
const llama = fixture("test/fixtures/hf/llama-2-7b-hf.json");
const device = fixture("test/fixtures/cli/device-valid.json");
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;

describe("files with absurd or pathological content", () => {
  it("config.json with num_hidden_layers 1e9", async () => {
    const p = write("layers.json", JSON.stringify({ ...llama, num_hidden_layers: 1_000_000_000 }));
    expectRejected(expect, await runCli(["analyze", "--model-config", p]), {
      field: "config.num_hidden_layers",
      value: "1000000000",
      message: /between 1 and 4096/,
    });
  });
  it("config.json with a value nested 100,000 deep in a validated field", async () => {
    const text = JSON.stringify({ ...llama, num_attention_heads: 0 }).replace("0", deep(100_000));
    const p = write("nested-config.json", text);
    expectRejected(expect, await runCli(["analyze", "--model-config", p]), {
      field: "--model-config",
      value: "nested-config.json",
      message: /nests more than 64 levels deep/,
    });
  });
  it("device file nested 100,000 deep", async () => {
    const p = write(
      "nested-device.json",
      JSON.stringify({ ...device, notes: 0 }).replace(":0", `:${deep(100_000)}`),
    );
    expectRejected(expect, await runCli(["analyze", "--device-file", p]), {
      field: "--device-file",
      value: "nested-device.json",
      message: /nests more than 64 levels deep/,
    });
  });
  it.each([
    ["bandwidthGBps", 1e-320, "1e-320"],
    ["bandwidthGBps", 1e308, "1e+308"],
  ])("device file with %s %d", async (key, v, shown) => {
    const p = write(`dev-${shown}.json`, JSON.stringify({ ...device, [key]: { value: v, source: "s" } }));
    expectRejected(expect, await runCli(["analyze", "--device-file", p]), {
      field: `device-file.${key}.value`,
      value: shown,
      message: /between 0\.01 and 1000000/,
    });
  });
  it("device file with a peak of 1e308", async () => {
    const p = write(
      "dev-peak.json",
      JSON.stringify({ ...device, peakTflops: { fp16: { value: 1e308, source: "s" } } }),
    );
    expectRejected(expect, await runCli(["analyze", "--device-file", p]), {
      field: "device-file.peakTflops.fp16.value",
      value: "1e+308",
    });
  });
  it("a config.json starting with a UTF-8 BOM is read", async () => {
    const p = write("bom.json", `\uFEFF${JSON.stringify(llama)}`);
    const r = await runCli(["analyze", "--model-config", p, "--json"]);
    expect(r.code, describeResult(r)).toBe(0);
    expect(JSON.parse(r.stdout).model.params).toBeGreaterThan(6e9);
  });
  it("a measured CSV with tokens_per_s 1e308", async () => {
    const csv = readFileSync(join(REPO_ROOT, "data/calibration/measured.csv"), "utf8").split("\n");
    const header = csv[0]!.split(",");
    const cells = csv[1]!.split(",");
    cells[header.indexOf("tokens_per_s")] = "1e308";
    const p = write("m.csv", `${csv[0]}\n${cells.join(",")}\n`);
    expectRejected(expect, await runCli(["validate", "--data", p]), {
      field: "measured row 1: tokens_per_s",
      value: '"1e308"',
    });
  });
  it("a 60 MiB CSV is refused before it is read", async () => {
    const p = write("big.csv", "a".repeat(60 * 1024 * 1024));
    expectRejected(expect, await runCli(["validate", "--data", p]), { field: "--data", value: "big.csv" });
  });
});

describe("flags and arguments", () => {
  it("policy --generate 131072 (the documented maximum) finishes", async () => {
    const r = await runCli(["policy", "--generate", "131072", "--json"], { timeoutMs: 60_000 });
    expect(r.code, describeResult(r)).toBe(0);
    const out = JSON.parse(r.stdout) as { runs: { totalEstimateS: number }[] };
    for (const run of out.runs) expect(Number.isFinite(run.totalEstimateS)).toBe(true);
  });
  it("timeline --generate 131072 finishes", async () => {
    const r = await runCli(["timeline", "--generate", "131072"], { timeoutMs: 60_000 });
    expect(r.code, describeResult(r)).toBe(0);
    expect(r.stdout).toMatch(/131072/);
  });
  it("fit with 20,000 batch sizes is refused naming the limit", async () => {
    const list = Array.from({ length: 20_000 }, (_, i) => i + 1).join(",");
    expectRejected(expect, await runCli(["fit", "--latency", "100ms", "--batch", list]), {
      field: "--batch",
      value: '"1,2,3,',
      message: /lists 20000 items; the limit for --batch is 32/,
    });
  });
  it("fit with 5,000 --params is refused naming the limit", async () => {
    const list = Array.from({ length: 5000 }, (_, i) => `${i + 1}M`).join(",");
    expectRejected(expect, await runCli(["fit", "--latency", "100ms", "--params", list]), {
      field: "--params",
      value: '"1M,2M,',
      message: /lists 5000 items; the limit for --params is 64/,
    });
  });
  it("measure --threads 1024 is refused relative to the machine", async () => {
    expectRejected(expect, await runCli(["measure", "--threads", "1024"]), {
      field: "--threads",
      value: '"1024"',
      message: /must be between 1 and \d+/,
    });
  });
  it("chapter -1 is refused, not ignored", async () => {
    expectRejected(expect, await runCli(["chapter", "-1"]), {
      field: "section",
      value: '"-1"',
      message: /no such section/,
    });
  });
});

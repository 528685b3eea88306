import { describe, expect, it } from "vitest";
import { parseCsv, parseCsvRecords } from "../../src/core/calibration/csv.js";
import { INTERPRETATIONS } from "../../src/core/calibration/interpretation.js";
import { parseMeasured, rowKey, trustOf } from "../../src/core/calibration/rows.js";
import { describeScenario } from "../../src/core/calibration/scenario.js";
import { InputError } from "../../src/core/errors.js";
import { readExclusion, readScenario } from "../../src/scripts/propose/read-notes.js";
import { CSV_TEXT, measuredRows, row } from "./data.js";

describe("CSV reader (RFC 4180)", () => {
  it("splits fields, keeps quoted commas, doubled quotes and line breaks, accepts CRLF", () => {
    expect(parseCsv('a,b,c\r\n1,"x, y","say ""hi"""\n2,"two\nlines",\n')).toEqual([
      ["a", "b", "c"],
      ["1", "x, y", 'say "hi"'],
      ["2", "two\nlines", ""],
    ]);
  });
  it("refuses an unclosed quote and rows of the wrong width, naming the row", () => {
    expect(() => parseCsv('a,"b\n')).toThrow(InputError);
    expect(() => parseCsvRecords("a,b\n1,2,3\n")).toThrow(/row 1.*3 fields/);
    expect(() => parseCsvRecords("a,b\n1,2\n", ["c"])).toThrow(/no "c" column/);
  });
  it("reads the whole calibration file: 297 rows of 12 columns", () => {
    expect(parseCsvRecords(CSV_TEXT)).toHaveLength(297);
    expect(measuredRows()).toHaveLength(297);
  });
});

describe("measured rows, checked by hand against the file", () => {
  it("row 1: Apple M1 7-core, Llama 2 7B Q8_0 pp512 108.21 t/s, trust B", () => {
    const r = row(1);
    expect(r).toMatchObject({
      hardware: "Apple M1 (7-core GPU)",
      backend: "llama.cpp Metal",
      model: "LLaMA 2 7B",
      paramsB: 6.74,
      quant: "Q8_0",
      bitsPerWeight: 8.5,
      test: "pp512",
      tokensPerS: 108.21,
      batch: "512",
      context: "512",
      trust: "B",
    });
    expect(r.source).toMatch(/^https:\/\/github\.com\/ggml-org\/llama\.cpp\/discussions\/4167 /);
  });
  it("row 123: a quoted backend with a comma (RTX 3070, Llama 3 8B Q4_K_M pp512, trust A)", () => {
    expect(row(123)).toMatchObject({
      hardware: "NVIDIA RTX 3070",
      backend: "llama.cpp CUDA (CUDA 12.1, RunPod)",
      quant: "Q4_K_M",
      test: "pp512",
      tokensPerS: 2402.51,
      trust: "A",
    });
  });
  it("rows 151 and 159 (F16 pp512 on L40S and A100) are read as anomalous, by the proposer and in the reviewed table", () => {
    const anomalous = (rs: readonly { row: number }[], f: (r: (typeof rs)[number]) => boolean) =>
      rs.filter(f).map((r) => r.row);
    expect(anomalous(measuredRows(), (r) => readExclusion(row(r.row))?.kind === "anomalous")).toEqual([
      151, 159,
    ]);
    expect(
      anomalous(measuredRows(), (r) => INTERPRETATIONS.rows[row(r.row).key]?.exclusion?.kind === "anomalous"),
    ).toEqual([151, 159]);
  });
  it("a row's key is a 64-bit hash of its fields: any edit of a field changes it", () => {
    const r = row(1);
    expect(r.key).toMatch(/^[0-9a-f]{16}$/);
    expect(rowKey(["a", "b"])).not.toBe(rowKey(["ab", ""]));
    expect(new Set(measuredRows().map((x) => x.key)).size).toBe(measuredRows().length);
  });
  it("trust tags: A, B, C; row 281 (Gemma-4 on a Pi) is C; a missing params_b is null", () => {
    expect(trustOf("[trust C] x")).toBe("C");
    expect(trustOf("no tag")).toBeNull();
    expect(row(281)).toMatchObject({ trust: "C", bitsPerWeight: null });
    expect(row(251).paramsB).toBeNull(); // SmolLM2, size not stated
    expect(new Set(measuredRows().map((r) => r.trust))).toEqual(new Set(["A", "B", "C"]));
  });
  it("refuses a row with no speed or an unknown test", () => {
    const head = CSV_TEXT.split("\n")[0]!;
    expect(() => parseMeasured(`${head}\nX,b,m,1,F16,16,pp512,,1,1,s,[trust A]\n`)).toThrow(/tokens_per_s/);
    expect(() => parseMeasured(`${head}\nX,b,m,1,F16,16,pp99,5,1,1,s,[trust A]\n`)).toThrow(
      /pp512, tg128 or other/,
    );
  });
});

describe("what each test ran (scenario), as the proposing script reads the notes of real rows", () => {
  const sc = (n: number) => readScenario(row(n));
  it("pp512 is one 512-token prefill; tg128 is 128 decode steps at contexts 1..128", () => {
    expect(sc(1).scenario).toEqual({
      kind: "prefill",
      tokens: 512,
      depth: 0,
      ubatch: 512,
      attention: "naive",
    });
    expect(sc(2).scenario).toEqual({ kind: "decode", steps: 128, startKeys: 0, attention: "naive" });
    expect(describeScenario(sc(2).scenario!)).toBe("decode 128 tokens, context 1..128");
  });
  it("llama-bench test=tg512 / pp8192 / tg8192 (rows 124-126)", () => {
    expect(sc(124).scenario).toMatchObject({ kind: "decode", steps: 512, startKeys: 0 });
    expect(sc(125).scenario).toMatchObject({ kind: "prefill", tokens: 8192, ubatch: 512 });
    expect(describeScenario(sc(125).scenario!)).toBe("prefill 8192 tokens in 16 chunks of 512");
    expect(sc(126).scenario).toMatchObject({ kind: "decode", steps: 8192, startKeys: 0 });
  });
  it("./main runs: TG of 1024 tokens after a ~500-token prompt, and the prompt eval (rows 189, 190)", () => {
    expect(sc(189)).toMatchObject({
      scenario: { kind: "decode", steps: 1024, startKeys: 500 },
      assumption: expect.stringContaining("about 500"),
    });
    expect(sc(190).scenario).toMatchObject({ kind: "prefill", tokens: 500 });
  });
  it("llama.cpp issue #34: 99 tokens after a 353-token prompt, and the 353-token prompt eval (rows 274, 275)", () => {
    expect(sc(274).scenario).toMatchObject({ kind: "decode", steps: 99, startKeys: 353 });
    expect(sc(275).scenario).toMatchObject({ kind: "prefill", tokens: 353 });
  });
  it("decode at a stated depth with flash attention (row 286), short-context decode (row 266), an unstated prefill (row 292)", () => {
    expect(sc(286).scenario).toEqual({ kind: "decode", steps: 128, startKeys: 16384, attention: "flash" });
    expect(sc(266)).toMatchObject({
      scenario: { kind: "decode", steps: 128, startKeys: 0 },
      assumption: expect.stringContaining("short prompt"),
    });
    expect(sc(264).scenario).toMatchObject({ kind: "decode" }); // "Test 2": an Ollama eval rate with a short prompt
    expect(sc(292)).toEqual({ scenario: null, reason: "prefill test whose prompt length is not stated" });
  });
  it("thread-limited runs are recognised (rows 257, 259)", () => {
    expect(readExclusion(row(257))?.reason).toMatch(/2 threads/);
    expect(readExclusion(row(259))?.reason).toMatch(/1 thread;/);
    expect(readExclusion(row(1))).toBeUndefined();
  });
});

/**
 * Bounded readers (issue 16): JSON text (BOM, nesting depth), error messages about deep or
 * huge values, the CSV parser's limits and the measured rows' numbers.
 */
import { describe, expect, it } from "vitest";
import {
  CSV_LIMITS,
  InputError,
  jsonDepth,
  MAX_JSON_DEPTH,
  parseCsv,
  parseJsonText,
  parseMeasured,
  show,
} from "../../src/core/index.js";

const nested = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
const err = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error("did not throw");
};

describe("JSON text", () => {
  it("a UTF-8 byte-order mark is dropped", () => {
    expect(parseJsonText("--model-config", "c.json", '\uFEFF{"a":1}')).toEqual({ a: 1 });
  });
  it("depth is measured outside strings (brackets in a string do not count)", () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[[{{{{"}]}')).toBe(3);
    expect(jsonDepth(nested(10))).toBe(10);
    expect(jsonDepth('"\\"[["')).toBe(0);
  });
  it("nesting just inside the limit parses; just past it is refused naming the file and the depth", () => {
    expect(parseJsonText("f", "x.json", nested(MAX_JSON_DEPTH))).toBeInstanceOf(Array);
    expect(err(() => parseJsonText("--device-file", "deep.json", nested(MAX_JSON_DEPTH + 1)))).toBe(
      `--device-file: nests more than ${MAX_JSON_DEPTH} levels deep (real inputs nest a few) (got "deep.json")`,
    );
  });
  it("10^6 levels are refused in one scan (no stack overflow)", () => {
    expect(err(() => parseJsonText("--model-config", "c.json", nested(1_000_000)))).toMatch(
      /nests more than/,
    );
  });
  it("invalid JSON names the file", () => {
    expect(err(() => parseJsonText("--model-config", "c.json", "{"))).toMatch(
      /^--model-config: not valid JSON: .* \(got "c\.json"\)$/,
    );
  });
});

describe("error messages show any value in bounded work", () => {
  it("a value nested 10^5 deep", () => {
    let v: unknown = 1;
    for (let i = 0; i < 100_000; i++) v = [v];
    expect(show(v)).toBe("[[[[...]]]]");
  });
  it("a million items, non-finite numbers", () => {
    expect(show(new Array(1_000_000).fill(0))).toBe("[0,0,0,0,0,0,0,0,...]");
    expect(show({ a: Number.NaN, b: Number.POSITIVE_INFINITY })).toBe('{"a":NaN,"b":Infinity}');
    expect(show(null)).toBe("null");
  });
});

describe("CSV limits", () => {
  it("text longer than the limit is refused before parsing", () => {
    expect(err(() => parseCsv("a".repeat(CSV_LIMITS.chars + 1)))).toMatch(/longer than the limit/);
  });
  it("too many rows, or one huge field, is refused naming it", () => {
    expect(err(() => parseCsv("a\n".repeat(CSV_LIMITS.rows + 2)))).toMatch(/the limit is 20000 data rows/);
    expect(parseCsv("a\n".repeat(CSV_LIMITS.rows + 1))).toHaveLength(CSV_LIMITS.rows + 1);
    expect(err(() => parseCsv(`a,b\n1,"${"x".repeat(CSV_LIMITS.field + 1)}"\n`))).toMatch(
      /^csv row 1 field 2: is 65537 characters long; the limit is 65536/,
    );
  });
  it("quoted fields keep their commas, newlines and doubled quotes", () => {
    expect(parseCsv('x,"a,b\n""c""",d\n')).toEqual([["x", 'a,b\n"c"', "d"]]);
  });
});

describe("measured rows: numbers are decimals within physical ranges", () => {
  const header =
    "hardware,backend,model,params_b,quant,bits_per_weight,test,tokens_per_s,batch,context,source_url_or_repo_path,notes";
  const row = (o: Partial<Record<string, string>>) => {
    const v = {
      params_b: "6.74",
      bits_per_weight: "4.5",
      tokens_per_s: "20",
      batch: "1",
      context: "512",
      ...o,
    };
    return `${header}\nM2,llama.cpp,L,${v.params_b},Q4_0,${v.bits_per_weight},tg128,${v.tokens_per_s},${v.batch},${v.context},src,[trust A]\n`;
  };
  it("a good row parses", () => {
    expect(parseMeasured(row({}))[0]!.tokensPerS).toBe(20);
    expect(parseMeasured(row({ batch: "n/a", context: "ctx 4096" }))[0]!.batch).toBe("n/a");
  });
  it.each([
    [{ tokens_per_s: "1e308" }, "tokens_per_s", "1e308"],
    [{ tokens_per_s: "0x10" }, "tokens_per_s", "0x10"],
    [{ tokens_per_s: "Infinity" }, "tokens_per_s", "Infinity"],
    [{ tokens_per_s: "-3" }, "tokens_per_s", "-3"],
    [{ params_b: "NaN" }, "params_b", "NaN"],
    [{ params_b: "1e9" }, "params_b", "1e9"],
    [{ bits_per_weight: "0" }, "bits_per_weight", "0"],
    [{ batch: "-1" }, "batch", "-1"],
    [{ batch: "2.5" }, "batch", "2.5"],
    [{ context: "1e30" }, "context", "1e30"],
  ])("%o is refused naming %s", (patch, column, value) => {
    expect(err(() => parseMeasured(row(patch)))).toMatch(
      new RegExp(`^measured row 1: ${column}: .*\\(got "${value.replace(".", "\\.")}"\\)$`),
    );
  });
});

/** --latency durations and --params sizes: values by hand, and the flag named on bad input. */
import { describe, expect, it } from "vitest";
import { parseDuration, parseParams } from "../../src/cli/args.js";
import { InputError } from "../../src/core/errors.js";

describe("parseDuration", () => {
  it.each([
    ["100ms", 0.1],
    ["0.1s", 0.1],
    ["2 s", 2],
    [" 250 ms ", 0.25],
    ["1.5s", 1.5],
    [".5s", 0.5],
    ["50MS", 0.05],
    ["500us", 0.0005],
    ["500µs", 0.0005],
  ])("%s → %f s", (text, seconds) => {
    expect(parseDuration("--latency", text)).toBeCloseTo(seconds, 12);
  });

  it.each([
    ["100", /needs a unit/],
    ["fast", /duration such as 100ms/],
    ["-5ms", /duration/],
    ["1e2ms", /duration/],
    ["100 min", /duration/],
    ["0ms", /above 0/],
    ["2h", /duration/],
    ["7200s", /at most 3600 s/],
    ["", /duration/],
  ])("rejects %j naming --latency", (text, message) => {
    let err: unknown;
    try {
      parseDuration("--latency", text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).field).toBe("--latency");
    expect((err as InputError).message).toMatch(message);
    expect((err as InputError).message).toContain(JSON.stringify(text));
  });
});

describe("parseParams", () => {
  const MIN = 50e6;
  const MAX = 2e12;
  it.each([
    ["7B", 7e9],
    ["70b", 70e9],
    ["500M", 500e6],
    ["1.5B", 1.5e9],
    ["1.1b", 1.1e9],
    ["125m", 125e6],
    ["1T", 1e12],
    ["300000k", 300e6],
    ["7000000000", 7e9],
    [" 13 B ", 13e9],
  ])("%s → %d", (text, n) => {
    expect(parseParams("--params", text, MIN, MAX)).toBe(n);
  });

  it.each([
    ["7Q", /such as 7B/],
    ["B7", /such as 7B/],
    ["-7B", /such as 7B/],
    ["7e9", /such as 7B/],
    ["seven", /such as 7B/],
    ["10M", /between 50M and 2T/],
    ["3T", /between 50M and 2T/],
  ])("rejects %j naming --params", (text, message) => {
    expect(() => parseParams("--params", text, MIN, MAX)).toThrowError(message);
    expect(() => parseParams("--params", text, MIN, MAX)).toThrowError(/^--params: /);
  });
});

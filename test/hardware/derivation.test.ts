import { describe, expect, it } from "vitest";
import { evaluateDerivation } from "../../src/core/hardware/derivation.js";

const inputs = {
  cores: { value: 16, source: "s" },
  clockGHz: { value: 5.7, source: "s" },
  flopPerCycle: { value: 64, source: "s" },
  busBits: { value: 384, source: "s" },
  gbpsPerPin: { value: 21, source: "s" },
};

describe("evaluateDerivation", () => {
  it("follows precedence and parentheses (hand-worked)", () => {
    // 16 × 5.7 × 64 / 1000 = 5.8368 TFLOP/s; 384/8 × 21 = 1008 GB/s
    expect(evaluateDerivation({ formula: "cores * clockGHz * flopPerCycle / 1000", inputs })).toBeCloseTo(
      5.8368,
      10,
    );
    expect(evaluateDerivation({ formula: "busBits / 8 * gbpsPerPin", inputs })).toBe(1008);
    expect(evaluateDerivation({ formula: "(cores + 4) * 2 - -1", inputs })).toBe(41);
  });
  it("names an unknown input or bad syntax", () => {
    expect(String(evaluateDerivation({ formula: "cores * ghz", inputs }))).toMatch(
      /"ghz" is not one of its inputs/,
    );
    expect(String(evaluateDerivation({ formula: "cores *", inputs }))).toMatch(/ends early/);
    expect(String(evaluateDerivation({ formula: "(cores", inputs }))).toMatch(/missing '\)'/);
    expect(String(evaluateDerivation({ formula: "cores / 0", inputs }))).toMatch(/not finite/);
  });
});

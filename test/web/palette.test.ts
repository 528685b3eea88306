/**
 * The charts' palette (issue 18 §9): every colour that marks data has at least 3:1 contrast
 * against the white background (WCAG 1.4.11), op kinds differ by shape as well as colour,
 * and compared devices by line pattern as well as colour.
 */
import { describe, expect, it } from "vitest";
import { OP_KINDS } from "../../src/core/index.js";
import {
  BYTE_COLORS,
  contrastOnWhite,
  DEVICE_COLORS,
  DEVICE_COLORS_ALL,
  DEVICE_DASHES,
  KIND_COLORS,
  KIND_SYMBOLS,
} from "../../web/src/charts/palette.js";

describe("chart palette", () => {
  it("every data colour has ≥ 3:1 contrast on white", () => {
    const all = {
      ...KIND_COLORS,
      ...BYTE_COLORS,
      ...Object.fromEntries(DEVICE_COLORS_ALL.map((c, i) => [`device${i}`, c])),
    };
    const low = Object.entries(all)
      .map(([k, c]) => [k, c, Number(contrastOnWhite(c).toFixed(2))] as const)
      .filter(([, , r]) => r < 3);
    expect(low).toEqual([]);
    expect(contrastOnWhite("#ffffff")).toBeCloseTo(1, 6);
    expect(contrastOnWhite("#000000")).toBeCloseTo(21, 6);
  });

  it("op kinds differ by shape too: kinds of one shape differ in colour, every kind has both", () => {
    for (const k of OP_KINDS) {
      expect(KIND_SYMBOLS[k]).toBeDefined();
      expect(KIND_COLORS[k]).toMatch(/^#[0-9a-f]{6}$/);
    }
    const seen = new Set(OP_KINDS.map((k) => `${KIND_SYMBOLS[k]} ${KIND_COLORS[k]}`));
    expect(seen.size).toBe(OP_KINDS.length);
    expect(new Set(Object.values(KIND_SYMBOLS)).size).toBeGreaterThanOrEqual(6);
  });

  it("compared devices differ by line pattern too", () => {
    expect(new Set(DEVICE_DASHES).size).toBe(DEVICE_COLORS.length);
  });
});

/** The roofline's label geometry (pure): labels spread apart, rotated boxes tested for overlap, soft labels placed or left out. */
import { describe, expect, it } from "vitest";
import { boxesOverlap, placeLabels, spreadLabels } from "../../web/src/charts/roofline-geometry.js";

describe("roofline label geometry", () => {
  it("spreads close labels at least a gap apart, keeping each as near its place as it can", () => {
    expect(spreadLabels([100, 104, 300], 12, 0, 400)).toEqual([100, 112, 300]);
    const ys = spreadLabels([50, 52, 51, 49], 12, 40, 400);
    const sorted = [...ys].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(12);
    // Past the bottom: the stack moves up.
    const low = spreadLabels([395, 396, 397], 12, 0, 400);
    expect(Math.max(...low)).toBeLessThanOrEqual(400);
  });

  it("overlap of rotated boxes: the separating-axis test", () => {
    const flat = { cx: 0, cy: 0, w: 100, h: 10, angle: 0 };
    expect(boxesOverlap(flat, { ...flat, cx: 50 })).toBe(true);
    expect(boxesOverlap(flat, { ...flat, cx: 101 })).toBe(false);
    expect(boxesOverlap(flat, { ...flat, cy: 11 })).toBe(false);
    // A steep label beside a flat one: their axis-aligned boxes meet, the labels do not.
    const steep = { cx: 60, cy: 30, w: 100, h: 10, angle: -60 };
    expect(boxesOverlap({ ...flat, cx: 0, cy: -5, w: 40 }, steep)).toBe(false);
    expect(boxesOverlap({ ...flat, cx: 60, cy: 30, w: 20 }, steep)).toBe(true);
  });

  it("soft labels take their first free place, or none", () => {
    const fixed = [{ cx: 0, cy: 0, w: 100, h: 10, angle: 0 }];
    const below = { cx: 0, cy: 20, w: 50, h: 10, angle: 0 };
    const on = { cx: 0, cy: 0, w: 50, h: 10, angle: 0 };
    expect(placeLabels(fixed, [[on, below]])).toEqual([1]);
    expect(placeLabels(fixed, [[on]])).toEqual([null]);
    // The second soft label sees the first one placed.
    expect(placeLabels(fixed, [[below], [below, on]])).toEqual([0, null]);
  });
});

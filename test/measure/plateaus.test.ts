import { describe, expect, it } from "vitest";
import { sweepSizes, threadCounts, usefulThreads, visibleCaches } from "../../src/core/measure/cpu.js";
import {
  type CurvePoint,
  detectPlateaus,
  labelLevels,
  segmentCurve,
} from "../../src/core/measure/plateaus.js";
import { sampleStats } from "../../src/core/measure/stats.js";
import { KiB, MiB } from "../../src/core/units/quantities.js";

interface Level {
  readonly bytes: number;
  readonly gbps: number;
}

/** A deterministic pseudo-random generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A synthetic bandwidth curve. A working set of s bytes hits in a level of capacity c
 * with probability min(1, (c/s)^sharpness) — a streaming access keeps little of a cache
 * it overflows, so the transitions take about an octave; bytes are served at the
 * bandwidth of the first level that holds them, DRAM beyond the last. Multiplicative
 * noise of ±`noise` (uniform).
 */
function curve(
  levels: readonly Level[],
  dram: number,
  sizes: readonly number[],
  noise = 0,
  seed = 1,
  sharpness = 4,
): CurvePoint[] {
  const r = rng(seed);
  return sizes.map((s) => {
    let served = 0;
    let time = 0;
    for (const l of levels) {
      const hit = Math.min(1, (l.bytes / s) ** sharpness);
      time += Math.max(0, hit - served) / l.gbps;
      served = Math.max(served, hit);
    }
    time += (1 - served) / dram;
    return { bytes: s, gbps: (1 / time) * (1 + noise * (2 * r() - 1)) };
  });
}

const intel = [
  { bytes: 48 * KiB, gbps: 200 },
  { bytes: 1.25 * MiB, gbps: 100 },
  { bytes: 30 * MiB, gbps: 50 },
];
const intelOs = [
  { level: 1, bytes: 48 * KiB },
  { level: 2, bytes: 1.25 * MiB },
  { level: 3, bytes: 30 * MiB },
];
const apple = [
  { bytes: 128 * KiB, gbps: 150 },
  { bytes: 16 * MiB, gbps: 100 },
];
const zen4 = [
  { bytes: 32 * KiB, gbps: 116 },
  { bytes: 1 * MiB, gbps: 101 },
  { bytes: 32 * MiB, gbps: 88 },
];
const zen4Os = [
  { level: 1, bytes: 32 * KiB },
  { level: 2, bytes: 1 * MiB },
  { level: 3, bytes: 32 * MiB },
];

const half = sweepSizes(256 * MiB, false);
const doubling = sweepSizes(256 * MiB, true);

function expectLevels(r: ReturnType<typeof labelLevels>, want: readonly [string, number][]) {
  expect(r.levels.map((l) => l.label)).toEqual(want.map(([l]) => l));
  r.levels.forEach((l, i) => {
    const gbps = want[i]![1];
    expect(Math.abs(l.gbps / gbps - 1), `${l.label}: ${l.gbps.toFixed(1)} vs ${gbps}`).toBeLessThan(0.1);
  });
}

describe("sweep sizes", () => {
  it("run from 16 KiB to the maximum in octaves or half-octaves, in 4 KiB multiples", () => {
    expect(doubling[0]).toBe(16 * KiB);
    expect(doubling[doubling.length - 1]).toBe(256 * MiB);
    expect(doubling).toHaveLength(15);
    expect(half.length).toBe(29);
    expect(half.every((b) => b % (4 * KiB) === 0)).toBe(true);
  });
});

describe("plateau detection on synthetic curves", () => {
  it("finds four levels on a clean Intel-like curve, labelled with the OS's sizes", () => {
    const r = labelLevels(curve(intel, 15, half), intelOs);
    expectLevels(r, [
      ["L1", 200],
      ["L2", 100],
      ["L3", 50],
      ["DRAM", 15],
    ]);
    expect(r.crossCheck.map((c) => c.agrees)).toEqual([true, true, true]);
    expect(r.transitions.length).toBeGreaterThan(0);
  });

  it("labels the same curve in order without OS sizes, the last plateau DRAM beyond the assumed LLC", () => {
    const r = labelLevels(curve(intel, 15, half), [], 32 * MiB);
    expectLevels(r, [
      ["L1", 200],
      ["L2", 100],
      ["L3", 50],
      ["DRAM", 15],
    ]);
    expect(r.notes.join(" ")).toMatch(/no cache sizes/);
    expect(r.crossCheck).toEqual([]);
  });

  it("handles a cache hierarchy without L3 (Apple-like)", () => {
    const r = labelLevels(curve(apple, 60, half), [
      { level: 1, bytes: 128 * KiB },
      { level: 2, bytes: 16 * MiB },
    ]);
    expectLevels(r, [
      ["L1", 150],
      ["L2", 100],
      ["DRAM", 60],
    ]);
  });

  it.each([0.03, 0.06])("stays right with ±%s noise, over several seeds", (noise) => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = labelLevels(curve(intel, 15, half, noise, seed), intelOs);
      expectLevels(r, [
        ["L1", 200],
        ["L2", 100],
        ["L3", 50],
        ["DRAM", 15],
      ]);
    }
  });

  it("separates small steps (Zen 4: L1 116, L2 101, L3 88 GB/s) with ±2% noise", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = labelLevels(curve(zen4, 26, half, 0.02, seed), zen4Os);
      expectLevels(r, [
        ["L1", 116],
        ["L2", 101],
        ["L3", 88],
        ["DRAM", 26],
      ]);
    }
  });

  it("ignores a single outlier sample inside a plateau", () => {
    const pts = curve(intel, 15, half);
    const i = pts.findIndex((p) => p.bytes >= 256 * KiB);
    pts[i] = { ...pts[i]!, gbps: pts[i]!.gbps * 0.6 };
    const r = labelLevels(pts, intelOs);
    expectLevels(r, [
      ["L1", 200],
      ["L2", 100],
      ["L3", 50],
      ["DRAM", 15],
    ]);
  });

  it("works on a coarse (doubling) sweep", () => {
    const r = labelLevels(curve(intel, 15, doubling, 0.03, 7), intelOs);
    expectLevels(r, [
      ["L1", 200],
      ["L2", 100],
      ["L3", 50],
      ["DRAM", 15],
    ]);
  });

  it("flags a cross-check mismatch when the OS sizes disagree with the curve", () => {
    const r = labelLevels(curve(intel, 15, half), [
      { level: 1, bytes: 48 * KiB },
      { level: 2, bytes: 1.25 * MiB },
      { level: 3, bytes: 4 * MiB }, // wrong: the curve drops near 30 MiB
    ]);
    const l3 = r.crossCheck.find((c) => c.label === "L3")!;
    expect(l3.agrees).toBe(false);
  });

  it("a flat curve is one plateau; an empty curve none", () => {
    const flat = half.map((bytes) => ({ bytes, gbps: 42 }));
    expect(detectPlateaus(flat).plateaus).toHaveLength(1);
    expect(segmentCurve([])).toEqual([]);
    expect(labelLevels([]).levels).toEqual([]);
  });
});

describe("threads and statistics", () => {
  it("counts the threads that add throughput", () => {
    expect(
      usefulThreads([
        { threads: 1, rate: 10 },
        { threads: 2, rate: 19.9 },
        { threads: 4, rate: 20 },
      ]),
    ).toBe(2);
    expect(
      usefulThreads([
        { threads: 1, rate: 10 },
        { threads: 2, rate: 10.1 },
      ]),
    ).toBe(1);
    expect(threadCounts(4)).toEqual([1, 2, 3, 4]);
    expect(threadCounts(24)).toEqual([1, 2, 4, 8, 16, 24]);
  });

  it("adds private caches over threads, keeps shared ones", () => {
    expect(
      visibleCaches(
        [
          { level: 2, bytes: MiB, sharedBy: 1 },
          { level: 3, bytes: 32 * MiB, sharedBy: 8 },
        ],
        4,
      ),
    ).toEqual([
      { level: 2, bytes: 4 * MiB },
      { level: 3, bytes: 32 * MiB },
    ]);
  });

  it("summarises samples: best, median, spread, noisy", () => {
    const s = sampleStats([10, 9, 11, 10.5]);
    expect(s.best).toBe(11);
    expect(s.median).toBe(10.25);
    expect(s.spread).toBeCloseTo(2 / 10.25);
    expect(s.noisy).toBe(false);
    expect(sampleStats([10, 5, 10]).noisy).toBe(true);
  });
});

describe("plateau detection, harder curves", () => {
  it("gradual transitions (half the sharpness) still give four levels", () => {
    for (let seed = 1; seed <= 10; seed++) {
      const r = labelLevels(curve(intel, 15, half, 0.03, seed, 2), intelOs);
      expect(r.levels.map((l) => l.label)).toEqual(["L1", "L2", "L3", "DRAM"]);
      expect(Math.abs(r.levels[3]!.gbps / 15 - 1)).toBeLessThan(0.15);
    }
  });

  it("a 10%-noise curve keeps its big steps (L1, L2, L3, DRAM in order)", () => {
    for (let seed = 1; seed <= 10; seed++) {
      const r = labelLevels(curve(intel, 15, half, 0.1, seed), intelOs);
      expect(r.levels.map((l) => l.label)).toEqual(["L1", "L2", "L3", "DRAM"]);
      expect(Math.abs(r.levels[3]!.gbps / 15 - 1)).toBeLessThan(0.1);
    }
  });
});

describe("plateau detection on a measured curve", () => {
  // `ridgeline measure`, 1-thread read, on a 2-vCPU AMD EPYC (Zen 4) VM shared with other
  // jobs: L1 32 KiB, L2 1 MiB, L3 32 MiB per the OS. [KiB, GB/s]
  const measured: [number, number][] = [
    [16, 112.8],
    [20, 113.2],
    [32, 112.6],
    [44, 101.3],
    [64, 101.4],
    [88, 101.2],
    [128, 101.3],
    [180, 97.8],
    [256, 100.8],
    [360, 100.8],
    [512, 96.4],
    [724, 94.5],
    [1024, 82.1],
    [1448, 84.9],
    [2048, 95.2],
    [2896, 95.8],
    [4096, 96.3],
    [5792, 96.1],
    [8192, 90.2],
    [11584, 90.6],
    [16384, 78.6],
    [23168, 52.1],
    [32768, 43.4],
    [46340, 37.8],
    [65536, 33.2],
    [92680, 28.5],
    [131072, 29],
    [185360, 28.2],
    [262144, 28.8],
  ];

  it("labels L1, L2, L3, DRAM, agreeing with the OS's sizes", () => {
    const r = labelLevels(
      measured.map(([k, g]) => ({ bytes: k * KiB, gbps: g })),
      zen4Os,
    );
    expect(r.levels.map((l) => l.label)).toEqual(["L1", "L2", "L3", "DRAM"]);
    expectLevels(r, [
      ["L1", 113],
      ["L2", 101],
      ["L3", 95],
      ["DRAM", 29],
    ]);
    expect(r.crossCheck.every((c) => c.agrees)).toBe(true);
  });
});

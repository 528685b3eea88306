/**
 * Plateau detection on a bandwidth-versus-working-set curve: where the curve is flat the
 * data lives in one level of the memory hierarchy (L1, L2, L3, DRAM); the drops between
 * plateaus are the levels' capacities. Pure functions, tested on synthetic curves.
 *
 * 1. Segment ln(bandwidth) into pieces of constant level, by dynamic programming
 *    (least squares plus a penalty per piece), so that noise does not create steps.
 * 2. Merge neighbouring pieces whose levels differ by less than `minStep` (with the OS's
 *    cache sizes: only pieces in the same level); peel off edge points more than
 *    `minStep` from a piece's median (transition points); pieces whose own points still
 *    fall steeply (a ramp between two levels) and single points between two pieces (a
 *    transition, or an outlier sample) are not plateaus.
 * 3. Label: with the cache sizes the OS reports, a plateau is the smallest level that
 *    holds the middle (geometric mean) of its working sets, or DRAM beyond the last
 *    level; without them, L1, L2, … in order and DRAM for the last plateau when the sweep
 *    reaches past the (assumed) last-level cache. Plateaus given the same label merge if
 *    their levels are close; otherwise the shorter one is taken for a transition.
 * 4. Cross-check: each OS level's size against the knee the curve shows after that
 *    level's plateau (the geometric mean of its last working set and the next plateau's
 *    first, the middle of the drop); within a factor of 2 they agree.
 */

export interface CurvePoint {
  readonly bytes: number;
  /** Bandwidth in GB/s (any positive rate works). */
  readonly gbps: number;
}

export interface Segment {
  /** Indices into the sorted points, inclusive. */
  readonly start: number;
  readonly end: number;
  readonly fromBytes: number;
  readonly toBytes: number;
  /** Median bandwidth of the segment's points. */
  readonly gbps: number;
  readonly points: number;
}

export interface CacheLevel {
  /** 1, 2, 3 … */
  readonly level: number;
  /** Capacity visible to the sweep (per core for private levels, or their sum over the threads used). */
  readonly bytes: number;
}

export type LevelLabel = `L${number}` | "DRAM";

export interface MemoryLevel extends Segment {
  readonly label: LevelLabel;
}

export interface CrossCheck {
  readonly label: `L${number}`;
  readonly osBytes: number;
  /** The capacity the curve shows (knee after the plateau), if it has one. */
  readonly curveBytes?: number;
  /** curveBytes / osBytes. */
  readonly ratio?: number;
  readonly agrees: boolean;
  readonly note: string;
}

export interface LevelsResult {
  readonly levels: readonly MemoryLevel[];
  /** Points in no plateau: transitions and outliers (indices into the sorted curve). */
  readonly transitions: readonly number[];
  readonly crossCheck: readonly CrossCheck[];
  readonly notes: readonly string[];
}

export interface PlateauOptions {
  /** Penalty per segment in the least-squares fit of ln(bandwidth) (default 0.01). */
  readonly penalty?: number;
  /** Neighbouring plateaus closer than this relative step merge (default 0.1 = 10%). */
  readonly minStep?: number;
  /** A segment whose own points span more than this ratio is a ramp (default 1.3). */
  readonly maxRampRatio?: number;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function sortCurve(points: readonly CurvePoint[]): CurvePoint[] {
  return points
    .filter((p) => p.bytes > 0 && p.gbps > 0 && Number.isFinite(p.gbps))
    .sort((a, b) => a.bytes - b.bytes);
}

function segment(pts: readonly CurvePoint[], start: number, end: number): Segment {
  const vals = pts.slice(start, end + 1).map((p) => p.gbps);
  return {
    start,
    end,
    fromBytes: pts[start]!.bytes,
    toBytes: pts[end]!.bytes,
    gbps: median(vals),
    points: end - start + 1,
  };
}

/** Optimal piecewise-constant segmentation of ln(gbps) with a penalty per segment. */
export function segmentCurve(points: readonly CurvePoint[], penalty = 0.03): Segment[] {
  const pts = sortCurve(points);
  const n = pts.length;
  if (n === 0) return [];
  const y = pts.map((p) => Math.log(p.gbps));
  const s1 = [0];
  const s2 = [0];
  for (let i = 0; i < n; i++) {
    s1.push(s1[i]! + y[i]!);
    s2.push(s2[i]! + y[i]! * y[i]!);
  }
  const sse = (i: number, j: number) => {
    // points i..j-1
    const m = j - i;
    const s = s1[j]! - s1[i]!;
    return Math.max(0, s2[j]! - s2[i]! - (s * s) / m);
  };
  const best = new Array<number>(n + 1).fill(Infinity);
  const from = new Array<number>(n + 1).fill(0);
  best[0] = 0;
  for (let j = 1; j <= n; j++) {
    for (let i = 0; i < j; i++) {
      const c = best[i]! + sse(i, j) + penalty;
      if (c < best[j]!) {
        best[j] = c;
        from[j] = i;
      }
    }
  }
  const cuts: [number, number][] = [];
  for (let j = n; j > 0; j = from[j]!) cuts.push([from[j]!, j - 1]);
  return cuts.reverse().map(([a, b]) => segment(pts, a, b));
}

/** Plateaus of a curve (unlabelled) and the points in none of them. */
export function detectPlateaus(
  points: readonly CurvePoint[],
  opts: PlateauOptions & {
    /** Whether two neighbouring pieces may merge (default: always); labelLevels forbids merging across the OS's cache levels. */
    readonly mayMerge?: (a: Segment, b: Segment) => boolean;
  } = {},
): { plateaus: Segment[]; transitions: number[] } {
  const pts = sortCurve(points);
  const minStep = opts.minStep ?? 0.1;
  const maxRamp = opts.maxRampRatio ?? 1.3;
  const lim = Math.log(1 + minStep);
  const vals = (a: number, b: number) => pts.slice(a, b + 1).map((p) => p.gbps);
  /** Peel edge points that lie more than minStep off the piece's median (transition points the fit attached to it). */
  const trim = (sg: Segment): { seg: Segment; dropped: number[] } => {
    let { start, end } = sg;
    const dropped: number[] = [];
    while (end - start + 1 >= 3) {
      const m = median(vals(start, end));
      const ds = Math.abs(Math.log(pts[start]!.gbps / m));
      const de = Math.abs(Math.log(pts[end]!.gbps / m));
      if (Math.max(ds, de) <= lim) break;
      if (ds >= de) dropped.push(start++);
      else dropped.push(end--);
    }
    return { seg: segment(pts, start, end), dropped };
  };
  const isRamp = (sg: Segment) => {
    const v = vals(sg.start, sg.end);
    return Math.max(...v) / Math.min(...v) > maxRamp;
  };
  let segs = segmentCurve(pts, opts.penalty ?? 0.01);
  // Merge neighbours with nearly equal levels, repeatedly, unless the result would be a ramp.
  const mayMerge = opts.mayMerge ?? (() => true);
  let merged = true;
  while (merged && segs.length > 1) {
    merged = false;
    for (let i = 0; i + 1 < segs.length; i++) {
      const a = segs[i]!;
      const b = segs[i + 1]!;
      if (Math.max(a.gbps, b.gbps) / Math.min(a.gbps, b.gbps) >= 1 + minStep || !mayMerge(a, b)) continue;
      const m = segment(pts, a.start, b.end);
      if (isRamp(trim(m).seg)) continue;
      segs = [...segs.slice(0, i), m, ...segs.slice(i + 2)];
      merged = true;
      break;
    }
  }
  const transitions: number[] = [];
  const plateaus: Segment[] = [];
  segs.forEach((s0, i) => {
    const { seg: s, dropped } = trim(s0);
    transitions.push(...dropped);
    // A lone point between two pieces is a transition or an outlier; a piece whose own
    // points fall steeply is a ramp between two levels.
    const inside = i > 0 && i < segs.length - 1;
    if (isRamp(s) || (s.points === 1 && inside)) {
      for (let k = s.start; k <= s.end; k++) transitions.push(k);
    } else {
      plateaus.push(s);
    }
  });
  return { plateaus, transitions: transitions.sort((a, b) => a - b) };
}

const levelOf = (bytes: number, os: readonly CacheLevel[]): CacheLevel | undefined =>
  os.find((c) => c.bytes >= bytes);

/**
 * Label the plateaus of a bandwidth curve as cache levels or DRAM, cross-checked with the
 * OS's cache sizes when given (`os`, any order). `llcBytes` is the last-level cache size
 * the sweep was planned for (from the OS or assumed) and decides, without OS levels,
 * whether the last plateau is DRAM.
 */
export function labelLevels(
  points: readonly CurvePoint[],
  os: readonly CacheLevel[] = [],
  llcBytes?: number,
  opts: PlateauOptions = {},
): LevelsResult {
  const pts = sortCurve(points);
  const caches = [...os].filter((c) => c.bytes > 0).sort((a, b) => a.bytes - b.bytes);
  const mid = (s: Segment) => Math.sqrt(s.fromBytes * s.toBytes);
  const { plateaus, transitions } = detectPlateaus(pts, {
    ...opts,
    // With the OS's sizes, a small step between two levels is still a step.
    ...(caches.length
      ? { mayMerge: (a: Segment, b: Segment) => levelOf(mid(a), caches) === levelOf(mid(b), caches) }
      : {}),
  });
  const notes: string[] = [];
  let labelled: MemoryLevel[];
  if (caches.length > 0) {
    labelled = plateaus.map((s) => {
      const c = levelOf(mid(s), caches);
      return { ...s, label: c ? (`L${c.level}` as const) : "DRAM" };
    });
  } else {
    const llc = llcBytes ?? Infinity;
    labelled = plateaus.map((s, i) => {
      const last = i === plateaus.length - 1;
      const label: LevelLabel = last && plateaus.length > 1 && s.fromBytes > llc ? "DRAM" : `L${i + 1}`;
      return { ...s, label };
    });
    if (plateaus.length > 0)
      notes.push(
        "no cache sizes from the OS: plateaus are labelled in order (L1, L2, …), the last one DRAM when it lies beyond the last-level cache",
      );
  }
  // Plateaus the OS places in the same level merge when their levels are close; otherwise
  // the one with fewer points (a transition the fit kept) is dropped.
  const levels: MemoryLevel[] = [];
  const drop = (l: Segment) => {
    for (let k = l.start; k <= l.end; k++) transitions.push(k);
  };
  for (const l of labelled) {
    const prev = levels[levels.length - 1];
    if (!prev || prev.label !== l.label) {
      levels.push(l);
      continue;
    }
    const minStep = opts.minStep ?? 0.1;
    if (Math.max(prev.gbps, l.gbps) / Math.min(prev.gbps, l.gbps) < 1 + minStep) {
      const inside = (k: number) => (k >= prev.start && k <= prev.end) || (k >= l.start && k <= l.end);
      const vals = pts.map((p, k) => ({ p, k })).filter(({ k }) => inside(k));
      for (let k = prev.end + 1; k < l.start; k++) transitions.push(k);
      levels[levels.length - 1] = {
        ...segment(pts, prev.start, l.end),
        gbps: median(vals.map(({ p }) => p.gbps)),
        points: vals.length,
        label: l.label,
      };
      notes.push(`two plateaus both fall in ${l.label} by the OS's cache sizes and were merged`);
    } else if (l.points > prev.points) {
      drop(prev);
      levels[levels.length - 1] = l;
    } else {
      drop(l);
    }
  }
  transitions.sort((a, b) => a - b);
  const crossCheck: CrossCheck[] = caches.map((c) => {
    const label = `L${c.level}` as const;
    const i = levels.findIndex((l) => l.label === label);
    const lvl = levels[i];
    const next = levels[i + 1];
    if (!lvl) return { label, osBytes: c.bytes, agrees: false, note: `no plateau for ${label}` };
    if (!next)
      return {
        label,
        osBytes: c.bytes,
        agrees: false,
        note: `${label} is the last plateau: the sweep shows no drop after it`,
      };
    // The middle of the drop: between the plateau's last working set and the next plateau's first.
    const knee = Math.sqrt(lvl.toBytes * next.fromBytes);
    const ratio = knee / c.bytes;
    const agrees = ratio >= 0.5 && ratio <= 2;
    return {
      label,
      osBytes: c.bytes,
      curveBytes: knee,
      ratio,
      agrees,
      note: agrees ? "agrees" : `the curve drops at ${ratio.toFixed(2)}× the reported size`,
    };
  });
  return { levels, transitions: [...new Set(transitions)], crossCheck, notes };
}

/**
 * What the roofline chart draws, before drawing it: the device's roofs, the domains shared
 * by compared devices, the op points (with the numbers a keyboard or screen-reader user
 * reads), and where the roof labels go so that none overlaps another. Pure.
 */
import {
  type Analysis,
  type DeviceSpec,
  isPlottableOp,
  layerCount,
  type OpKind,
  PEAK_KEYS,
} from "../../../src/core/index.js";
import { fmtBytes, fmtFlopRate, fmtFlops, fmtIntensity, fmtTime } from "../format.js";
import type { T } from "../i18n/index.js";

const PRECISION_DASH: Readonly<Record<string, string>> = {
  fp32: "none",
  fp16: "none",
  bf16: "6,3",
  fp8: "2,3",
  int8: "8,3,2,3",
  int4: "1,2",
  fp4: "4,2",
};

export interface OpPoint {
  /** "phase:name": links the point to its row in the per-op table. */
  readonly key: string;
  readonly x: number;
  readonly y: number;
  readonly r: number;
  readonly kind: OpKind;
  readonly phase: "prefill" | "decode";
  /** Its numbers, one per line (tooltip, aria-label, the detail line). */
  readonly title: string;
}

/** Domains shared by the roofline panels of compared devices, so that they read side by side. */
export interface RooflineDomain {
  readonly x: [number, number];
  readonly y: [number, number];
}

export const opKey = (phase: string, name: string): string => `${phase}:${name}`;

export function opPoints(a: Analysis, t: T): OpPoint[] {
  const points: OpPoint[] = [];
  for (const p of [a.prefill, a.decode]) {
    if (!p) continue;
    const layers = layerCount(p);
    const add = (o: (typeof p.layerOps)[number], times: number) => {
      if (!isPlottableOp(o)) return;
      points.push({
        key: opKey(p.phase, o.name),
        x: o.intensity,
        y: o.flops / o.timeEstimateS,
        r: o.timeEstimateS * times,
        kind: o.kind,
        phase: p.phase,
        title: [
          `${o.name} (${t(`kind.${o.kind}`)}) · ${t(`phase.${p.phase}`)}${times > 1 ? ` · ×${times}` : ""}`,
          o.shape,
          `FLOPs ${fmtFlops(o.flops)} · ${t("table.col.bytes")} ${fmtBytes(o.bytesTotal)}`,
          `I = ${fmtIntensity(o.intensity)} FLOP/B · ${t(`bound.${o.bound}`)} · ${t(`class.${o.boundClass}`)}`,
          `${t("table.col.tEst")} ${fmtTime(o.timeEstimateS)} · ${t("table.col.tBound")} ${fmtTime(o.timeBoundS)}`,
        ].join("\n"),
      });
    };
    for (const o of p.layerOps) add(o, layers);
    for (const o of p.modelOps) add(o, 1);
  }
  return points;
}

export interface Roof {
  /** The precisions of this roof ("fp8 = int8"): the label drawn beside it. */
  readonly names: string;
  /** With the peak and ridge: the legend's line. */
  readonly label: string;
  readonly peak: number;
  readonly ridge: number;
  readonly dash: string;
}

/** The listed peaks of a device (not fallbacks), equal peaks merged into one roof. */
export function deviceRoofLines(d: DeviceSpec, t: T): Roof[] {
  const bw = d.bandwidthGBps.value * 1e9;
  const roofs: { names: string[]; peak: number }[] = [];
  for (const p of PEAK_KEYS) {
    const v = d.peakTflops[p];
    if (!v) continue;
    const peak = v.value * 1e12;
    const same = roofs.find((r) => Math.abs(r.peak - peak) / peak < 1e-9);
    if (same) same.names.push(p);
    else roofs.push({ names: [p], peak });
  }
  return roofs.map((r) => {
    const rate = fmtFlopRate(r.peak).replace(
      "FLOP/s",
      r.names.every((n) => n.startsWith("int")) ? "OP/s" : "FLOP/s",
    );
    const names = r.names.join(" = ");
    return {
      names,
      label: `${names} ${rate} · ${t("roofline.ridge", { i: fmtIntensity(r.peak / bw) })}`,
      peak: r.peak,
      ridge: r.peak / bw,
      dash: PRECISION_DASH[r.names[0] ?? "fp32"] ?? "none",
    };
  });
}

export function rooflineDomain(
  items: readonly { analysis: Analysis; device: DeviceSpec }[],
  t: T,
): RooflineDomain {
  let xMin = 0.1,
    xMax = 10,
    yMin = Infinity,
    yMax = 0;
  for (const { analysis: a, device: d } of items) {
    for (const r of deviceRoofLines(d, t)) {
      xMax = Math.max(xMax, r.ridge * 4);
      yMax = Math.max(yMax, r.peak * 2);
    }
    for (const p of [a.prefill, a.decode]) {
      if (!p) continue;
      for (const o of [...p.layerOps, ...p.modelOps, p.totals]) {
        if (!isPlottableOp(o)) continue;
        xMin = Math.min(xMin, o.intensity / 2);
        xMax = Math.max(xMax, o.intensity * 2);
        yMin = Math.min(yMin, o.flops / o.timeEstimateS / 3);
      }
    }
    yMin = Math.min(yMin, xMin * d.bandwidthGBps.value * 1e9);
  }
  if (!Number.isFinite(yMin) || yMin <= 0) yMin = 1e9;
  if (yMax <= 0) yMax = 1e15;
  return { x: [xMin, xMax], y: [yMin, yMax] };
}

/**
 * Vertical pixel positions of labels wanted at `want` (sorted or not), at least `gap`
 * apart and within [lo, hi]: each keeps its place unless a neighbour is too close, then
 * they are pushed apart, downwards first, then the whole stack up if it runs past `hi`.
 */
export function spreadLabels(want: readonly number[], gap: number, lo: number, hi: number): number[] {
  const order = want.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  const out = new Array<number>(want.length);
  let prev = -Infinity;
  for (const o of order) {
    const y = Math.max(o.y, prev + gap, lo);
    out[o.i] = y;
    prev = y;
  }
  let over = prev - hi;
  for (let k = order.length - 1; k >= 0 && over > 0; k--) {
    const o = order[k]!;
    const y = out[o.i]! - over;
    const below = k + 1 < order.length ? out[order[k + 1]!.i]! - gap : Infinity;
    out[o.i] = Math.min(y, below);
    const next = k > 0 ? out[order[k - 1]!.i]! : -Infinity;
    over = next + gap - out[o.i]!;
  }
  return out;
}

/** A label's box on screen: centre, size, and angle (degrees, as SVG rotates). */
export interface LabelBox {
  readonly cx: number;
  readonly cy: number;
  readonly w: number;
  readonly h: number;
  readonly angle: number;
}

const corners = (b: LabelBox): [number, number][] => {
  const a = (b.angle * Math.PI) / 180;
  const [c, s] = [Math.cos(a), Math.sin(a)];
  return [
    [-b.w / 2, -b.h / 2],
    [b.w / 2, -b.h / 2],
    [b.w / 2, b.h / 2],
    [-b.w / 2, b.h / 2],
  ].map(([x, y]) => [b.cx + (x ?? 0) * c - (y ?? 0) * s, b.cy + (x ?? 0) * s + (y ?? 0) * c]);
};

/** Whether two (possibly rotated) label boxes overlap: the separating-axis test on their edges. */
export function boxesOverlap(a: LabelBox, b: LabelBox): boolean {
  const pa = corners(a);
  const pb = corners(b);
  for (const poly of [pa, pb])
    for (let i = 0; i < 4; i++) {
      const p = poly[i]!;
      const q = poly[(i + 1) % 4]!;
      const [nx, ny] = [q[1] - p[1], p[0] - q[0]];
      const proj = (pts: [number, number][]) => pts.map(([x, y]) => x * nx + y * ny);
      const [ra, rb] = [proj(pa), proj(pb)];
      if (Math.max(...ra) <= Math.min(...rb) + 0.5 || Math.max(...rb) <= Math.min(...ra) + 0.5) return false;
    }
  return true;
}

/**
 * Where each soft label goes: at its first candidate offset that overlaps no fixed box and
 * no soft label placed before it, or nowhere (null: not drawn). Soft labels are tried in order.
 */
export function placeLabels(
  fixed: readonly LabelBox[],
  soft: readonly (readonly LabelBox[])[],
): (number | null)[] {
  const kept = [...fixed];
  return soft.map((candidates) => {
    const i = candidates.findIndex((c) => !kept.some((k) => boxesOverlap(k, c)));
    if (i < 0) return null;
    kept.push(candidates[i]!);
    return i;
  });
}

/**
 * What every chart shares: the built chart and its legend (drawn by the app: HTML on
 * screen, SVG in exports, so that it is readable, translatable and part of the file),
 * the fixed colours, and small helpers. The charts are drawn with Observable Plot (a
 * grammar of graphics over d3: log scales, symbols, tips, and SVG output exported as is).
 */
import type { OpKind } from "../../../src/core/index.js";

/** Shapes of legend swatches and chart points (Plot's symbol names, plus lines and hollow rings). */
export type Shape = "circle" | "ring" | "triangle" | "star" | "line" | "square" | "diamond" | "cross" | "wye";

export interface LegendItem {
  readonly label: string;
  readonly color: string;
  readonly shape?: Shape;
  /** A dash pattern for "line" swatches (SVG stroke-dasharray). */
  readonly dash?: string;
}

export interface BuiltChart {
  readonly svg: SVGSVGElement;
  readonly legend: readonly LegendItem[];
  /** Run once the SVG is in the document (text can be measured): e.g. removing overlaps. */
  readonly mounted?: (svg: SVGSVGElement) => void;
}

/**
 * One colour per op kind, fixed so that a kind keeps its colour across changes. Every
 * colour has at least 3:1 contrast against the white background (WCAG 1.4.11; a test
 * checks it), and op kinds also differ by shape (KIND_SYMBOLS), never by colour alone.
 */
export const KIND_COLORS: Readonly<Record<OpKind, string>> = {
  embedding: "#8c6d31",
  norm: "#8e5fc0",
  gemm: "#1f6fb4",
  rope: "#0f7f8c",
  qk_norm: "#6a51a3",
  attn_scores: "#c62828",
  softmax: "#b85c00",
  attn_values: "#c2387f",
  attn_fused: "#9c1a8c",
  activation: "#2b7a2b",
  residual: "#666666",
  moe_router: "#7a7400",
  moe_combine: "#4f6b1f",
};

/** The shape of each op kind's points (and its legend swatch): families of kinds share one. */
export const KIND_SYMBOLS: Readonly<Record<OpKind, Exclude<Shape, "ring" | "line" | "star">>> = {
  embedding: "cross",
  norm: "circle",
  qk_norm: "circle",
  gemm: "square",
  rope: "wye",
  activation: "wye",
  residual: "wye",
  attn_scores: "triangle",
  attn_values: "triangle",
  attn_fused: "triangle",
  softmax: "diamond",
  moe_router: "cross",
  moe_combine: "cross",
};

export const BYTE_COLORS = {
  weights: "#1f6fb4",
  activations: "#2b7a2b",
  kvRead: "#c62828",
  kvWrite: "#b85c00",
} as const;
export const DEVICE_COLORS = ["#1f6fb4", "#c62828", "#2b7a2b", "#8e5fc0", "#b85c00", "#0f7f8c"] as const;
/** Eight colours for categories (device classes), each ≥ 3:1 against white. */
export const DEVICE_COLORS_ALL = [...DEVICE_COLORS, "#8c564b", "#c2387f"] as const;
/** Devices also differ by line pattern, not by colour alone. */
export const DEVICE_DASHES = ["none", "7,3", "2,2", "9,3,2,3", "4,4", "12,3"] as const;

/** The relative luminance contrast of a #rrggbb colour against white (WCAG 2). */
export function contrastOnWhite(hex: string): number {
  const c = [1, 3, 5].map((i) => {
    const v = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  const l = 0.2126 * (c[0] ?? 0) + 0.7152 * (c[1] ?? 0) + 0.0722 * (c[2] ?? 0);
  return 1.05 / (l + 0.05);
}

/** An SVG path of a shape centred at (x, y) with radius r, for legends and exports. */
export function shapePath(shape: Shape, x: number, y: number, r: number): string {
  const p = (pts: [number, number][]) =>
    `M${pts.map(([a, b]) => `${(x + a).toFixed(2)},${(y + b).toFixed(2)}`).join("L")}Z`;
  const w = r * 0.36;
  switch (shape) {
    case "square":
      return p([
        [-r * 0.85, -r * 0.85],
        [r * 0.85, -r * 0.85],
        [r * 0.85, r * 0.85],
        [-r * 0.85, r * 0.85],
      ]);
    case "triangle":
      return p([
        [0, -r],
        [r, r * 0.8],
        [-r, r * 0.8],
      ]);
    case "diamond":
      return p([
        [0, -r],
        [r * 0.75, 0],
        [0, r],
        [-r * 0.75, 0],
      ]);
    case "cross":
      return p([
        [-w, -r],
        [w, -r],
        [w, -w],
        [r, -w],
        [r, w],
        [w, w],
        [w, r],
        [-w, r],
        [-w, w],
        [-r, w],
        [-r, -w],
        [-w, -w],
      ]);
    case "wye": {
      const pts: [number, number][] = [];
      for (const a of [-Math.PI / 2, Math.PI / 6, (5 * Math.PI) / 6]) {
        const [dx, dy, nx, ny] = [Math.cos(a), Math.sin(a), -Math.sin(a), Math.cos(a)];
        pts.push([r * dx - w * nx, r * dy - w * ny], [r * dx + w * nx, r * dy + w * ny]);
        const m = a + Math.PI / 3;
        pts.push([1.155 * w * Math.cos(m), 1.155 * w * Math.sin(m)]);
      }
      return p(pts);
    }
    case "star": {
      const pts: [number, number][] = [];
      for (let i = 0; i < 10; i++) {
        const a = (Math.PI / 5) * i - Math.PI / 2;
        const rr = i % 2 === 0 ? r : r * 0.45;
        pts.push([rr * Math.cos(a), rr * Math.sin(a)]);
      }
      return p(pts);
    }
    case "line":
      return `M${x - r},${y}L${x + r},${y}`;
    default:
      return `M${x - r},${y}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0Z`;
  }
}

/** Whether a shape is drawn as a stroke only (lines and rings). */
export const strokeOnly = (s: Shape | undefined): boolean => s === "line" || s === "ring";

/**
 * The SVG of a Plot figure. Plot names each mark's group with aria-label; a group needs
 * the role "group" for that name to be permitted (axe: aria-prohibited-attr).
 */
export function asSvg(el: SVGSVGElement | HTMLElement): SVGSVGElement {
  const s = el instanceof SVGSVGElement ? el : el.querySelector("svg");
  if (!s) throw new Error("Plot returned no SVG");
  for (const g of s.querySelectorAll("g[aria-label]:not([role])")) g.setAttribute("role", "group");
  s.setAttribute("role", "group");
  return s;
}

/** The binary unit that suits a maximum, for axes in round numbers of it. */
export function binaryUnit(max: number): { unit: string; div: number } {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"] as const;
  let i = 0;
  while (i < units.length - 1 && max >= 1024 ** (i + 1)) i++;
  return { unit: units[i] ?? "B", div: 1024 ** i };
}

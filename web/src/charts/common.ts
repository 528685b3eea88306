/**
 * What every chart shares: the built chart and its legend (drawn by the app: HTML on
 * screen, SVG in exports, so that it is readable, translatable and part of the file),
 * the fixed colours, and small helpers. The charts are drawn with Observable Plot (a
 * grammar of graphics over d3: log scales, symbols, tips, and SVG output exported as is).
 */
import type { Shape } from "./palette.js";

export * from "./palette.js";

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

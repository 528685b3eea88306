/**
 * What every chart shares: the built chart and its legend (drawn by the app: HTML on
 * screen, SVG in exports, so that it is readable, translatable and part of the file),
 * the fixed colours, and small helpers. The charts are drawn with Observable Plot (a
 * grammar of graphics over d3: log scales, symbols, tips, and SVG output exported as is).
 */
import type { OpKind } from "../../../src/core/index.js";

export interface LegendItem {
  readonly label: string;
  readonly color: string;
  readonly shape?: "circle" | "triangle" | "star" | "line" | "square";
}

export interface BuiltChart {
  readonly svg: SVGSVGElement;
  readonly legend: readonly LegendItem[];
}

/** One colour per op kind, fixed so that a kind keeps its colour across changes. */
export const KIND_COLORS: Readonly<Record<OpKind, string>> = {
  embedding: "#8c6d31",
  norm: "#9467bd",
  gemm: "#1f77b4",
  rope: "#17becf",
  qk_norm: "#c5b0d5",
  attn_scores: "#d62728",
  softmax: "#ff7f0e",
  attn_values: "#e377c2",
  attn_fused: "#b5179e",
  activation: "#2ca02c",
  residual: "#7f7f7f",
  moe_router: "#bcbd22",
  moe_combine: "#637939",
  conv1d: "#8c564b",
  ssm_scan: "#393b79",
  delta_rule: "#5254a3",
  gate: "#9edae5",
};

export const BYTE_COLORS = {
  weights: "#1f77b4",
  activations: "#2ca02c",
  kvRead: "#d62728",
  kvWrite: "#ff7f0e",
} as const;
export const DEVICE_COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf"] as const;

export function asSvg(el: SVGSVGElement | HTMLElement): SVGSVGElement {
  if (el instanceof SVGSVGElement) return el;
  const s = el.querySelector("svg");
  if (!s) throw new Error("Plot returned no SVG");
  return s;
}

/** The binary unit that suits a maximum, for axes in round numbers of it. */
export function binaryUnit(max: number): { unit: string; div: number } {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"] as const;
  let i = 0;
  while (i < units.length - 1 && max >= 1024 ** (i + 1)) i++;
  return { unit: units[i] ?? "B", div: 1024 ** i };
}

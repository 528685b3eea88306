/**
 * The charts' colours and shapes, fixed so that a kind keeps its look across changes. Pure
 * (no DOM), so that a test can check the contrast of every colour.
 */
import type { OpKind } from "../../../src/core/index.js";

/** Shapes of legend swatches and chart points (Plot's symbol names, plus lines and hollow rings). */
export type Shape = "circle" | "ring" | "triangle" | "star" | "line" | "square" | "diamond" | "cross" | "wye";

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
  conv1d: "#8c564b",
  ssm_scan: "#393b79",
  delta_rule: "#5254a3",
  gate: "#00796b",
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
  conv1d: "diamond",
  ssm_scan: "square",
  delta_rule: "square",
  gate: "wye",
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

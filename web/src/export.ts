/** Downloads: charts as standalone SVG or PNG (legend included), and text files. */
import { type LegendItem, shapePath, strokeOnly } from "./charts/common.js";

const SVG_NS = "http://www.w3.org/2000/svg";

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.rel = "noopener";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadText(text: string, fileName: string, type = "application/json"): void {
  downloadBlob(new Blob([text], { type }), fileName);
}

function el<K extends keyof SVGElementTagNameMap>(
  name: K,
  attrs: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/**
 * A standalone SVG: a title, a line naming the model, device and workload, the chart and
 * its legend, on a white background. The chart's own <style> (Plot scopes it by class)
 * travels inside it.
 */
export function standaloneSvg(
  chart: SVGSVGElement,
  title: string,
  subtitle: string,
  legend: readonly LegendItem[],
): { svg: SVGSVGElement; width: number; height: number } {
  const width = Number(chart.getAttribute("width")) || chart.viewBox.baseVal.width || 640;
  const chartHeight = Number(chart.getAttribute("height")) || chart.viewBox.baseVal.height || 400;
  const titleH = subtitle ? 46 : 28;
  // Legend rows: items laid out left to right, wrapping.
  const items: { x: number; y: number; item: LegendItem }[] = [];
  let x = 12,
    y = 0;
  for (const item of legend) {
    const w = (item.shape === "line" ? 30 : 22) + item.label.length * 6.6;
    if (x + w > width - 8 && x > 12) {
      x = 12;
      y += 18;
    }
    items.push({ x, y, item });
    x += w + 10;
  }
  const legendH = legend.length ? y + 26 : 0;
  const height = titleH + chartHeight + legendH;
  const root = el("svg", {
    xmlns: SVG_NS,
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    "font-family": "system-ui, sans-serif",
  });
  root.append(el("rect", { x: 0, y: 0, width, height, fill: "white" }));
  const tt = el("text", { x: 12, y: 19, "font-size": 14, "font-weight": "bold", fill: "#111" });
  tt.textContent = title;
  root.append(tt);
  if (subtitle) {
    const st = el("text", { x: 12, y: 37, "font-size": 11, fill: "#333" });
    st.textContent = subtitle;
    root.append(st);
  }
  const copy = chart.cloneNode(true) as SVGSVGElement;
  copy.setAttribute("x", "0");
  copy.setAttribute("y", String(titleH));
  root.append(copy);
  const g = el("g", { transform: `translate(0 ${titleH + chartHeight + 8})`, "font-size": 11 });
  for (const { x: ix, y: iy, item } of items) {
    const cy = iy + 6;
    const line = item.shape === "line";
    const attrs: Record<string, string | number> = {
      d: shapePath(item.shape ?? "circle", ix + (line ? 11 : 7), cy, line ? 10 : 6),
    };
    if (strokeOnly(item.shape)) {
      Object.assign(attrs, {
        fill: item.shape === "ring" ? "white" : "none",
        stroke: item.color,
        "stroke-width": 2,
      });
      if (item.dash && item.dash !== "none") attrs["stroke-dasharray"] = item.dash;
    } else attrs.fill = item.color;
    g.append(el("path", attrs));
    const label = el("text", { x: ix + (line ? 26 : 18), y: cy + 4, fill: "#222" });
    label.textContent = item.label;
    g.append(label);
  }
  root.append(g);
  return { svg: root, width, height };
}

export function svgText(svg: SVGSVGElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}`;
}

export async function svgToPng(svg: SVGSVGElement, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svgText(svg)], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    img.width = width;
    img.height = height;
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error("the SVG could not be rendered"));
      img.src = url;
    });
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("no 2D canvas");
    ctx.fillStyle = "white";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("PNG encoding failed"))), "image/png"),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

export const safeFileName = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, "-")
    .replace(/^-+|-+$/g, "") || "chart";

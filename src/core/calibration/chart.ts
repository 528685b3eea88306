/**
 * Predicted vs measured tokens/s as an SVG chart: log–log axes, the y = x line (and ±25%
 * guides), one colour per device class; filled dots are the estimates, rings the bounds.
 * Plain string building, no DOM: pure, so the core can make it.
 */
import { DEVICE_CLASSES } from "../hardware/schema.js";
import type { ValidationRow } from "./validate.js";

/** Colour-blind-safe palette (Okabe–Ito), one per device class. */
const COLOURS: Readonly<Record<string, string>> = Object.fromEntries(
  DEVICE_CLASSES.map((c, i) => [
    c,
    ["#0072B2", "#009E73", "#56B4E9", "#D55E00", "#CC79A7", "#E69F00", "#000000", "#999933"][i]!,
  ]),
);

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const f1 = (x: number) => (Math.round(x * 10) / 10).toString();

export interface ChartOptions {
  readonly title?: string;
  /** Also plot the roofline bounds (rings). Default true. */
  readonly showBound?: boolean;
  readonly width?: number;
  readonly height?: number;
}

export function predictedVsMeasuredSvg(rows: readonly ValidationRow[], opts: ChartOptions = {}): string {
  const W = opts.width ?? 760;
  const H = opts.height ?? 640;
  const showBound = opts.showBound ?? true;
  const m = { left: 78, right: 190, top: 48, bottom: 64 };
  const pts = rows.filter((r) => r.estimateTps !== null && r.boundTps !== null && r.scored);
  const values = pts.flatMap((r) => [r.measuredTps, r.estimateTps!, ...(showBound ? [r.boundTps!] : [])]);
  const lo = Math.floor(Math.log10(values.length ? Math.min(...values) : 1));
  const hi = Math.ceil(Math.log10(values.length ? Math.max(...values) : 10));
  const span = Math.max(1, hi - lo);
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const x = (v: number) => m.left + ((Math.log10(v) - lo) / span) * pw;
  const y = (v: number) => m.top + ph - ((Math.log10(v) - lo) / span) * ph;

  const s: string[] = [];
  s.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
  );
  s.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  s.push(
    `<text x="${m.left}" y="24" font-size="15" font-weight="bold">${esc(opts.title ?? "Ridgeline: predicted vs measured tokens/s")}</text>`,
  );
  // Grid and decade ticks.
  for (let d = lo; d <= hi; d++) {
    const v = 10 ** d;
    const label = v >= 1 ? v.toLocaleString("en-US") : String(v);
    s.push(`<line x1="${f1(x(v))}" y1="${m.top}" x2="${f1(x(v))}" y2="${m.top + ph}" stroke="#e5e5e5"/>`);
    s.push(`<line x1="${m.left}" y1="${f1(y(v))}" x2="${m.left + pw}" y2="${f1(y(v))}" stroke="#e5e5e5"/>`);
    s.push(`<text x="${f1(x(v))}" y="${m.top + ph + 18}" text-anchor="middle">${label}</text>`);
    s.push(`<text x="${m.left - 8}" y="${f1(y(v) + 4)}" text-anchor="end">${label}</text>`);
  }
  s.push(`<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#444"/>`);
  // y = x and ±25 %.
  const a = 10 ** lo;
  const b = 10 ** hi;
  s.push(`<clipPath id="plot"><rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}"/></clipPath>`);
  s.push(`<g clip-path="url(#plot)">`);
  s.push(
    `<line x1="${f1(x(a))}" y1="${f1(y(a))}" x2="${f1(x(b))}" y2="${f1(y(b))}" stroke="#333" stroke-width="1.5"/>`,
  );
  for (const k of [1.25, 0.75])
    s.push(
      `<line x1="${f1(x(a))}" y1="${f1(y(a * k))}" x2="${f1(x(b))}" y2="${f1(y(b * k))}" stroke="#999" stroke-dasharray="4 4"/>`,
    );
  for (const r of pts) {
    const c = COLOURS[r.deviceClass ?? ""] ?? "#000";
    const tip = `row ${r.row}: ${r.hardware}, ${r.model} ${r.quant}, ${r.test}; measured ${r.measuredTps}, estimate ${r.estimateTps!.toPrecision(4)}, bound ${r.boundTps!.toPrecision(4)}`;
    if (showBound) {
      s.push(
        `<circle cx="${f1(x(r.measuredTps))}" cy="${f1(y(r.boundTps!))}" r="3.5" fill="none" stroke="${c}" stroke-opacity="0.45"><title>${esc(tip)}</title></circle>`,
      );
    }
    s.push(
      `<circle cx="${f1(x(r.measuredTps))}" cy="${f1(y(r.estimateTps!))}" r="3.5" fill="${c}" fill-opacity="0.85"><title>${esc(tip)}</title></circle>`,
    );
  }
  s.push(`</g>`);
  // Axis titles.
  s.push(
    `<text x="${f1(m.left + pw / 2)}" y="${H - 22}" text-anchor="middle" font-size="13">measured tokens/s</text>`,
  );
  s.push(
    `<text transform="translate(22 ${f1(m.top + ph / 2)}) rotate(-90)" text-anchor="middle" font-size="13">predicted tokens/s</text>`,
  );
  // Legend.
  const lx = m.left + pw + 18;
  let ly = m.top + 8;
  const present = DEVICE_CLASSES.filter((c) => pts.some((r) => r.deviceClass === c));
  for (const c of present) {
    const n = pts.filter((r) => r.deviceClass === c).length;
    s.push(`<circle cx="${lx + 6}" cy="${ly}" r="5" fill="${COLOURS[c]}"/>`);
    s.push(`<text x="${lx + 18}" y="${ly + 4}">${esc(c)} (${n})</text>`);
    ly += 20;
  }
  ly += 10;
  s.push(
    `<circle cx="${lx + 6}" cy="${ly}" r="4" fill="#555"/><text x="${lx + 18}" y="${ly + 4}">estimate</text>`,
  );
  if (showBound) {
    ly += 20;
    s.push(
      `<circle cx="${lx + 6}" cy="${ly}" r="4" fill="none" stroke="#555"/><text x="${lx + 18}" y="${ly + 4}">roofline bound</text>`,
    );
  }
  ly += 20;
  s.push(
    `<line x1="${lx}" y1="${ly}" x2="${lx + 14}" y2="${ly}" stroke="#333" stroke-width="1.5"/><text x="${lx + 18}" y="${ly + 4}">y = x</text>`,
  );
  ly += 20;
  s.push(
    `<line x1="${lx}" y1="${ly}" x2="${lx + 14}" y2="${ly}" stroke="#999" stroke-dasharray="4 4"/><text x="${lx + 18}" y="${ly + 4}">±25%</text>`,
  );
  s.push(`</svg>`);
  return `${s.join("\n")}\n`;
}

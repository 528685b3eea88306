/** Formatting with SI prefixes (decimal) for the edges: tables and summaries. */
const SI = [
  { p: 1e15, s: "P" },
  { p: 1e12, s: "T" },
  { p: 1e9, s: "G" },
  { p: 1e6, s: "M" },
  { p: 1e3, s: "k" },
] as const;

/** 3 significant digits, e.g. formatSI(1.34e10, "FLOP") = "13.4 GFLOP". */
export function formatSI(value: number, unitName: string): string {
  if (!Number.isFinite(value)) return value > 0 ? `∞ ${unitName}` : `${value} ${unitName}`;
  const abs = Math.abs(value);
  for (const { p, s } of SI) {
    if (abs >= p) return `${sig3(value / p)} ${s}${unitName}`;
  }
  return `${sig3(value)} ${unitName}`;
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "∞";
  const abs = Math.abs(s);
  if (abs >= 1) return `${sig3(s)} s`;
  if (abs >= 1e-3) return `${sig3(s * 1e3)} ms`;
  if (abs >= 1e-6) return `${sig3(s * 1e6)} µs`;
  if (abs === 0) return "0 s";
  return `${sig3(s * 1e9)} ns`;
}

/** Names of the units formatDuration rolls into (translatable). */
export interface DurationUnits {
  readonly min: string;
  readonly h: string;
  readonly days: string;
  readonly years: string;
}
export const DURATION_UNITS_EN: DurationUnits = { min: "min", h: "h", days: "days", years: "years" };

/**
 * A duration for people: as formatSeconds below a minute, then rolled into minutes,
 * hours, days and years (three significant figures): "7.75 min", "538 days", never "46487957 s".
 */
export function formatDuration(s: number, units: DurationUnits = DURATION_UNITS_EN): string {
  if (!Number.isFinite(s)) return "∞";
  const abs = Math.abs(s);
  if (abs < 59.95) return formatSeconds(s);
  if (abs < 3597) return `${sig3(s / 60)} ${units.min}`;
  if (abs < 86_330) return `${sig3(s / 3600)} ${units.h}`;
  const year = 365.25 * 86_400;
  if (abs < 0.9995 * year) return `${sig3(s / 86_400)} ${units.days}`;
  return `${abs >= 1000 * year ? formatSI(s / year, "").trim() : sig3(s / year)} ${units.years}`;
}

export function formatBytesIEC(b: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"] as const;
  let v = b;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${sig3(v)} ${units[i]}`;
}

/** A fraction as a percentage: formatPercent(0.1234) = "12.3%". */
export function formatPercent(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** A fraction as a signed percentage (a relative error): "+4.2%", "-13.0%". */
export function formatSignedPercent(fraction: number | null, digits = 1): string {
  if (fraction === null) return "–";
  return `${fraction >= 0 ? "+" : ""}${(100 * fraction).toFixed(digits)}%`;
}

/** A number already in percent (a MAPE of 12.3): "12.3%"; "–" where there is none. */
export function formatPercentValue(percent: number | null, digits = 1): string {
  return percent === null ? "–" : `${percent.toFixed(digits)}%`;
}

/** Three significant digits without exponent notation for ordinary magnitudes. */
export function sig3(v: number): string {
  if (v === 0) return "0";
  const abs = Math.abs(v);
  if (abs >= 100) return v.toFixed(0);
  if (abs >= 10) return v.toFixed(1);
  if (abs >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}

/**
 * Number formatting for the app: the library's own formatters (the CLI's text uses the
 * same), so that a number reads the same in the terminal and in the browser: three
 * significant figures, durations rolled into min / h / days / years. The unit words of
 * long durations follow the page's language (setFormatLang, called when it changes).
 */
import {
  DURATION_UNITS_EN,
  type DurationUnits,
  formatBytesIEC,
  formatDuration,
  formatPercent,
  formatSI,
  sig3,
} from "../../src/core/index.js";
import type { Lang } from "./state/state.js";

const UNITS: Readonly<Record<Lang, DurationUnits>> = {
  en: DURATION_UNITS_EN,
  zh: { min: "分钟", h: "小时", days: "天", years: "年" },
};
let units: DurationUnits = UNITS.en;

/** The language of the unit words in durations. */
export function setFormatLang(lang: Lang): void {
  units = UNITS[lang];
}

export const fmtTime = (s: number): string => formatDuration(s, units);
export const fmtBytes = (b: number): string => formatBytesIEC(b);
export const fmtBytesSI = (b: number): string => (b === 0 ? "–" : formatSI(b, "B"));
export const fmtFlops = (f: number): string => (f === 0 ? "–" : formatSI(f, "FLOP"));
/** A count with an SI prefix and no unit ("16.4 k"), for columns whose header names the unit. */
export const fmtCount = (f: number): string => (f === 0 ? "–" : formatSI(f, "").trim());
export const fmtRate = (perS: number, unit: string): string => `${sig3(perS)} ${unit}`;
export const fmtFlopRate = (f: number): string => formatSI(f, "FLOP/s");
/** A bandwidth in GB/s as the catalog lists it ("14.1 GB/s", never "14.086072108452898 GB/s"). */
export const fmtGBps = (gbps: number): string => `${sig3(gbps)} GB/s`;
/** A token count ("4096", "131k", "16.8M"). */
export const fmtTokens = (n: number): string => (n < 1e4 ? String(n) : formatSI(n, "").replace(" ", ""));
export const fmtPercent = (x: number): string => formatPercent(x);
export const fmtIntensity = (i: number | null): string => (i === null || !Number.isFinite(i) ? "∞" : sig3(i));
export const fmtGain = (g: number): string => `×${sig3(g)}`;
export const fmtNumber = (n: number): string => sig3(n);

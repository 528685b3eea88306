/**
 * Number formatting for the app: the library's own formatters (the CLI's text uses the
 * same), so that a number reads the same in the terminal and in the browser. Pure.
 */
import { formatBytesIEC, formatPercent, formatSeconds, formatSI, sig3 } from "../../src/core/index.js";

export const fmtTime = (s: number): string => formatSeconds(s);
export const fmtBytes = (b: number): string => formatBytesIEC(b);
export const fmtBytesSI = (b: number): string => (b === 0 ? "–" : formatSI(b, "B"));
export const fmtFlops = (f: number): string => (f === 0 ? "–" : formatSI(f, "FLOP"));
/** A count with an SI prefix and no unit ("16.4 k"), for columns whose header names the unit. */
export const fmtCount = (f: number): string => (f === 0 ? "–" : formatSI(f, "").trim());
export const fmtRate = (perS: number, unit: string): string => `${sig3(perS)} ${unit}`;
export const fmtFlopRate = (f: number): string => formatSI(f, "FLOP/s");
export const fmtPercent = (x: number): string => formatPercent(x);
export const fmtIntensity = (i: number | null): string => (i === null || !Number.isFinite(i) ? "∞" : sig3(i));
export const fmtGain = (g: number): string => `×${sig3(g)}`;
export const fmtNumber = (n: number): string => sig3(n);

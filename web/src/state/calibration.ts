/**
 * A calibration of one device fitted on its owner's runs (`ridgeline calibrate --out`, or
 * "calibrate on these rows" in the accuracy view), held in the page only.
 *
 * Not in the URL: it is the user's file, fitted on their own machine. A link that carried
 * it would show the receiver numbers that depend on a file they never saw; a link that
 * named it could not bring it along. So a shared link gives the built-in estimate, and the
 * summary of the sender says the calibration is applied. Pure (no DOM).
 */
import {
  type DeviceSpec,
  type Efficiency,
  parseJsonText,
  parseUserCalibration,
  type UserCalibration,
  userEfficiency,
} from "../../../src/core/index.js";

export interface LoadedCalibration {
  /** The file it came from (or what it was fitted on in this page). */
  readonly file: string;
  readonly calibration: UserCalibration;
  /** The efficiency the calibrated device's estimates use (made once: the analysis checks it once per object). */
  readonly efficiency: Efficiency;
}

/** Calibration files are a few kB; anything far larger is not one. */
export const MAX_CALIBRATION_BYTES = 1024 * 1024;

/** A calibration already checked (fitted in this page by the core). */
export function loadedCalibration(calibration: UserCalibration, file: string): LoadedCalibration {
  return { file, calibration, efficiency: userEfficiency(calibration) };
}

/**
 * The text of a dropped file, checked as `analyze --calibration` checks it: a calibration,
 * or an InputError naming the first bad field ("calibration.params.bandwidth: …").
 */
export function readCalibrationText(text: string, file: string): LoadedCalibration {
  const json = parseJsonText("calibration", file, text);
  return loadedCalibration(parseUserCalibration(json), file);
}

/** The efficiency of `device`'s estimates: the calibration's when it was fitted for it. */
export function efficiencyFor(
  cal: LoadedCalibration | undefined,
  device: DeviceSpec,
): Efficiency | undefined {
  return cal && cal.calibration.device.id === device.id ? cal.efficiency : undefined;
}

/** A mean absolute percentage error as the calibration stores it (percent), for a sentence. */
export const fmtMape = (x: number | null): string => (x === null ? "–" : `${x.toFixed(1)}%`);

/** The state's changes when a calibration is applied or removed. Pure. */
import { BUILTIN_DEVICES } from "../../../src/core/index.js";
import type { LoadedCalibration } from "./calibration.js";
import { type AppState, MAX_DEVICES } from "./state.js";

/** Is the device a calibration was fitted for one the page can analyse (catalog, or the user's own)? */
export function calibratedDeviceKnown(s: AppState, cal: LoadedCalibration): boolean {
  const id = cal.calibration.device.id;
  return BUILTIN_DEVICES.some((d) => d.id === id) || s.customDevices.some((d) => d.id === id);
}

/** Apply a calibration: kept in the state, its device made the primary one when the page knows it. */
export function applyCalibration(s: AppState, cal: LoadedCalibration): AppState {
  const id = cal.calibration.device.id;
  if (!calibratedDeviceKnown(s, cal)) return { ...s, calibration: cal };
  return {
    ...s,
    calibration: cal,
    devices: [id, ...s.devices.filter((d) => d !== id)].slice(0, MAX_DEVICES),
  };
}

/** Without the calibration. */
export function removeCalibration(s: AppState): AppState {
  const { calibration: _c, ...rest } = s;
  return rest;
}

/** Efficiency: the achievable fractions of the roofs and fixed overheads, by default and as calibrated. */

export { CALIBRATION, calibratedEfficiency, efficiencyForClass, efficiencyForDevice } from "./calibrated.js";
export * from "./defaults.js";
export { CalibrationFile, ClassCalibration } from "./file-schema.js";
export { parseUserCalibration, UserCalibration, userEfficiency } from "./user-file.js";

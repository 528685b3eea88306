/** Efficiency: the achievable fractions of the roofs and fixed overheads, by default and as calibrated. */
export * from "./defaults.js";
export { CALIBRATION, calibratedEfficiency, efficiencyForClass, efficiencyForDevice } from "./calibrated.js";
export { CalibrationFile, ClassCalibration } from "./file-schema.js";

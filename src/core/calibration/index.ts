/** Calibration: measured results, the fitted efficiencies, validation and its chart. */
export { CALIBRATION, calibratedEfficiency, efficiencyForClass, efficiencyForDevice } from "./calibrated.js";
export { calibrate, crossValidate, cvSummary, type CalibrationInput, type CvRow } from "./calibrate.js";
export { CalibrationFile, ClassCalibration } from "./file-schema.js";
export { predictedVsMeasuredSvg, type ChartOptions } from "./chart.js";
export { parseCsv, parseCsvRecords } from "./csv.js";
export { parseMeasured, type MeasuredRow, type Trust, type TestKind } from "./rows.js";
export { planRow, planRows, type PlannedRow } from "./predict.js";
export { validate, validateRows, validationText, type ValidationReport, type ValidationRow, type GroupSummary } from "./validate.js";

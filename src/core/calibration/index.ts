/** Calibration: measured results, the fitted efficiencies, validation and its chart. */
export { calibrate, crossValidate, cvSummary, type CalibrationInput, type CvRow } from "./calibrate.js";
export { predictedVsMeasuredSvg, type ChartOptions } from "./chart.js";
export { parseCsv, parseCsvRecords } from "./csv.js";
export { parseMeasured, type MeasuredRow, type Trust, type TestKind } from "./rows.js";
export { planRow, planRows, type PlannedRow } from "./predict.js";
export { validate, validateRows, validationText, type ValidationReport, type ValidationRow, type GroupSummary } from "./validate.js";

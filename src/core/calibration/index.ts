/** Calibration: measured results, the fitted efficiencies, validation and its chart. */
export { type CalibrationInput, type CvRow, calibrate, crossValidate, cvSummary } from "./calibrate.js";
export { type ChartOptions, predictedVsMeasuredSvg } from "./chart.js";
export { CSV_LIMITS, parseCsv, parseCsvRecords } from "./csv.js";
export {
  type MultiGroup,
  type MultiReport,
  type MultiRow,
  type MultiTest,
  multiValidationText,
  parseMultiTest,
  parseUnits,
  validateMulti,
} from "./multi.js";
export { type PlannedRow, planRow, planRows } from "./predict.js";
export { MEASURED_LIMITS, type MeasuredRow, parseMeasured, type TestKind, type Trust } from "./rows.js";
export {
  type GroupSummary,
  type ValidationReport,
  type ValidationRow,
  validate,
  validateRows,
  validationText,
} from "./validate.js";

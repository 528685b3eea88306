/** Calibration: measured results, the fitted efficiencies, validation and its chart. */
export {
  type BenchContext,
  benchScenario,
  benchTestKind,
  benchTestLabel,
  planBenchRows,
  recipeOfModelType,
} from "./bench-plan.js";
export { type CalibrationInput, type CvRow, calibrate, crossValidate, cvSummary } from "./calibrate.js";
export { type ChartOptions, predictedVsMeasuredSvg } from "./chart.js";
export { CSV_LIMITS, parseCsv, parseCsvRecords } from "./csv.js";
export {
  type BenchFormat,
  type DataFormat,
  detectDataFormat,
  type FlashAttn,
  LLAMA_BENCH_DEFAULTS,
  type LlamaBenchFile,
  type LlamaBenchRow,
  MAX_BENCH_CHARS,
  MAX_BENCH_ROWS,
  parseLlamaBench,
  parseTestLabel,
} from "./llama-bench.js";
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
export {
  checkOffloadRow,
  checkOffloadRowAt,
  checkOffloadRows,
  type HostReference,
  hostReference,
  type OffloadCheck,
  type OffloadRow,
  type OffloadSummary,
  offloadCheckText,
  parseOffloadRows,
  summariseOffload,
} from "./offload-check.js";
export { calibrateBench, calibrateOwnRuns, type OwnRunsInput } from "./own-runs.js";
export { type PlannedRow, planRow, planRows } from "./predict.js";
export { MEASURED_LIMITS, type MeasuredRow, parseMeasured, type TestKind, type Trust } from "./rows.js";
export {
  type GroupSummary,
  type ValidationReport,
  type ValidationRow,
  validate,
  validateBench,
  validateRows,
  validationText,
} from "./validate.js";

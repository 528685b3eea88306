/**
 * The calibration record (fitted.json): what was fitted, on which rows, and how well it
 * predicts held-out device families. A leaf module, parsed when the analysis loads.
 */
import * as z from "zod";

const Summary = z
  .object({ rows: z.number(), mape: z.number().nullable(), medianApe: z.number().nullable() })
  .strict();
const BoundVsEstimate = z.object({ bound: Summary, estimate: Summary }).strict();
const ByTest = z.object({ pp512: BoundVsEstimate, tg128: BoundVsEstimate, other: BoundVsEstimate }).strict();

/** The fitted parameters (see fit.ts), and which of them the rows determined. */
const fittedParams = {
  bandwidth: z.number().positive().max(1),
  bandwidthQuant: z.number().positive().max(1),
  compute: z.number().positive().max(1),
  vectorShare: z.number().nonnegative(),
  perOpOverheadS: z.number().nonnegative(),
  /** Parameters determined by the rows; the others keep the pool's values (or Ridgeline's defaults). */
  fitted: z.array(z.enum(["bandwidth", "bandwidthQuant", "compute", "vectorShare", "perOpOverheadS"])),
};

export const ClassCalibration = z
  .object({
    ...fittedParams,
    perPassOverheadS: z.number().nonnegative(),
    /** The rows the fit used, as "file:row" (1-based data rows of the measured files). */
    rows: z.array(z.string().regex(/^[^:]+:\d+$/)),
    tests: z.array(z.string()),
    trust: z.array(z.string()),
    engines: z.array(z.string()),
    devices: z.array(z.string()),
    /** Mean absolute log error of the fit on its rows, |ln(estimate / measured)|. */
    meanAbsLogError: z.number().nonnegative(),
    /** Errors of the fitted estimate on all scored rows of the class (in-sample for the fitted rows). */
    errors: ByTest,
  })
  .strict();

/** The spread of measured / cross-validated estimate of one class and test. */
const LikelySpread = z
  .object({ rows: z.number().int().positive(), low: z.number().positive(), high: z.number().positive() })
  .strict();

export const CalibrationFile = z
  .object({
    schemaVersion: z.literal(1),
    fittedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    data: z.string(),
    /** FNV-1a hash of each measured file's text, joined by "+": which data the fit saw. */
    dataFingerprint: z.string(),
    method: z.string(),
    /** The pooled fits (every class of a kind of compute unit as one) each class is pulled towards. */
    pools: z.record(
      z.string(),
      z
        .object({
          ...fittedParams,
          classes: z.array(z.string()),
          rows: z.number().int().nonnegative(),
          meanAbsLogError: z.number().nonnegative(),
        })
        .strict(),
    ),
    /** 1/(2τ²) of the Gaussian prior around the pooled fit, in squared logit / log units. */
    priorStrength: z.number().nonnegative(),
    classes: z.record(z.string(), ClassCalibration),
    crossValidation: z
      .object({
        scheme: z.string(),
        /** Scored rows the catalog can bound (measured ≤ bound), the headline figures. */
        byTest: ByTest,
        /** The same including the rows whose measurement exceeds the bound (spec errors). */
        byTestWithSpecErrors: ByTest,
        byClass: z.record(z.string(), ByTest),
        /**
         * Per class and test: the 10th and 90th percentiles of measured / cross-validated estimate
         * over the class's scored rows, the likely range an estimate is quoted with.
         */
        likely: z.record(
          z.string(),
          z.object({ pp512: LikelySpread.optional(), tg128: LikelySpread.optional() }).strict(),
        ),
        byFamily: z.record(
          z.string(),
          z.object({ class: z.string(), fit: z.string(), errors: ByTest }).strict(),
        ),
      })
      .strict(),
  })
  .strict();

export type ClassCalibration = z.infer<typeof ClassCalibration>;
export type CalibrationFile = z.infer<typeof CalibrationFile>;
export type ByTest = z.infer<typeof ByTest>;

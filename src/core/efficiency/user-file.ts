/**
 * A calibration of one device fitted on its owner's own runs (`ridgeline calibrate`): the
 * efficiency parameters, which of them the runs determined, what they replaced, and the
 * prediction errors before and after on those runs. `analyze --calibration FILE` (and
 * timeline, advise, the web app) use `params` as the estimate's efficiency.
 */
import * as z from "zod";
import { fromZodIssues } from "../errors.js";
import type { Efficiency } from "./defaults.js";
import { efficiencyOf } from "./params.js";

const Params = z
  .object({
    bandwidth: z.number().positive().max(1),
    bandwidthQuant: z.number().positive().max(1),
    compute: z.number().positive().max(1),
    vectorShare: z.number().nonnegative().max(100),
    perOpOverheadS: z.number().nonnegative().max(1),
    perPassOverheadS: z.number().nonnegative().max(10),
  })
  .strict();

const Summary = z.object({ rows: z.number().int().nonnegative(), mape: z.number().nullable() }).strict();

export const UserCalibration = z
  .object({
    $schema: z.string().optional(),
    kind: z.literal("ridgeline-calibration"),
    schemaVersion: z.literal(1),
    fittedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    /** The measured file the fit used. */
    data: z.string(),
    dataFingerprint: z.string(),
    device: z.object({ id: z.string(), name: z.string(), class: z.string() }).strict(),
    params: Params,
    /** Parameters the runs determined; the others keep `base`'s values. */
    fitted: z.array(z.enum(["bandwidth", "bandwidthQuant", "compute", "vectorShare", "perOpOverheadS"])),
    /** The efficiency before the fit (what `analyze` used for this device). */
    base: z.object({ source: z.string(), params: Params }).strict(),
    /** Runs the fit used: data row, test, measured and predicted tokens/s before and after. */
    rows: z.array(
      z
        .object({
          row: z.number().int().positive(),
          test: z.string(),
          measuredTps: z.number().positive(),
          boundTps: z.number().positive(),
          beforeTps: z.number().positive(),
          afterTps: z.number().positive(),
        })
        .strict(),
    ),
    /** Mean absolute percentage error on those runs, before and after. */
    before: Summary,
    after: Summary,
    /** What the runs can and cannot fix. */
    notes: z.array(z.string()),
  })
  .strict();

export type UserCalibration = z.infer<typeof UserCalibration>;

/**
 * A calibration file's parsed JSON, checked as `analyze --calibration` checks it (the CLI
 * and the web app share this): the calibration, or an InputError naming the first bad field
 * (`calibration.params.bandwidth: …`).
 */
export function parseUserCalibration(json: unknown, what = "calibration"): UserCalibration {
  const r = UserCalibration.safeParse(json);
  if (!r.success) throw fromZodIssues(what, r.error.issues, json);
  return r.data;
}

/** The Efficiency a user calibration stands for. */
export function userEfficiency(c: UserCalibration): Efficiency {
  return efficiencyOf(
    c.params,
    `calibrated for ${c.device.id} on ${c.rows.length} own runs (${c.data}, ${c.fittedOn}; fitted ${c.fitted.join(", ") || "nothing"}): MAPE ${c.before.mape?.toFixed(1) ?? "–"}% → ${c.after.mape?.toFixed(1) ?? "–"}%`,
  );
}

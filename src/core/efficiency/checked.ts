/**
 * An efficiency a caller hands the analysis, checked once per object: achievable fractions
 * in (0, 1] (above 1 an estimate would beat its own roofline bound), overheads finite.
 */
import * as z from "zod";
import { KERNEL_KINDS } from "../ops/types.js";
import { checker } from "../units/bounds.js";
import type { Efficiency } from "./defaults.js";

const fraction = z
  .number()
  .gt(0, "must be above 0")
  .max(1, "must be at most 1: an estimate may not beat its bound");
const byKind = z.object(Object.fromEntries(KERNEL_KINDS.map((k) => [k, fraction]))).strict();
/** Seconds: an hour per op or pass is already absurd; the bound keeps totals finite. */
const seconds = z.number().min(0).max(3600);

const EfficiencySchema = z
  .object({
    bandwidth: byKind,
    compute: byKind,
    /** Vector work per matmul FLOP: fitted values are below 1; 1000 keeps it finite. */
    vectorShare: z.number().min(0).max(1000),
    perOpOverheadS: seconds,
    perPassOverheadS: seconds,
    source: z.string(),
  })
  .loose();

const efficiencyChecker = checker<Efficiency>(
  "efficiency",
  EfficiencySchema as unknown as z.ZodType<Efficiency>,
  "input",
);

/** The efficiency, validated (an InputError naming `efficiency.<field>` otherwise). */
export const checkedEfficiency = (e: Efficiency): Efficiency => efficiencyChecker.check(e);

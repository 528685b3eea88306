/**
 * Physical ranges: every quantity the library accepts has a least and a greatest value, each
 * with the reason it is where it is. A range keeps the arithmetic finite (no product of
 * accepted values reaches Infinity), keeps the work bounded (no loop runs 10^9 times on an
 * accepted value) and turns a typo (2^40 for 128) into an error naming the field.
 *
 * The ranges themselves live beside the schemas (models/limits.ts, hardware/limits.ts,
 * calibration/rows.ts); this file has the shape and the zod builders they share.
 */
import * as z from "zod";
import { fromZodIssues, InputError } from "../errors.js";

export interface Range {
  readonly min: number;
  readonly max: number;
  /** Why the range is what it is, in a phrase the error message quotes. */
  readonly why: string;
}

const tell = (r: Range) => `must be between ${r.min} and ${r.max} (${r.why})`;

/** A whole number within the range; the message gives the range and its reason. */
export const intIn = (r: Range) =>
  z
    .number()
    .int()
    .min(r.min, { error: tell(r) })
    .max(r.max, { error: tell(r) });

/** A finite number within the range (zod refuses NaN and ±Infinity before the range is checked). */
export const numberIn = (r: Range) =>
  z
    .number()
    .min(r.min, { error: tell(r) })
    .max(r.max, { error: tell(r) });

/** The same check outside zod, for values read by hand (CSV cells, flags): the message if out of range. */
export function outOfRange(r: Range, x: number): string | undefined {
  return Number.isFinite(x) && x >= r.min && x <= r.max ? undefined : tell(r);
}

/**
 * A schema check for objects the library is handed, done once per object: what passed is
 * remembered (a WeakMap from the object to its parsed value), so a preset or an object
 * analysed again costs a lookup, and a raw object from a caller is validated like a file.
 */
export interface Checker<T> {
  /** The parsed value, or an InputError naming the first bad field (`what.path`) and its value. */
  check(x: T): T;
  /** Record an object as already valid (the catalog's entries, parsed when loaded). */
  remember(x: T): T;
}

/**
 * `keep: "parsed"` returns the schema's output (defaults filled in); "input" returns the
 * caller's own object once it passed (for schemas without defaults, so identity is kept).
 */
export function checker<T>(
  what: string,
  schema: z.ZodType<T, unknown>,
  keep: "parsed" | "input" = "parsed",
): Checker<T> {
  const seen = new WeakMap<object, T>();
  return {
    check(x: T): T {
      if (typeof x !== "object" || x === null) throw new InputError(what, x, "must be an object");
      const known = seen.get(x);
      if (known !== undefined) return known;
      const r = schema.safeParse(x);
      if (!r.success) throw fromZodIssues(what, r.error.issues, x);
      const out = keep === "input" ? x : r.data;
      seen.set(x, out);
      if (typeof out === "object" && out !== null) seen.set(out, out);
      return out;
    },
    remember(x: T): T {
      if (typeof x === "object" && x !== null) seen.set(x, x);
      return x;
    },
  };
}

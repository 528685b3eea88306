/** Typed, field-naming access to a parsed Hugging Face config (and its per-type defaults). */
import * as z from "zod";
import { InputError } from "../../errors.js";
import { outOfRange, type Range } from "../../units/bounds.js";

const PosInt = z.number().int().positive();
const NonNegInt = z.number().int().nonnegative();

/**
 * Typed field access on the raw config; every failure names `<prefix><key>` and the value.
 * `defaults` are transformers' values for keys a config may leave out (a Gemma 3
 * `text_config` lists only what differs); `defaulted` records the keys taken from them.
 */
export class Reader {
  readonly defaulted: string[] = [];
  constructor(
    private readonly cfg: Record<string, unknown>,
    readonly prefix = "config.",
    private readonly defaults: Readonly<Record<string, unknown>> = {},
  ) {}

  has(key: string): boolean {
    return Object.hasOwn(this.cfg, key) || Object.hasOwn(this.defaults, key);
  }
  raw(key: string): unknown {
    if (Object.hasOwn(this.cfg, key)) return this.cfg[key];
    if (Object.hasOwn(this.defaults, key)) {
      if (!this.defaulted.includes(key)) this.defaulted.push(key);
      return this.defaults[key];
    }
    return undefined;
  }
  /** A nested object (text_config, vision_config), read with its own prefix and defaults. */
  sub(key: string, defaults: Readonly<Record<string, unknown>> = {}): Reader | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "object" || Array.isArray(v))
      throw new InputError(this.prefix + key, v, "must be an object");
    return new Reader(v as Record<string, unknown>, `${this.prefix}${key}.`, defaults);
  }
  /** A list of strings (layer_types). */
  stringList(key: string): string[] | undefined {
    return this.present(key) ? this.check(key, z.array(z.string()), "must be a list of strings") : undefined;
  }
  /** A number (a fraction such as partial_rotary_factor). */
  number(key: string): number | undefined {
    return this.present(key) ? this.check(key, z.number(), "must be a number") : undefined;
  }
  /** Present and not null (HF writes null for "unset"). */
  present(key: string): boolean {
    const v = this.raw(key);
    return v !== undefined && v !== null;
  }

  /** A required count, within `range` when given (a layer count is checked before anything per layer is built). */
  count(key: string, range?: Range): number {
    if (!this.present(key)) throw new InputError(this.prefix + key, this.raw(key), "is required but missing");
    const n = this.check(key, PosInt, "must be a positive integer");
    const bad = range && outOfRange(range, n);
    if (bad) throw new InputError(this.prefix + key, n, bad);
    return n;
  }
  optCount(key: string, range?: Range): number | undefined {
    return this.present(key) ? this.count(key, range) : undefined;
  }
  optNonNegInt(key: string): number | undefined {
    return this.present(key) ? this.check(key, NonNegInt, "must be a non-negative integer") : undefined;
  }
  string(key: string): string | undefined {
    return this.present(key) ? this.check(key, z.string(), "must be a string") : undefined;
  }
  bool(key: string): boolean | undefined {
    return this.present(key) ? this.check(key, z.boolean(), "must be true or false") : undefined;
  }
  intList(key: string): number[] {
    return this.present(key) ? this.check(key, z.array(NonNegInt), "must be a list of layer indices") : [];
  }

  private check<T>(key: string, schema: z.ZodType<T>, expected: string): T {
    const value = this.raw(key);
    const res = schema.safeParse(value);
    if (res.success) return res.data;
    const nonFinite =
      typeof value === "number" && !Number.isFinite(value)
        ? ` (${String(value)} is not a finite number)`
        : "";
    throw new InputError(this.prefix + key, value, expected + nonFinite);
  }
}

/** Small parsers shared by the advisor commands (fit, batch, policy). */
import { InputError } from "../../core/index.js";
import { LIST_MAX, LIST_MAX_DEFAULT } from "../args.js";

/** Comma-separated values, trimmed; empty items and lists longer than the flag's maximum are refused. */
export function splitList(flag: string, value: string, max = LIST_MAX[flag] ?? LIST_MAX_DEFAULT): string[] {
  const items = value.split(",", max + 1).map((s) => s.trim());
  if (items.length > max) {
    // The count of items, not a split into them (a list may be megabytes long).
    let n = 1;
    for (let i = value.indexOf(","); i >= 0; i = value.indexOf(",", i + 1)) n++;
    throw new InputError(flag, value, `lists ${n} items; the limit for ${flag} is ${max}`);
  }
  if (items.length === 0 || items.some((s) => s === ""))
    throw new InputError(flag, value, "must be a comma-separated list without empty items");
  return items;
}

/** A positive decimal number ("4", "3.5", ".5"), at most `max`. */
export function parsePositive(flag: string, value: string, max: number): number {
  if (!/^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(value))
    throw new InputError(flag, value, "must be a positive decimal number");
  const x = Number(value);
  if (!(x > 0 && x <= max)) throw new InputError(flag, value, `must be above 0 and at most ${max}`);
  return x;
}

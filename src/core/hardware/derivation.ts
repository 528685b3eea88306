/**
 * Evaluates a derived figure's formula (see `Derivation` in schema.ts): an arithmetic expression over
 * its named inputs with numbers, + - * / and parentheses. A small recursive-descent parser, so that a
 * catalog entry's derived number can be recomputed by a test and shown with its working by the CLI.
 */

import type * as z from "zod";
import type { Derivation } from "./schema.js";

type Inputs = z.infer<typeof Derivation>["inputs"];

/** The formula's value, or an Error naming what is wrong (unknown name, bad syntax). */
export function evaluateDerivation(d: { formula: string; inputs: Inputs }): number | Error {
  const tokens = d.formula.match(/\d+(?:\.\d+)?(?:e[+-]?\d+)?|[A-Za-z][A-Za-z0-9]*|[-+*/()]|\S/g) ?? [];
  let i = 0;
  const fail = (msg: string): never => {
    throw new Error(`formula "${d.formula}": ${msg}`);
  };
  const primary = (): number => {
    const t = tokens[i++];
    if (t === undefined) return fail("ends early");
    if (t === "(") {
      const v = sum();
      if (tokens[i++] !== ")") fail("missing ')'");
      return v;
    }
    if (t === "-") return -primary();
    if (/^\d/.test(t)) return Number(t);
    if (/^[A-Za-z]/.test(t)) {
      const input = d.inputs[t];
      return input ? input.value : fail(`"${t}" is not one of its inputs`);
    }
    return fail(`unexpected "${t}"`);
  };
  const product = (): number => {
    let v = primary();
    while (tokens[i] === "*" || tokens[i] === "/") v = tokens[i++] === "*" ? v * primary() : v / primary();
    return v;
  };
  const sum = (): number => {
    let v = product();
    while (tokens[i] === "+" || tokens[i] === "-") v = tokens[i++] === "+" ? v + product() : v - product();
    return v;
  };
  try {
    const v = sum();
    if (i !== tokens.length) fail(`unexpected "${tokens[i]}"`);
    return Number.isFinite(v) ? v : new Error(`formula "${d.formula}" is not finite`);
  } catch (e) {
    return e as Error;
  }
}

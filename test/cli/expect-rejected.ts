/** The shared assertion for bad-input runs of the CLI (not a test file: no `.test.ts`). */
import type { ExpectStatic } from "vitest";
import { type CliResult, describeResult } from "../helpers/run-cli.js";

export interface Rejection {
  /** The flag or field the message must name. */
  readonly field: string;
  /** The bad value as the message shows it. */
  readonly value: string;
  readonly message?: RegExp;
}

/**
 * Exit 2, within the time limit; nothing on stdout; exactly one line on stderr of the form
 * `ridgeline[ command]: …` naming the field and the value; no stack trace.
 */
export function expectRejected(expect: ExpectStatic, r: CliResult, want: Rejection): void {
  const why = describeResult(r);
  expect(r.timedOut, why).toBe(false);
  expect(r.code, why).toBe(2);
  expect(r.stdout, why).toBe("");
  const err = r.stderr;
  expect(err.endsWith("\n"), why).toBe(true);
  const lines = err.trimEnd().split("\n");
  expect(lines, why).toHaveLength(1);
  expect(`\n${err}`, why).not.toMatch(/\n\s+at /);
  expect(err, why).not.toMatch(/internal error/);
  expect(lines[0], why).toMatch(/^ridgeline( [a-z]+)?: \S/);
  expect(err, why).toContain(want.field);
  expect(err, why).toContain(want.value);
  if (want.message) expect(err, why).toMatch(want.message);
}

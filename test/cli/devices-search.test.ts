/** `ridgeline devices`: filters, free-text search and `show` with derived figures' formulas. */
import { beforeAll, describe, type ExpectStatic, it } from "vitest";
import { assertBuilt, type CliResult, describeResult, runCli } from "../helpers/run-cli.js";

beforeAll(assertBuilt);
const TIMEOUT = 30_000;

async function ok(expect: ExpectStatic, args: string[]): Promise<CliResult> {
  const r = await runCli(args);
  expect(r.code, describeResult(r)).toBe(0);
  expect(r.stderr).toBe("");
  return r;
}
/** Row ids of a `devices` listing (the table above the legend). */
const ids = (stdout: string) =>
  stdout
    .split("\n\n")[0]!
    .split("\n")
    .slice(2)
    .map((l) => l.split(" ")[0]);

describe.concurrent("ridgeline devices search", () => {
  it(
    "--unit and --vendor filter, case-insensitively",
    async ({ expect }) => {
      const { stdout } = await ok(expect, ["devices", "--vendor", "apple", "--unit", "CPU"]);
      const got = ids(stdout);
      expect(got.length).toBeGreaterThan(0);
      expect(got.every((id) => id!.startsWith("apple-") && /-cpu(-\d+c)?$/.test(id!))).toBe(true);
    },
    TIMEOUT,
  );

  it(
    "--class filters by device class",
    async ({ expect }) => {
      const { stdout } = await ok(expect, ["devices", "list", "--class", "apple-gpu"]);
      expect(ids(stdout)).toContain("apple-m2-gpu");
      expect(ids(stdout)).not.toContain("apple-m2-cpu");
    },
    TIMEOUT,
  );

  it(
    "words after `devices` search id, name, family and aliases; --query does the same",
    async ({ expect }) => {
      const a = await ok(expect, ["devices", "m2", "pro", "--unit", "gpu"]);
      expect(ids(a.stdout).sort()).toEqual(["apple-m2-pro-gpu-16c", "apple-m2-pro-gpu-19c"]);
      const b = await ok(expect, ["devices", "--query", "M2 PRO", "--unit", "gpu"]);
      expect(ids(b.stdout).sort()).toEqual(["apple-m2-pro-gpu-16c", "apple-m2-pro-gpu-19c"]);
      const c = await ok(expect, ["devices", "Cortex-A76"]);
      expect(ids(c.stdout)).toContain("raspberry-pi-5");
    },
    TIMEOUT,
  );

  it(
    "a search without a match says so and succeeds",
    async ({ expect }) => {
      const { stdout } = await ok(expect, ["devices", "no-such-device-zzz"]);
      expect(stdout).toBe("No device matches.\n");
    },
    TIMEOUT,
  );

  it(
    "--json prints the matching entries",
    async ({ expect }) => {
      const { stdout } = await ok(expect, ["devices", "--json", "--unit", "npu", "--vendor", "Apple"]);
      const got = JSON.parse(stdout) as { unit: string; vendor: string }[];
      expect(got.length).toBeGreaterThan(0);
      expect(got.every((d) => d.unit === "npu" && d.vendor === "Apple")).toBe(true);
    },
    TIMEOUT,
  );

  it(
    "show prints a derived figure's formula, its inputs and the evaluated value",
    async ({ expect }) => {
      const { stdout } = await ok(expect, ["devices", "show", "raspberry-pi-5"]);
      expect(stdout).toMatch(/^ {2}memory bandwidth: 17\.1 GB\/s {2}— .*\[derived, /m);
      expect(stdout).toMatch(/^ {6}formula: dataRateMTs \* busWidthBits \/ 8 \/ 1000 = 17\.1$/m);
      expect(stdout).toMatch(/^ {8}dataRateMTs = 4267 MT\/s — /m);
      expect(stdout).toMatch(/^ {2}family Cortex-A76$/m);
    },
    TIMEOUT,
  );
});

/**
 * The web app's source layout (issue 12 §3): no file under web/src over about 300 lines. Its imports
 * (no cycle, the core only through its public entry) are checked with the rest of the tree in
 * test/architecture/layers.test.ts.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SRC = join(ROOT, "web/src");
const MAX_LINES = 300;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const all = files(SRC);

describe("web/src layout", () => {
  it(`has no file over ${MAX_LINES} lines`, () => {
    const long = all
      .filter((f) => readFileSync(f, "utf8").split("\n").length > MAX_LINES + 10)
      .map((f) => relative(SRC, f));
    expect(long).toEqual([]);
  });
});

/**
 * The web app's source layout (issue 12 §3): no file under web/src over about 300 lines,
 * no import cycle between its modules, and the core reached only through its public entry.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SRC = join(ROOT, "web/src");
const CORE_ENTRY = join(ROOT, "src/core/index.ts");
const MAX_LINES = 300;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const all = files(SRC);
const code = all.filter((f) => /\.(ts|tsx)$/.test(f));

/** Relative imports of a module, resolved to files (".js" written for ".ts" / ".tsx"). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^"']*?from\s*["']([^"']+)["']|import\s*["']([^"']+)["']|new URL\(\s*["']([^"']+)["']/g)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec || !spec.startsWith(".")) continue;
    const base = resolve(dirname(file), spec.replace(/\?raw$/, ""));
    const candidates = [base, base.replace(/\.js$/, ".ts"), base.replace(/\.js$/, ".tsx")];
    out.push(candidates.find((c) => all.includes(c) || c === CORE_ENTRY || (!c.startsWith(SRC) && exists(c))) ?? base);
  }
  return out;
}

function exists(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

describe("web/src layout", () => {
  it(`has no file over ${MAX_LINES} lines`, () => {
    const long = all.filter((f) => readFileSync(f, "utf8").split("\n").length > MAX_LINES + 10).map((f) => relative(SRC, f));
    expect(long).toEqual([]);
  });

  it("reaches the core only through src/core/index.ts", () => {
    const bad = code.flatMap((f) => importsOf(f).filter((i) => i.startsWith(join(ROOT, "src/")) && i !== CORE_ENTRY).map((i) => `${relative(SRC, f)} → ${relative(ROOT, i)}`));
    expect(bad).toEqual([]);
  });

  it("has no import cycle", () => {
    const graph = new Map(code.map((f) => [f, importsOf(f).filter((i) => i.startsWith(SRC))]));
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === "done") return;
      if (state.get(f) === "open") {
        cycles.push([...path.slice(path.indexOf(f)), f].map((p) => relative(SRC, p)).join(" → "));
        return;
      }
      state.set(f, "open");
      for (const g of graph.get(f) ?? []) visit(g, [...path, f]);
      state.set(f, "done");
    };
    for (const f of code) visit(f, []);
    expect(cycles).toEqual([]);
  });
});

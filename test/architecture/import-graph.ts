/**
 * The project's import graph and the rules it must keep: the core is a strict one-way stack of
 * folders (each may import its own folder and those below it, never above), the applications
 * outside it (cli, web, chapter) reach the core only through its public entry, and no file imports
 * itself through a cycle. The allowed edges are written down once, here.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";

/** The core's layers, bottom first. A file at the core's root is its own layer (errors.ts, json-schemas.ts, index.ts). */
export const CORE_LAYERS = [
  "errors.ts",
  "units",
  "quant",
  "hardware",
  "models",
  "catalog",
  "resolve",
  "ops",
  "efficiency",
  "roofline",
  "graph",
  "predict",
  "cluster",
  "offload",
  "advisor",
  "report",
  "calibration",
  "measure",
  "json-schemas.ts",
  "index.ts",
] as const;

/** Applications and what they may import besides their own files: "core" means only src/core/index.ts. */
export const APPLICATIONS: Record<string, readonly string[]> = {
  "src/chapter": ["core"],
  "src/cli": ["core", "src/chapter/index.ts"],
  // The page bundles the shipped calibration data (Vite `?raw` imports).
  "web/src": ["core", "data/calibration/"],
  // Developer tools (calibration, benchmarks, generators) may use internals.
  "src/scripts": ["*"],
  "src/bench": ["*"],
};

export type Edge = readonly [from: string, to: string];

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^"';]*?from\s*["']([^"']+)["']|(?:^|[\s;])import\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

/** Every relative import edge among the files under `roots` (paths relative to `repo`). */
export function importEdges(repo: string, roots: readonly string[]): Edge[] {
  const edges: Edge[] = [];
  for (const root of roots) {
    for (const abs of walk(join(repo, root))) {
      const from = relative(repo, abs);
      const text = readFileSync(abs, "utf8");
      for (const m of text.matchAll(IMPORT)) {
        const spec = m[1] ?? m[2] ?? m[3];
        if (!spec?.startsWith(".")) continue;
        let to = normalize(join(dirname(from), spec));
        if (to.endsWith(".js")) {
          const ts = `${to.slice(0, -3)}.ts`;
          const tsx = `${to.slice(0, -3)}.tsx`;
          to = exists(join(repo, tsx)) && !exists(join(repo, ts)) ? tsx : ts;
        }
        edges.push([from, to]);
      }
    }
  }
  return edges;
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

/** The layer index of a core file, or undefined outside the core. */
function coreLayer(path: string): number | undefined {
  if (!path.startsWith("src/core/")) return undefined;
  const rest = path.slice("src/core/".length);
  const top = rest.includes("/") ? rest.slice(0, rest.indexOf("/")) : rest;
  const i = (CORE_LAYERS as readonly string[]).indexOf(top);
  return i < 0 ? -1 : i;
}

const appOf = (path: string) => Object.keys(APPLICATIONS).find((a) => path.startsWith(`${a}/`));

/** The edges that break a rule, each with the reason. */
export function violations(edges: readonly Edge[]): string[] {
  const out: string[] = [];
  for (const [from, to] of edges) {
    const lf = coreLayer(from);
    if (lf !== undefined) {
      const lt = coreLayer(to);
      if (lf === -1) out.push(`${from}: its folder is not a declared core layer`);
      else if (lt === undefined) out.push(`${from} → ${to}: the core imports nothing outside src/core`);
      else if (lt === -1) out.push(`${from} → ${to}: not a declared core layer`);
      else if (lt > lf)
        out.push(`${from} → ${to}: ${CORE_LAYERS[lf]} sits below ${CORE_LAYERS[lt]} and may not import it`);
      continue;
    }
    const app = appOf(from);
    if (!app) continue; // tests may import anything
    const allowed = APPLICATIONS[app]!;
    if (to.startsWith(`${app}/`) || allowed.includes("*")) continue;
    if (to === "src/core/index.ts" && allowed.includes("core")) continue;
    if (allowed.some((a) => a === to || (a.endsWith("/") && to.startsWith(a)))) continue;
    out.push(
      `${from} → ${to}: ${app} may import only ${allowed.map((a) => (a === "core" ? "src/core/index.ts" : a)).join(", ")} besides its own files`,
    );
  }
  return out;
}

/** Import cycles (strongly connected components of more than one file, or a file importing itself). */
export function cycles(edges: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const [a, b] of edges) next.set(a, [...(next.get(a) ?? []), b]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  // Iterative Tarjan, so a deep graph cannot overflow the stack.
  for (const start of next.keys()) {
    if (index.has(start)) continue;
    const work: [string, number][] = [[start, 0]];
    while (work.length) {
      const top = work[work.length - 1]!;
      const [v, i] = top;
      if (i === 0) {
        index.set(v, counter);
        low.set(v, counter++);
        stack.push(v);
        onStack.add(v);
      }
      const succ = next.get(v) ?? [];
      if (i < succ.length) {
        top[1]++;
        const w = succ[i]!;
        if (!index.has(w)) work.push([w, 0]);
        else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent[0], Math.min(low.get(parent[0])!, low.get(v)!));
      if (low.get(v) === index.get(v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== v);
        if (comp.length > 1 || succ.includes(v)) found.push(comp.sort());
      }
    }
  }
  return found;
}

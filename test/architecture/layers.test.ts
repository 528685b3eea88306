import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cycles, type Edge, importEdges, violations } from "./import-graph.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const edges = importEdges(REPO, ["src", "web/src"]);

describe("the import graph", () => {
  it("finds the edges (sanity: the CLI reaches the core)", () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(edges.some(([f, t]) => f.startsWith("src/cli/") && t === "src/core/index.ts")).toBe(true);
  });
  it("keeps every arrow pointing down the core's layers, and applications on the public entry", () => {
    expect(violations(edges)).toEqual([]);
  });
  it("has no import cycle", () => {
    expect(cycles(edges)).toEqual([]);
  });
});

describe("the rules catch what they are for (planted edges)", () => {
  it("a backward import in the core", () => {
    const planted: Edge[] = [["src/core/units/format.ts", "src/core/predict/analyze.ts"]];
    expect(violations(planted)).toEqual([
      "src/core/units/format.ts → src/core/predict/analyze.ts: units sits below predict and may not import it",
    ]);
  });
  it("an application reaching past the public entry", () => {
    const planted: Edge[] = [
      ["src/cli/commands/analyze.ts", "src/core/predict/analyze.ts"],
      ["src/chapter/compute.ts", "src/cli/main.ts"],
    ];
    expect(violations(planted)).toHaveLength(2);
  });
  it("the core importing an application, or an undeclared folder", () => {
    expect(violations([["src/core/report/table.ts", "src/chapter/claims.ts"]])[0]).toMatch(
      /imports nothing outside src\/core/,
    );
    expect(violations([["src/core/newthing/x.ts", "src/core/units/format.ts"]])[0]).toMatch(
      /not a declared core layer/,
    );
  });
  it("a cycle of three files and a self-import", () => {
    const planted: Edge[] = [
      ["a", "b"],
      ["b", "c"],
      ["c", "a"],
      ["d", "d"],
      ["e", "a"],
    ];
    expect(cycles(planted)).toEqual([["a", "b", "c"], ["d"]]);
  });
});

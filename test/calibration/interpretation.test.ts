/**
 * The calibration's reading of its rows is reviewed data (src/core/calibration/interpretation.json):
 * every row of the shipped files has an entry, no entry awaits review, every entry names catalog
 * entries, and no code outside the proposing script reads the notes.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { INTERPRETATIONS, InterpretationTable } from "../../src/core/calibration/interpretation.js";
import { parseMeasured } from "../../src/core/calibration/rows.js";
import { BUILTIN_DEVICES, BUILTIN_MODELS, isRecipeName } from "../../src/core/index.js";
import { CALIBRATION_FILES } from "./data.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));

describe("the reviewed interpretation table", () => {
  const rows = CALIBRATION_FILES.flatMap((f) =>
    parseMeasured(f.text, f.path.slice(f.path.lastIndexOf("/") + 1)),
  );
  it("has an entry for every row of the shipped files (a new or reworded row fails until it is reviewed)", () => {
    const missing = rows.filter((r) => !INTERPRETATIONS.rows[r.key]).map((r) => `${r.file}:${r.row}`);
    expect(missing).toEqual([]);
    expect(rows.length).toBe(297 + 193 + 80);
  });
  it("has no entry left as a proposal, and none for rows the files no longer have", () => {
    const proposed = Object.values(INTERPRETATIONS.rows).filter((e) => e.proposed !== undefined);
    expect(proposed.map((e) => `${e.file}:${e.row}`)).toEqual([]);
    const keys = new Set(rows.map((r) => r.key));
    expect(Object.keys(INTERPRETATIONS.rows).filter((k) => !keys.has(k))).toEqual([]);
  });
  it("names only catalog devices, presets and recipes, and says why a row is not costed", () => {
    const devices = new Set(BUILTIN_DEVICES.map((d) => d.id));
    const models = new Set(BUILTIN_MODELS.map((m) => m.id));
    for (const e of Object.values(INTERPRETATIONS.rows)) {
      if (e.device !== null) expect(devices.has(e.device), e.label).toBe(true);
      if (e.model !== null) expect(models.has(e.model), e.label).toBe(true);
      if (e.recipe !== null) expect(isRecipeName(e.recipe), e.label).toBe(true);
      if (!e.device || !e.model || !e.recipe || !e.scenario) expect(e.unpredictable, e.label).toBeTruthy();
    }
  });
  it("is schema-checked: an entry with a misspelt field is refused", () => {
    const [key, entry] = Object.entries(INTERPRETATIONS.rows)[0]!;
    expect(() =>
      InterpretationTable.parse({ description: "", rows: { [key]: { ...entry, devcie: "x" } } }),
    ).toThrow();
    expect(() => InterpretationTable.parse({ description: "", rows: { "not-a-key": entry } })).toThrow();
  });
  it("git grep finds no regular expression over the notes outside the proposing script", () => {
    const pattern = String.raw`/[^/]+/[a-z]*\.(test|exec)\([^)]*notes|notes[^;]*\.(match|replace|search|split)\(/`;
    let out = "";
    try {
      out = execFileSync("git", ["grep", "--untracked", "-nE", pattern, "--", "src", "web/src"], {
        cwd: REPO,
        encoding: "utf8",
      });
    } catch (e) {
      if ((e as { status?: number }).status !== 1) throw e; // 1: no match
    }
    const lines = out.split("\n").filter((l) => l !== "");
    expect(lines.some((l) => l.startsWith("src/scripts/propose/"))).toBe(true); // the pattern finds the proposer's
    expect(lines.filter((l) => !l.startsWith("src/scripts/propose/"))).toEqual([]);
  });
});

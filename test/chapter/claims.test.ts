/**
 * The claims table as data: every claim quotes the chapter verbatim, is well formed, and
 * its computed figures support its verdict.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  CLAIMS,
  checkClaim,
  countByVerdict,
  matches,
  SECTIONS,
  selectClaims,
} from "../../src/chapter/claims.js";
import { VERDICTS } from "../../src/chapter/types.js";

/** The chapter sits beside the repository: /work/main ↔ /work/shared (CI clones keep that layout). */
const CHAPTER_URL = new URL("../../../shared/seed/chapter2-roofline.md", import.meta.url);
const CHAPTER_PATH = fileURLToPath(CHAPTER_URL);
const chapter = existsSync(CHAPTER_PATH) ? readFileSync(CHAPTER_PATH, "utf8") : null;

describe("chapter claims: quotes", () => {
  it("every quote occurs verbatim in the chapter, exactly once", (ctx) => {
    if (chapter === null)
      ctx.skip(`chapter not found at ${CHAPTER_PATH} (shared/ must sit beside the repository)`);
    const text = chapter ?? "";
    const missing = CLAIMS.filter((c) => !text.includes(c.quote)).map((c) => `${c.id}: ${c.quote}`);
    expect(missing).toEqual([]);
    const repeated = CLAIMS.filter((c) => text.split(c.quote).length - 1 > 1).map((c) => c.id);
    expect(repeated, "quotes should point at one place").toEqual([]);
  });

  it("quotes are short", () => {
    for (const c of CLAIMS) expect(c.quote.length, c.id).toBeLessThanOrEqual(120);
  });
});

describe("chapter claims: the table", () => {
  it("has unique ids and known sections and verdicts", () => {
    const ids = CLAIMS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of CLAIMS) {
      expect(VERDICTS, c.id).toContain(c.verdict);
      expect(c.id.startsWith(c.section), c.id).toBe(true);
      expect(c.explanation.length, c.id).toBeGreaterThan(5);
    }
    expect(SECTIONS.slice(0, 3)).toEqual(["2.1.2", "2.1.3", "2.1.4"]);
    expect(SECTIONS).toContain("summary");
    expect(SECTIONS.filter((s) => s.startsWith("ex"))).toEqual([
      "ex2.1",
      "ex2.2",
      "ex2.3",
      "ex2.4",
      "ex2.5",
      "ex2.6",
      "ex2.7",
      "ex2.8",
    ]);
  });

  it("covers every part of the chapter the issue names", () => {
    for (const s of [
      "2.1.2",
      "2.1.3",
      "2.1.4",
      "2.2.1",
      "2.2.2",
      "2.2.3",
      "2.2.4",
      "2.3.1",
      "2.3.2",
      "2.3.3",
      "2.3.4",
      "2.4.1",
      "2.4.2",
      "2.4.3",
      "2.4.4",
      "summary",
    ]) {
      expect(selectClaims(s).length, s).toBeGreaterThan(0);
    }
  });

  it("computes a figure for every checkable claim, and the numbers support each verdict", () => {
    const bad: string[] = [];
    for (const c of CLAIMS) {
      const r = checkClaim(c);
      if (c.verdict !== "not checkable" && (r.ridgeline === null || !Number.isFinite(r.ridgeline.value)))
        bad.push(`${c.id}: no figure`);
      if (r.consistent === false)
        bad.push(
          `${c.id}: ${c.verdict} but chapter ${JSON.stringify(c.chapter.value)} vs Ridgeline ${r.ridgeline?.value}`,
        );
      if (
        c.verdict === "simplification" &&
        (r.ridgeline?.basis !== "chapter" || r.ridgeline.alt?.basis !== "real")
      )
        bad.push(`${c.id}: a simplification shows the chapter's basis and the real one`);
    }
    expect(bad).toEqual([]);
  });

  it("finds well over ten errors", () => {
    const n = countByVerdict(CLAIMS);
    expect(n.error).toBeGreaterThan(10);
    expect(n.agrees + n.simplification + n.error + n["not checkable"]).toBe(CLAIMS.length);
  });

  it("selects sections, subsections and exercises", () => {
    expect(selectClaims("2.2.4").every((c) => c.section === "2.2.4")).toBe(true);
    expect(selectClaims("2.2").map((c) => c.section)).toContain("2.2.1");
    expect(selectClaims("exercises").every((c) => c.section.startsWith("ex"))).toBe(true);
    expect(selectClaims("ex2.6").length).toBe(2);
    expect(selectClaims("9.9")).toEqual([]);
    expect(selectClaims().length).toBe(CLAIMS.length);
  });
});

describe("chapter claims: comparisons", () => {
  it("within a tolerance, on a range, and against bounds", () => {
    // 0.4998 is within 2% of 0.5; 7.94 is not within 3% of 7.5
    expect(matches(0.5, 0.49976, { kind: "within", tol: 0.02 })).toBe(true);
    expect(matches(7.5, 7.938, { kind: "within", tol: 0.03 })).toBe(false);
    // 20.5% against the range 15–20% with 5% slack (≤ 21)
    expect(matches([15, 20], 20.5, { kind: "within", tol: 0.05 })).toBe(true);
    // 8 tokens/s claimed against an upper bound of 5.8: the claim exceeds it
    expect(matches(8, 5.8, { kind: "not-above" })).toBe(false);
    // 300 ms claimed against a lower bound of 97 ms: fine
    expect(matches(300, 97, { kind: "not-below" })).toBe(true);
    // 0.01 vs 0.003: same order of magnitude
    expect(matches(0.01, 0.003, { kind: "order" })).toBe(true);
    expect(matches(0.01, NaN, { kind: "order" })).toBe(false);
  });
});

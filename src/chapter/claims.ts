/**
 * Every quantitative claim of chapter 2 (../shared/seed/chapter2-roofline.md), in the
 * chapter's order, with Ridgeline's figure and a verdict. The data lives in one file per
 * section; this module joins them and evaluates them.
 */
import { CLAIMS_2_1 } from "./claims-2-1.js";
import { CLAIMS_2_2 } from "./claims-2-2.js";
import { CLAIMS_2_3 } from "./claims-2-3.js";
import { CLAIMS_2_4 } from "./claims-2-4.js";
import {
  type CheckedClaim,
  type Claim,
  type Comparison,
  type Range,
  VERDICTS,
  type Verdict,
} from "./types.js";

export const CLAIMS: readonly Claim[] = [...CLAIMS_2_1, ...CLAIMS_2_2, ...CLAIMS_2_3, ...CLAIMS_2_4];

export const DEFAULT_COMPARISON: Comparison = { kind: "within", tol: 0.02 };

/** Sections in the chapter's order, as claims name them. */
export const SECTIONS: readonly string[] = [...new Set(CLAIMS.map((c) => c.section))];

/** Does Ridgeline's figure support the chapter's, under the comparison? */
export function matches(chapter: number | Range, ridgeline: number, cmp: Comparison): boolean {
  const [lo, hi] = typeof chapter === "number" ? [chapter, chapter] : chapter;
  if (!Number.isFinite(ridgeline)) return false;
  switch (cmp.kind) {
    case "within":
      return ridgeline >= lo - cmp.tol * Math.abs(lo) && ridgeline <= hi + cmp.tol * Math.abs(hi);
    case "not-above":
      return hi <= ridgeline;
    case "not-below":
      return lo >= ridgeline;
    case "order":
      return lo > 0 && ridgeline > 0 && Math.abs(Math.log10(ridgeline / lo)) <= 1;
  }
}

/** Compute one claim's figure and check that the numbers support its verdict. */
export function checkClaim(c: Claim): CheckedClaim {
  const r = c.ridgeline ? c.ridgeline() : null;
  const compare = c.compare ?? DEFAULT_COMPARISON;
  let consistent: boolean | null = null;
  const cv = c.chapter.value;
  if (c.verdict !== "not checkable") {
    if (r === null || cv === null) consistent = false;
    else if (c.verdict === "agrees") consistent = matches(cv, r.value, compare);
    else if (c.verdict === "error") consistent = !matches(cv, r.value, compare);
    else
      consistent =
        r.basis === "chapter" &&
        matches(cv, r.value, compare) &&
        r.alt !== undefined &&
        !matches(cv, r.alt.value, compare);
  }
  return {
    id: c.id,
    section: c.section,
    topic: c.topic,
    quote: c.quote,
    chapter: c.chapter,
    ridgeline: r,
    compare,
    verdict: c.verdict,
    explanation: c.explanation,
    correction: c.correction ?? null,
    consistent,
  };
}

/**
 * Claims of a section ("2.2.4"), of a section and its subsections ("2.2", "2"), of
 * "summary", or of the exercises ("exercises", "ex2.6"); all when `section` is undefined.
 */
export function selectClaims(section?: string): readonly Claim[] {
  if (section === undefined) return CLAIMS;
  const s = section.trim().toLowerCase();
  return CLAIMS.filter((c) => {
    if (s === "exercises" || s === "ex") return c.section.startsWith("ex");
    return c.section === s || c.section.startsWith(`${s}.`);
  });
}

export function checkClaims(section?: string): CheckedClaim[] {
  return selectClaims(section).map(checkClaim);
}

export function countByVerdict(claims: readonly { verdict: Verdict }[]): Record<Verdict, number> {
  const out = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const c of claims) out[c.verdict]++;
  return out;
}

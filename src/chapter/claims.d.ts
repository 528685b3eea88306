import { type CheckedClaim, type Claim, type Comparison, type Range, type Verdict } from "./types.js";
export declare const CLAIMS: readonly Claim[];
export declare const DEFAULT_COMPARISON: Comparison;
/** Sections in the chapter's order, as claims name them. */
export declare const SECTIONS: readonly string[];
/** Does Ridgeline's figure support the chapter's, under the comparison? */
export declare function matches(chapter: number | Range, ridgeline: number, cmp: Comparison): boolean;
/** Compute one claim's figure and check that the numbers support its verdict. */
export declare function checkClaim(c: Claim): CheckedClaim;
/**
 * Claims of a section ("2.2.4"), of a section and its subsections ("2.2", "2"), of
 * "summary", or of the exercises ("exercises", "ex2.6"); all when `section` is undefined.
 */
export declare function selectClaims(section?: string): readonly Claim[];
export declare function checkClaims(section?: string): CheckedClaim[];
export declare function countByVerdict(claims: readonly {
    verdict: Verdict;
}[]): Record<Verdict, number>;

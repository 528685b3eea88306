/**
 * The chapter's quantitative claims as data (issue 3): each claim quotes the chapter,
 * states the chapter's figure, computes Ridgeline's figure with the library, and carries
 * a verdict with a one-line reason.
 */
export declare const VERDICTS: readonly ["agrees", "simplification", "error", "not checkable"];
/**
 * - `agrees`: Ridgeline reproduces the chapter's figure.
 * - `simplification`: the figure holds under the chapter's stated idealisation (d_ff = 4d,
 *   h·d_k = d, weights-only traffic, …) but not for the real architecture: both are shown.
 * - `error`: the figure is inconsistent with the chapter's own formula, assumptions or
 *   figures, or violates the roofline bound the chapter teaches.
 * - `not checkable`: a vendor feature, a measurement Ridgeline cannot reproduce, or a
 *   qualitative statement.
 */
export type Verdict = (typeof VERDICTS)[number];
/** A closed interval the chapter gives, e.g. "6-7倍" → [6, 7]. */
export type Range = readonly [number, number];
export interface ChapterFigure {
    /** The chapter's number, in `unit`; a range as [low, high]; null when it gives none. */
    readonly value: number | Range | null;
    readonly unit: string;
    /** How the chapter writes it when the number alone loses something ("~0.024", "10,000+", "compute-bound"). */
    readonly text?: string;
}
/**
 * "chapter": computed under the chapter's own formula, assumptions or figures (with
 * Ridgeline's functions); "real": the real model or device by Ridgeline's cost model.
 */
export type Basis = "chapter" | "real";
export interface Figure {
    /** In the claim's unit. */
    readonly value: number;
    readonly basis: Basis;
    /** What was computed, briefly (model, shapes, formats). */
    readonly how: string;
}
export interface RidgelineFigure extends Figure {
    /** The value is a roofline bound: the chapter's figure may not exceed ("upper") or undercut ("lower") it. */
    readonly bound?: "upper" | "lower";
    /** The same quantity under the other basis (chapter's idealisation ↔ real model), when they differ. */
    readonly alt?: Figure;
}
/**
 * How the chapter's figure is compared with Ridgeline's `value`:
 * - within: relative difference ≤ tol (for a range: inside [low·(1−tol), high·(1+tol)]);
 * - not-above: the chapter's figure (a range's high end) must not exceed Ridgeline's (an upper bound);
 * - not-below: the chapter's figure (a range's low end) must not be below Ridgeline's (a lower bound);
 * - order: same order of magnitude (within a factor of 10), for figures the chapter only sketches.
 */
export type Comparison = {
    readonly kind: "within";
    readonly tol: number;
} | {
    readonly kind: "not-above";
} | {
    readonly kind: "not-below";
} | {
    readonly kind: "order";
};
export interface Claim {
    /** Stable identifier, e.g. "2.2.4-decode-qkv". */
    readonly id: string;
    /** "2.1.3" … "2.4.4", "summary", "ex2.1" … "ex2.8". */
    readonly section: string;
    /** What the claim is about, in a few English words. */
    readonly topic: string;
    /** The chapter's own words, verbatim, so a reader can find the place. */
    readonly quote: string;
    readonly chapter: ChapterFigure;
    /** Ridgeline's figure, computed with the library; absent when not checkable. */
    readonly ridgeline?: () => RidgelineFigure;
    /** Default: within 2%. */
    readonly compare?: Comparison;
    readonly verdict: Verdict;
    /** One line: why the verdict. */
    readonly explanation: string;
    /** For errors: the corrected statement, when the corrected number alone is not enough. */
    readonly correction?: string;
}
/** A claim with its figure computed, as the CLI and the errata show it. */
export interface CheckedClaim {
    readonly id: string;
    readonly section: string;
    readonly topic: string;
    readonly quote: string;
    readonly chapter: ChapterFigure;
    readonly ridgeline: RidgelineFigure | null;
    readonly compare: Comparison;
    readonly verdict: Verdict;
    readonly explanation: string;
    readonly correction: string | null;
    /**
     * Whether the numbers support the verdict: agrees ⇔ the figures match; error ⇔ they do
     * not; simplification ⇔ the chapter-basis figure matches and the other does not.
     * null for `not checkable`.
     */
    readonly consistent: boolean | null;
}

/**
 * The chapter's quantitative claims as data (issue 3): each claim quotes the chapter,
 * states the chapter's figure, computes Ridgeline's figure with the library, and carries
 * a verdict with a one-line reason.
 */
export const VERDICTS = ["agrees", "simplification", "error", "not checkable"];

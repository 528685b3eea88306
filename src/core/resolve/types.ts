/**
 * What resolving a free-text label gives: one catalog entry (resolved), several that the
 * label fits equally well (ambiguous, never silently decided), or none (unresolved), each
 * with the ranked candidates and a reason a person can check.
 */

export interface Candidate {
  /** Catalog id (device or model preset) or recipe name. */
  readonly id: string;
  /** Why it is a candidate: which key matched, and what the label does or does not say. */
  readonly reason: string;
}

export type ResolutionStatus = "resolved" | "ambiguous" | "unresolved";

export interface Resolution {
  readonly label: string;
  readonly status: ResolutionStatus;
  /** The id when resolved. */
  readonly id: string | null;
  /** Best first; the resolved id is first when resolved. */
  readonly candidates: readonly Candidate[];
  readonly reason: string;
  /** Caveats of a resolved match (e.g. two variants that cost the same). */
  readonly notes: readonly string[];
}

/** One line naming the candidates, for an error message or a report. */
export function candidateList(r: Resolution, max = 6): string {
  const ids = r.candidates.slice(0, max).map((c) => c.id);
  const more = r.candidates.length > max ? ` and ${r.candidates.length - max} more` : "";
  return ids.length ? `${ids.join(", ")}${more}` : "none";
}

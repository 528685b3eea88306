/**
 * What the core resolver (src/core/resolve) makes of text typed in a picker, as a group of
 * options: the entry it names, or the ranked candidates of an ambiguous label, each with the
 * resolver's reason. An unresolved label adds nothing (the word search still runs). Pure.
 */
import type { Resolution } from "../../../src/core/index.js";
import type { T } from "../i18n/index.js";
import type { ComboGroup } from "./combobox.js";

/** Candidates listed for an ambiguous label; the resolver ranks them best first. */
const MAX_CANDIDATES = 8;

export function resolvedGroup(
  r: Resolution,
  nameOf: (id: string) => string | undefined,
  t: T,
): ComboGroup | null {
  if (r.status === "unresolved") return null;
  const cands = r.status === "resolved" ? r.candidates.slice(0, 1) : r.candidates.slice(0, MAX_CANDIDATES);
  const options = cands.flatMap((c) => {
    const label = nameOf(c.id);
    // The resolver's reason, as the core writes it (like `ridgeline validate`'s).
    return label ? [{ value: c.id, label, hint: c.reason }] : [];
  });
  if (options.length === 0) return null;
  return {
    label: t(r.status === "resolved" ? "picker.resolved" : "picker.ambiguous"),
    options,
    resolved: r.status,
  };
}

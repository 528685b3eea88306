/**
 * Label normalisation shared by the device and model resolvers: lower case, trademark
 * marks and punctuation dropped, "+" spelled "plus", memory sizes written one way ("24 GB"
 * and "24GB" are "24gb"), and a model-number run split from its letters ("RTX4090" is
 * "rtx 4090", "4090Ti" is "4090 ti") so that spellings of one name share their tokens.
 */

const MARKS = /\((?:tm|r)\)|[®™]/g;

export function normalizeLabel(label: string): string {
  return label
    .toLowerCase()
    .replace(MARKS, " ")
    .replace(/\+/g, " plus ")
    .replace(/(\d+)\s*(gb|gib)\b/g, "$1gb")
    .replace(/(\d+)\s*w\b/g, "$1 w")
    .replace(/([a-z]{2,})(\d{3,})/g, "$1 $2")
    .replace(/(\d{3,})([a-z]+)\b/g, (m, d: string, s: string) => (s === "gb" ? m : `${d} ${s}`))
    .replace(/[^a-z0-9.]+/g, " ")
    .replace(/(^|\s)\.+|\.+(\s|$)/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

export function tokens(label: string): string[] {
  const n = normalizeLabel(label);
  return n === "" ? [] : n.split(" ");
}

/** Key tokens covered by the label, and those it lacks (ignoring `generic` words). */
export function coverage(
  key: readonly string[],
  label: ReadonlySet<string>,
  generic: ReadonlySet<string>,
): { matched: number; missing: string[] } {
  let matched = 0;
  const missing: string[] = [];
  for (const t of key) {
    if (label.has(t)) matched++;
    else if (!generic.has(t)) missing.push(t);
  }
  return { matched, missing };
}

/** Suggestions for an unresolved label: the entries sharing the most words with it (generic ones not counted). */
export function nearest(
  entries: readonly { readonly id: string; readonly keys: readonly (readonly string[])[] }[],
  label: ReadonlySet<string>,
  generic: ReadonlySet<string>,
  max = 5,
): { id: string; reason: string }[] {
  return entries
    .map((e) => ({
      id: e.id,
      n: Math.max(0, ...e.keys.map((key) => key.filter((t) => label.has(t) && !generic.has(t)).length)),
    }))
    .filter((s) => s.n > 0)
    .sort((a, b) => b.n - a.n || a.id.localeCompare(b.id))
    .slice(0, max)
    .map((s) => ({ id: s.id, reason: `${s.n} word${s.n > 1 ? "s" : ""} in common` }));
}

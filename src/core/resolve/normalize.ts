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

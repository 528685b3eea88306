/**
 * Errors caused by user input (names, numbers, files). Front ends print `message` alone
 * and exit non-zero; anything else escaping the core is a bug.
 */
export class InputError extends Error {
  override readonly name = "InputError";
  constructor(
    /** Dotted path of the offending field or flag, e.g. "config.num_attention_heads". */
    readonly field: string,
    readonly value: unknown,
    /** What is wrong, without the field and value ("must be between 1 and 8"). */
    readonly detail: string,
  ) {
    super(`${field}: ${detail} (got ${show(value)})`);
  }

  /** The same error reported under another name (a CLI flag for a library field). */
  withField(field: string): InputError {
    return new InputError(field, this.value, this.detail);
  }
}

export function show(value: unknown): string {
  if (typeof value === "string")
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === "bigint") return `${value}`;
  if (value === undefined) return "nothing";
  const s = preview(value, 0);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/**
 * A short JSON-like rendering in bounded work: at most 3 levels and 8 entries per level are
 * visited, so a value nested 10^5 deep or holding 10^6 items is shown without a stack overflow.
 */
function preview(v: unknown, depth: number): string {
  if (v === null || typeof v !== "object") {
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v);
    return v === null ? "null" : String(typeof v);
  }
  if (depth >= 3) return Array.isArray(v) ? "[...]" : "{...}";
  const more = (n: number) => (n > 8 ? ",..." : "");
  if (Array.isArray(v))
    return `[${v
      .slice(0, 8)
      .map((x) => preview(x, depth + 1))
      .join(",")}${more(v.length)}]`;
  const keys = Object.keys(v);
  const entries = keys
    .slice(0, 8)
    .map((k) => `${JSON.stringify(k)}:${preview((v as Record<string, unknown>)[k], depth + 1)}`);
  return `{${entries.join(",")}${more(keys.length)}}`;
}

/** Turn a zod error into an InputError naming the first failing field. */
export function fromZodIssues(
  what: string,
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  input: unknown,
): InputError {
  const first = issues[0];
  if (!first) return new InputError(what, input, "invalid");
  const path = first.path.map(String);
  let value: unknown = input;
  for (const p of path)
    value = value && typeof value === "object" ? (value as Record<string, unknown>)[p] : undefined;
  const field = [what, ...path].join(".");
  const more =
    issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
  return new InputError(field, value, first.message + more);
}

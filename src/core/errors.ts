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
  try {
    const s = JSON.stringify(value);
    if (s === undefined) return String(value);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(value);
  }
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

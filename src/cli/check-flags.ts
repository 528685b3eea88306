import { closest } from "fastest-levenshtein";
import { InputError } from "../core/index.js";

/**
 * citty accepts unknown flags silently; a typo such as --promt must be an error instead.
 * Returns the positional arguments as typed: citty reads "-1" as a flag and drops it, so a
 * command validates these, not citty's, to refuse `chapter -1` rather than ignore it.
 */
export function checkFlags(
  rawArgs: readonly string[],
  known: Record<string, { type?: string }>,
  positionals = 1,
): string[] {
  const seen: string[] = [];
  const names = Object.keys(known);
  let seenPositionals = 0;
  for (let i = 0; i < rawArgs.length; i++) {
    const a = rawArgs[i]!;
    if (a.startsWith("--")) {
      const name = a.slice(2).split("=")[0]!;
      const base = name.startsWith("no-") && known[name.slice(3)]?.type === "boolean" ? name.slice(3) : name;
      const def = known[base];
      if (!def)
        throw new InputError(
          `--${name}`,
          a,
          `unknown flag${names.length ? `; did you mean --${closest(name, names)}?` : ""}`,
        );
      if (def.type !== "boolean" && !a.includes("=")) {
        const next = rawArgs[i + 1];
        if (next === undefined || next.startsWith("--"))
          throw new InputError(`--${name}`, undefined, "needs a value");
        i++;
      }
    } else if (a.startsWith("-") && a.length > 1 && !/^-\d/.test(a)) {
      throw new InputError(a, a, "unknown flag (use the long --name form)");
    } else {
      seenPositionals++;
      if (seenPositionals > positionals) throw new InputError("arguments", a, "unexpected extra argument");
      seen.push(a);
    }
  }
  return seen;
}

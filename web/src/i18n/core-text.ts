/**
 * The library's prose in the page's language. The advisor's titles, costs and reasons and
 * the analysis's diagnostics are English sentences with numbers in them; like gettext, the
 * English sentence (with {placeholders} for what varies) is the key, and each dictionary
 * gives its translation. A placeholder named {@x} is itself translated (a nested title, a
 * bound class). A sentence no pattern matches is shown in English, marked lang="en"; a
 * test runs the advisor over the catalog and fails on any such sentence. Pure.
 */
import type { Lang } from "../state/state.js";
import { CORE_ZH } from "./core-zh.js";

interface Compiled {
  readonly re: RegExp;
  readonly names: readonly string[];
  readonly to: string;
}

const escapeRe = (s: string) => s.replace(/[.*+?^$()|[\]\\]/g, "\\$&");

function compile(table: Readonly<Record<string, string>>): Compiled[] {
  return Object.entries(table).map(([from, to]) => {
    const names: string[] = [];
    const parts = from.split(/(\{@?\w+\})/);
    const src = parts
      .map((p) => {
        const m = /^\{(@?\w+)\}$/.exec(p);
        if (!m) return escapeRe(p);
        names.push(m[1] ?? "");
        return "(.*?)";
      })
      .join("");
    return { re: new RegExp(`^${src}$`, "s"), names, to };
  });
}

const COMPILED: Partial<Record<Lang, Compiled[]>> = {};
const table = (lang: Lang): Compiled[] => (COMPILED[lang] ??= compile(lang === "zh" ? CORE_ZH : {}));

export interface CoreText {
  readonly text: string;
  /** The language the text is in: the page's, or "en" when no translation matched. */
  readonly lang: Lang;
}

/** A sentence of the library's, translated when the dictionary has its pattern. */
export function coreText(text: string, lang: Lang): CoreText {
  if (lang === "en") return { text, lang };
  const out = translate(text, lang, 0);
  return out === null ? { text, lang: "en" } : { text: out, lang };
}

function translate(text: string, lang: Lang, depth: number): string | null {
  // Deep enough for a list of eight items inside a nested sentence; bounded so a pattern cannot recurse away.
  if (depth > 10) return null;
  for (const c of table(lang)) {
    const m = c.re.exec(text);
    if (!m) continue;
    const values: Record<string, string> = {};
    let ok = true;
    c.names.forEach((n, i) => {
      const v = m[i + 1] ?? "";
      if (n.startsWith("@")) {
        const inner = translate(v, lang, depth + 1);
        if (inner === null) ok = false;
        values[n] = inner ?? v;
      } else values[n] = v;
    });
    if (!ok) continue;
    return c.to.replace(/\{(@?\w+)\}/g, (s, n: string) => values[n] ?? s);
  }
  return null;
}

/**
 * Every string the app shows, in English and Simplified Chinese. The Chinese dictionary
 * is typed against the English one, so a missing translation is a compile error. Prose
 * produced by the library (diagnostic messages, the advisor's reasoning) is data, shown
 * as the library writes it, beside a translated heading. Pure.
 */
import type { Lang } from "../state/state.js";
import { en, type MessageKey } from "./en.js";
import { zh } from "./zh.js";

export type { MessageKey } from "./en.js";

export const DICTIONARIES: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { en, zh };

export type Params = Readonly<Record<string, string | number>>;
export type T = (key: MessageKey, params?: Params) => string;

export function translator(lang: Lang): T {
  const dict = DICTIONARIES[lang];
  return (key, params) => {
    const s = dict[key] ?? en[key] ?? key;
    return params ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m)) : s;
  };
}

/** A key built at run time (e.g. from a library code), if the dictionary has it. */
export function hasKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/**
 * JSON text from a user (a config.json, a device file, a link's payload) parsed in bounded
 * work: a UTF-8 byte-order mark is dropped, the nesting depth is measured by one linear scan
 * before `JSON.parse` builds anything, and every failure is one InputError naming the input.
 */
import { InputError } from "../errors.js";

/**
 * Deepest nesting accepted. Real inputs nest a few levels (a Hugging Face config with its
 * text_config and rope_scaling: 3; a device file: 5); the limit leaves room and keeps
 * every later walk over the value (validation, error messages) far from the stack's end.
 */
export const MAX_JSON_DEPTH = 64;

const BOM = 0xfeff;

/** The deepest nesting of `text` (brackets outside strings), stopping once `limit` is passed. */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/**
 * Parse JSON text. `field` is what the error names (a flag such as `--model-config`), `label`
 * the value it shows (the file's path).
 */
export function parseJsonText(field: string, label: string, text: string): unknown {
  const body = text.charCodeAt(0) === BOM ? text.slice(1) : text;
  const depth = jsonDepth(body);
  if (depth > MAX_JSON_DEPTH)
    throw new InputError(
      field,
      label,
      `nests more than ${MAX_JSON_DEPTH} levels deep (real inputs nest a few)`,
    );
  try {
    return JSON.parse(body) as unknown;
  } catch (e) {
    throw new InputError(field, label, `not valid JSON: ${(e as Error).message}`);
  }
}

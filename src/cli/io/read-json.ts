import { readFile, stat } from "node:fs/promises";
import { InputError, MiB, parseJsonText } from "../../core/index.js";

/** JSON files larger than this are refused rather than read into memory. */
export const MAX_JSON_BYTES = 16 * MiB;

/**
 * Read and parse a JSON file: size checked before reading, a BOM dropped, the nesting depth
 * checked before parsing; every failure is an InputError naming the flag and the path.
 */
export async function readJsonFile(flag: string, path: string): Promise<unknown> {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new InputError(flag, path, "is not a file");
    size = s.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(flag, path, `cannot read file (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  if (size > MAX_JSON_BYTES)
    throw new InputError(flag, path, `file is ${size} bytes; the limit for JSON input is ${MAX_JSON_BYTES}`);
  return parseJsonText(flag, path, await readFile(path, "utf8"));
}

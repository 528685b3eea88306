/**
 * Catalog ids: lower-case letters, digits, '.' and '-', starting with a letter or digit
 * (the rule of the device and model schemas), and the id a file name gives a model
 * (`--gguf`, `--model-config`, a file opened in the web app), so that the CLI and the
 * page name the same file's model alike and their JSON exports match. Pure.
 */

/** A device or model id. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9.-]*$/;

/** Whether a string is a valid device or model id. */
export const isValidId = (s: string): boolean => ID_PATTERN.test(s);

/** The id of a model read from a file: its base name without .json / .gguf, made an id ("custom" when nothing is left). */
export function modelIdFromFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const id = base
    .replace(/\.(json|gguf)$/i, "")
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "");
  return id || "custom";
}

/** Writes docs/chapter-errata.md from the chapter's claims. Run by `npm run gen:errata`; a test checks it is current. */
import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { errataMarkdown } from "../chapter/chapter-text.js";
import { checkClaims } from "../chapter/claims.js";

const dir = fileURLToPath(new URL("../../docs/", import.meta.url));
await mkdir(dir, { recursive: true });
await writeFile(`${dir}chapter-errata.md`, errataMarkdown(checkClaims()));
console.log("wrote docs/chapter-errata.md");

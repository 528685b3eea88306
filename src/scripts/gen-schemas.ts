/** Writes schema/*.json from the zod schemas. Run by `npm run gen:schemas`; a test checks they are current. */
import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { jsonSchemas } from "../core/json-schemas.js";

const dir = fileURLToPath(new URL("../../schema/", import.meta.url));
await mkdir(dir, { recursive: true });
for (const [name, schema] of Object.entries(jsonSchemas())) {
  await writeFile(dir + name, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote schema/${name}`);
}

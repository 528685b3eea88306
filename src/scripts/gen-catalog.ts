/**
 * Writes src/core/hardware/devices/index.ts and src/core/models/presets/index.ts from the JSON files
 * beside them, so that adding a device or a preset is adding
 * its JSON file and running `npm run gen:catalog`. A test checks both files are current.
 */
import { readdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { catalogIndexSource } from "./catalog-index.js";

for (const kind of ["devices", "presets"] as const) {
  const dir = fileURLToPath(
    new URL(
      kind === "devices" ? "../../src/core/hardware/devices/" : "../../src/core/models/presets/",
      import.meta.url,
    ),
  );
  const files = (await readdir(dir)).filter((f) => f.endsWith(".json"));
  await writeFile(`${dir}index.ts`, catalogIndexSource(kind, files));
  console.log(`wrote ${kind}/index.ts (${files.length} files)`);
}

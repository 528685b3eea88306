import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { resolveWorkload } from "../../src/core/graph/resolve.js";
import { jsonSchemas } from "../../src/core/json-schemas.js";
import { AnalysisSchema } from "../../src/core/predict/analysis-types.js";
import { analyze } from "../../src/core/predict/analyze.js";
import { DEVICE_100GBPS, LLAMA2_7B } from "../helpers/fixtures.js";

describe("shipped JSON Schemas", () => {
  it("are current (run `npm run gen:schemas` after changing a zod schema)", () => {
    for (const [name, schema] of Object.entries(jsonSchemas())) {
      const committed = JSON.parse(readFileSync(new URL(`../../schema/${name}`, import.meta.url), "utf8"));
      expect(committed, name).toEqual(JSON.parse(JSON.stringify(schema)));
    }
  });

  it("describe what analyze() returns, after a JSON round trip", () => {
    for (const attention of ["naive", "flash"] as const) {
      const a = analyze({
        model: LLAMA2_7B,
        device: DEVICE_100GBPS,
        workload: resolveWorkload({ attention }),
      });
      const r = AnalysisSchema.safeParse(JSON.parse(JSON.stringify(a)));
      expect(r.success, r.success ? "" : JSON.stringify(r.error.issues.slice(0, 3))).toBe(true);
    }
  });
});

describe("the core is pure", () => {
  const files: string[] = [];
  const walk = (dir: URL) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(new URL(`${e.name}/`, dir));
      else if (e.name.endsWith(".ts")) files.push(new URL(e.name, dir).pathname);
    }
  };
  walk(new URL("../../src/core/", import.meta.url));
  it.each(files)("%s imports no node:, fs, process or DOM", (f) => {
    const src = readFileSync(f, "utf8");
    expect(src).not.toMatch(/from\s+["'](node:|fs|path|os|child_process)/);
    expect(src).not.toMatch(/\bprocess\.(env|argv|exit|stdout|stderr|cwd)\b/);
    expect(src).not.toMatch(/\b(document|window)\.[a-zA-Z]+\(/);
  });
});

/** docs/chapter-errata.md is generated from the claims, and `ridgeline chapter` shows them. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { errataMarkdown, formatFigure } from "../../src/chapter/chapter-text.js";
import { checkClaims } from "../../src/chapter/claims.js";
import { runCli } from "../helpers/run-cli.js";

const ERRATA = new URL("../../docs/chapter-errata.md", import.meta.url);

describe("docs/chapter-errata.md", () => {
  const all = checkClaims();

  it("is current (run `npm run gen:errata` after changing a claim)", () => {
    expect(readFileSync(ERRATA, "utf8")).toBe(errataMarkdown(all));
  });

  it("lists every error with its quote and corrected figure, and every simplification", () => {
    const md = errataMarkdown(all);
    for (const c of all.filter((x) => x.verdict === "error")) {
      expect(md, c.id).toContain(`(\`${c.id}\`)`);
      expect(md, c.id).toContain(c.quote);
      expect(md, c.id).toContain(formatFigure(c.ridgeline?.value ?? NaN));
    }
    for (const c of all.filter((x) => x.verdict === "simplification")) expect(md, c.id).toContain(c.topic);
  });

  it("formats figures like the chapter (thousands separators, 4 significant digits)", () => {
    expect(formatFigure(16384)).toBe("16,384");
    expect(formatFigure(3413.33)).toBe("3,413");
    expect(formatFigure(0.499756)).toBe("0.4998");
    expect(formatFigure(31.25)).toBe("31.25");
    expect(formatFigure(4)).toBe("4");
    expect(formatFigure(0.0093042)).toBe("0.009304");
  });
});

describe("ridgeline chapter", () => {
  it("shows one section as a table with verdicts and a summary count", async () => {
    const r = await runCli(["chapter", "2.2.4"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("2.2.4-7b-qkv");
    expect(r.stdout).toContain("QKV投影：$3 \\times 2d^2 = 201$ MFLOPs");
    // 3·2·4096² = 100,663,296 FLOPs = 100.7 MFLOP
    expect(r.stdout).toMatch(/2\.2\.4-7b-qkv\s+201 MFLOP\s+100\.7 MFLOP\s+real\s+error/);
    expect(r.stdout).not.toContain("2.3.1-");
    expect(r.stdout).toMatch(/\d+ claims: \d+ agrees, \d+ simplification, \d+ error, \d+ not checkable/);
  });

  it("--json gives the claims, their figures and the counts", async () => {
    const r = await runCli(["chapter", "ex2.6", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as {
      counts: Record<string, number>;
      claims: { id: string; verdict: string; ridgeline: { value: number } }[];
    };
    expect(j.claims.map((c) => c.id)).toEqual(["ex2.6-fp16-latency", "ex2.6-int4-latency"]);
    // 7·10⁹ × 2 B / 50 GB/s = 280 ms
    expect(j.claims[0]?.ridgeline.value).toBeCloseTo(280, 6);
    expect(j.counts).toEqual({ agrees: 2, simplification: 0, error: 0, "not checkable": 0 });
  });

  it("filters by verdict", async () => {
    const r = await runCli(["chapter", "2.3.4", "--verdict", "error", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { claims: { verdict: string }[] };
    expect(j.claims.length).toBeGreaterThan(0);
    expect(j.claims.every((c) => c.verdict === "error")).toBe(true);
  });

  it("rejects an unknown section or verdict with exit code 2", async () => {
    const a = await runCli(["chapter", "9.9"]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/section: no such section.*\(got "9\.9"\)/);
    const b = await runCli(["chapter", "--verdict", "wrong"]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain("--verdict");
  });
});

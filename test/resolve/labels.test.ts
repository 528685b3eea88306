/**
 * The resolver on a few hundred real label spellings (test/fixtures/labels/labels.json: device,
 * model, quantization and backend labels from public benchmark tables and the shared calibration
 * files, each with its source and the resolution a careful reader gives it from the catalog).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { resolveBackend, resolveDevice, resolveModel, resolveQuant } from "../../src/core/index.js";
import type { Resolution } from "../../src/core/resolve/types.js";

interface Expect {
  readonly status?: string;
  readonly id?: string;
  readonly candidates?: readonly string[];
  readonly decodeAs?: string;
  readonly api?: string | null;
  readonly llamaCpp?: boolean;
}
interface Entry {
  readonly kind: "device" | "model" | "quant" | "backend";
  readonly label: string;
  readonly backend?: string;
  readonly paramsB?: number;
  readonly expect: Expect;
  readonly source: string;
}

const fixture = JSON.parse(
  readFileSync(new URL("../fixtures/labels/labels.json", import.meta.url), "utf8"),
) as { labels: Entry[] };

/** What the resolver said, in the fixture's terms (for a readable diff). */
function got(e: Entry): Expect {
  if (e.kind === "backend") {
    const b = resolveBackend(e.label);
    return { api: b.api, llamaCpp: b.llamaCpp };
  }
  const r: Resolution & { decodeAs?: string | null } =
    e.kind === "device"
      ? resolveDevice(e.label, e.backend === undefined ? {} : { backend: e.backend })
      : e.kind === "model"
        ? resolveModel(e.label, { paramsB: e.paramsB ?? null })
        : resolveQuant(e.label);
  if (r.status === "resolved") return { status: r.status, id: r.id! };
  if (r.status === "ambiguous") {
    const ids = r.candidates.map((c) => c.id);
    const n = e.expect.candidates?.length ?? ids.length;
    return {
      status: r.status,
      candidates: [...ids.slice(0, n)].sort(),
      ...(r.decodeAs ? { decodeAs: r.decodeAs } : {}),
    };
  }
  return { status: r.status };
}

const norm = (x: Expect): Expect => (x.candidates ? { ...x, candidates: [...x.candidates].sort() } : x);

describe("label fixture", () => {
  it("has a few hundred sourced spellings of every kind", () => {
    expect(fixture.labels.length).toBeGreaterThanOrEqual(250);
    for (const kind of ["device", "model", "quant", "backend"])
      expect(fixture.labels.filter((e) => e.kind === kind).length).toBeGreaterThan(20);
    for (const e of fixture.labels) expect(e.source, e.label).toMatch(/https?:\/\/|measured(-2)?\.csv/);
  });

  for (const kind of ["device", "model", "quant", "backend"] as const) {
    it(`resolves every ${kind} label as a careful reader does`, () => {
      const wrong = fixture.labels
        .filter((e) => e.kind === kind)
        .map((e) => ({ label: e.label, backend: e.backend, want: norm(e.expect), got: got(e) }))
        .filter((x) => JSON.stringify(x.want) !== JSON.stringify(x.got));
      expect(wrong).toEqual([]);
    });
  }
});

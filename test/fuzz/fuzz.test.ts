/**
 * The fuzz suite in CI (issue 16), in bounded time: a few hundred cases per target (the long
 * run is `npm run fuzz`). Each property holds when every case is rejected with an InputError
 * or accepted with finite, sound results; the suite also checks it can tell them apart.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { HOSTILE_TEXT, loadCommands, numericFlags, runFlag } from "./flags.js";
import {
  analyzeRaw,
  assertSound,
  ggufMutation,
  hfConfig,
  jsonText,
  longRuns,
  measuredCsv,
  type Target,
} from "./targets.js";

const RUNS: Record<string, number> = {
  [analyzeRaw.name]: 300,
  [hfConfig.name]: 150,
  [jsonText.name]: 300,
  [measuredCsv.name]: 300,
  [ggufMutation.name]: 200,
  [longRuns.name]: 6,
};

describe("fuzz: readers and the library", () => {
  for (const t of [
    analyzeRaw,
    hfConfig,
    jsonText,
    measuredCsv,
    ggufMutation,
    longRuns,
  ] as Target<unknown>[]) {
    it(`${t.name}: rejected with an InputError or accepted sound`, async () => {
      const seen = { accepted: 0, rejected: 0 };
      await fc.assert(
        fc.asyncProperty(t.input, async (x) => {
          seen[await t.run(x)]++;
        }),
        { numRuns: RUNS[t.name] ?? 100, seed: 16 },
      );
      // Both outcomes occur: the generators reach past the checks and inside them.
      if (t !== longRuns) expect(seen.rejected, JSON.stringify(seen)).toBeGreaterThan(0);
      expect(seen.accepted, JSON.stringify(seen)).toBeGreaterThan(0);
    }, 120_000);
  }
  it("the soundness check fails on an estimate faster than its bound (the property can fail)", () => {
    const p = {
      phase: "decode",
      totals: { timeBoundS: 2 },
      latencyBoundS: 2,
      latencyEstimateS: 1,
      layerOps: [],
      modelOps: [],
    };
    expect(() => assertSound({ decode: p } as never)).toThrow(/faster than the bound/);
    expect(() => assertSound({ decode: { ...p, latencyEstimateS: Number.NaN } } as never)).toThrow(
      /non-finite/,
    );
  });
});

describe("fuzz: every numeric flag of every command", () => {
  let commands: Awaited<ReturnType<typeof loadCommands>>;
  beforeAll(async () => {
    commands = await loadCommands();
  });
  it("finds the numeric flags (sanity: --prompt, --generate, --threads, --params are among them)", () => {
    const names = numericFlags(commands).map((c) => `${c.command} --${c.flag}`);
    expect(names).toEqual(
      expect.arrayContaining(["analyze --prompt", "policy --generate", "measure --threads", "fit --params"]),
    );
    expect(names.length).toBeGreaterThan(25);
  });
  it("hostile text in each is refused naming the flag", async () => {
    for (const c of numericFlags(commands))
      for (const v of HOSTILE_TEXT)
        expect(await runFlag(commands, c, v), `${c.command} --${c.flag} ${v}`).toBe("rejected");
  }, 120_000);
});

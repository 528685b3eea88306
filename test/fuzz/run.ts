/**
 * `npm run fuzz`: the long fuzz run (issue 16), ≥ 10^5 cases over the readers, the library,
 * mutated GGUF headers and every numeric flag, with the count of cases tried, rejected and
 * accepted per target. Exit 1 on any internal error, broken invariant or case over 5 s.
 * FUZZ_SCALE (default 1) multiplies the case counts; FUZZ_SEED fixes the seed.
 */
import fc from "fast-check";
import { HOSTILE_TEXT, loadCommands, numericFlags, runFlag } from "./flags.js";
import {
  analyzeRaw,
  ggufMutation,
  hfConfig,
  jsonText,
  longRuns,
  measuredCsv,
  type Outcome,
  type Target,
} from "./targets.js";

const scale = Number(process.env.FUZZ_SCALE ?? 1);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
/** A case slower than this counts as a hang. */
const HANG_MS = 5000;

interface Tally {
  name: string;
  tried: number;
  rejected: number;
  accepted: number;
  slowestMs: number;
  /** The slowest case, where the target can name it (a command line). */
  slowestCase?: string;
  failure?: string;
}

async function fuzz<T>(t: Target<T>, runs: number): Promise<Tally> {
  const tally: Tally = { name: t.name, tried: 0, rejected: 0, accepted: 0, slowestMs: 0 };
  const r = await fc.check(
    fc.asyncProperty(t.input, async (x) => {
      const t0 = performance.now();
      const o: Outcome = await t.run(x);
      const ms = performance.now() - t0;
      tally.tried++;
      tally[o]++;
      tally.slowestMs = Math.max(tally.slowestMs, ms);
      if (ms > HANG_MS) throw new Error(`case took ${ms.toFixed(0)} ms`);
    }),
    { numRuns: Math.round(runs * scale), seed, endOnFailure: true },
  );
  if (r.failed) tally.failure = `${String(r.errorInstance)} on ${fc.stringify(r.counterexample)}`;
  return tally;
}

async function fuzzFlags(): Promise<Tally> {
  const commands = await loadCommands();
  const tally: Tally = {
    name: "numeric flags of every command",
    tried: 0,
    rejected: 0,
    accepted: 0,
    slowestMs: 0,
  };
  const text = fc.oneof(
    fc.constantFrom(...HOSTILE_TEXT),
    fc.integer({ min: 1, max: 4096 }).map(String),
    fc.stringMatching(/^-?[0-9.e+x]{1,12}$/),
    fc.string({ maxLength: 10 }),
  );
  for (const c of numericFlags(commands)) {
    // measure runs for real when a value is accepted: hostile text only.
    const values =
      c.command === "measure"
        ? [...HOSTILE_TEXT]
        : [...HOSTILE_TEXT, ...fc.sample(text, { numRuns: Math.round(100 * scale), seed })];
    for (const v of values) {
      if (v.startsWith("--") && v !== "--") continue;
      const t0 = performance.now();
      const label = `${c.command} --${c.flag} ${JSON.stringify(v)}`;
      try {
        tally[await runFlag(commands, c, v)]++;
      } catch (e) {
        tally.failure ??= `${label}: ${String(e)}`;
      }
      tally.tried++;
      const ms = performance.now() - t0;
      if (ms > HANG_MS) tally.failure ??= `${label}: case took ${ms.toFixed(0)} ms`;
      if (ms > tally.slowestMs) {
        tally.slowestMs = ms;
        tally.slowestCase = label;
      }
    }
  }
  return tally;
}

const started = performance.now();
const tallies: Tally[] = [];
for (const [t, n] of [
  [analyzeRaw, 25_000],
  [hfConfig, 6_000],
  [jsonText, 30_000],
  [measuredCsv, 30_000],
  [ggufMutation, 15_000],
  [longRuns, 30],
] as [Target<unknown>, number][]) {
  tallies.push(await fuzz(t, n));
  const last = tallies.at(-1)!;
  console.log(
    `${last.name.padEnd(46)} tried ${String(last.tried).padStart(6)}  rejected ${String(last.rejected).padStart(6)}  accepted ${String(last.accepted).padStart(6)}  slowest ${last.slowestMs.toFixed(0)} ms${last.failure ? `  FAILED: ${last.failure}` : ""}`,
  );
}
tallies.push(await fuzzFlags());
const f = tallies.at(-1)!;
console.log(
  `${f.name.padEnd(46)} tried ${String(f.tried).padStart(6)}  rejected ${String(f.rejected).padStart(6)}  accepted ${String(f.accepted).padStart(6)}  slowest ${f.slowestMs.toFixed(0)} ms (${f.slowestCase ?? "-"})${f.failure ? `  FAILED: ${f.failure}` : ""}`,
);
const sum = (k: "tried" | "rejected" | "accepted") => tallies.reduce((a, t) => a + t[k], 0);
const failed = tallies.filter((t) => t.failure);
console.log(
  `total: ${sum("tried")} cases tried, ${sum("rejected")} rejected with an InputError, ${sum("accepted")} accepted; ${failed.length} failing targets (internal errors, hangs over ${HANG_MS} ms, non-finite outputs, estimates faster than the bound); seed ${seed}; ${((performance.now() - started) / 1000).toFixed(0)} s`,
);
process.exit(failed.length > 0 ? 1 : 0);

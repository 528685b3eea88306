/**
 * `npm run bench:engine`: the real llama.cpp (node-llama-cpp's prebuilt CPU binary) on this
 * CPU, prefill and decode tokens/s of synthetic llama GGUFs (F16, Q8_0, Q4_0, Q4_K_M; 1 and 2
 * threads), printed beside what `ridgeline analyze --gguf F --device-file P` predicts, with
 * P from `ridgeline measure --quick --threads N`: per-row error, the MAPE of prefill and of
 * decode, and the rows whose fastest repetition beats the roofline bound (must be 0). Prints
 * figures; asserts nothing (test/engine/engine-cpu-bound.test.ts checks a committed run).
 *
 * Timing follows llama-bench: one warm-up run, then `--reps` runs; prefill is the prompt in
 * one batch with logits for its last token, decode is one token at a time with logits and
 * greedy sampling, after the prompt. Attention is llama.cpp's non-flash path and the KV
 * cache F16, as `analyze`'s defaults (`--attention naive --kv fp16`).
 *
 *   npm run bench:engine [-- --prompt 128 --gen 32 --reps 5 --threads 1,2 --types F16,Q8_0,Q4_0,Q4_K_M]
 *   npm run bench:engine -- --save test/fixtures/engine-cpu/runs.json   (runs + the profiles beside it)
 *   npm run bench:engine -- --from test/fixtures/engine-cpu/runs.json   (re-analyse committed runs, no engine)
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type { LlamaContextSequence, Token } from "node-llama-cpp";
import type { DeviceSpec } from "../../src/core/hardware/schema.js";
import { type ComparedRow, compare, type EngineRow, type EngineRuns, mape } from "../helpers/engine-runs.js";
import { loadEngine } from "../helpers/llama-engine.js";
import { LLAMA_151M, type MatrixType, writeLlamaGguf } from "../helpers/synthetic-llama.js";

const { values: args } = parseArgs({
  args: process.argv.slice(3),
  options: {
    prompt: { type: "string", default: "128" },
    gen: { type: "string", default: "32" },
    reps: { type: "string", default: "5" },
    threads: { type: "string", default: "1,2" },
    types: { type: "string", default: "F16,Q8_0,Q4_0,Q4_K_M" },
    save: { type: "string" },
    from: { type: "string" },
    dir: { type: "string", default: join(tmpdir(), "ridgeline-bench-engine") },
  },
});
const PROMPT = Number(args.prompt);
const GEN = Number(args.gen);
const REPS = Number(args.reps);
const THREADS = args.threads.split(",").map(Number);
const TYPES = args.types.split(",") as MatrixType[];
const DIR = args.dir;

const SHAPE = LLAMA_151M;

const cli = (...a: string[]) =>
  execFileSync(process.execPath, ["dist/cli/main.js", ...a], { encoding: "utf8", maxBuffer: 64 << 20 });

function modelFile(type: MatrixType): string {
  const path = join(DIR, `llama-151m-${type}.gguf`);
  if (!existsSync(path)) {
    process.stderr.write(`writing ${path} … `);
    writeLlamaGguf(path, { ...SHAPE, name: `synthetic llama 151M ${type}`, type });
    process.stderr.write("done\n");
  }
  return path;
}

/** The measure profile of a thread count, in `dir` (measured now unless it is there). */
function deviceFile(dir: string, threads: number, measure: boolean): string {
  const path = join(dir, `cpu-${threads}t.json`);
  if (measure || !existsSync(path)) {
    process.stderr.write(`ridgeline measure --quick --threads ${threads} … `);
    cli("measure", "--quick", "--threads", String(threads), "--out", path);
    process.stderr.write("done\n");
  }
  return path;
}

interface Timing {
  prefill: number;
  decode: number;
  /** Process CPU seconds (user + system) of each. */
  prefillCpu: number;
  decodeCpu: number;
}

const cpuS = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Prefill then decode on a cleared sequence; wall and CPU seconds of each. */
async function run(seq: LlamaContextSequence, prompt: Token[]): Promise<Timing> {
  await seq.clearHistory();
  const next = { generateNext: { token: true, options: { temperature: 0 } } };
  const c0 = cpuS();
  const t0 = performance.now();
  const out = await seq.controlledEvaluate([...prompt.slice(0, -1), [prompt.at(-1)!, next]]);
  const t1 = performance.now();
  const c1 = cpuS();
  let tok = out.at(-1)?.next?.token ?? prompt[0]!;
  for (let i = 0; i < GEN; i++) {
    const r = await seq.controlledEvaluate([[tok, next]]);
    tok = r[0]?.next?.token ?? prompt[0]!;
  }
  const t2 = performance.now();
  const c2 = cpuS();
  return { prefill: (t1 - t0) / 1000, decode: (t2 - t1) / 1000, prefillCpu: c1 - c0, decodeCpu: c2 - c1 };
}

/** Run llama.cpp on every type × thread count. */
async function measureEngine(): Promise<EngineRuns> {
  const { engine, reason } = await loadEngine();
  if (!engine) {
    console.error(reason);
    process.exit(1);
  }
  mkdirSync(DIR, { recursive: true });
  const load = loadavg();
  const rows: EngineRow[] = [];
  // Token ids past the 259 special and byte tokens, deterministic.
  const prompt = Array.from(
    { length: PROMPT },
    (_, i) => (259 + ((i * 7919) % (SHAPE.vocab - 259))) as Token,
  );
  for (const type of TYPES) {
    const model = await engine.llama.loadModel({ modelPath: modelFile(type), gpuLayers: 0 });
    for (const threads of THREADS) {
      const context = await model.createContext({
        contextSize: PROMPT + GEN + 1,
        batchSize: PROMPT,
        sequences: 1,
        threads,
        flashAttention: false,
      });
      const seq = context.getSequence();
      await run(seq, prompt); // warm-up
      const pp: number[] = [];
      const tg: number[] = [];
      const ppCpu: number[] = [];
      const tgCpu: number[] = [];
      for (let r = 0; r < REPS; r++) {
        const t = await run(seq, prompt);
        pp.push(PROMPT / t.prefill);
        tg.push(GEN / t.decode);
        ppCpu.push(PROMPT / (t.prefillCpu / threads));
        tgCpu.push(GEN / (t.decodeCpu / threads));
      }
      await context.dispose();
      const round = (xs: number[]) => xs.map((x) => Number(x.toPrecision(5)));
      rows.push({ type, threads, test: `pp${PROMPT}`, tokensPerS: round(pp), tokensPerSCpu: round(ppCpu) });
      rows.push({ type, threads, test: `tg${GEN}`, tokensPerS: round(tg), tokensPerSCpu: round(tgCpu) });
      process.stderr.write(`${type} ${threads}t done (load ${loadavg()[0]!.toFixed(1)})\n`);
    }
    await model.dispose();
  }
  await engine.dispose();
  const host = JSON.parse(readFileSync(deviceFile(DIR, THREADS[0]!, true), "utf8")) as DeviceSpec;
  return {
    engine: "llama.cpp through node-llama-cpp 3.22.1 (prebuilt linux-x64 CPU binaries, release v0.5.0)",
    date: new Date().toISOString().slice(0, 10),
    host: {
      cpuModel: host.name,
      logicalCpus: THREADS.at(-1)!,
      loadAverage: load.map((x) => Number(x.toFixed(2))),
    },
    shape: SHAPE,
    prompt: PROMPT,
    gen: GEN,
    reps: REPS,
    profiles: Object.fromEntries(THREADS.map((t) => [String(t), `cpu-${t}t.json`])),
    rows,
  };
}

let runs: EngineRuns;
let profileDir: string;
if (args.from) {
  runs = JSON.parse(readFileSync(args.from, "utf8")) as EngineRuns;
  profileDir = dirname(args.from);
} else {
  runs = await measureEngine();
  profileDir = args.save ? dirname(args.save) : DIR;
  mkdirSync(profileDir, { recursive: true });
  for (const t of THREADS) deviceFile(profileDir, t, true);
  if (args.save) writeFileSync(args.save, `${JSON.stringify(runs, null, 2)}\n`);
}
const profiles = new Map(
  Object.entries(runs.profiles).map(([t, f]) => [
    Number(t),
    JSON.parse(readFileSync(join(profileDir, f), "utf8")) as DeviceSpec,
  ]),
);
const compared = await compare(runs, (t) => profiles.get(t)!);

const pct = (x: number) => `${x >= 0 ? "+" : ""}${x.toFixed(0)}%`;
const best = (r: ComparedRow) => Math.max(...r.tokensPerS);
const table: string[][] = [
  [
    "model",
    "threads",
    "test",
    "llama.cpp t/s (mean ± sd, best)",
    "on CPU time",
    "analyze t/s",
    "error",
    "vs CPU time",
    "bound t/s",
    "beats bound",
  ],
  ...compared.map((r) => [
    r.type,
    String(r.threads),
    r.test,
    `${r.mean.toFixed(1)} ± ${r.sd.toFixed(1)}, ${best(r).toFixed(1)}`,
    Number.isNaN(r.meanCpu) ? "–" : r.meanCpu.toFixed(1),
    r.estimate.toFixed(1),
    pct(r.errorPct),
    Number.isNaN(r.errorCpuPct) ? "–" : pct(r.errorCpuPct),
    r.bound.toFixed(1),
    r.beatsBound ? "YES" : "no",
  ]),
];
const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
console.log(
  `llama.cpp (${runs.engine}) vs ridgeline analyze on ${runs.host.cpuModel}, ${runs.date} (load average ${runs.host.loadAverage.join(", ")}); ` +
    `${runs.shape.layers} layers, d ${runs.shape.embd}, ff ${runs.shape.ff}, vocab ${runs.shape.vocab}; prompt ${runs.prompt}, ${runs.gen} generated; ${runs.reps} reps`,
);
for (const r of table)
  console.log(r.map((x, c) => (c >= 3 ? x.padStart(widths[c]!) : x.padEnd(widths[c]!))).join("  "));
const part = (kind: string) => compared.filter((r: ComparedRow) => r.test.startsWith(kind));
for (const clock of ["wall", "cpu"] as const)
  console.log(
    `MAPE (${clock === "wall" ? "wall clock" : "CPU time per thread"}): prefill ${mape(part("pp"), clock).toFixed(1)}% (${part("pp").length} rows), ` +
      `decode ${mape(part("tg"), clock).toFixed(1)}% (${part("tg").length} rows)`,
  );
// Per thread count: with as many ggml threads as vCPUs, node-llama-cpp's JS thread (which
// submits every decode step) competes with the spinning ggml threads, a cost of this harness.
for (const t of [...new Set(compared.map((r) => r.threads))]) {
  const rows = (kind: string) => part(kind).filter((r) => r.threads === t);
  console.log(
    `  ${t} thread${t > 1 ? "s" : ""}: prefill ${mape(rows("pp")).toFixed(1)}% wall / ${mape(rows("pp"), "cpu").toFixed(1)}% CPU time, ` +
      `decode ${mape(rows("tg")).toFixed(1)}% wall / ${mape(rows("tg"), "cpu").toFixed(1)}% CPU time`,
  );
}
console.log(
  `Rows whose best repetition (wall clock or CPU time) beats the bound: ${compared.filter((r) => r.beatsBound).length} of ${compared.length}`,
);
console.log(
  "error = (analyze − llama.cpp mean) / llama.cpp mean; on CPU time = tokens / (process CPU seconds / threads), less sensitive to other load; " +
    "bound = the roofline bound before calibration",
);

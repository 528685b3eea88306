/**
 * `npm run bench:engine`: the real llama.cpp (node-llama-cpp's prebuilt CPU binary) on this
 * CPU, prefill and decode tokens/s of synthetic llama GGUFs (F16, Q8_0, Q4_0; 1 and 2
 * threads), printed beside what `ridgeline analyze --gguf F --device-file P` predicts, with
 * P from `ridgeline measure --quick --threads N`. Prints figures; asserts nothing.
 *
 * Timing follows llama-bench: one warm-up run, then `--reps` runs; prefill is the prompt in
 * one batch with logits for its last token, decode is one token at a time with logits and
 * greedy sampling, after the prompt. Attention is llama.cpp's non-flash path and the KV
 * cache F16, as `analyze`'s defaults (`--attention naive --kv fp16`).
 *
 *   npm run bench:engine [-- --prompt 128 --gen 32 --reps 3 --threads 1,2 --types F16,Q8_0,Q4_0 --device-file p.json]
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type { LlamaContextSequence, Token } from "node-llama-cpp";
import { loadEngine } from "../helpers/llama-engine.js";
import { LLAMA_151M, type MatrixType, writeLlamaGguf } from "../helpers/synthetic-llama.js";

const { values: args } = parseArgs({
  args: process.argv.slice(3),
  options: {
    prompt: { type: "string", default: "128" },
    gen: { type: "string", default: "32" },
    reps: { type: "string", default: "3" },
    threads: { type: "string", default: "1,2" },
    types: { type: "string", default: "F16,Q8_0,Q4_0" },
    "device-file": { type: "string" },
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

function deviceFile(threads: number): string {
  if (args["device-file"]) return args["device-file"];
  const path = join(DIR, `cpu-${threads}t.json`);
  process.stderr.write(`ridgeline measure --quick --threads ${threads} … `);
  cli("measure", "--quick", "--threads", String(threads), "--out", path);
  process.stderr.write("done\n");
  return path;
}

interface Predicted {
  prefill: number;
  prefillBound: number;
  decode: number;
  decodeBound: number;
}

function predict(gguf: string, device: string): Predicted {
  const j = JSON.parse(
    cli(
      "analyze",
      "--gguf",
      gguf,
      "--device-file",
      device,
      "--prompt",
      String(PROMPT),
      "--context",
      String(PROMPT + GEN / 2),
      "--json",
    ),
  );
  return {
    prefill: j.prefill.tokensPerSEstimate,
    prefillBound: j.prefill.tokensPerSBound,
    decode: j.decode.tokensPerSEstimate,
    decodeBound: j.decode.tokensPerSBound,
  };
}

/** Prefill then decode on a cleared sequence; seconds of each. */
async function run(seq: LlamaContextSequence, prompt: Token[]): Promise<{ prefill: number; decode: number }> {
  await seq.clearHistory();
  const next = { generateNext: { token: true, options: { temperature: 0 } } };
  const t0 = performance.now();
  const out = await seq.controlledEvaluate([...prompt.slice(0, -1), [prompt.at(-1)!, next]]);
  const t1 = performance.now();
  let tok = out.at(-1)?.next?.token ?? prompt[0]!;
  for (let i = 0; i < GEN; i++) {
    const r = await seq.controlledEvaluate([[tok, next]]);
    tok = r[0]?.next?.token ?? prompt[0]!;
  }
  const t2 = performance.now();
  return { prefill: (t1 - t0) / 1000, decode: (t2 - t1) / 1000 };
}

const stats = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
  return { mean, sd };
};

const { engine, reason } = await loadEngine();
if (!engine) {
  console.error(reason);
  process.exit(1);
}
mkdirSync(DIR, { recursive: true });
const devices = new Map(THREADS.map((t) => [t, deviceFile(t)]));
const rows: string[][] = [
  ["model", "size", "threads", "test", "llama.cpp t/s", "analyze t/s", "error", "bound t/s"],
];
// Token ids past the 259 special and byte tokens, deterministic.
const prompt = Array.from({ length: PROMPT }, (_, i) => (259 + ((i * 7919) % (SHAPE.vocab - 259))) as Token);

for (const type of TYPES) {
  const path = modelFile(type);
  const model = await engine.llama.loadModel({ modelPath: path, gpuLayers: 0 });
  const sizeMB = `${(statSync(path).size / 1e6).toFixed(0)} MB`;
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
    for (let r = 0; r < REPS; r++) {
      const t = await run(seq, prompt);
      pp.push(PROMPT / t.prefill);
      tg.push(GEN / t.decode);
    }
    await context.dispose();
    const p = predict(path, devices.get(threads)!);
    for (const [test, m, est, bound] of [
      [`pp${PROMPT}`, stats(pp), p.prefill, p.prefillBound],
      [`tg${GEN}`, stats(tg), p.decode, p.decodeBound],
    ] as const) {
      const err = ((est - m.mean) / m.mean) * 100;
      rows.push([
        type,
        sizeMB,
        String(threads),
        test,
        `${m.mean.toFixed(1)} ± ${m.sd.toFixed(1)}`,
        est.toFixed(1),
        `${err >= 0 ? "+" : ""}${err.toFixed(0)}%`,
        bound.toFixed(1),
      ]);
    }
    process.stderr.write(`${type} ${threads}t done\n`);
  }
  await model.dispose();
}
await engine.dispose();

const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
console.log(
  `llama.cpp (node-llama-cpp, CPU) vs ridgeline analyze; ${SHAPE.layers} layers, d ${SHAPE.embd}, ff ${SHAPE.ff}, vocab ${SHAPE.vocab}; ${REPS} reps`,
);
for (const r of rows)
  console.log(r.map((x, c) => (c >= 4 ? x.padStart(widths[c]!) : x.padEnd(widths[c]!))).join("  "));
console.log("error = (analyze − llama.cpp) / llama.cpp; bound = the roofline bound before calibration");

/**
 * Writes test/fixtures/llama-bench/cpu-*.{json,jsonl,csv,md}: real llama-bench runs on this
 * CPU, one per output format, on synthetic llama GGUFs (test/helpers/synthetic-llama.ts).
 *
 * node-llama-cpp 3.22.1 ships llama.cpp's libraries for linux-x64 but not the llama-bench
 * program; it does ship the llama.cpp source it was built from (llama/gitRelease.bundle).
 * So this script compiles that source's tools/llama-bench (two files) in a temporary
 * folder, links it against node-llama-cpp's own shipped libraries (libllama, libggml,
 * libllama-common, the CPU backends), and runs it: the fixtures are llama-bench's own
 * output from the engine the tests use as their oracle. Nothing of llama.cpp is written
 * into the repository but llama-bench's output.
 *
 *   node test/bench/run-ts.mjs test/bench/llama-bench-fixtures.ts [--reps 3] [--threads 2] [--dir /tmp/x]
 *
 * Needs git and g++ (C++17). Prints the commands it ran; the fixture README records them.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { LLAMA_151M, type MatrixType, writeLlamaGguf } from "../helpers/synthetic-llama.js";

const { values: args } = parseArgs({
  args: process.argv.slice(3),
  options: {
    reps: { type: "string", default: "3" },
    threads: { type: "string", default: "2" },
    dir: { type: "string", default: join(tmpdir(), "ridgeline-llama-bench") },
  },
});
const DIR = resolve(args.dir);
const OUT = resolve("test/fixtures/llama-bench");
const NLC = resolve("node_modules/node-llama-cpp/llama");
const BINS = resolve("node_modules/@node-llama-cpp/linux-x64/bins/linux-x64");

const SHAPE = LLAMA_151M;

const sh = (cmd: string, a: string[], cwd?: string) =>
  execFileSync(cmd, a, { encoding: "utf8", maxBuffer: 64 << 20, ...(cwd ? { cwd } : {}) });

function buildLlamaBench(): string {
  const exe = join(DIR, "bin", "llama-bench");
  if (existsSync(exe)) return exe;
  const src = join(DIR, "llama.cpp");
  if (!existsSync(src)) sh("git", ["clone", "--quiet", join(NLC, "gitRelease.bundle"), src]);
  mkdirSync(join(DIR, "bin"), { recursive: true });
  process.stderr.write("compiling tools/llama-bench against node-llama-cpp's libraries … ");
  sh(
    "g++",
    [
      "-O2",
      "-DNDEBUG",
      "-std=c++17",
      "-Iinclude",
      "-Iggml/include",
      "-Icommon",
      "-Ivendor",
      "tools/llama-bench/llama-bench.cpp",
      "tools/llama-bench/main.cpp",
      "-o",
      exe,
      `-L${BINS}`,
      "-l:libllama-common.so",
      "-l:libllama.v0.5.0.so",
      "-l:libggml.v0.5.0.so",
      "-l:libggml-base.so",
      `-Wl,-rpath,${BINS}`,
    ],
    src,
  );
  // ggml loads its CPU backend variants from the executable's folder.
  for (const f of readdirSync(BINS))
    if (f.startsWith("libggml-cpu-")) symlinkSync(join(BINS, f), join(DIR, "bin", f));
  process.stderr.write("done\n");
  return exe;
}

function model(type: MatrixType): string {
  const path = join(DIR, `llama-151m-${type}.gguf`);
  if (!existsSync(path)) writeLlamaGguf(path, { ...SHAPE, name: `synthetic llama 151M ${type}`, type });
  return path;
}

mkdirSync(DIR, { recursive: true });
mkdirSync(OUT, { recursive: true });
const exe = buildLlamaBench();
const t = args.threads;
const r = args.reps;
const runs: { file: string; argv: string[] }[] = [
  // The standard tests, two weight formats.
  {
    file: "cpu-pp-tg.json",
    argv: ["-m", `${model("Q8_0")},${model("Q4_0")}`, "-p", "512", "-n", "128", "-o", "json"],
  },
  // Depth and combined prompt + generation.
  {
    file: "cpu-depth-pg.jsonl",
    argv: ["-m", model("Q4_0"), "-p", "256", "-n", "64", "-pg", "256,64", "-d", "0,512", "-o", "jsonl"],
  },
  // Flash attention and KV-cache types.
  {
    file: "cpu-fa-kv.csv",
    argv: ["-m", model("Q8_0"), "-p", "256", "-n", "64", "-fa", "0,1", "-ctk", "f16,q8_0", "-o", "csv"],
  },
  // The default markdown table, F16 weights, thread counts.
  { file: "cpu-threads.md", argv: ["-m", model("F16"), "-p", "512", "-n", "128", "-t", "1,2", "-o", "md"] },
];
for (const run of runs) {
  const argv = [...run.argv, "-r", r, ...(run.argv.includes("-t") ? [] : ["-t", t])];
  process.stderr.write(`llama-bench ${argv.join(" ")} … `);
  const out = sh(exe, argv);
  writeFileSync(join(OUT, run.file), out);
  process.stderr.write("done\n");
  console.log(`${run.file}: llama-bench ${argv.join(" ").replaceAll(DIR, "$DIR")}`);
}

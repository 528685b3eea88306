/**
 * `npm run bench:bounds`: replays every reproducer of issue 16 ("Every input bounded") against
 * the built CLI (dist/cli/main.js) and the built library (dist/core), each case in its own
 * child process, and prints per case: exit code, first stderr line, wall and CPU seconds, and
 * peak RSS. A case passes when it exits as expected (2 for bad input, with ONE stderr line
 * naming the field and the value; 0 where the input is legitimate) in under 1 s of CPU beyond
 * start-up and under 200 MB. Prints figures; exit 1 when a case fails (build first: `npx tsc -b`).
 *
 * Peak RSS and CPU come from GNU time (`/usr/bin/time -f`) when present, else from
 * `process.resourceUsage()` at exit, read by a preloaded hook (`node --import`): a child that
 * dies of heap exhaustion then reports no RSS, which counts as a failure.
 *
 * CPU seconds (user + system) decide the 1 s bound, not wall seconds: the figures must mean the
 * same on a loaded shared machine; wall seconds are printed beside them. Node's start and the
 * CLI's module loading take 0.6 to 0.8 s of CPU of every case on the project's loaded 2-core
 * machines, input or none: the first row measures it (`ridgeline --version`), and "work" is a
 * case's CPU beyond it. A total over 1 s is flagged beside the verdict.
 *
 *   npm run bench:bounds            (every case)
 *   npm run bench:bounds -- gguf    (only cases whose name contains "gguf")
 */
import { spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const CLI = join(ROOT, "dist/cli/main.js");
const LIB = pathToFileURL(join(ROOT, "dist/core/index.js")).href;
const GNU_TIME = "/usr/bin/time";
const MAX_CPU_S = 1;
const MAX_RSS_MB = 200;

if (!existsSync(CLI)) {
  console.error(`${CLI} does not exist: build first with \`npx tsc -b\``);
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), "ridgeline-bounds-"));
const file = (name: string, text: string | Uint8Array): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

// ---- inputs -------------------------------------------------------------------------------

const llama2: Record<string, unknown> = JSON.parse(
  readFileSync(join(ROOT, "test/fixtures/hf/llama-2-7b-hf.json"), "utf8"),
);
const config = (patch: Record<string, unknown>) => JSON.stringify({ ...llama2, ...patch });
const device: Record<string, unknown> = JSON.parse(
  readFileSync(join(ROOT, "test/fixtures/cli/device-valid.json"), "utf8"),
);
const deviceFile = (name: string, patch: Record<string, unknown>) =>
  file(name, JSON.stringify({ ...device, ...patch }));
/** `depth` levels of arrays around 1, as text (never as a value: building it must not recurse). */
const nested = (depth: number) => `${"[".repeat(depth)}1${"]".repeat(depth)}`;

const MEASURED_HEADER =
  "hardware,backend,model,params_b,quant,bits_per_weight,test,tokens_per_s,batch,context,source_url_or_repo_path,notes";
const measuredRow = (o: Partial<Record<"params_b" | "tokens_per_s" | "batch", string>>) =>
  `Apple M2 (10-core GPU),llama.cpp Metal,LLaMA 2 7B,${o.params_b ?? "6.74"},Q4_0,4.5,tg128,${o.tokens_per_s ?? "20"},${o.batch ?? "1"},0-128,https://example.org/run,[trust B]\n`;
const measuredCsv = (name: string, o: Parameters<typeof measuredRow>[0]) =>
  file(name, `${MEASURED_HEADER}\n${measuredRow(o)}`);

/** A 60 MiB measured CSV: valid rows repeated, written a MiB at a time. */
function bigCsv(): string {
  const p = join(dir, "60mib.csv");
  const fd = openSync(p, "w");
  writeSync(fd, `${MEASURED_HEADER}\n`);
  const row = measuredRow({});
  const mib = row.repeat(Math.ceil((1 << 20) / row.length));
  for (let written = 0; written < 60 << 20; written += mib.length) writeSync(fd, mib);
  closeSync(fd);
  return p;
}

/**
 * A GGUF v3 file whose first metadata value is an array of `n` empty strings: the header, then
 * `n` zero lengths (8 bytes each), left as a hole by truncating the file to its size (sparse: it
 * takes no disk space and no time to write).
 */
function ggufStringArray(n: number): string {
  const key = new TextEncoder().encode("tokenizer.ggml.tokens");
  const head = new Uint8Array(4 + 4 + 8 + 8 + 8 + key.length + 4 + 4 + 8);
  const v = new DataView(head.buffer);
  head.set(new TextEncoder().encode("GGUF"), 0);
  v.setUint32(4, 3, true); // version
  v.setBigUint64(8, 0n, true); // tensors
  v.setBigUint64(16, 1n, true); // metadata pairs
  v.setBigUint64(24, BigInt(key.length), true);
  head.set(key, 32);
  let o = 32 + key.length;
  v.setUint32(o, 9, true); // array
  v.setUint32((o += 4), 8, true); // of strings
  v.setBigUint64((o += 4), BigInt(n), true);
  const p = join(dir, "30m-empty-strings.gguf");
  const fd = openSync(p, "w");
  writeSync(fd, head);
  closeSync(fd);
  truncateSync(p, head.length + 8 * n); // extends with zeros: a hole, not written bytes
  return p;
}

/** A library call in a child: an InputError prints its one line and exits 2, as the CLI does. */
const lib = (body: string): string[] => [
  "--input-type=module",
  "-e",
  `import * as r from ${JSON.stringify(LIB)};
const m2 = r.findDevice("apple-m2-gpu"), llama = r.findModel("llama-2-7b");
const llama2 = ${JSON.stringify(llama2)};
try { ${body}; console.log("ok"); }
catch (e) { if (!(e instanceof r.InputError)) throw e; console.error(e.message); process.exit(2); }`,
];
const cli = (...args: string[]): string[] => [CLI, ...args];

// ---- cases --------------------------------------------------------------------------------

interface Case {
  readonly name: string;
  /** Arguments to `node`. */
  readonly argv: () => string[];
  /** 2: refused with one line; 0: legitimate, must succeed. */
  readonly exit: 0 | 2;
  /** What the one line must contain: the field and the value. */
  readonly mentions?: readonly string[];
}

const list = (n: number, item: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => item(i)).join(",");

const CASES: readonly Case[] = [
  // What every CLI case pays before its own work: Node's start and the CLI's module loading.
  { name: "baseline: ridgeline --version (start-up only)", argv: () => cli("--version"), exit: 0 },
  ...[1e9, 1e6, 2 ** 40].map(
    (n): Case => ({
      name: `config.json num_hidden_layers ${n}`,
      argv: () =>
        cli("analyze", "--model-config", file(`layers-${n}.json`, config({ num_hidden_layers: n }))),
      exit: 2,
      mentions: ["num_hidden_layers", String(n)],
    }),
  ),
  ...[1e9, 1e6, 2 ** 40].map(
    (n): Case => ({
      name: `library importHfConfig num_hidden_layers ${n}`,
      argv: () => lib(`r.importHfConfig({ ...llama2, num_hidden_layers: ${n} })`),
      exit: 2,
      mentions: ["num_hidden_layers", String(n)],
    }),
  ),
  {
    name: "library analyze raw model numLayers 1e6",
    argv: () =>
      lib(
        "r.analyze({ model: { ...llama, numLayers: 1e6 }, device: m2, workload: r.resolveWorkload({ promptTokens: 128 }) })",
      ),
    exit: 2,
    mentions: ["numLayers", "1000000"],
  },
  {
    name: "config.json head_dim 2^40",
    argv: () => cli("analyze", "--model-config", file("head-dim.json", config({ head_dim: 2 ** 40 }))),
    exit: 2,
    mentions: ["head_dim", String(2 ** 40)],
  },
  {
    name: "config.json with a UTF-8 BOM (legitimate)",
    argv: () => cli("analyze", "--model-config", file("bom.json", `\uFEFF${config({})}`)),
    exit: 0,
  },
  {
    name: "config.json 1,000 layers (legitimate)",
    argv: () =>
      cli("analyze", "--model-config", file("layers-1000.json", config({ num_hidden_layers: 1000 }))),
    exit: 0,
  },
  {
    name: "config.json 4,096 layers (the limit, legitimate)",
    argv: () =>
      cli("analyze", "--model-config", file("layers-4096.json", config({ num_hidden_layers: 4096 }))),
    exit: 0,
  },
  {
    name: "config.json 1,000 layers, policy --generate 131072",
    argv: () =>
      cli(
        "policy",
        "--model-config",
        file("layers-1000.json", config({ num_hidden_layers: 1000 })),
        "--generate",
        "131072",
      ),
    exit: 0,
  },
  {
    name: "library analyze 1,000-layer model (legitimate)",
    argv: () =>
      lib(
        "const { model } = r.importHfConfig({ ...llama2, num_hidden_layers: 1000 }); r.analyze({ model, device: m2, workload: r.resolveWorkload({ promptTokens: 2048 }) })",
      ),
    exit: 0,
  },
  {
    name: "policy --generate 131072 (legitimate)",
    argv: () => cli("policy", "--generate", "131072"),
    exit: 0,
  },
  {
    name: "timeline --generate 131072 (legitimate)",
    argv: () => cli("timeline", "--generate", "131072"),
    exit: 0,
  },
  {
    name: "library simulatePolicies generate 131072",
    argv: () =>
      lib(
        "r.simulatePolicies({ model: llama, device: m2, workload: r.resolveWorkload({ promptTokens: 2048 }), generate: 131072 })",
      ),
    exit: 0,
  },
  {
    name: "library timeline generateTokens 131072",
    argv: () =>
      lib(
        "r.timeline({ model: llama, device: m2, workload: r.resolveWorkload({ promptTokens: 2048 }), generateTokens: 131072 })",
      ),
    exit: 0,
  },
  {
    name: "fit --batch with 20,000 items",
    argv: () =>
      cli(
        "fit",
        "--latency",
        "100ms",
        "--batch",
        list(20_000, (i) => String(i + 1)),
      ),
    exit: 2,
    mentions: ["--batch", "lists 20000 items"],
  },
  {
    name: "fit --params with 5,000 items",
    argv: () =>
      cli(
        "fit",
        "--latency",
        "100ms",
        "--params",
        list(5000, (i) => `${1 + (i % 70)}B`),
      ),
    exit: 2,
    mentions: ["--params", "lists 5000 items"],
  },
  {
    name: "policy --at with 20,000 items",
    argv: () =>
      cli(
        "policy",
        "--at",
        list(20_000, (i) => String(i + 1)),
      ),
    exit: 2,
    mentions: ["--at", "lists 20000 items"],
  },
  {
    name: "measure --threads 1024",
    argv: () => cli("measure", "--quick", "--threads", "1024"),
    exit: 2,
    mentions: ["--threads", "1024"],
  },
  {
    name: "validate --data a 60 MiB CSV",
    argv: () => cli("validate", "--data", bigCsv()),
    exit: 2,
    mentions: ["--data", "60mib.csv"],
  },
  {
    name: "analyze --gguf 30M empty strings (240 MB, sparse)",
    argv: () => cli("analyze", "--gguf", ggufStringArray(30_000_000)),
    exit: 2,
    mentions: ["tokenizer.ggml.tokens", "30000000"],
  },
  {
    name: "--model-config nested 100,000 deep in a field",
    argv: () =>
      cli(
        "analyze",
        "--model-config",
        file(
          "deep-config.json",
          config({ num_hidden_layers: 0 }).replace(
            '"num_hidden_layers":0',
            `"num_hidden_layers":${nested(100_000)}`,
          ),
        ),
      ),
    exit: 2,
    mentions: ["--model-config", "deep-config.json", "levels"],
  },
  {
    name: "--device-file nested 100,000 deep in a field",
    argv: () =>
      cli(
        "analyze",
        "--device-file",
        file(
          "deep-device.json",
          JSON.stringify({ ...device, bandwidthGBps: 0 }).replace(
            '"bandwidthGBps":0',
            `"bandwidthGBps":${nested(100_000)}`,
          ),
        ),
      ),
    exit: 2,
    mentions: ["--device-file", "deep-device.json", "levels"],
  },
  {
    name: "--device-file bandwidth 1e-320",
    argv: () =>
      cli(
        "analyze",
        "--device-file",
        deviceFile("bw-tiny.json", { bandwidthGBps: { value: 1e-320, source: "s" } }),
      ),
    exit: 2,
    mentions: ["bandwidthGBps", "1e-320"],
  },
  {
    name: "--device-file peak 1e308",
    argv: () =>
      cli(
        "analyze",
        "--device-file",
        deviceFile("peak-huge.json", {
          peakTflops: { fp32: { value: 4, source: "s" }, fp16: { value: 1e308, source: "s" } },
        }),
      ),
    exit: 2,
    mentions: ["peakTflops.fp16", "1e+308"],
  },
  {
    name: "fit --device-file memory 1e308",
    argv: () =>
      cli(
        "fit",
        "--latency",
        "100ms",
        "--device-file",
        deviceFile("mem-huge.json", { memoryGiB: { value: 1e308, source: "s" } }),
      ),
    exit: 2,
    mentions: ["memoryGiB", "1e+308"],
  },
  ...(
    [
      ["tokens_per_s", "1e308"],
      ["tokens_per_s", "0x10"],
      ["batch", "-1"],
      ["params_b", "NaN"],
    ] as const
  ).map(
    ([column, value]): Case => ({
      name: `validate --data measured ${column}=${value}`,
      argv: () =>
        cli(
          "validate",
          "--multi",
          "none",
          "--data",
          measuredCsv(`${column}-${value}.csv`, { [column]: value }),
        ),
      exit: 2,
      mentions: [column, value],
    }),
  ),
  {
    name: "validate --data one good measured row (legitimate)",
    argv: () => cli("validate", "--multi", "none", "--data", measuredCsv("good.csv", {})),
    exit: 0,
  },
  { name: "chapter -1", argv: () => cli("chapter", "-1"), exit: 2, mentions: ["section", "-1"] },
];

// ---- running ------------------------------------------------------------------------------

interface Row {
  readonly name: string;
  readonly code: number | null;
  readonly stderr: string;
  readonly lines: number;
  readonly wallS: number;
  readonly cpuS: number | null;
  /** CPU seconds beyond the start-up baseline's. */
  readonly workS: number | null;
  readonly rssMB: number | null;
  readonly verdict: string;
}

const HOOK = file(
  "rss-hook.mjs",
  `import { writeFileSync } from "node:fs";
process.on("exit", () => { const u = process.resourceUsage();
  writeFileSync(process.env.BOUNDS_USAGE, (u.userCPUTime + u.systemCPUTime) / 1e6 + " " + u.maxRSS); });`,
);
const useGnuTime = existsSync(GNU_TIME);

function run(c: Case, baselineCpuS: number): Row {
  const usage = join(dir, "usage.txt");
  rmSync(usage, { force: true });
  const argv = c.argv();
  const [cmd, args] = useGnuTime
    ? [GNU_TIME, ["-f", "%U %S %M", "-o", usage, process.execPath, ...argv]]
    : [process.execPath, ["--import", pathToFileURL(HOOK).href, ...argv]];
  const t0 = performance.now();
  const r = spawnSync(cmd, args, {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 256 << 20,
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: "1", BOUNDS_USAGE: usage, FORCE_COLOR: undefined },
  });
  const wallS = (performance.now() - t0) / 1000;
  let cpuS: number | null = null;
  let rssMB: number | null = null;
  if (existsSync(usage)) {
    // GNU time: "user system maxKiB" on its last line (after any "Command exited …" line).
    const nums = readFileSync(usage, "utf8").trim().split("\n").at(-1)!.split(" ").map(Number);
    if (useGnuTime) [cpuS, rssMB] = [nums[0]! + nums[1]!, nums[2]! / 1024];
    else [cpuS, rssMB] = [nums[0]!, nums[1]! / 1024];
  }
  const lines = r.stderr.split("\n").filter((l) => l.trim() !== "");
  const first = lines[0] ?? "";
  const problems: string[] = [];
  if (r.status !== c.exit) problems.push(`exit ${r.status ?? r.signal} not ${c.exit}`);
  if (c.exit === 2 && lines.length !== 1) problems.push(`${lines.length} stderr lines`);
  for (const m of c.mentions ?? []) if (!first.includes(m)) problems.push(`no "${m}"`);
  if (/NaN|Infinity/.test(r.stdout)) problems.push("NaN/Infinity in the output");
  const workS = cpuS === null ? null : Math.max(0, cpuS - baselineCpuS);
  if (workS === null || workS > MAX_CPU_S) problems.push(`work ${workS?.toFixed(2) ?? "?"} s`);
  if (rssMB === null || rssMB > MAX_RSS_MB) problems.push(`rss ${rssMB?.toFixed(0) ?? "?"} MB`);
  return {
    name: c.name,
    code: r.status,
    stderr: first,
    lines: lines.length,
    wallS,
    cpuS,
    workS,
    rssMB,
    verdict:
      (problems.length === 0 ? "pass" : `FAIL: ${problems.join(", ")}`) +
      (cpuS !== null && cpuS > MAX_CPU_S ? " (total > 1 s)" : ""),
  };
}

const only = process.argv[3];
const [baseline, ...rest] = CASES;
const selected = [baseline!, ...rest.filter((c) => only === undefined || c.name.includes(only))];
const rows: Row[] = [];
try {
  console.log(
    `${selected.length} cases (issue 16's reproducers and a start-up baseline); bounds: exit as expected, one stderr line naming field and value, ≤ ${MAX_CPU_S} s CPU beyond start-up, ≤ ${MAX_RSS_MB} MB peak RSS (${useGnuTime ? "GNU time" : "process.resourceUsage()"})`,
  );
  console.log(`${"case".padEnd(52)} exit  wall s  cpu s  work s  rss MB  verdict  first stderr line`);
  let baselineCpuS = 0;
  for (const c of selected) {
    const row = run(c, baselineCpuS);
    if (c === baseline) baselineCpuS = row.cpuS ?? 0;
    rows.push(row);
    const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
    const fix = (x: number | null, w: number) => (x?.toFixed(2) ?? "?").padStart(w);
    console.log(
      `${clip(row.name, 52).padEnd(52)} ${String(row.code ?? "sig").padStart(4)}  ${fix(row.wallS, 6)}  ${fix(row.cpuS, 5)}  ${c === baseline ? "-".padStart(6) : fix(row.workS, 6)}  ${(row.rssMB?.toFixed(0) ?? "?").padStart(6)}  ${row.verdict}  ${clip(row.stderr, 160)}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const failed = rows.filter((r) => r.verdict.startsWith("FAIL"));
console.log(
  `${rows.length} cases, ${rows.length - failed.length} pass, ${failed.length} fail (work = CPU beyond the baseline row; both vary by about 0.1 s with the machine's load)`,
);
process.exit(failed.length > 0 ? 1 : 0);

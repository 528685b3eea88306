/**
 * `npm run bench`: speed of the core and of the CLI. Prints figures; asserts nothing.
 *  - full-model analyses per second (prefill + one decode step), on one core (CPU time)
 *  - timeline steps per second
 *  - CLI cold start (a fresh `node` process per run), median of repeated runs
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { findDevice, findModel } from "../core/catalog/lookup.js";
import { resolveWorkload } from "../core/graph/resolve.js";
import { analyze } from "../core/predict/analyze.js";
import { timeline } from "../core/predict/timeline.js";

/**
 * Rate of `fn` in calls per second of this process's CPU time (user + system), best of
 * five rounds after a warm-up: CPU time is far less disturbed than wall time by other
 * processes on a shared 2-core machine.
 */
function rate(label: string, fn: (i: number) => void, rounds = 5, perRound = 20_000): number {
  for (let i = 0; i < perRound; i++) fn(i); // warm up the JIT
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < perRound; i++) fn(i);
    const c = process.cpuUsage(c0);
    best = Math.max(best, perRound / ((c.user + c.system) / 1e6));
  }
  console.log(`${label.padEnd(58)} ${Math.round(best).toLocaleString("en-US").padStart(12)} /s`);
  return best;
}

const device = findDevice("apple-m2-gpu");
console.log("Core (one thread):");
for (const [id, weights] of [
  ["llama-2-7b", "fp16"],
  ["llama-2-70b", "q4_k_m"],
  ["mixtral-8x7b", "q4_0"],
  ["qwen3-30b-a3b", "q8_0"],
] as const) {
  const model = findModel(id);
  // Vary the prompt so no result can be reused between iterations.
  const workloads = Array.from({ length: 64 }, (_, i) =>
    resolveWorkload({ promptTokens: 512 + i * 16, weights }),
  );
  rate(`analyze ${id} ${weights}, prefill + decode`, (i) => {
    analyze({ model, device, workload: workloads[i & 63]! });
  });
}
{
  const model = findModel("llama-2-7b");
  const workload = resolveWorkload({ promptTokens: 2048 });
  const t0 = performance.now();
  const t = timeline({ model, device, workload, generateTokens: 10_000 });
  const ms = performance.now() - t0;
  console.log(
    `${"timeline llama-2-7b, 10,000 generated tokens".padEnd(58)} ${ms.toFixed(1).padStart(12)} ms (${t.steps.length} steps)`,
  );
}

console.log("\nCLI cold start (fresh node process; median of 15):");
const cli = fileURLToPath(new URL("../cli/main.js", import.meta.url));
for (const args of [
  ["analyze"],
  ["analyze", "--json"],
  ["devices"],
  ["gemm", "--m", "1", "--k", "4096", "--n", "4096"],
]) {
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [cli, ...args], { stdio: ["ignore", "ignore", "pipe"] });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`ridgeline ${args.join(" ")} failed: ${r.stderr}`);
  }
  times.sort((a, b) => a - b);
  const med = times[Math.floor(times.length / 2)]!;
  console.log(
    `${(`ridgeline ${args.join(" ")}`).padEnd(58)} ${med.toFixed(0).padStart(12)} ms (min ${times[0]!.toFixed(0)})`,
  );
}
const base: number[] = [];
for (let i = 0; i < 15; i++) {
  const t0 = performance.now();
  spawnSync(process.execPath, ["-e", "0"]);
  base.push(performance.now() - t0);
}
base.sort((a, b) => a - b);
console.log(
  `${"node -e 0 (the runtime's own start, for reference)".padEnd(58)} ${base[7]!.toFixed(0).padStart(12)} ms`,
);

import { stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { performance } from "node:perf_hooks";
import { defineCommand } from "citty";
import {
  GiB,
  ID_PATTERN,
  InputError,
  KiB,
  MAX_SWEEP_BYTES,
  MiB,
  measureSummaryText,
  measureThisDevice,
} from "../../core/index.js";
import { jsonArg, parseCount } from "../args.js";
import { checkFlags } from "../check-flags.js";
import { readHost } from "../measure/host.js";
import { nodeWorkerFactory } from "../measure/node-workers.js";
import { progressBar } from "../measure/progress.js";
import { VERSION } from "../version.js";

/**
 * Most worker threads per logical CPU: each holds its own buffers (1,024 threads reached
 * 2.6 GB), and oversubscribing more than twice only measures the scheduler.
 */
const THREADS_PER_CPU = 2;

const args = {
  quick: {
    type: "boolean",
    description: "about 10 s: a coarser sweep and fewer samples (default: about a minute)",
  },
  out: {
    type: "string",
    description:
      "write the measured device profile (catalog schema) to this file, for `analyze --device-file`",
    valueHint: "path",
  },
  threads: {
    type: "string",
    description: `threads for the all-threads runs, at most ${THREADS_PER_CPU} per logical CPU (default: all logical CPUs)`,
    valueHint: "N",
  },
  "max-size": {
    type: "string",
    description: "largest working set of the sweep, e.g. 256MiB (default: 8× the last-level cache)",
    valueHint: "size",
  },
  "sample-ms": {
    type: "string",
    description: "minimum duration of one timing sample, ms (default 30, 20 with --quick)",
    valueHint: "ms",
  },
  samples: { type: "string", description: "samples per point (default 9, 5 with --quick)", valueHint: "N" },
  id: { type: "string", description: "device id for the profile (default measured-<cpu model>)" },
  name: { type: "string", description: "device name for the profile" },
  ...jsonArg,
} as const;

/** "256MiB", "512 KiB", "1G", "65536" → bytes (K, M, G are binary). */
export function parseSize(flag: string, value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?\s*$/i.exec(value);
  if (!m) throw new InputError(flag, value, "must be a size such as 256MiB, 512KiB or 1GiB");
  const unit = (m[2] ?? "b").toLowerCase()[0] as "b" | "k" | "m" | "g";
  const bytes = Math.round(Number(m[1]) * { b: 1, k: KiB, m: MiB, g: GiB }[unit]);
  if (bytes < 64 * KiB || bytes > MAX_SWEEP_BYTES)
    throw new InputError(flag, value, "must be between 64KiB and 2GiB");
  return bytes;
}

export default defineCommand({
  meta: {
    name: "measure",
    description:
      "Measure this machine's CPU roofline (bandwidth per memory level, SIMD peaks) and write a device profile",
  },
  args,
  async run({ args: a, rawArgs }) {
    checkFlags(rawArgs, args, 0);
    const host = readHost();
    const threads =
      a.threads !== undefined
        ? parseCount("--threads", a.threads, 1, THREADS_PER_CPU * host.logicalCpus)
        : host.logicalCpus;
    const sampleMs =
      a["sample-ms"] !== undefined ? parseCount("--sample-ms", a["sample-ms"], 1, 10_000) : undefined;
    const samples = a.samples !== undefined ? parseCount("--samples", a.samples, 1, 1000) : undefined;
    const userMax = a["max-size"] !== undefined ? parseSize("--max-size", a["max-size"]) : undefined;
    if (a.id !== undefined && !ID_PATTERN.test(a.id))
      throw new InputError("--id", a.id, "must be lower-case letters, digits, '.' and '-'");
    if (a.name !== undefined && a.name.trim() === "")
      throw new InputError("--name", a.name, "must not be empty");
    if (a.out !== undefined) {
      // Fail before a minute of measuring, not after.
      const dir = dirname(a.out);
      const ok = await stat(dir).then(
        (s) => s.isDirectory(),
        () => false,
      );
      if (!ok) throw new InputError("--out", a.out, `the directory ${JSON.stringify(dir)} does not exist`);
    }
    // Never sweep more than a quarter of the machine's memory.
    const memCap = Math.max(64 * KiB, Math.floor(host.memoryBytes! / 4));
    const maxBytes = Math.min(userMax ?? Infinity, memCap);
    const bar = process.stderr.isTTY && !process.env.CI ? progressBar(process.stderr) : undefined;
    const warnings: string[] = [];
    if (sampleMs !== undefined && sampleMs < 20)
      warnings.push(`samples of ${sampleMs} ms (under 20 ms): timings are less reliable`);
    if (threads > host.logicalCpus) warnings.push(`${threads} threads on ${host.logicalCpus} logical CPUs`);
    let measured: Awaited<ReturnType<typeof measureThisDevice>>;
    try {
      measured = await measureThisDevice({
        now: () => performance.now(),
        createWorker: nodeWorkerFactory,
        host,
        cpu: {
          threads,
          quick: a.quick === true,
          ...(Number.isFinite(maxBytes) ? { maxBytes } : {}),
          ...(sampleMs !== undefined ? { sampleMs } : {}),
          ...(samples !== undefined ? { samples } : {}),
        },
        warnings,
        cpuProfile: () => ({
          toolVersion: VERSION,
          ...(a.id !== undefined ? { id: a.id } : {}),
          ...(a.name !== undefined ? { name: a.name } : {}),
        }),
        ...(bar ? { onProgress: bar.update } : {}),
      });
    } finally {
      bar?.done();
    }
    const { cpu: measurement, cpuProfile: profile } = measured;
    if (a.out !== undefined) {
      try {
        await writeFile(a.out, `${JSON.stringify(profile, null, 2)}\n`);
      } catch (e) {
        throw new InputError(
          "--out",
          a.out,
          `cannot write the profile (${(e as NodeJS.ErrnoException).code ?? "error"})`,
        );
      }
    }
    if (a.json) {
      const { caches, ...hostInfo } = host;
      process.stdout.write(
        `${JSON.stringify({ host: { ...hostInfo, caches }, measurement, profile }, null, 2)}\n`,
      );
    } else {
      process.stdout.write(`${measureSummaryText(measurement, host)}\n`);
      if (a.out !== undefined)
        process.stdout.write(`\nProfile written to ${a.out}: ridgeline analyze --device-file ${a.out} …\n`);
    }
  },
});

/**
 * What the OS says about the machine (Node edge): CPU model and vendor, instruction-set
 * features (/proc/cpuinfo), cache sizes (/sys/devices/system/cpu/cpu0/cache), memory and
 * logical CPUs. Linux is read in full; elsewhere what `os` gives, and the caches are
 * unknown (the measurement then assumes a last-level cache size and says so).
 */
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import type { HostInfo, OsCache } from "../../core/index.js";

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
};

/** Instruction-set features worth reporting beside a SIMD peak. */
const INTERESTING = new Set([
  // x86
  "sse2",
  "ssse3",
  "sse4_1",
  "sse4_2",
  "avx",
  "avx2",
  "fma",
  "f16c",
  "avx512f",
  "avx512bw",
  "avx512vl",
  "avx512_vnni",
  "avx_vnni",
  "avx512_bf16",
  "avx512_fp16",
  "amx_tile",
  "amx_int8",
  "amx_bf16",
  // Arm
  "asimd",
  "fphp",
  "asimdhp",
  "asimddp",
  "sve",
  "sve2",
  "i8mm",
  "bf16",
  "sme",
]);

const VENDORS: Readonly<Record<string, string>> = {
  GenuineIntel: "Intel",
  AuthenticAMD: "AMD",
  HygonGenuine: "Hygon",
  "0x41": "Arm",
  "0x51": "Qualcomm",
  "0x61": "Apple",
  "0x48": "HiSilicon",
  "0x4e": "NVIDIA",
  "0xc0": "Ampere",
};

/** "0-3,8-11" → 8. */
export function countCpuList(list: string): number {
  let n = 0;
  for (const part of list.trim().split(",")) {
    if (!part) continue;
    const [a, b] = part.split("-").map(Number);
    if (a === undefined || !Number.isFinite(a)) continue;
    n += b !== undefined && Number.isFinite(b) ? b - a + 1 : 1;
  }
  return n;
}

/** "32K" → 32768, "1024K", "32M". */
export function parseCacheSize(s: string): number | undefined {
  const m = /^\s*(\d+)\s*([KMG]?)i?B?\s*$/i.exec(s);
  if (!m) return undefined;
  const mult = { "": 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[m[2]!.toUpperCase() as "" | "K" | "M" | "G"];
  return Number(m[1]) * mult;
}

export function readCaches(base = "/sys/devices/system/cpu/cpu0/cache"): OsCache[] {
  let entries: string[];
  try {
    entries = readdirSync(base).filter((e) => /^index\d+$/.test(e));
  } catch {
    return [];
  }
  const out: OsCache[] = [];
  for (const e of entries) {
    const type = read(`${base}/${e}/type`)?.trim();
    if (type === "Instruction") continue;
    const level = Number(read(`${base}/${e}/level`)?.trim());
    const bytes = parseCacheSize(read(`${base}/${e}/size`) ?? "");
    const shared = read(`${base}/${e}/shared_cpu_list`);
    if (!Number.isInteger(level) || level < 1 || !bytes) continue;
    out.push({ level, bytes, sharedBy: shared ? Math.max(1, countCpuList(shared)) : 1 });
  }
  return out.sort((a, b) => a.level - b.level);
}

/** Fields of the first processor block of /proc/cpuinfo. */
export function parseCpuinfo(text: string): {
  model?: string;
  vendor?: string;
  flags: string[];
  family?: number;
  clockMHz?: number;
} {
  const field = (name: string) => new RegExp(`^${name}\\s*:\\s*(.*)$`, "mi").exec(text)?.[1]?.trim();
  const flags = (field("flags") ?? field("Features") ?? "").split(/\s+/).filter((f) => INTERESTING.has(f));
  const vendorId = field("vendor_id") ?? field("CPU implementer");
  const model = field("model name") ?? field("Hardware");
  const family = Number(field("cpu family"));
  const clockMHz = Number(field("cpu MHz"));
  return {
    ...(model ? { model } : {}),
    ...(Number.isInteger(family) && family > 0 ? { family } : {}),
    ...(clockMHz > 0 ? { clockMHz } : {}),
    ...(vendorId ? { vendor: VENDORS[vendorId] ?? vendorId } : {}),
    flags: [...new Set(flags)],
  };
}

/** The highest clock the OS states: cpufreq's maximum, /proc/cpuinfo's "cpu MHz", os.cpus() speed (0 when none). */
function maxClockMHz(cpuinfoMHz: number | undefined, cpus: os.CpuInfo[]): number {
  const khz = Number(read("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq")?.trim());
  return Math.max(Number.isFinite(khz) ? khz / 1000 : 0, cpuinfoMHz ?? 0, ...cpus.map((c) => c.speed || 0));
}

export function readHost(): HostInfo & { caches: OsCache[] } {
  const cpus = os.cpus();
  const info = parseCpuinfo(read("/proc/cpuinfo") ?? "");
  const model = (info.model ?? cpus[0]?.model ?? "").replace(/\s+/g, " ").trim() || `${os.arch()} CPU`;
  const vendor =
    info.vendor ??
    (/^Apple/.test(model)
      ? "Apple"
      : /Intel/i.test(model)
        ? "Intel"
        : /AMD/i.test(model)
          ? "AMD"
          : "unknown");
  return {
    cpuModel: model,
    vendor,
    arch: os.arch(),
    os: `${os.type()} ${os.release()}`,
    logicalCpus: typeof os.availableParallelism === "function" ? os.availableParallelism() : cpus.length,
    memoryBytes: os.totalmem(),
    isa: info.flags,
    isaSource: info.flags.length ? "/proc/cpuinfo" : "not available on this OS",
    ...(info.family !== undefined ? { cpuFamily: info.family } : {}),
    ...(maxClockMHz(info.clockMHz, cpus) ? { clockMHz: maxClockMHz(info.clockMHz, cpus) } : {}),
    runtime: `Node ${process.version} (V8 ${process.versions.v8})`,
    caches: readCaches(),
  };
}

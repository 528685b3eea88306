/**
 * The one-screen summary of a CPU measurement: bandwidth per memory level, compute peaks
 * (labelled as portable 128-bit SIMD), useful threads, the measured ridge points, an ASCII
 * roofline, and any warnings.
 */
import { bytesLabel, type CpuMeasurement } from "./cpu.js";
import { type HostInfo, nativePeaksOf, simdLabel } from "./profile.js";

const f = (x: number | undefined) =>
  x === undefined ? "–" : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : " ".repeat(n - s.length) + s);

export interface Roof {
  /** Character drawn for this roof's sloped part. */
  readonly mark: string;
  readonly label: string;
  /** GB/s. */
  readonly gbps: number;
}

/**
 * An ASCII roofline: attainable GFLOP/s against arithmetic intensity (FLOP/byte), both
 * logarithmic, one sloped roof per memory level under a flat compute roof ('=').
 */
export function asciiRoofline(peakGflops: number, roofs: readonly Roof[], width = 56, height = 11): string[] {
  const xs = { lo: Math.log2(1 / 16), hi: Math.log2(256) };
  const minBw = Math.min(...roofs.map((r) => r.gbps));
  const ys = { lo: Math.log10((minBw / 16) * 0.8), hi: Math.log10(peakGflops * 1.6) };
  const grid = Array.from({ length: height }, () => Array.from({ length: width }, () => " "));
  const rowOf = (y: number) => Math.round(((Math.log10(y) - ys.lo) / (ys.hi - ys.lo)) * (height - 1));
  // Larger bandwidths first so that the slower roofs (DRAM last) stay visible where they overlap.
  for (const r of [...roofs].sort((a, b) => b.gbps - a.gbps)) {
    for (let c = 0; c < width; c++) {
      const x = 2 ** (xs.lo + ((xs.hi - xs.lo) * c) / (width - 1));
      const y = Math.min(peakGflops, r.gbps * x);
      const row = rowOf(y);
      if (row < 0 || row >= height) continue;
      grid[height - 1 - row]![c] = y >= peakGflops ? "=" : r.mark;
    }
  }
  const yLabel = (row: number) => {
    const v = 10 ** (ys.lo + ((ys.hi - ys.lo) * row) / (height - 1));
    return v >= 1000
      ? `${(v / 1000).toFixed(v >= 10000 ? 0 : 1)}T`
      : v >= 1
        ? v.toFixed(v >= 10 ? 0 : 1)
        : v.toPrecision(1);
  };
  const lines = grid.map((cells, i) => {
    const row = height - 1 - i;
    const label = i === 0 || i === height - 1 || i === Math.floor(height / 2) ? yLabel(row) : "";
    return `${lpad(label, 6)} |${cells.join("").trimEnd()}`;
  });
  lines.push(`${" ".repeat(6)} +${"-".repeat(width)}`);
  const ticks = [1 / 16, 1 / 4, 1, 4, 16, 64, 256];
  const axis = Array.from({ length: width + 8 }, () => " ");
  for (const t of ticks) {
    const c = Math.round(((Math.log2(t) - xs.lo) / (xs.hi - xs.lo)) * (width - 1)) + 8;
    const s = t < 1 ? `1/${1 / t}` : String(t);
    const start = Math.min(axis.length - s.length, Math.max(0, c - Math.floor(s.length / 2)));
    for (let k = 0; k < s.length; k++) axis[start + k] = s[k]!;
  }
  lines.push(axis.join("").trimEnd());
  lines.push(
    `${" ".repeat(8)}GFLOP/s (y) against FLOP/byte (x); ${roofs.map((r) => `${r.mark} ${r.label}`).join(", ")}, = compute roof`,
  );
  return lines;
}

export function measureSummaryText(m: CpuMeasurement, host: HostInfo): string {
  const out: string[] = [];
  const n = m.threads;
  const tn = `${n} thread${n > 1 ? "s" : ""}`;
  out.push(
    `Ridgeline measure: ${host.cpuModel}, ${host.logicalCpus} logical CPUs; ${host.runtime}; ${simdLabel(m)}; ${tn}; ${m.quick ? "quick" : "full"} run, ${(m.durationMs / 1000).toFixed(1)} s`,
  );
  out.push("");
  out.push(
    `${pad("Read bandwidth (triad), GB/s", 30)}${pad("1 thread", 17)}${n > 1 ? pad(tn, 17) : ""}working sets (1 thread)`,
  );
  for (const b of m.bandwidth) {
    const cell = (r: number | undefined, t: number | undefined) => `${f(r)} (${f(t)})`;
    const ws =
      b.fromBytes !== undefined && b.toBytes !== undefined
        ? b.fromBytes === b.toBytes
          ? bytesLabel(b.fromBytes)
          : `${bytesLabel(b.fromBytes)} – ${bytesLabel(b.toBytes)}`
        : "";
    out.push(
      `  ${pad(b.label, 28)}${pad(cell(b.read1, b.triad1), 17)}${n > 1 ? pad(cell(b.readAll, b.triadAll), 17) : ""}${ws}`,
    );
  }
  if (m.levels.crossCheck.length) {
    out.push(
      `  caches, OS vs curve: ${m.levels.crossCheck
        .map(
          (c) =>
            `${c.label} ${bytesLabel(c.osBytes)} ~ ${c.curveBytes !== undefined ? bytesLabel(c.curveBytes) : "?"} ${c.agrees ? "ok" : "(differs)"}`,
        )
        .join(" · ")}`,
    );
  } else if (m.llcAssumed) {
    out.push(
      `  caches: not reported by the OS; the sweep assumed a ${bytesLabel(m.llcBytes)} last-level cache`,
    );
  }
  out.push("");
  out.push(
    `Compute: portable 128-bit SIMD peak, not the silicon's (${host.isa.length ? `CPU has ${host.isa.join(" ")}` : "CPU features unknown"})`,
  );
  const useful = (what: string) => m.scaling.find((s) => s.what === what);
  out.push(
    `${pad("", 30)}${pad("1 thread", 17)}${n > 1 ? pad(tn, 17) : ""}${m.scaling.length ? "useful threads" : ""}`,
  );
  const row = (label: string, p: { one: { best: number }; all: { best: number } }, what?: string) => {
    const u = what ? useful(what) : undefined;
    out.push(
      `  ${pad(label, 28)}${pad(f(p.one.best), 17)}${n > 1 ? pad(f(p.all.best), 17) : ""}${u ? `${u.usefulThreads} of ${n}` : ""}`,
    );
  };
  row(m.simd === "relaxed-simd-128" ? "FP32 madd, GFLOP/s" : "FP32 mul+add, GFLOP/s", m.compute.fp32, "fp32");
  row(m.simd === "relaxed-simd-128" ? "FP64 madd, GFLOP/s" : "FP64 mul+add, GFLOP/s", m.compute.fp64);
  row("INT8 dot, GOP/s", m.compute.int8);
  const native = nativePeaksOf(m, host);
  const nat = (label: string, v: { value: number; note?: string | undefined } | undefined) => {
    if (v) out.push(`  ${pad(label, 28)}${pad(f(v.value * 1000), 17)}${v.note ?? ""}`);
  };
  if (native.fp32 || native.int8) {
    out.push(
      `Native peaks the engine can use (${n} thread${n > 1 ? "s" : ""}; saved as the profile's peaks):`,
    );
    nat("FP32 FMA, GFLOP/s", native.fp32);
    nat("BF16 dot, GFLOP/s", native.bf16);
    nat("INT8 dot, GOP/s", native.int8);
  }
  const dramScaling = useful("dram-read");
  if (dramScaling) out.push(`  DRAM read: ${dramScaling.usefulThreads} of ${n} threads add bandwidth`);

  const peak = Math.max(m.compute.fp32.all.best, m.compute.fp32.one.best);
  const bw = (b: (typeof m.bandwidth)[number]) => Math.max(b.readAll ?? 0, b.read1 ?? 0);
  const roofs = m.bandwidth.filter((b) => bw(b) > 0);
  if (roofs.length) {
    out.push("");
    out.push(
      `Ridge points (FP32 ${f(peak)} GFLOP/s over read bandwidth): ${roofs.map((b) => `${b.label} ${f(peak / bw(b))}`).join(" · ")} FLOP/byte`,
    );
    out.push("");
    const marks: Record<string, string> = { DRAM: "D" };
    out.push(
      ...asciiRoofline(
        peak,
        roofs.map((b) => ({
          mark: marks[b.label] ?? b.label.replace(/^L/, ""),
          label: b.label,
          gbps: bw(b),
        })),
      ),
    );
  }
  if (m.warnings.length) {
    out.push("");
    for (const w of m.warnings) out.push(`warning: ${w}`);
  }
  if (m.noisy)
    out.push(
      "NOISY RUN: figures vary between samples or the clock moved; repeat on an idle machine for a firm profile.",
    );
  return out.join("\n");
}

import type { GemmAnalysis } from "../predict/gemm.js";
import { formatSeconds, formatSI, sig3 } from "../units/format.js";

export function gemmText(g: GemmAnalysis): string {
  const shape =
    g.batchMode === "shared"
      ? `${g.batch > 1 ? `${g.batch} × ` : ""}[${g.m}×${g.k}]·[${g.k}×${g.n}] (the [${g.k}×${g.n}] operand shared)`
      : `[${g.batch}, ${g.m}, ${g.k}]·[${g.batch}, ${g.k}, ${g.n}] (independent products)`;
  const lines = [
    `GEMM ${shape}, ${g.dtype}`,
    `FLOPs: 2·B·m·n·k = ${formatSI(g.flops, "FLOP")}`,
    `Traffic with each operand moved once: ${formatSI(g.bytesCompulsory, "B")} → I = ${sig3(g.intensityCompulsory)} FLOP/B`,
    `Traffic with no cache at all (operands loaded per multiply-add): ${formatSI(g.bytesNoCache, "B")} → I = ${sig3(g.intensityNoCache)} FLOP/B`,
  ];
  const d = g.device;
  if (d) {
    const peak =
      d.peakTflops === null
        ? `no ${d.precision} peak listed`
        : `${d.precision} peak ${sig3(d.peakTflops)} TFLOP/s${d.peakUsed !== d.precision ? ` (the ${d.peakUsed} peak)` : ""}`;
    lines.push(
      "",
      `On ${d.deviceId}: ${peak}, ${sig3(d.bandwidthGBps)} GB/s, ridge ${d.ridge === null ? "unknown" : `${sig3(d.ridge)} FLOP/B`}`,
      `  attainable = min(peak, I × BW) = ${formatSI(d.attainableFlopPerS, "FLOP/s")} → ${d.bound}-bound (${d.boundClass}${d.ridge === null ? "" : `, I / I_ridge = ${sig3(g.intensityCompulsory / d.ridge)}`})`,
      `  time at the bound: ${formatSeconds(d.timeBoundS)}`,
    );
  }
  return lines.join("\n");
}

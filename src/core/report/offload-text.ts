/** Text of a placement across host and GPU: where the layers are, memory per unit, time per unit and link. */
import type { OffloadAnalysis, OffloadPhase } from "../offload/analyze-offload.js";
import { formatBytesIEC, formatPercent, formatSeconds, sig3 } from "../units/format.js";
import { renderTable } from "./table.js";

function phaseRow(p: OffloadPhase): string[] {
  return [
    p.phase,
    formatSeconds(p.latencyS),
    sig3(p.tokensPerS),
    `${formatSeconds(p.gpuS)} (${formatPercent(p.shares.gpu, 0)})`,
    `${formatSeconds(p.hostS)} (${formatPercent(p.shares.host, 0)})`,
    `${formatSeconds(p.linkS)} (${formatPercent(p.shares.link, 0)})`,
    p.storageS > 0 ? `${formatSeconds(p.storageS)} (${formatPercent(p.shares.storage, 0)})` : "–",
  ];
}

export function placementLine(a: {
  readonly placement: OffloadAnalysis["placement"];
  readonly model: { readonly layers: number };
}): string {
  const p = a.placement;
  const L = a.model.layers;
  const parts = [
    `${p.gpuRepeatingLayers}/${L} layers on the GPU${p.outputOnGpu ? " + output" : ""}`,
    p.cpuMoeLayers > 0 ? `experts of ${p.cpuMoeLayers} layers on the CPU` : null,
    p.gpuRepeatingLayers > 0 ? `KV cache on the ${p.kvOn === "gpu" ? "GPU" : "CPU"}` : null,
    p.mmapFromStorage ? "weights mmap'ed from storage" : null,
  ].filter((x): x is string => x !== null);
  return `${parts.join(", ")}  (llama.cpp: ${p.flags})`;
}

export function offloadText(a: OffloadAnalysis): string {
  const link =
    a.system.link === null
      ? "no link"
      : a.system.link === "unified"
        ? "unified memory"
        : `${a.system.link.name} (${sig3(a.system.link.bandwidthGBps)} GB/s, ${sig3(a.system.link.latencyUs)} µs)`;
  const mem = renderTable(
    [
      { header: "unit" },
      { header: "device" },
      { header: "weights", align: "right" },
      { header: "KV", align: "right" },
      { header: "compute", align: "right" },
      { header: "total", align: "right" },
      { header: "memory", align: "right" },
      { header: "fits" },
    ],
    a.memory.units.map((u) => [
      u.role,
      u.deviceId,
      formatBytesIEC(u.weightsBytes),
      formatBytesIEC(u.kvCacheBytes),
      formatBytesIEC(u.computeBytes),
      formatBytesIEC(u.totalBytes),
      u.capacityBytes === null ? "?" : formatBytesIEC(u.capacityBytes),
      u.fits === null ? "?" : u.fits ? "✓" : "✗",
    ]),
  );
  const phases = [a.prefill, a.decode].filter((p): p is OffloadPhase => p !== null);
  const time = renderTable(
    [
      { header: "phase" },
      { header: "latency", align: "right" },
      { header: "tokens/s", align: "right" },
      { header: "GPU", align: "right" },
      { header: "host", align: "right" },
      { header: "link", align: "right" },
      { header: "storage", align: "right" },
    ],
    phases.map(phaseRow),
  );
  return [
    `${a.model.id} on ${a.system.name}: ${a.system.host ?? "no host"} + ${a.system.gpu ?? "no GPU"}, ${link}`,
    `placement: ${placementLine(a)}`,
    mem,
    time,
    ...phases.map((p) => `${p.phase} bottleneck: ${p.bottleneck}`),
    ...(a.memory.shared ? ["host and GPU share one memory: the GPU's capacity is what the host leaves"] : []),
    ...a.diagnostics.map((d) => `warning: ${d}`),
  ].join("\n");
}

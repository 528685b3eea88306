/** The memory plan as text: per unit, each buffer under llama.cpp's name, with what sizes it. */
import type { MemoryPlan } from "../predict/engine-memory/plan-schema.js";
import { formatBytesIEC } from "../units/format.js";
import { renderTable } from "./table.js";

export function memoryPlanText(p: MemoryPlan): string {
  const e = p.engine;
  const head = `Memory as llama.cpp allocates it: n_ctx ${e.nCtx} (${e.nCtxSeq} per sequence × ${e.sequences}), n_ubatch ${e.ubatch}, flash attention ${e.flashAttention ? "on" : "off"}, -ngl ${e.gpuLayers}${e.cpuMoeLayers ? `, --n-cpu-moe ${e.cpuMoeLayers}` : ""}${e.kvOn === "cpu" ? ", --no-kv-offload" : ""}, CPU kernels ${e.cpuKernels}`;
  const rows: string[][] = [];
  for (const u of p.units) {
    const of =
      u.usableBytes === null
        ? "capacity not checked"
        : `of ${formatBytesIEC(u.usableBytes)} usable${u.reserve ? ` (${formatBytesIEC(u.capacityBytes ?? 0)} less ${formatBytesIEC(u.reserve.bytes)} reserved: ${u.reserve.rule})` : ""}`;
    const verdict = u.fits === false ? "  ✗ DOES NOT FIT" : u.fits ? "  ✓ fits" : "";
    rows.push([`${u.unit} (${u.device})`, formatBytesIEC(u.bytes), `${of}${verdict}`]);
    for (const b of u.buffers) {
      const span =
        b.bytes !== b.residentBytes ? ` (logged ${formatBytesIEC(b.bytes)}: ${b.detail})` : `  ${b.detail}`;
      rows.push([`  ${b.name}`, formatBytesIEC(b.residentBytes), span.trim()]);
    }
  }
  const table = renderTable(
    [{ header: "unit / buffer" }, { header: "resident", align: "right" }, { header: "" }],
    rows,
  );
  return [head, table, ...p.notes.map((n) => `note: ${n}`)].join("\n");
}

/** "Make it fit" as text (`ridgeline advise` on a system): each change, its flags, tokens/s and memory per unit. */
import type { FitChange, MakeItFit } from "../offload/make-it-fit.js";
import { formatBytesIEC, sig3 } from "../units/format.js";
import { renderTable } from "./table.js";

export function fitChangeText(c: FitChange): string {
  switch (c.kind) {
    case "gpu-layers":
      return `fewer GPU layers: -ngl ${c.gpuLayers}`;
    case "cpu-moe":
      return c.all
        ? "every layer's experts on the CPU (--cpu-moe)"
        : `the experts of the first ${c.cpuMoeLayers} layers on the CPU (--n-cpu-moe ${c.cpuMoeLayers})`;
    case "context":
      return `a shorter context: ${c.contextTokens} tokens`;
    case "kv-format":
      return `the KV cache in ${c.kv}`;
    case "kv-on-cpu":
      return "the KV cache in system RAM (-nkvo)";
  }
}

export function makeItFitText(m: MakeItFit, flags: string): string {
  if (m.fits !== false) return `The placement (${flags}) fits: nothing to make fit.`;
  if (m.options.length === 0)
    return `The placement (${flags}) does not fit, and no single change of placement, context or KV format makes it fit.`;
  return [
    `The placement (${flags}) does not fit. Make it fit (one change each, re-analysed; fastest first):`,
    renderTable(
      [
        { header: "change" },
        { header: "llama.cpp flags" },
        { header: "tokens/s", align: "right" },
        { header: "GPU", align: "right" },
        { header: "host", align: "right" },
      ],
      m.options.map((o) => [
        fitChangeText(o.change),
        o.flags,
        sig3(o.tokensPerS),
        formatBytesIEC(o.gpuBytes),
        formatBytesIEC(o.hostBytes),
      ]),
    ),
  ].join("\n");
}

/** Text view of a batch sweep (`ridgeline batch`). */
import { type BatchResult, type LatencySearch, SEARCH_MAX_BATCH } from "../advisor/batch.js";
import { formatBytesIEC, formatSeconds, formatSI, sig3 } from "../units/format.js";
import { renderTable } from "./table.js";

const sci = (x: number) => {
  const e = Math.floor(Math.log10(Math.abs(x)));
  return `${sig3(x / 10 ** e)}e${e}`;
};

/** The comparison of the chapter's B_opt with the search, in one line, and why they differ. */
export function boptComparison(r: BatchResult, l: LatencySearch): string {
  const c = l.chapter;
  const found = l.latencyOnlyEstimate;
  const capped = l.memoryLimited ? `; memory caps it at ${l.bestEstimate?.batch ?? "none"}` : "";
  const perSeq = formatBytesIEC(l.closedForm.perSequenceBytes);
  const cb = r.computeBound.wholePassFrom;
  const computeNote =
    cb !== null && found !== null && found >= cb
      ? `; and from batch ${cb} the whole step is compute-bound (time ≈ B × FLOPs per sequence / peak), which no bandwidth formula captures`
      : "";
  const whatsWrong =
    `it has no KV-cache or activation term (each sequence adds ${perSeq} per step here), counts 2 bytes per parameter whatever the format (${r.weightsFormat}: ${formatBytesIEC(r.weightsBytes)} of weights), ` +
    `and its square root has no roofline derivation: a memory-bound step takes (W + B·k)/BW, linear in B, so the budget allows B = (BW·T − W)/k${computeNote}`;
  if (found === null) {
    return `B_opt = ${sig3(c.bOpt)} but the search finds no batch within ${formatSeconds(l.targetS)} (batch 1 alone exceeds it): the formula does not check that the weights can be read within the budget at all; ${whatsWrong}.`;
  }
  const ratio = found / c.bOpt;
  if (ratio >= 0.8 && ratio <= 1.25) {
    return `B_opt = ${sig3(c.bOpt)} agrees with the search on latency (${found}${capped}) within ${Math.round(Math.abs(ratio - 1) * 100)}% here, by coincidence: ${whatsWrong}.`;
  }
  return `B_opt = ${sig3(c.bOpt)} vs ${found} by search on latency (${sig3(ratio)}× ${ratio > 1 ? "more" : "fewer"}${capped}): ${whatsWrong}.`;
}

export function batchText(r: BatchResult): string {
  const showEnergy = r.powerW !== null;
  const hasLatency = r.latency !== null;
  const cols = [
    { header: "batch", align: "right" as const },
    { header: "t bound", align: "right" as const },
    { header: "t estimate", align: "right" as const },
    { header: "tokens/s", align: "right" as const },
    { header: "tok/s bound", align: "right" as const },
    { header: "I FLOP/B", align: "right" as const },
    { header: "class" },
    { header: "memory", align: "right" as const },
    { header: "fits" },
    ...(showEnergy ? [{ header: "J/token", align: "right" as const }] : []),
    ...(hasLatency ? [{ header: "in budget" }] : []),
  ];
  const rows = r.rows.map((x) => [
    String(x.batch),
    formatSeconds(x.stepBoundS),
    formatSeconds(x.stepEstimateS),
    sig3(x.tokensPerSEstimate),
    sig3(x.tokensPerSBound),
    sig3(x.intensity),
    x.boundClass,
    formatBytesIEC(x.memoryBytes),
    x.fits === null ? "?" : x.fits ? "yes" : "✗ NO: stops fitting",
    ...(showEnergy ? [x.energyPerTokenJ === null ? "-" : sig3(x.energyPerTokenJ)] : []),
    ...(hasLatency ? [x.withinLatency ? "yes" : "no"] : []),
  ]);
  const cb = r.computeBound;
  const ridge = cb.ridge === null ? "unknown" : `${sig3(cb.ridge)} FLOP/B`;
  const out = [
    `Batch sweep: ${r.model} (${formatSI(r.params, "").trim()} parameters, weights ${r.weightsFormat}, ${formatBytesIEC(r.weightsBytes)}) on ${r.device} (${sig3(r.bandwidthGBps)} GB/s${r.capacityBytes === null ? "" : `, ${formatBytesIEC(r.capacityBytes)}`}${r.powerW === null ? "" : `, ${sig3(r.powerW)} W`})`,
    `One decode step per row at context ${r.contextTokens}, KV cache ${r.kv}: every sequence gets one token per step (per-token latency = step), tokens/s over the batch.`,
    `t bound = the roofline (max(FLOPs/peak, bytes/bandwidth) per op); t estimate uses achievable efficiencies: ${r.efficiency}.`,
    "",
    renderTable(cols, rows),
    "",
  ];
  if (r.capacityBytes === null) out.push("Memory: the device lists no capacity; fit not checked.");
  else
    out.push(
      `Memory: ${r.stopsFittingAt === null ? `every batch of the table fits` : `stops fitting at batch ${r.stopsFittingAt}`}; the largest batch that fits is ${r.maxFittingBatch ?? "none (not even 1)"} (search; KV cache and decode activations, prefill working set not counted).`,
    );
  out.push(
    cb.wholePassFrom === null
      ? `Compute-bound: never (up to batch ${SEARCH_MAX_BATCH}): whole-pass intensity rises from ${sig3(cb.intensityAt1)} to only ${sig3(cb.intensityAtMax)} FLOP/B against a ridge of ${ridge}, because each sequence reads its own KV cache (the weights are shared, the cache is not).`
      : `Compute-bound: the whole decode pass from batch ${cb.wholePassFrom} (intensity ≥ ridge ${ridge}; ${sig3(cb.intensityAt1)} FLOP/B at batch 1).`,
    "",
    "Per op class (one layer and the model-level ops): intensity and the batch where it reaches the ridge",
    renderTable(
      [
        { header: "op" },
        { header: "I at 1", align: "right" },
        { header: `I at ${SEARCH_MAX_BATCH}`, align: "right" },
        { header: "ridge", align: "right" },
        { header: "compute-bound from batch", align: "right" },
      ],
      cb.byKind.map((k) => [
        k.kind,
        sig3(k.intensityAt1),
        sig3(k.intensityAtMax),
        k.ridge === null ? "-" : sig3(k.ridge),
        k.computeBoundFrom === null ? "never" : String(k.computeBoundFrom),
      ]),
    ),
  );
  const l = r.latency;
  if (l) {
    const bw = r.bandwidthGBps * 1e9;
    const best = l.bestEstimate;
    out.push(
      "",
      `Latency budget ${formatSeconds(l.targetS)} per token:`,
      best
        ? `  best batch by search: ${best.batch} (estimate: step ${formatSeconds(best.stepEstimateS)}, ${sig3(best.tokensPerSEstimate)} tokens/s${best.energyPerTokenJ === null ? "" : `, ${sig3(best.energyPerTokenJ)} J/token`})${l.memoryLimited ? `: memory, not latency, stops it (latency alone would allow ${l.latencyOnlyEstimate ?? "none"})` : ""}`
        : `  no batch meets it by the estimate (batch 1 takes ${formatSeconds(r.rows[0]?.stepEstimateS ?? NaN)})`,
      `  at the roofline bound: ${l.bestBound ? `batch ${l.bestBound.batch} (${sig3(l.bestBound.tokensPerSBound)} tokens/s)` : "none"}`,
      `  roofline closed form, memory-bound step: B = (BW·T − W)/k = (${sci(bw)} B/s × ${sig3(l.targetS)} s − ${formatBytesIEC(l.closedForm.fixedBytes)}) / ${formatBytesIEC(l.closedForm.perSequenceBytes)} = ${l.closedForm.batch < 1 ? "< 1" : l.closedForm.batch}${l.closedForm.valid ? ` (the bound search on latency alone: ${l.latencyOnlyBound ?? "none"})` : " (not valid here: some ops are compute-bound at that batch, or bytes do not grow linearly)"}`,
      `  chapter 2.4.4: B_opt = sqrt(BW × T / (2 × P)) = sqrt(${sci(bw)} B/s × ${sig3(l.targetS)} s / (2 B × ${sci(r.params)})) = sqrt(${sig3(l.chapter.radicand)}) = ${sig3(l.chapter.bOpt)}`,
      `    units: dimensionless only with P a parameter count and 2 the bytes of an fp16 weight, so the radicand is how many times the fp16 weights can be read within the budget (with the stored ${formatBytesIEC(r.weightsBytes)}: ${sig3(l.chapter.bOptStoredBytes)})`,
      `  ${boptComparison(r, l)}`,
    );
  }
  if (r.powerW !== null)
    out.push("", `Energy per token = ${sig3(r.powerW)} W (the device's typical power) × step / batch.`);
  return out.join("\n");
}

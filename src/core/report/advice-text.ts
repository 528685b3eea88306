import type { Advice } from "../advisor/advise.js";
import type { Summary } from "../advisor/summary.js";
import { formatBytesIEC, formatPercent, formatSeconds, sig3 } from "../units/format.js";
import { renderTable } from "./table.js";

const signedBytes = (b: number) => (b === 0 ? "0" : `${b > 0 ? "+" : "−"}${formatBytesIEC(Math.abs(b))}`);

function summaryLine(s: Summary): string {
  const energy = s.energyPerTokenJ === null ? "" : `, ${sig3(s.energyPerTokenJ)} J/token`;
  return `TTFT ${formatSeconds(s.ttftEstimateS)}, ${formatSeconds(s.decodeLatencyEstimateS)}/token (${sig3(s.tokensPerSEstimate)} tokens/s), request ${formatSeconds(s.requestEstimateS)}, memory ${formatBytesIEC(s.memoryBytes)}${s.fits === false ? " (does not fit)" : ""}${energy}`;
}

export function adviceText(a: Advice): string {
  const out: string[] = [
    `Advice for ${a.model} on ${a.device} (request = prefill + ${a.generate} generated tokens; estimates)`,
    "",
  ];
  out.push(`Now: ${summaryLine(a.baseline)}`);
  for (const w of a.wholeModel) {
    out.push(
      `  ${w.phase}: I = ${w.intensity === null ? "-" : sig3(w.intensity)} FLOP/B vs ridge ${w.ridge === null ? "unknown" : sig3(w.ridge)} → ${w.boundClass}: ${w.strategy}`,
    );
  }
  out.push("", "Op classes (share of estimated time, class by I / I_ridge):");
  out.push(
    renderTable(
      [
        { header: "phase" },
        { header: "op" },
        { header: "time", align: "right" },
        { header: "I FLOP/B", align: "right" },
        { header: "class" },
      ],
      a.opClasses
        .filter((o) => o.timeShare >= 0.005)
        .sort((x, y) => (x.phase === y.phase ? y.timeShare - x.timeShare : x.phase < y.phase ? 1 : -1))
        .map((o) => [
          o.phase,
          o.kind,
          formatPercent(o.timeShare),
          o.intensity === null ? "-" : sig3(o.intensity),
          o.boundClass,
        ]),
    ),
  );
  out.push("", "Recommendations, by predicted gain (each one a re-analysis with the change applied):", "");
  a.recommendations.forEach((r, i) => {
    const gain = r.gainKind === "latency" ? `${sig3(r.gain)}× faster request` : `${sig3(r.gain)}× throughput`;
    out.push(`${i + 1}. [${r.code}] ${r.title}: ${gain}`);
    out.push(`   before: ${summaryLine(r.before)}`);
    out.push(`   after:  ${summaryLine(r.after)}`);
    out.push(
      `   cost:   accuracy risk ${r.cost.accuracyRisk}; memory ${signedBytes(r.cost.memoryDeltaBytes)}; FLOPs ${r.cost.flopsDelta >= 0 ? "+" : ""}${formatPercent(r.cost.flopsDelta)}; ${r.cost.note}`,
    );
    out.push(`   why:    ${r.why}`);
    if (r.chapterSays) out.push(`   chapter: ${r.chapterSays}`);
  });
  if (a.doesNotFit.length) {
    out.push("", "Would not fit in memory (not ranked; closest to fitting first):");
    for (const r of a.doesNotFit)
      out.push(
        `  [${r.code}] ${r.title}: needs ${formatBytesIEC(r.after.memoryBytes)} (${summaryLine(r.after)})`,
      );
  }
  if (a.notApplicable.length) {
    out.push("", "Not applicable here:");
    for (const n of a.notApplicable) out.push(`  [${n.code}] ${n.reason}`);
  }
  return out.join("\n");
}

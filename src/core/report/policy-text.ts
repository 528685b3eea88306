/** Text view of the adaptive-policy simulation (`ridgeline policy`). */
import type { PolicyResult, PolicyRun, StepConfig } from "../advisor/policy.js";
import { formatPercent, formatSeconds, sig3 } from "../units/format.js";
import { renderTable } from "./table.js";
import { defaultSteps } from "./timeline-text.js";

export const configLabel = (c: StepConfig) =>
  `${c.kv}${c.attention === "flash" ? "+flash" : ""}${c.keep < 1 ? ` keep ${Math.round(c.keep * 100)}%` : ""}`;

/** Steps shown by default: the timeline's 1, 2, 5, 10, … plus every switch step and the step before it. */
export function policySteps(r: PolicyResult): number[] {
  const s = new Set(defaultSteps(r.generate));
  for (const run of r.runs)
    for (const w of run.switches)
      for (const t of [w.token - 1, w.token]) if (t >= 1 && t <= r.generate) s.add(t);
  return [...s].sort((a, b) => a - b);
}

export function policyText(r: PolicyResult, at: readonly number[] = policySteps(r)): string {
  const st = r.settings;
  const [fixed, chapter, roofline] = r.runs as [PolicyRun, PolicyRun, PolicyRun];
  const out = [
    `Adaptive policies for ${r.model} on ${r.device}: prompt ${r.promptTokens}, generate ${r.generate}, batch ${r.batch}, KV cache ${st.kvBase}`,
    `  fixed:    the workload as given, every step`,
    `  chapter:  2.3.4's stages: t < ${st.chapterSteps[0]} standard precision; ${st.chapterSteps[0]} ≤ t ≤ ${st.chapterSteps[1]} KV cache ${st.kvLow}; t > ${st.chapterSteps[1]} sparse attention, modelled as KV eviction keeping ${formatPercent(st.sparseKeep)}`,
    st.kvShareThreshold === null
      ? `  roofline: fused attention where predicted faster; no KV switch (${st.kvLow} is not smaller than ${st.kvBase})`
      : `  roofline: fused attention where predicted faster; KV cache → ${st.kvLow} when its share of a memory-bound step's bytes reaches θ = g / (1 − r) = ${formatPercent(st.minGain)} / (1 − ${sig3(st.kvBitsRatio)}) = ${formatPercent(st.kvShareThreshold)} and the re-quantization pays back before the end (on a memory-bound step it pays back in (1 + r)/(1 − r) = ${sig3(st.paybackStepsIfMemoryBound ?? 0)} steps of full saving)`,
    `  A KV precision switch costs one read of the cache at the old precision and one write at the new; eviction costs nothing; prefill (${formatSeconds(r.ttftEstimateS)}) is the same in all three.`,
    `  Estimates use achievable efficiencies: ${r.efficiency}.`,
    "",
  ];
  const showEnergy = r.powerW !== null;
  out.push(
    renderTable(
      [
        { header: "policy" },
        { header: "total est.", align: "right" },
        { header: "total bound", align: "right" },
        { header: "decode", align: "right" },
        { header: "switch cost", align: "right" },
        { header: "gain", align: "right" },
        { header: "switches at t" },
        ...(showEnergy
          ? [
              { header: "J/request", align: "right" as const },
              { header: "J/token", align: "right" as const },
            ]
          : []),
      ],
      r.runs.map((p) => [
        p.name,
        formatSeconds(p.totalEstimateS),
        formatSeconds(p.totalBoundS),
        formatSeconds(p.decodeEstimateS),
        p.switchCostEstimateS === 0 ? "-" : formatSeconds(p.switchCostEstimateS),
        `${sig3(p.gain)}×`,
        p.switches.length ? p.switches.map((s) => `${s.token} (${s.kind})`).join(", ") : "-",
        ...(showEnergy ? [sig3(p.energyPerRequestJ ?? 0), sig3(p.energyPerTokenJ ?? 0)] : []),
      ]),
    ),
    "",
  );
  for (const p of [chapter, roofline]) {
    out.push(`${p.name}:${p.switches.length ? "" : " no switch"}`);
    for (const s of p.switches) {
      out.push(
        `  t = ${s.token}: ${s.kind} ${s.from} → ${s.to}; step ${formatSeconds(s.stepBeforeS)} → ${formatSeconds(s.stepAfterS)}${s.costEstimateS > 0 ? `; one-off cost ${formatSeconds(s.costEstimateS)} (${s.cacheEntries} entries read and rewritten)` : ""}`,
        `    why: ${s.why}`,
      );
    }
    out.push(`  accuracy: ${p.accuracy}`);
  }
  out.push("", "Step by step (estimates; step time includes a switch's one-off cost where one happens):");
  const rows = at
    .filter((t) => t >= 1 && t <= r.generate)
    .map((t) => {
      const f = fixed.steps.step(t)!;
      const c = chapter.steps.step(t)!;
      const o = roofline.steps.step(t)!;
      const step = (s: typeof f) => formatSeconds(s.latencyEstimateS + s.switchCostS);
      return [
        String(t),
        t === 1 ? "prefill" : "decode",
        String(f.keys),
        step(f),
        t === 1 ? "-" : configLabel(c.config),
        String(c.keys),
        step(c),
        t === 1 ? "-" : configLabel(o.config),
        step(o),
        t === 1 ? "-" : formatPercent(o.kvShare),
        formatSeconds(f.cumulativeEstimateS),
        formatSeconds(c.cumulativeEstimateS),
        formatSeconds(o.cumulativeEstimateS),
      ];
    });
  out.push(
    renderTable(
      [
        { header: "t", align: "right" },
        { header: "pass" },
        { header: "KV len", align: "right" },
        { header: "fixed", align: "right" },
        { header: "chapter cfg" },
        { header: "KV len", align: "right" },
        { header: "chapter", align: "right" },
        { header: "roofline cfg" },
        { header: "roofline", align: "right" },
        { header: "KV share", align: "right" },
        { header: "Σ fixed", align: "right" },
        { header: "Σ chapter", align: "right" },
        { header: "Σ roofline", align: "right" },
      ],
      rows,
    ),
  );
  if (showEnergy)
    out.push(
      "",
      `Energy = ${sig3(r.powerW ?? 0)} W (the device's typical power) × time; per token over the ${r.generate} × ${r.batch} generated tokens.`,
    );
  return out.join("\n");
}

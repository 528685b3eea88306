/**
 * The verdict at the top of the summary: does it fit (and by how much not), how fast
 * (the estimate, with the roofline bound as its ceiling), and every warning of the
 * analysis beside them, in the page's language.
 */
import type { JSX } from "preact";
import type { Analysis, Diagnostic } from "../../../src/core/index.js";
import { fmtBytes, fmtNumber, fmtTime } from "../format.js";
import { coreText } from "../i18n/core-text.js";
import { hasKey, type T } from "../i18n/index.js";
import type { Lang } from "../state/state.js";
import { Num } from "./panel.js";

/**
 * "fits in 24 GiB" / "does not fit in 8 GiB: 122 GiB over" (the memory metric's line). A miss is
 * told against the unit that misses, as llama.cpp would: its usable memory (a Mac's GPU may hold
 * two thirds of its RAM) and its buffers beyond it.
 */
export function fitText(a: Analysis, t: T): string {
  const cap = a.memory.capacityBytes;
  if (cap === null) return t("summary.capUnknown");
  if (a.memory.fits !== false) return t("summary.fits", { cap: fmtBytes(cap) });
  const unit = a.memory.plan.units.find((u) => u.fits === false);
  const usable = unit?.usableBytes ?? cap;
  const over = (unit?.bytes ?? a.memory.totalBytes) - usable;
  return t("summary.noFitBy", { cap: fmtBytes(usable), over: fmtBytes(over) });
}

/** A diagnostic of the library's: its translated heading and its message, translated when the dictionary has it. */
export function DiagnosticLine({ d, t, lang }: { d: Diagnostic; t: T; lang: Lang }): JSX.Element {
  const key = `diag.${d.code}`;
  const msg = coreText(d.message, lang);
  return (
    <>
      <strong>{hasKey(key) ? t(key) : d.code}</strong>{" "}
      <span lang={msg.lang === "zh" ? "zh-CN" : "en"}>{msg.text}</span>
    </>
  );
}

export function Verdict({ a, t, lang }: { a: Analysis; t: T; lang: Lang }): JSX.Element {
  const m = a.memory;
  const cap = m.capacityBytes;
  const dec = a.decode;
  const pre = a.prefill;
  const state = m.fits === null ? "unknown" : m.fits ? "fits" : "nofit";
  const warnings = a.diagnostics.filter((d) => d.severity !== "info");
  const need = fmtBytes(m.totalBytes);
  return (
    <div class={`verdict ${state}`} data-testid="verdict" data-fits={String(m.fits)}>
      <p class="verdict-fit" data-testid="verdict-fit">
        <span class="verdict-mark" aria-hidden="true">
          {state === "fits" ? "✓" : state === "nofit" ? "✗" : "?"}
        </span>{" "}
        <strong>
          {state === "fits"
            ? t("verdict.fits")
            : state === "nofit"
              ? t("verdict.noFit")
              : t("verdict.capUnknown")}
        </strong>{" "}
        {cap === null
          ? t("verdict.needs", { need })
          : m.fits
            ? t("verdict.fitsDetail", { need, cap: fmtBytes(cap), free: fmtBytes(cap - m.totalBytes) })
            : t("verdict.noFitDetail", { need, cap: fmtBytes(cap), over: fmtBytes(m.totalBytes - cap) })}
      </p>
      <p class="verdict-speed" data-testid="verdict-speed">
        {dec ? (
          <>
            <strong>
              <Num
                id="verdict-tps"
                value={dec.tokensPerSEstimate}
                text={t("verdict.tps", { tps: fmtNumber(dec.tokensPerSEstimate) })}
              />
            </strong>{" "}
            {dec.likely?.low != null && dec.likely.high != null && !dec.lowerBound ? (
              <span data-testid="verdict-likely" title={dec.likely.basis}>
                {t("verdict.likely", {
                  low: fmtNumber(dec.likely.low),
                  high: fmtNumber(dec.likely.high),
                })}{" "}
              </span>
            ) : null}
            {t("verdict.tpsRange", { bound: fmtNumber(dec.tokensPerSBound) })}
          </>
        ) : null}
        {dec && pre ? " · " : null}
        {pre ? (
          <>
            {t("verdict.ttft")}{" "}
            <strong>
              <Num id="verdict-ttft" value={pre.latencyEstimateS} text={fmtTime(pre.latencyEstimateS)} />
            </strong>{" "}
            {t("verdict.ttftRange", { bound: fmtTime(pre.latencyBoundS) })}
          </>
        ) : null}
      </p>
      {warnings.length > 0 ? (
        <ul class="summary-diags" data-testid="summary-diagnostics" aria-label={t("summary.diagnostics")}>
          {warnings.map((d, i) => (
            <li key={i} class="msg warn" data-code={d.code}>
              <DiagnosticLine d={d} t={t} lang={lang} />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

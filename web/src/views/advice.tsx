/**
 * The advisor's recommendations for the primary device (computed in the worker), memory
 * first: when the model does not fit, the changes that make it fit come first, marked so;
 * a change after which it does not fit is listed apart with what it needs, never ranked.
 * The library's sentences are shown in the page's language (core-text.ts).
 */

import type { JSX } from "preact";
import { useMemo } from "preact/hooks";
import type { Advice, FitChange, MakeItFit, Recommendation } from "../../../src/core/index.js";
import { fmtBytes, fmtGain, fmtNumber, fmtTime } from "../format.js";
import { coreText } from "../i18n/core-text.js";
import type { T } from "../i18n/index.js";
import type { Results } from "../state/compute.js";
import type { Lang } from "../state/state.js";
import type { Slow } from "../workers/use-slow-results.js";
import { MakeItFitList } from "./make-it-fit.js";
import { Panel } from "./panel.js";

/** A sentence of the library's, in the page's language where the dictionary has it. */
function Core({ text, lang }: { text: string; lang: Lang }): JSX.Element {
  const c = coreText(text, lang);
  return <span lang={c.lang === "zh" ? "zh-CN" : "en"}>{c.text}</span>;
}

/** "13.2 GiB of 16.0 GiB" with its fit mark. */
function MemoryCell({
  bytes,
  fits,
  cap,
  t,
}: {
  bytes: number;
  fits: boolean | null;
  cap: number | null;
  t: T;
}) {
  return (
    <td class={`num${fits === false ? " bad" : ""}`}>
      {fmtBytes(bytes)}
      {cap !== null ? (
        <small>
          {" "}
          {fits
            ? t("advice.fitsIn", { cap: fmtBytes(cap) })
            : t("advice.over", { over: fmtBytes(bytes - cap) })}
        </small>
      ) : null}
    </td>
  );
}

function RecCard({
  r,
  t,
  lang,
  cap,
}: {
  r: Recommendation;
  t: T;
  lang: Lang;
  cap: number | null;
}): JSX.Element {
  const b = r.before;
  const a = r.after;
  const makesFit = b.fits === false && a.fits === true;
  const rows: [string, number, number, (v: number) => string][] = [
    [t("advice.request"), b.requestEstimateS, a.requestEstimateS, fmtTime],
    [t("advice.ttft"), b.ttftEstimateS, a.ttftEstimateS, fmtTime],
    [t("advice.decode"), b.decodeLatencyEstimateS, a.decodeLatencyEstimateS, fmtTime],
    [t("advice.tps"), b.tokensPerSEstimate, a.tokensPerSEstimate, fmtNumber],
  ];
  return (
    <li
      class={`rec${a.fits === false ? " nofit" : ""}`}
      data-testid="recommendation"
      data-code={r.code}
      data-gain={r.gain}
      data-fits={String(a.fits)}
      data-makes-fit={String(makesFit)}
    >
      <div class="rec-head">
        <span class="badge">{t(`code.${r.code}`)}</span>
        {makesFit ? <span class="badge good">{t("advice.makesFit")}</span> : null}
        <span class="rec-title">
          <Core text={r.title} lang={lang} />
        </span>
        <span class={`gain${r.gain >= 1 ? " good" : " bad"}`}>
          {fmtGain(r.gain)} <small>{t(`advice.gain.${r.gainKind}`)}</small>
        </span>
      </div>
      <table class="beforeafter">
        <thead>
          <tr>
            <th scope="col">{t("advice.metric")}</th>
            <th scope="col">{t("advice.before")}</th>
            <th scope="col">{t("advice.after")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, x, y, f]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td class="num">{f(x)}</td>
              <td class="num">{f(y)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">{t("advice.memory")}</th>
            <MemoryCell bytes={b.memoryBytes} fits={b.fits} cap={cap} t={t} />
            <MemoryCell bytes={a.memoryBytes} fits={a.fits} cap={cap} t={t} />
          </tr>
        </tbody>
      </table>
      <p class="rec-cost">
        <strong>{t("advice.cost")}:</strong> {t("advice.risk", { risk: t(`risk.${r.cost.accuracyRisk}`) })} ·{" "}
        <Core text={r.cost.note} lang={lang} />
      </p>
      <p class="rec-why">
        <strong>{t("advice.why")}:</strong> <Core text={r.why} lang={lang} />
      </p>
      {r.chapterSays ? (
        <p class="rec-chapter">
          <strong>{t("advice.chapter")}:</strong> <Core text={r.chapterSays} lang={lang} />
        </p>
      ) : null}
    </li>
  );
}

/** The placement the advice is for (a host beside the GPU), and how to apply a "make it fit" change. */
export interface Placed {
  readonly host: string;
  readonly flags: string;
  readonly onFit: (c: FitChange) => void;
}

export function AdviceView(p: {
  results: Results;
  slow: Slow;
  t: T;
  lang: Lang;
  placed: Placed | null;
}): JSX.Element {
  const { results, slow, t, lang, placed } = p;
  const adv = slow.data?.advice;
  const mif = slow.data?.makeItFit ?? null;
  const primary = results.perDevice[0];
  const deviceName = primary?.device.name ?? "";
  // With a placement, memory is the sum over the units, each checked on its own: no one capacity.
  const cap = placed ? null : (primary?.analysis.memory.capacityBytes ?? null);
  const generate = results.generate;
  // The list changes only when new advice arrives: the same vnode is returned otherwise, and Preact skips it.
  const body = useMemo(
    () =>
      !adv ? (
        <p role="status">{slow.error ? t("advice.error", { message: slow.error }) : t("status.computing")}</p>
      ) : "error" in adv ? (
        <p class="msg warn">{t("advice.error", { message: adv.error })}</p>
      ) : (
        <AdviceBody
          adv={adv}
          deviceName={deviceName}
          generate={generate}
          cap={cap}
          t={t}
          lang={lang}
          placed={placed}
          mif={mif && !("error" in mif) ? mif : null}
        />
      ),
    [adv, slow.error, deviceName, generate, cap, t, lang, placed, mif],
  );
  return (
    <Panel id="advice" title={t("advice.heading")} busy={slow.pending}>
      {body}
    </Panel>
  );
}

function AdviceBody(p: {
  adv: Advice;
  deviceName: string;
  generate: number;
  cap: number | null;
  t: T;
  lang: Lang;
  placed: Placed | null;
  mif: MakeItFit | null;
}): JSX.Element {
  const { adv, t, lang, cap, placed } = p;
  const noFit = adv.baseline.fits === false;
  const options = p.mif?.options ?? [];
  return (
    <>
      <p class="hint">{t("advice.for", { device: p.deviceName, n: p.generate })}</p>
      {placed ? (
        <p class="hint">
          {t("advice.placedFor", { device: p.deviceName, host: placed.host, flags: placed.flags })}
        </p>
      ) : null}
      {noFit && placed ? (
        <p class="msg warn" data-testid="advice-nofit">
          {options.length > 0 || adv.recommendations.length > 0
            ? t("advice.placedNoFit")
            : t("advice.placedNoFitNone")}
        </p>
      ) : null}
      {noFit && placed && options.length > 0 ? (
        <MakeItFitList options={options} t={t} onFit={placed.onFit} />
      ) : null}
      {noFit && !placed ? (
        <p class="msg warn" data-testid="advice-nofit">
          {adv.recommendations.length > 0
            ? t("advice.noFitFirst", { need: fmtBytes(adv.baseline.memoryBytes), cap: fmtBytes(cap ?? 0) })
            : t("advice.noFitNone", { need: fmtBytes(adv.baseline.memoryBytes), cap: fmtBytes(cap ?? 0) })}
        </p>
      ) : null}
      {adv.recommendations.length === 0 && !noFit ? <p>{t("advice.none")}</p> : null}
      <ol class="recs">
        {adv.recommendations.map((r, i) => (
          <RecCard key={`${r.code}-${i}`} r={r} t={t} lang={lang} cap={cap} />
        ))}
      </ol>
      {adv.doesNotFit.length > 0 ? (
        <div class="nofit-list" data-testid="advice-does-not-fit">
          <h3>{t("advice.doesNotFit", { n: adv.doesNotFit.length })}</h3>
          <ul>
            {adv.doesNotFit.map((r, i) => (
              <li key={i} data-testid="nofit-change" data-code={r.code} data-memory={r.after.memoryBytes}>
                <strong>{t(`code.${r.code}`)}</strong>: <Core text={r.title} lang={lang} /> —{" "}
                <span class="bad">
                  {cap === null
                    ? t("advice.needs", { need: fmtBytes(r.after.memoryBytes) })
                    : t("advice.needsOf", {
                        need: fmtBytes(r.after.memoryBytes),
                        cap: fmtBytes(cap),
                        over: fmtBytes(r.after.memoryBytes - cap),
                      })}
                </span>
                {r.gain > 1 ? (
                  <span class="hint">
                    {" "}
                    · {t("advice.wouldGain", { gain: fmtGain(r.gain), kind: t(`advice.gain.${r.gainKind}`) })}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {adv.notApplicable.length > 0 ? (
        <details>
          <summary>
            {t("advice.notApplicable")} ({adv.notApplicable.length})
          </summary>
          <ul>
            {adv.notApplicable.map((n, i) => (
              <li key={i}>
                <strong>{t(`code.${n.code}`)}</strong>: <Core text={n.reason} lang={lang} />
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

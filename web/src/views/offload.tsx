/**
 * The model placed on host + GPU (issue 17): `analyzeOffload` for the primary GPU and the host
 * the controls describe — the same call as `ridgeline analyze --host … --gpu-layers …` —
 * with its tokens/s, what bounds each pass, and each unit's memory as llama.cpp allocates it
 * (every buffer under the engine's log name).
 */
import type { JSX } from "preact";
import { useMemo } from "preact/hooks";
import { analyzeOffload, type OffloadAnalysis, type OffloadPhase } from "../../../src/core/index.js";
import { fmtBytes, fmtNumber, fmtPercent, fmtTime } from "../format.js";
import { coreText } from "../i18n/core-text.js";
import type { T } from "../i18n/index.js";
import type { Results } from "../state/compute.js";
import type { OffloadSetup } from "../state/placement.js";
import type { Lang } from "../state/state.js";
import { Num, Panel } from "./panel.js";

/** The placement's analysis, or the library's message when it refuses the inputs. */
export function useOffload(results: Results, setup: OffloadSetup): OffloadAnalysis | string | null {
  return useMemo(() => {
    if (setup.kind !== "on") return null;
    try {
      return analyzeOffload({
        model: results.model.spec,
        system: setup.system,
        workload: results.workload,
        placement: setup.placement,
        ...(results.model.weights ? { weights: results.model.weights } : {}),
      });
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }, [results, setup]);
}

const PARTS = ["gpu", "host", "link", "storage"] as const;

function PhaseRow({ ph, t }: { ph: OffloadPhase; t: T }): JSX.Element {
  const top = PARTS.reduce((a, b) => (ph.shares[b] > ph.shares[a] ? b : a));
  return (
    <tr data-testid={`offload-${ph.phase}`}>
      <th scope="row">{t(`offload.phase.${ph.phase}`)}</th>
      <td class="num">
        <Num
          id={`offload-${ph.phase}-tps`}
          value={ph.tokensPerS}
          text={t("offload.tps", { tps: fmtNumber(ph.tokensPerS) })}
        />
      </td>
      <td class="num">{t("offload.latency", { latency: fmtTime(ph.latencyS) })}</td>
      <td data-testid={`offload-${ph.phase}-bottleneck`} data-part={top}>
        {t("offload.bottleneck", { part: t(`offload.part.${top}`), share: fmtPercent(ph.shares[top]) })}
      </td>
    </tr>
  );
}

function OffloadBody({ a, t, lang }: { a: OffloadAnalysis; t: T; lang: Lang }): JSX.Element {
  const link = a.system.link;
  const fitsKey =
    a.fits === true ? "offload.fits" : a.fits === false ? "offload.noFit" : "offload.fitUnknown";
  return (
    <>
      <p class="hint">
        {t("offload.on", {
          model: a.model.id,
          gpu: a.system.gpu ?? "",
          host: a.system.host ?? "",
          link: link === "unified" ? t("placement.linkUnified") : (link?.name ?? ""),
        })}
      </p>
      <p>
        {t("offload.flags")} <code data-testid="offload-flags">{a.placement.flags}</code>
      </p>
      <p
        class={`msg ${a.fits === false ? "warn" : "ok"}`}
        data-testid="offload-fits"
        data-value={String(a.fits)}
      >
        {t(fitsKey)}
      </p>
      <table class="data">
        <tbody>
          {a.prefill ? <PhaseRow ph={a.prefill} t={t} /> : null}
          {a.decode ? <PhaseRow ph={a.decode} t={t} /> : null}
        </tbody>
      </table>
      <table class="data" data-testid="offload-memory">
        <caption>{t("offload.tableCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("offload.col.unit")}</th>
            <th scope="col">{t("offload.col.weights")}</th>
            <th scope="col">{t("offload.col.kv")}</th>
            <th scope="col">{t("offload.col.compute")}</th>
            <th scope="col">{t("offload.col.total")}</th>
            <th scope="col">{t("offload.col.usable")}</th>
            <th scope="col">{t("offload.col.fits")}</th>
          </tr>
        </thead>
        <tbody>
          {a.memory.units.map((u) => (
            <tr key={u.role} data-testid="offload-unit" data-role={u.role} data-fits={String(u.fits)}>
              <th scope="row">
                {t(`offload.unit.${u.role}`)} <small>{u.deviceId}</small>
              </th>
              <td class="num">{fmtBytes(u.weightsBytes)}</td>
              <td class="num">{fmtBytes(u.kvCacheBytes)}</td>
              <td class="num">{fmtBytes(u.computeBytes)}</td>
              <td class="num">
                <Num id={`offload-${u.role}-total`} value={u.totalBytes} text={fmtBytes(u.totalBytes)} />
              </td>
              <td class="num">
                {u.capacityBytes === null ? t("offload.unknown") : fmtBytes(u.capacityBytes)}
              </td>
              <td class={u.fits === false ? "bad" : u.fits ? "good" : ""}>
                {t(
                  u.fits === null ? "offload.fits.unknown" : u.fits ? "offload.fits.yes" : "offload.fits.no",
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <details>
        <summary>{t("offload.buffers")}</summary>
        <ul data-testid="offload-buffers">
          {a.memory.plan.units.flatMap((u) =>
            u.buffers.map((b) => (
              <li key={`${u.unit}-${b.name}`} data-unit={u.unit} data-bytes={b.residentBytes}>
                {t("offload.buffer", { unit: t(`offload.unit.${u.unit}`), name: b.name })}:{" "}
                <strong>{fmtBytes(b.residentBytes)}</strong>
              </li>
            )),
          )}
        </ul>
      </details>
      {a.memory.shared ? <p class="hint">{t("offload.shared")}</p> : null}
      {a.memory.streamedBytes > 0 ? (
        <p class="hint">
          {t("offload.streamed", {
            bytes: fmtBytes(a.memory.streamedBytes),
            drive: a.system.storage?.name ?? "",
          })}
        </p>
      ) : null}
      {a.diagnostics.length > 0 ? (
        <ul class="diagnostics" data-testid="offload-diagnostics">
          {a.diagnostics.map((d) => {
            const c = coreText(d, lang);
            return (
              <li key={d} lang={c.lang === "zh" ? "zh-CN" : "en"}>
                {c.text}
              </li>
            );
          })}
        </ul>
      ) : null}
    </>
  );
}

export function OffloadView(p: {
  results: Results;
  setup: OffloadSetup;
  offload: OffloadAnalysis | string | null;
  t: T;
  lang: Lang;
}): JSX.Element {
  const { t, setup, offload } = p;
  return (
    <Panel id="offload" title={t("offload.heading")}>
      {setup.kind === "off" ? (
        <p class="hint">{t("offload.off")}</p>
      ) : setup.kind === "no-gpu" ? (
        <p class="hint">{t("offload.noGpu", { device: setup.device })}</p>
      ) : setup.kind === "invalid" ? (
        <p class="msg warn">{t("offload.invalid")}</p>
      ) : typeof offload === "string" ? (
        <p class="msg warn">{coreText(offload, p.lang).text}</p>
      ) : offload ? (
        <OffloadBody a={offload} t={t} lang={p.lang} />
      ) : null}
    </Panel>
  );
}

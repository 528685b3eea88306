/**
 * What the summary says of the estimate's calibration: a calibration of the user's own
 * (which file, what it fitted, its error, the estimate without it), and the likely range
 * of an estimate made with the built-in calibration (the class's cross-validated spread).
 */
import type { JSX } from "preact";
import type { PhaseAnalysis } from "../../../src/core/index.js";
import { fmtNumber, fmtTime } from "../format.js";
import type { MessageKey, T } from "../i18n/index.js";
import { fmtMape } from "../state/calibration.js";
import type { Results } from "../state/compute.js";
import { Num } from "./panel.js";

/** The likely tokens/s of a pass ("likely 33–42"), when the core gives one. */
export function likelyTps(p: PhaseAnalysis): { low: number; high: number; basis: string } | null {
  const l = p.likely;
  return l && l.low !== null && l.high !== null && !p.lowerBound
    ? { low: l.low, high: l.high, basis: l.basis }
    : null;
}

/**
 * The likely range of a pass, as tokens/s (decode) or as a time (prefill: the time range is the
 * estimate's time scaled by estimate / likely tokens/s, the same spread read the other way).
 */
export function LikelyRange(p: {
  pass: PhaseAnalysis;
  as: "tps" | "time";
  id: string;
  t: T;
  /** Text after the range (a separator), shown only with it. */
  after?: string;
}): JSX.Element | null {
  const r = likelyTps(p.pass);
  if (!r) return null;
  const est = p.pass.tokensPerSEstimate;
  const [low, high] =
    p.as === "tps"
      ? [fmtNumber(r.low), fmtNumber(r.high)]
      : [fmtTime((p.pass.latencyEstimateS * est) / r.high), fmtTime((p.pass.latencyEstimateS * est) / r.low)];
  return (
    <>
      <span data-testid={p.id} data-low={String(r.low)} data-high={String(r.high)} title={r.basis}>
        {p.t("summary.likely", { low, high })}
      </span>
      {p.after ?? null}
    </>
  );
}

/** The summary's line on the user's calibration, when one is loaded. */
export function CalibrationNote({ results, t }: { results: Results; t: T }): JSX.Element | null {
  const cal = results.calibration;
  if (!cal) return null;
  const c = cal.calibration;
  const primary = results.perDevice[0];
  if (!primary || primary.device.id !== c.device.id || !primary.uncalibrated)
    return (
      <p class="hint" data-testid="summary-calibration" data-applied="false">
        {t("summary.calNotPrimary", { file: cal.file, device: c.device.name })}
      </p>
    );
  const before = primary.uncalibrated;
  const what: string[] = [];
  if (before.decode)
    what.push(t("summary.calWithoutTps", { tps: fmtNumber(before.decode.tokensPerSEstimate) }));
  if (before.prefill)
    what.push(t("summary.calWithoutTtft", { ttft: fmtTime(before.prefill.latencyEstimateS) }));
  const params = c.fitted.map((k) => t(`cal.param.${k}` as MessageKey)).join(", ") || t("summary.calNothing");
  return (
    <p class="hint" data-testid="summary-calibration" data-applied="true">
      {t("summary.calApplied", {
        file: cal.file,
        n: c.rows.length,
        date: c.fittedOn,
        params,
        before: fmtMape(c.before.mape),
        after: fmtMape(c.after.mape),
      })}{" "}
      {what.length > 0 ? (
        <Num
          id="summary-uncalibrated-tps"
          value={before.decode?.tokensPerSEstimate ?? null}
          text={t("summary.calWithout", { what: what.join(", ") })}
        />
      ) : null}{" "}
      {t("summary.likelyNone")}
    </p>
  );
}

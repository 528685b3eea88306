/**
 * "What fits" (computed in the worker): the largest context and batch that fit the primary
 * device's memory, and which of `ridgeline fit`'s precisions fit at the chosen context and
 * batch, the best of them first, each one click away.
 */
import type { JSX } from "preact";
import { useMemo } from "preact/hooks";
import type { FitLimits } from "../../../src/core/index.js";
import { fmtBytes, fmtTokens } from "../format.js";
import type { T } from "../i18n/index.js";
import type { Results } from "../state/compute.js";
import type { Slow } from "../workers/use-slow-results.js";
import { Panel } from "./panel.js";

export function FitsView(p: {
  results: Results;
  slow: Slow;
  t: T;
  /** Set the weight format (null for a GGUF file's weights: its format is the file's). */
  onWeights: ((format: string) => void) | null;
}): JSX.Element {
  const { t } = p;
  const fits = p.slow.data?.fits;
  const device = p.results.perDevice[0]?.device.name ?? "";
  const body = useMemo(
    () =>
      !fits ? (
        <p role="status">
          {p.slow.error ? t("advice.error", { message: p.slow.error }) : t("status.computing")}
        </p>
      ) : "error" in fits ? (
        <p class="msg warn">{t("advice.error", { message: fits.error })}</p>
      ) : (
        <FitsBody f={fits} device={device} t={t} onWeights={p.onWeights} />
      ),
    [fits, p.slow.error, device, t, p.onWeights],
  );
  return (
    <Panel id="fits" title={t("fits.heading")} busy={p.slow.pending}>
      {body}
    </Panel>
  );
}

function FitsBody({
  f,
  device,
  t,
  onWeights,
}: {
  f: FitLimits;
  device: string;
  t: T;
  onWeights: ((format: string) => void) | null;
}): JSX.Element {
  if (f.capacityBytes === null) return <p class="hint">{t("fits.capUnknown", { device })}</p>;
  const cap = fmtBytes(f.capacityBytes);
  const at = { ctx: fmtTokens(f.contextTokens), batch: f.batch };
  return (
    <>
      <p class="hint">{t("fits.intro", { device, cap })}</p>
      <dl class="fits" data-testid="fits">
        <div>
          <dt>{t("fits.context")}</dt>
          <dd data-testid="fits-context" data-value={String(f.maxContext)}>
            {f.maxContext === null ? (
              <span class="bad">{t("fits.none")}</span>
            ) : (
              <>
                <strong>{t("fits.tokens", { n: fmtTokens(f.maxContext) })}</strong>{" "}
                {t("fits.atBatch", { batch: f.batch })}
                {f.maxContext > f.modelMaxContext ? (
                  <span class="hint"> · {t("fits.modelMax", { n: fmtTokens(f.modelMaxContext) })}</span>
                ) : null}
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>{t("fits.batch")}</dt>
          <dd data-testid="fits-batch" data-value={String(f.maxBatch)}>
            {f.maxBatch === null ? (
              <span class="bad">{t("fits.none")}</span>
            ) : (
              <>
                <strong>{f.maxBatch}</strong> {t("fits.atContext", { ctx: at.ctx })}
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>{t("fits.precision")}</dt>
          <dd data-testid="fits-precision" data-value={String(f.bestPrecision)}>
            {f.precisions.length === 0 ? (
              t("fits.gguf")
            ) : f.bestPrecision === null ? (
              <span class="bad">{t("fits.nonePrecision", at)}</span>
            ) : (
              <>
                <strong>{f.bestPrecision}</strong> {t("fits.atBoth", at)}
              </>
            )}
          </dd>
        </div>
      </dl>
      {f.precisions.length > 0 ? (
        <table class="fits-table" data-testid="fits-table">
          <caption>{t("fits.tableCaption", at)}</caption>
          <thead>
            <tr>
              <th scope="col">{t("fits.col.format")}</th>
              <th scope="col">{t("fits.col.memory")}</th>
              <th scope="col">{t("fits.col.fits")}</th>
              {onWeights ? <th scope="col">{t("fits.col.use")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {f.precisions.map((r) => (
              <tr
                key={r.precision}
                data-testid="fits-row"
                data-format={r.precision}
                data-fits={String(r.fits)}
              >
                <th scope="row">{r.precision}</th>
                <td class="num">{fmtBytes(r.memoryBytes)}</td>
                <td class={r.fits ? "good" : "bad"}>
                  <span aria-hidden="true">{r.fits ? "✓ " : "✗ "}</span>
                  {r.fits
                    ? t("fits.yes")
                    : t("fits.over", { over: fmtBytes(r.memoryBytes - (f.capacityBytes ?? 0)) })}
                </td>
                {onWeights ? (
                  <td>
                    <button
                      type="button"
                      class="small"
                      data-testid={`fits-use-${r.precision}`}
                      aria-label={t("fits.useAria", { format: r.precision })}
                      onClick={() => onWeights(r.precision)}
                    >
                      {t("fits.use")}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p class="hint">{t("fits.how")}</p>
    </>
  );
}

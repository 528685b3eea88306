/**
 * The advisor's "make it fit" options on a placement (issue 17): each single change that makes
 * it fit (`makeItFit`: re-analysed, fastest first), with its flags, tokens/s and per-unit
 * memory, applied to the controls in one click.
 */
import type { JSX } from "preact";
import type { FitChange, FitOption } from "../../../src/core/index.js";
import { fmtBytes, fmtNumber, fmtTokens } from "../format.js";
import type { T } from "../i18n/index.js";

/** A "make it fit" change in words. */
function fitTitle(c: FitChange, t: T): string {
  switch (c.kind) {
    case "gpu-layers":
      return t("advice.fit.gpu-layers", { n: c.gpuLayers });
    case "cpu-moe":
      return c.all ? t("advice.fit.cpu-moe-all") : t("advice.fit.cpu-moe", { n: c.cpuMoeLayers });
    case "context":
      return t("advice.fit.context", { n: fmtTokens(c.contextTokens) });
    case "kv-format":
      return t("advice.fit.kv-format", { kv: c.kv });
    case "kv-on-cpu":
      return t("advice.fit.kv-on-cpu");
  }
}

/** The test id of an option: its kind, "cpu-moe-all" for --cpu-moe. */
const fitId = (c: FitChange) => (c.kind === "cpu-moe" && c.all ? "cpu-moe-all" : c.kind);

export function MakeItFitList(p: {
  options: readonly FitOption[];
  t: T;
  onFit: (c: FitChange) => void;
}): JSX.Element {
  const { t } = p;
  return (
    <div class="make-it-fit" data-testid="make-it-fit">
      <h3>{t("advice.makeItFit")}</h3>
      <ol class="recs">
        {p.options.map((o) => {
          const title = fitTitle(o.change, t);
          return (
            <li
              key={JSON.stringify(o.change)}
              class="rec"
              data-testid="fit-option"
              data-kind={fitId(o.change)}
              data-tps={o.tokensPerS}
            >
              <div class="rec-head">
                <span class="badge good">{t("advice.makesFit")}</span>
                <span class="rec-title">{title}</span>
                <span class="gain">{t("offload.tps", { tps: fmtNumber(o.tokensPerS) })}</span>
              </div>
              <p>
                <code>{o.flags}</code> ·{" "}
                {t("advice.fit.memory", { gpu: fmtBytes(o.gpuBytes), host: fmtBytes(o.hostBytes) })}{" "}
                <button
                  type="button"
                  class="small"
                  data-testid={`fit-apply-${fitId(o.change)}`}
                  aria-label={t("advice.fit.applyAria", { what: title })}
                  onClick={() => p.onFit(o.change)}
                >
                  {t("advice.fit.apply")}
                </button>
              </p>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** Notes: the library's diagnostics per device, and the notes of a model read from a file. */
import type { JSX } from "preact";
import type { T } from "../i18n/index.js";
import type { Results } from "../state/compute.js";
import type { Lang } from "../state/state.js";
import { Panel } from "./panel.js";
import { DiagnosticLine } from "./verdict.js";

export function NotesView({
  results,
  modelNotes,
  t,
  lang,
}: {
  results: Results;
  modelNotes: readonly string[];
  t: T;
  lang: Lang;
}): JSX.Element | null {
  const diags = results.perDevice.flatMap(({ device, analysis }) =>
    analysis.diagnostics.map((d) => ({ ...d, device: device.name })),
  );
  if (diags.length === 0 && modelNotes.length === 0) return null;
  return (
    <Panel id="notes" title={t("notes.heading")}>
      <ul class="notes" data-testid="diagnostics">
        {diags.map((d, i) => (
          <li key={i} class={`sev-${d.severity}`} data-code={d.code}>
            {t(`severity.${d.severity}`)} · {d.device}: <DiagnosticLine d={d} t={t} lang={lang} />
          </li>
        ))}
      </ul>
      {modelNotes.length > 0 ? (
        <>
          <h3>{t("notes.model")}</h3>
          <ul class="notes" data-testid="model-notes">
            {modelNotes.map((n, i) => (
              <li key={i} lang="en">
                {n}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Panel>
  );
}

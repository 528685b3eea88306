/** Messages above the results: a stale result (an input is invalid) and what a link could not restore. */
import type { JSX } from "preact";
import type { T } from "../i18n/index.js";
import type { UrlWarning } from "../state/url-state.js";

export function Messages(p: {
  t: T;
  warnings: readonly UrlWarning[];
  stale: boolean;
  onDismiss: () => void;
}): JSX.Element | null {
  if (p.warnings.length === 0 && !p.stale) return null;
  return (
    <div class="messages">
      {p.stale ? (
        <p class="msg warn" role="alert" data-testid="stale">
          {p.t("err.stale")}
        </p>
      ) : null}
      {p.warnings.length > 0 ? (
        <div class="msg info" role="status" data-testid="url-warnings">
          <ul>
            {p.warnings.map((w, i) => (
              <li key={i}>{p.t(w.key, w.params)}</li>
            ))}
          </ul>
          <button type="button" class="small" onClick={p.onDismiss}>
            ×
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** "Copy link": the current state's URL to the clipboard (or shown, to copy by hand). */

import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { T } from "../i18n/index.js";
import type { AppState } from "../state/state.js";
import { encodeState } from "../state/url-state.js";

export function ShareButton({ t, state }: { t: T; state: AppState }): JSX.Element {
  const [copied, setCopied] = useState<"no" | "yes" | "manual">("no");
  const copy = async () => {
    // The URL follows the state with a short delay: encode the current state now.
    const url = location.href.replace(/#.*$/, "") + (await encodeState(state));
    history.replaceState(null, "", url);
    try {
      await navigator.clipboard.writeText(url);
      setCopied("yes");
    } catch {
      setCopied("manual");
    }
    setTimeout(() => setCopied("no"), 4000);
  };
  return (
    <span class="share">
      <button type="button" data-testid="copy-link" onClick={() => void copy()}>
        {copied === "yes" ? t("share.copied") : t("share.copy")}
      </button>
      {copied === "manual" ? (
        <label class="inline">
          <span>{t("share.manual")}</span>
          <input readOnly value={location.href} onFocus={(e) => e.currentTarget.select()} autoFocus />
        </label>
      ) : null}
    </span>
  );
}

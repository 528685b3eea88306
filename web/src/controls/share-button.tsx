/** "Copy link": the current state's URL to the clipboard (or shown, to copy by hand). */

import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { T } from "../i18n/index.js";
import type { AppState } from "../state/state.js";
import { encodeState } from "../state/url-state.js";

export function ShareButton({ t, state }: { t: T; state: AppState }): JSX.Element {
  const [copied, setCopied] = useState<"no" | "yes" | "manual">("no");
  const manual = useRef<HTMLInputElement>(null);
  // The clipboard refused: the field with the link takes focus, ready to copy by hand.
  useEffect(() => {
    if (copied === "manual") manual.current?.focus();
  }, [copied]);
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
          <input readOnly value={location.href} ref={manual} onFocus={(e) => e.currentTarget.select()} />
        </label>
      ) : null}
    </span>
  );
}

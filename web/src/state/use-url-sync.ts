/**
 * The URL follows the state (debounced: replaceState costs a few ms, and typing in a
 * number field changes the state per key); a link pasted or navigated to replaces it.
 */
import { useEffect, useRef } from "preact/hooks";
import { knownDevice, knownModel } from "./catalog.js";
import type { AppState } from "./state.js";
import { decodeState, encodeState, type UrlWarning } from "./url-state.js";

/** How long the state must rest before the URL follows it. */
const URL_DEBOUNCE_MS = 250;

/** `onLink` (stable) receives the state of a link the user navigated to, with what it could not restore. */
export function useUrlSync(
  state: AppState,
  onLink: (s: AppState, warnings: readonly UrlWarning[]) => void,
): void {
  const lastHash = useRef<string>(location.hash);
  useEffect(() => {
    let stale = false;
    const h = setTimeout(() => {
      void encodeState(state).then((hash) => {
        if (stale || hash === location.hash) return;
        lastHash.current = hash;
        history.replaceState(null, "", hash);
      });
    }, URL_DEBOUNCE_MS);
    return () => {
      stale = true;
      clearTimeout(h);
    };
  }, [state]);
  useEffect(() => {
    const onHash = () => {
      if (location.hash === lastHash.current) return;
      lastHash.current = location.hash;
      void decodeState(location.hash, knownModel, knownDevice).then(({ state: s, warnings: w }) =>
        onLink(s, w),
      );
    };
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, [onLink]);
}

/**
 * A per-layer description (one kind name per layer, as configs list them in `layer_types`)
 * made compact: the shortest `first` + `repeat` rule that reproduces it, else the list.
 */
import type { LayerKind, LayerPattern } from "../schema.js";

/** The layer pattern of `names` (one per layer) over `kinds`; undefined when every layer is one kind. */
export function compactPattern(
  names: readonly string[],
  kinds: Readonly<Record<string, LayerKind>>,
): { pattern: LayerPattern | undefined; only: LayerKind | undefined } {
  const used = [...new Set(names)];
  if (used.length === 1) return { pattern: undefined, only: kinds[used[0]!] };
  const usedKinds = Object.fromEntries(used.map((n) => [n, kinds[n]!]));
  const n = names.length;
  let best: { first: number; period: number } | undefined;
  for (let first = 0; first <= Math.min(4, n - 1); first++) {
    for (let period = 1; period <= Math.min(16, n - first); period++) {
      if (best && first + period >= best.first + best.period) break;
      let ok = true;
      for (let i = first; i < n && ok; i++) ok = names[i] === names[first + ((i - first) % period)];
      if (ok) {
        best = { first, period };
        break;
      }
    }
  }
  if (!best) return { pattern: { kinds: usedKinds, list: [...names] }, only: undefined };
  return {
    pattern: {
      kinds: usedKinds,
      ...(best.first > 0 ? { first: names.slice(0, best.first) } : {}),
      repeat: names.slice(best.first, best.first + best.period),
    },
    only: undefined,
  };
}

/**
 * A placement change applied to the app's state (one click): a "make it fit" option, or the
 * placement `fit` found. Apart from placement.ts so that state.ts and it import no cycle. Pure.
 */
import type { FitChange, KvPlace } from "../../../src/core/index.js";
import { type PlacementState, whole } from "./placement.js";
import type { AppState } from "./state.js";

/** The state after a "make it fit" change (one click): the placement or workload control it names. */
export function applyFitChange(s: AppState, c: FitChange): AppState {
  const pl = s.placement;
  switch (c.kind) {
    case "gpu-layers":
      return { ...s, placement: { ...pl, gpuLayers: String(c.gpuLayers) } };
    case "cpu-moe":
      return {
        ...s,
        placement: c.all
          ? { ...pl, cpuMoe: "all" }
          : { ...pl, cpuMoe: "layers", cpuMoeLayers: String(c.cpuMoeLayers) },
      };
    case "kv-on-cpu":
      return { ...s, placement: { ...pl, kvOn: "cpu" } };
    case "kv-format":
      return { ...s, controls: { ...s.controls, kv: c.kv } };
    case "context": {
      const prompt = whole(s.controls.prompt);
      const cut = Number.isFinite(prompt) && prompt > c.contextTokens;
      return {
        ...s,
        controls: {
          ...s.controls,
          context: String(c.contextTokens),
          ...(cut ? { prompt: String(c.contextTokens) } : {}),
        },
      };
    }
  }
}

/** The state with a placement `fit` found (its -ngl, --n-cpu-moe, KV place and format). */
export function applyPlacement(
  s: AppState,
  c: { gpuLayers: number; cpuMoeLayers: number; kvOn: KvPlace; kv: string },
  numLayers: number,
): AppState {
  const moe: Pick<PlacementState, "cpuMoe" | "cpuMoeLayers"> =
    c.cpuMoeLayers === 0
      ? { cpuMoe: "none", cpuMoeLayers: s.placement.cpuMoeLayers }
      : c.cpuMoeLayers >= numLayers
        ? { cpuMoe: "all", cpuMoeLayers: s.placement.cpuMoeLayers }
        : { cpuMoe: "layers", cpuMoeLayers: String(c.cpuMoeLayers) };
  return {
    ...s,
    placement: { ...s.placement, gpuLayers: String(c.gpuLayers), kvOn: c.kvOn, ...moe },
    controls: { ...s.controls, kv: c.kv },
  };
}

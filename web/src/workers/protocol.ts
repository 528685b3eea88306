/** The messages between the page and the slow-results worker (slow-worker.ts). */
import type { DeviceSpec, ModelSpec, ModelWeights, ResolvedWorkload } from "../../../src/core/index.js";
import type { DeviceEfficiency, SlowResults } from "../state/compute.js";
import type { PlacementState } from "../state/placement.js";

/** Presets travel as ids (looked up in the worker, so the library's per-object caches keep working); a file's model whole, with a key. */
export type WorkerModel =
  | { readonly kind: "preset"; readonly id: string }
  | {
      readonly kind: "custom";
      readonly key: string;
      readonly spec: ModelSpec;
      readonly weights?: ModelWeights;
    };

export interface SlowRequest {
  readonly id: number;
  readonly model: WorkerModel;
  /** Catalog ids, or whole specs for devices measured in the browser. */
  readonly devices: readonly (string | DeviceSpec)[];
  readonly workload: ResolvedWorkload;
  readonly generate: number;
  /** The user's calibration of one of the devices. */
  readonly calibrated?: DeviceEfficiency;
  /** The host and placement controls (plain text; the worker reads them as the page does). */
  readonly placement: PlacementState;
}

export type SlowResponse =
  | { readonly id: number; readonly results: SlowResults }
  | { readonly id: number; readonly error: string };

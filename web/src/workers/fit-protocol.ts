/** The messages between the page and the placement-fit worker (fit-worker.ts). */
import type { DeviceSpec, PlacementFit, ResolvedWorkload } from "../../../src/core/index.js";
import type { PlacementState } from "../state/placement.js";
import type { WorkerModel } from "./protocol.js";

export interface FitRequest {
  readonly id: number;
  readonly model: WorkerModel;
  /** The primary GPU: a catalog id, or a whole spec measured or typed in the browser. */
  readonly device: string | DeviceSpec;
  readonly placement: PlacementState;
  readonly workload: ResolvedWorkload;
}

export type FitResponse =
  | { readonly id: number; readonly fit: PlacementFit }
  | { readonly id: number; readonly error: string };

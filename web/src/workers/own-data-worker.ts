/**
 * A worker for the user's own measurements (state/own-data.ts): validating a file costs
 * every row an analysis, and calibrating runs a fit, so neither blocks the page.
 */
import type { UserCalibration } from "../../../src/core/index.js";
import { calibrateOwn, type OwnDataInput, type OwnReport, validateOwn } from "../state/own-data.js";

export type OwnDataRequest =
  | { readonly kind: "validate"; readonly input: OwnDataInput }
  | { readonly kind: "calibrate"; readonly input: OwnDataInput; readonly fittedOn: string };

export type OwnDataResponse =
  | { readonly report: OwnReport }
  | { readonly calibration: UserCalibration }
  | { readonly error: string };

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<OwnDataRequest>) => void) | null;
  postMessage(m: OwnDataResponse): void;
};
scope.onmessage = (e) => {
  const r = e.data;
  try {
    scope.postMessage(
      r.kind === "validate"
        ? { report: validateOwn(r.input) }
        : { calibration: calibrateOwn(r.input, r.fittedOn) },
    );
  } catch (err) {
    scope.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
};

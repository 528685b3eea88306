/**
 * A worker that runs the library's validation (`validate`: every row of the measured
 * results in data/calibration/measured.csv, predicted with the calibrated estimate and
 * the bound) once, when the accuracy view is first shown: it takes about a second.
 */

import measured from "../../../data/calibration/measured.csv?raw";
import { validate } from "../../../src/core/index.js";

export interface AccuracyRow {
  readonly hardware: string;
  readonly backend: string;
  readonly model: string;
  readonly quant: string;
  readonly test: string;
  readonly deviceClass: string;
  readonly measured: number;
  readonly estimate: number;
  readonly bound: number | null;
  readonly scored: boolean;
  readonly exceedsBound: boolean;
}

export interface AccuracySummary {
  readonly key: string;
  readonly rows: number;
  readonly estimateMape: number | null;
  readonly estimateMedian: number | null;
  readonly boundMape: number | null;
  readonly boundMedian: number | null;
}

export interface AccuracyData {
  readonly data: string;
  readonly total: number;
  readonly predicted: number;
  readonly scored: number;
  readonly fittedOn: string;
  readonly sameData: boolean;
  readonly rows: readonly AccuracyRow[];
  readonly groups: readonly AccuracySummary[];
}

export type AccuracyResponse = { readonly ok: AccuracyData } | { readonly error: string };

const scope = self as unknown as { onmessage: (() => void) | null; postMessage(m: AccuracyResponse): void };
scope.onmessage = () => {
  try {
    const v = validate(measured, { dataName: "data/calibration/measured.csv" });
    const rows: AccuracyRow[] = v.rows.flatMap((r) =>
      r.estimateTps !== null && r.deviceClass !== null
        ? [
            {
              hardware: r.hardware,
              backend: r.backend,
              model: r.model,
              quant: r.quant,
              test: r.test,
              deviceClass: r.deviceClass,
              measured: r.measuredTps,
              estimate: r.estimateTps,
              bound: r.boundTps,
              scored: r.scored,
              exceedsBound: r.exceedsBound,
            },
          ]
        : [],
    );
    const sum = (g: (typeof v.byTest)[number]): AccuracySummary => ({
      key: g.key,
      rows: g.estimate.rows,
      estimateMape: g.estimate.mape,
      estimateMedian: g.estimate.medianApe,
      boundMape: g.bound.mape,
      boundMedian: g.bound.medianApe,
    });
    scope.postMessage({
      ok: {
        data: v.data,
        total: v.total,
        predicted: v.predicted,
        scored: v.scored,
        fittedOn: v.calibration.fittedOn,
        sameData: v.calibration.sameData,
        rows,
        groups: [
          sum(v.overall),
          ...v.byTest.filter((g) => g.estimate.rows > 0).map(sum),
          ...v.byClass.map(sum),
        ],
      },
    });
  } catch (e) {
    scope.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
};

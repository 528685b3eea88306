/**
 * The calibrated efficiencies (fitted.json, written by `npm run calibrate`) as the
 * analysis's default: one Efficiency per device class; classes the data did not cover keep
 * DEFAULT_EFFICIENCY and say so in `source`.
 */
import type { DeviceClass, DeviceSpec } from "../hardware/schema.js";
import { DEFAULT_EFFICIENCY, type Efficiency } from "./defaults.js";
import { CalibrationFile } from "./file-schema.js";
import fittedJson from "./fitted.json" with { type: "json" };
import { efficiencyOf, poolOf } from "./params.js";

/** The committed calibration record, checked against its schema when the module loads. */
export const CALIBRATION: CalibrationFile = CalibrationFile.parse(fittedJson);

const cache = new Map<DeviceClass, Efficiency>();

/** The calibrated efficiency of a device class, or undefined when the data had none of it. */
export function calibratedEfficiency(cls: DeviceClass): Efficiency | undefined {
  const c = CALIBRATION.classes[cls];
  if (!c) return undefined;
  let e = cache.get(cls);
  if (!e) {
    const cv = CALIBRATION.crossValidation.byClass[cls];
    const cvText = cv
      ? (["tg128", "pp512"] as const)
          .filter((t) => cv[t].estimate.mape !== null)
          .map((t) => `${t} ${cv[t].estimate.mape!.toFixed(0)}%`)
          .join(", ")
      : "";
    e = efficiencyOf(
      c,
      `calibrated for ${cls} (${CALIBRATION.fittedOn}): fitted on ${c.rows.length} measured rows of ${CALIBRATION.data} ` +
        `(${c.engines.join(", ")}; trust ${c.trust.join("/")}; tests ${c.tests.join(", ")})` +
        (cvText ? `; cross-validated MAPE ${cvText}` : ""),
    );
    cache.set(cls, e);
  }
  return e;
}

/**
 * The default efficiency for a device class: calibrated when the class has data; else the
 * pooled fit of its kind of unit (every GPU class together, say), the same fallback the
 * cross-validation scores; else DEFAULT_EFFICIENCY.
 */
export function efficiencyForClass(cls: DeviceClass): Efficiency {
  const e = calibratedEfficiency(cls);
  if (e) return e;
  let d = cache.get(cls);
  if (!d) {
    const poolName = poolOf(cls);
    const pool = CALIBRATION.pools[poolName];
    d = pool
      ? efficiencyOf(
          { ...pool, perPassOverheadS: 0 },
          `pooled fit of the ${poolName} classes (${pool.classes.join(", ")}; ${pool.rows} measured rows of ${CALIBRATION.data}, ` +
            `${CALIBRATION.fittedOn}); no measured rows for device class ${cls}`,
        )
      : {
          ...DEFAULT_EFFICIENCY,
          source: `${DEFAULT_EFFICIENCY.source}; not calibrated: no measured rows for device class ${cls}`,
        };
    cache.set(cls, d);
  }
  return d;
}

const measuredCache = new WeakMap<DeviceSpec, Efficiency>();

/**
 * The default efficiency for a device. A measured bandwidth (a profile from `ridgeline
 * measure`) is already what a streaming kernel achieves, so its achievable fraction is 1;
 * the class's compute fractions and overheads still apply (a GEMM does not reach the FMA
 * loop's peak). Spec-sheet devices get their class's calibration.
 */
export function efficiencyForDevice(device: DeviceSpec): Efficiency {
  const cls = efficiencyForClass(device.class);
  if (device.sources[device.bandwidthGBps.source]?.kind !== "measured") return cls;
  let e = measuredCache.get(device);
  if (!e) {
    const ones = Object.fromEntries(
      Object.keys(cls.bandwidth).map((k) => [k, 1]),
    ) as unknown as Efficiency["bandwidth"];
    e = {
      ...cls,
      bandwidth: ones,
      source: `measured bandwidth (achievable fraction 1); compute and overheads: ${cls.source}`,
    };
    measuredCache.set(device, e);
  }
  return e;
}

/** How sure an estimate of tokens/s is: the range the class's cross-validated errors give, or why there is none. */
export interface LikelyRange {
  readonly low: number | null;
  readonly high: number | null;
  readonly basis: string;
}

/**
 * The likely range of an estimate made with the built-in calibration of a device class: the
 * 10th to 90th percentile of measured / estimate over the class's rows of that test when its
 * family was left out of the fit (llama-bench pp512 for prefill, tg128 for decode).
 */
export function likelyRange(device: DeviceSpec, test: "pp512" | "tg128", estimate: number): LikelyRange {
  const none = (why: string): LikelyRange => ({ low: null, high: null, basis: `no likely range: ${why}` });
  if (!calibratedEfficiency(device.class))
    return none(`device class ${device.class} has no measured rows, so its estimate has no validated error`);
  if (device.sources[device.bandwidthGBps.source]?.kind === "measured")
    return none("a measured bandwidth replaces the calibrated fraction, which the validated errors were for");
  const r = CALIBRATION.crossValidation.likely[device.class]?.[test];
  if (!r)
    return none(
      `class ${device.class} has fewer than 4 cross-validated ${test} rows (leave one device family out)`,
    );
  return {
    low: estimate * r.low,
    high: estimate * r.high,
    basis:
      `80% of ${r.rows} ${device.class} ${test} measurements fell within ${r.low}-${r.high}× the estimate ` +
      `made without their device family (leave-one-family-out cross-validation, ${CALIBRATION.fittedOn})`,
  };
}

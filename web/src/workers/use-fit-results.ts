/** The placement trade-off, computed in its own worker (newest inputs only, like the slow results). */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { PlacementFit } from "../../../src/core/index.js";
import type { Results } from "../state/compute.js";
import { computeFit } from "../state/compute-fit.js";
import { offloadSetup, type PlacementState } from "../state/placement.js";
import { type ModelSource, modelKey } from "../state/state.js";
import type { FitRequest, FitResponse } from "./fit-protocol.js";
import { newestOnly } from "./newest-only.js";
import { toWorkerDevice, toWorkerModel } from "./worker-model.js";

export interface FitState {
  readonly fit: PlacementFit | null;
  readonly pending: boolean;
  readonly error: string | null;
}

function startWorker(): Worker | null {
  try {
    return new Worker(new URL("./fit-worker.ts", import.meta.url), { type: "module" });
  } catch {
    return null;
  }
}

/** `enabled`: a placement is set on a GPU (otherwise nothing runs and nothing is shown). */
export function useFitResults(
  results: Results | null,
  model: ModelSource,
  placement: PlacementState,
  enabled: boolean,
): FitState {
  const [got, setGot] = useState<{ key: string; fit: PlacementFit | null; error: string | null }>({
    key: "",
    fit: null,
    error: null,
  });
  const latest = useRef(0);
  const keys = useRef(new Map<number, string>());
  const worker = useMemo(() => (enabled ? startWorker() : null), [enabled]);
  const channel = useMemo(() => (worker ? newestOnly<FitRequest>(worker) : null), [worker]);
  // What the trade-off depends on: the model, the primary device, the workload and the placement.
  const key = useMemo(
    () =>
      results && enabled
        ? JSON.stringify([modelKey(model), results.perDevice[0]?.device.id, results.workload, placement])
        : "",
    [results, model, placement, enabled],
  );
  useEffect(() => {
    if (!worker) return;
    worker.onmessage = (e: MessageEvent<FitResponse>) => {
      const r = e.data;
      channel?.replied();
      if (r.id !== latest.current) return;
      const k = keys.current.get(r.id) ?? "";
      setGot("fit" in r ? { key: k, fit: r.fit, error: null } : { key: k, fit: null, error: r.error });
    };
    return () => worker.terminate();
  }, [worker]);
  useEffect(() => {
    const device = results?.perDevice[0]?.device;
    if (!results || !enabled || !device) return;
    const id = ++latest.current;
    keys.current = new Map([[id, key]]);
    if (!worker) {
      const h = setTimeout(() => {
        if (id !== latest.current) return;
        const setup = offloadSetup(placement, device);
        if (setup.kind !== "on") return;
        setGot({ key, fit: computeFit(results.model, setup, results.workload), error: null });
      }, 0);
      return () => clearTimeout(h);
    }
    const req: FitRequest = {
      id,
      model: toWorkerModel(model),
      device: toWorkerDevice(device),
      placement,
      workload: results.workload,
    };
    channel?.send(req);
    return undefined;
    // `key` sums up what the request depends on.
  }, [key, worker]);
  return {
    fit: got.key === key ? got.fit : null,
    pending: enabled && got.key !== key,
    error: got.key === key ? got.error : null,
  };
}

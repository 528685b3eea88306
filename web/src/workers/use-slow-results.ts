/** The slow part of an update (timelines, advice), computed in a worker off the page's thread. */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { computeSlow, type DeviceEfficiency, type Results, type SlowResults } from "../state/compute.js";
import type { PlacementState } from "../state/placement.js";
import type { ModelSource } from "../state/state.js";
import { newestOnly } from "./newest-only.js";
import type { SlowRequest, SlowResponse } from "./protocol.js";
import { toWorkerDevice, toWorkerModel } from "./worker-model.js";

export interface Slow {
  readonly data: SlowResults | null;
  readonly pending: boolean;
  readonly error: string | null;
}

function startWorker(): Worker | null {
  try {
    return new Worker(new URL("./slow-worker.ts", import.meta.url), { type: "module" });
  } catch {
    return null;
  }
}

/** The calibration of the results, when it applies to one of their devices. */
function calibratedOf(r: Results): DeviceEfficiency | undefined {
  const c = r.calibration;
  if (!c) return undefined;
  const deviceId = c.calibration.device.id;
  return r.perDevice.some((d) => d.device.id === deviceId)
    ? { deviceId, efficiency: c.efficiency }
    : undefined;
}

/**
 * Run the slow part of an update in a worker, newest inputs first: while one request
 * runs, later ones replace each other and only the last is sent when it returns.
 */
export function useSlowResults(fresh: Results | null, model: ModelSource, placement: PlacementState): Slow {
  const [slow, setSlow] = useState<{
    for: Results | null;
    placement: PlacementState | null;
    data: SlowResults | null;
    error: string | null;
  }>({
    for: null,
    placement: null,
    data: null,
    error: null,
  });
  const latestPlacement = useRef<PlacementState>(placement);
  const latest = useRef(0);
  const latestFor = useRef<Results | null>(null);
  const worker = useMemo(() => startWorker(), []);
  const channel = useMemo(() => (worker ? newestOnly<SlowRequest>(worker) : null), [worker]);
  useEffect(() => {
    if (!worker) return;
    worker.onmessage = (e: MessageEvent<SlowResponse>) => {
      const r = e.data;
      channel?.replied();
      if (r.id !== latest.current) return;
      const f = latestFor.current;
      const pl = latestPlacement.current;
      setSlow(
        "results" in r
          ? { for: f, placement: pl, data: r.results, error: null }
          : { for: f, placement: pl, data: null, error: r.error },
      );
    };
    worker.onerror = (e) => {
      channel?.replied();
      setSlow((s) => ({
        for: latestFor.current,
        placement: latestPlacement.current,
        data: s.data,
        error: e.message || "worker failed",
      }));
    };
    return () => worker.terminate();
  }, [worker]);
  useEffect(() => {
    if (!fresh) return;
    const id = ++latest.current;
    latestFor.current = fresh;
    latestPlacement.current = placement;
    if (!worker) {
      // No worker: compute after this frame, on the main thread.
      const h = setTimeout(() => {
        if (id !== latest.current) return;
        const ds = fresh.perDevice.map((d) => d.device);
        setSlow({
          for: fresh,
          placement,
          data: computeSlow(fresh.model, ds, fresh.workload, fresh.generate, calibratedOf(fresh), placement),
          error: null,
        });
      }, 0);
      return () => clearTimeout(h);
    }
    const calibrated = calibratedOf(fresh);
    const req: SlowRequest = {
      id,
      model: toWorkerModel(model),
      devices: fresh.perDevice.map((d) => toWorkerDevice(d.device)),
      workload: fresh.workload,
      generate: fresh.generate,
      placement,
      ...(calibrated ? { calibrated } : {}),
    };
    channel?.send(req);
    return undefined;
    // `model` is an input of `fresh`, which changes with it.
  }, [fresh, worker, placement]);
  return {
    data: slow.data,
    pending: fresh !== null && (slow.for !== fresh || slow.placement !== placement),
    error: slow.error,
  };
}

/**
 * The analysis pipeline:
 *
 *   ModelSpec + weights ─┐
 *   Workload ────────────┼─► 1. build ops ─► 2. evaluate on roofline ─► 3. totals, shares ─► Analysis
 *   DeviceSpec ──────────┘     (per layer      (bound + estimate            (per phase,
 *                               variant)        per op)                      memory, diagnostics)
 *
 * Layers with identical weights are costed once and multiplied (pass.ts), so a 70B model
 * costs no more to analyse than a 1B one; caches.ts keeps roofs and weights per object.
 */

import { efficiencyForDevice, likelyRange } from "../efficiency/calibrated.js";
import { checkedEfficiency } from "../efficiency/checked.js";
import type { Efficiency } from "../efficiency/defaults.js";
import { checkedWorkload } from "../graph/resolve.js";
import type { ResolvedWorkload } from "../graph/workload.js";
import { checkedDevice } from "../hardware/checked.js";
import type { DeviceSpec } from "../hardware/schema.js";
import { checkedModel, checkedWeights } from "../models/checked.js";
import type { ModelSpec } from "../models/schema.js";
import type { ModelWeights } from "../models/weights.js";
import { weightsFormatLabel } from "../models/weights.js";
import type { PeakKey } from "../quant/index.js";
import { type DeviceRoofs, unitBandwidthGBps } from "../roofline/device-roofs.js";
import { formatPercent } from "../units/format.js";
import { GiB } from "../units/quantities.js";
import type { Analysis, Diagnostic, MemoryFootprint, PhaseAnalysis } from "./analysis-types.js";
import { paramsOf, roofsOf, weightsOf } from "./caches.js";
import type { MemoryPlacement } from "./engine-memory/plan.js";
import type { UnitMemoryPlan } from "./engine-memory/plan-schema.js";
import { memoryFootprint } from "./memory.js";
import { analyzePass, keptKeys, passOf } from "./pass.js";

export interface AnalysisInput {
  readonly model: ModelSpec;
  readonly device: DeviceSpec;
  readonly workload: ResolvedWorkload;
  /** Exact weights (from a GGUF file); default: built from `workload.weights`. */
  readonly weights?: ModelWeights;
  readonly efficiency?: Efficiency;
  /** Where llama.cpp would put the model (`-ngl`, `--n-cpu-moe`, `--no-kv-offload`); default: all on the device. */
  readonly placement?: MemoryPlacement;
  /** What the model's import ignored or assumed: reported as info diagnostics (`model.import-note`). */
  readonly notes?: readonly string[];
}

/**
 * The weight format of exact (GGUF) weights, for the report: the one format of the layers'
 * matrices, or "mixed" with each format's share of their bytes, largest first.
 */
export function weightsLabel(w: ModelWeights): string {
  const bytes = new Map<string, number>();
  let total = 0;
  for (const l of w.layers)
    for (const t of Object.values(l.tensors)) {
      bytes.set(t.format, (bytes.get(t.format) ?? 0) + t.bytes);
      total += t.bytes;
    }
  const shares = [...bytes].filter(([, b]) => b > 0).sort((a, b) => b[1] - a[1]);
  if (shares.length === 0) return w.lmHead.format;
  if (shares.length === 1) return shares[0]![0];
  return `mixed (${shares.map(([f, b]) => `${f} ${formatPercent(b / total, 0)}`).join(", ")})`;
}

/** Analyse a model on a device for a workload: prefill and/or one decode step. */
export function analyze(input: AnalysisInput): Analysis {
  // A caller's raw objects are validated (once per object; presets are known valid).
  const m = checkedModel(input.model);
  const device = checkedDevice(input.device);
  const wl = checkedWorkload(input.workload);
  const eff = input.efficiency ? checkedEfficiency(input.efficiency) : efficiencyForDevice(device);
  const roofs = roofsOf(device);
  const w = input.weights ? checkedWeights(input.weights, m) : weightsOf(m, wl.weights, wl.activations);
  const prefill =
    wl.phase === "decode"
      ? null
      : markLowerBound(
          analyzePass(m, w, roofs, eff, "prefill", passOf(wl, wl.promptTokens, wl.promptTokens)),
        );
  const decode =
    wl.phase === "prefill"
      ? null
      : markLowerBound(
          analyzePass(m, w, roofs, eff, "decode", passOf(wl, 1, keptKeys(wl, wl.contextTokens))),
        );
  // The likely range of the estimate: the built-in calibration's cross-validated spread.
  for (const [p, test] of [
    [prefill, "pp512"],
    [decode, "tg128"],
  ] as const) {
    if (!p) continue;
    p.likely = input.efficiency
      ? {
          low: null,
          high: null,
          basis: "no likely range: the efficiency was given, not the built-in calibration",
        }
      : likelyRange(device, test, p.tokensPerSEstimate);
  }
  // The cache holds the whole prompt after prefill; eviction trims it for decode. A decode-only
  // analysis holds its context, whatever the prompt was.
  const kvTokens =
    wl.phase === "prefill"
      ? wl.promptTokens
      : wl.phase === "decode"
        ? keptKeys(wl, wl.contextTokens)
        : Math.max(wl.promptTokens, keptKeys(wl, wl.contextTokens));
  const memory = memoryFootprint(m, w, device, wl, kvTokens, [prefill, decode], input.placement);
  const params = paramsOf(m);
  const used: PeakKey[] = [];
  const note = (o: { precision: PeakKey }) => {
    if (!used.includes(o.precision)) used.push(o.precision);
  };
  for (const pass of [prefill, decode]) {
    if (!pass) continue;
    pass.layerOps.forEach(note);
    pass.modelOps.forEach(note);
  }
  return {
    schemaVersion: 1,
    model: {
      id: m.id,
      name: m.name,
      params: params.total,
      activeParams: params.active,
      weightsOrigin: w.origin,
      weightsFormat: weightsFormatLabel(w, m),
    },
    device: {
      id: device.id,
      name: device.name,
      // What the roofs stream at (a SoC's CPU: what its cores reach, not the memory's total).
      bandwidthGBps: unitBandwidthGBps(device),
      peaks: used.map((p) => {
        const c = roofs.peaks[p];
        return {
          precision: p,
          used: c.used,
          tflops: c.flopPerSecond === null ? null : c.flopPerSecond / 1e12,
          ridge: c.flopPerSecond === null ? null : c.flopPerSecond / roofs.bandwidth,
          source: c.source,
        };
      }),
      memoryGiB: device.memoryGiB?.value ?? null,
    },
    workload: input.weights ? { ...wl, weights: weightsLabel(input.weights) } : wl,
    efficiency: eff,
    prefill,
    decode,
    memory,
    diagnostics: [
      ...diagnose(m, device, roofs, wl, memory, used),
      ...(input.notes ?? []).map((message) => ({
        code: "model.import-note",
        severity: "info" as const,
        message,
      })),
    ],
  };
}

/**
 * A pass with arithmetic the device has no peak for (not even by fallback) is timed by its memory
 * traffic alone: its times are lower bounds, never estimates. Marked so that every report says so.
 */
function markLowerBound(p: PhaseAnalysis): PhaseAnalysis {
  const unbounded = [...p.layerOps, ...p.modelOps].some((o) => o.flops > 0 && o.peakUsed === null);
  return unbounded ? { ...p, lowerBound: true } : p;
}

function diagnose(
  m: ModelSpec,
  device: DeviceSpec,
  roofs: DeviceRoofs,
  wl: ResolvedWorkload,
  mem: MemoryFootprint,
  used: readonly PeakKey[],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const gib = (b: number) => (b / GiB).toFixed(2);
  if (mem.fits === false) {
    const gpu = mem.plan.units.find((u) => u.unit === "gpu");
    const sharedHost = mem.plan.units.find((u) => u.unit === "host" && u.shared);
    const partsOf = (u: UnitMemoryPlan) =>
      u.buffers.map((b) => `${b.name} ${gib(b.residentBytes)} GiB`).join(", ");
    for (const u of mem.plan.units) {
      if (u.fits !== false) continue;
      const parts = partsOf(u);
      const reserve = u.reserve
        ? ` (${gib(u.capacityBytes ?? 0)} GiB less ${gib(u.reserve.bytes)} GiB reserved: ${u.reserve.rule})`
        : "";
      // One memory for both (a SoC) whose GPU share already misses: one message for the pool.
      if (u.shared && gpu?.fits === false) continue;
      if (u === gpu && sharedHost?.fits === false) {
        const cap = u.capacityBytes ?? 0;
        out.push({
          code: "memory.does-not-fit",
          severity: "warning",
          message: `${device.id} needs ${gib(u.bytes + sharedHost.bytes)} GiB of its ${gib(cap)} GiB shared memory as llama.cpp allocates it (GPU: ${parts}; host: ${partsOf(sharedHost)})${u.reserve ? `, and the GPU can use ${gib(u.usableBytes ?? 0)} GiB of it (${gib(u.reserve.bytes)} GiB reserved: ${u.reserve.rule})` : ""}`,
        });
        continue;
      }
      out.push({
        code: "memory.does-not-fit",
        severity: "warning",
        message: `${u.unit === "gpu" ? device.id : u.device} needs ${gib(u.bytes)} GiB as llama.cpp allocates it (${parts}) but ${u.unit === "gpu" ? "it" : "the host"} can use ${gib(u.usableBytes ?? 0)} GiB${reserve}`,
      });
    }
  } else if (mem.fits === null) {
    out.push({
      code: "memory.capacity-unknown",
      severity: "info",
      message: `${device.id} lists no memory capacity; fit not checked`,
    });
  }
  for (const p of used) {
    const c = roofs.peaks[p];
    if (c.used === null) {
      out.push({
        code: "device.peak-missing",
        severity: "warning",
        message: `${device.id} lists no compute peak usable for ${p} arithmetic (nor a wider one to fall back on): its compute time is unknown, so the times of every pass that runs it count memory traffic only and are lower bounds (≥; tokens/s ≤)`,
      });
    } else if (c.used !== p) {
      out.push({
        code: "device.peak-fallback",
        severity: "info",
        message: `${device.id} lists no ${p} peak; ${p} arithmetic uses the ${c.used} peak`,
      });
    }
  }
  if (m.vision) {
    out.push({
      code: "model.vision-not-modelled",
      severity: "info",
      message: `${m.id}'s ${m.vision.what} (${(m.vision.params / 1e6).toFixed(0)}M parameters) is counted in memory; its compute (image encoding) is not modelled`,
    });
  }
  const longest = Math.max(wl.promptTokens, wl.contextTokens);
  if (longest > m.maxContext) {
    out.push({
      code: "model.context-exceeded",
      severity: "warning",
      message: `${longest} tokens exceed ${m.id}'s maximum context of ${m.maxContext}`,
    });
  }
  return out;
}

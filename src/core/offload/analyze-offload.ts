/**
 * A model placed across a host and a GPU (issue 17): each op runs on the unit that holds its
 * weights, at that unit's roofs; the activations cross the link where the placement changes.
 *
 * Which unit runs an op follows llama.cpp's scheduler (ggml/src/ggml-backend.cpp,
 * `ggml_backend_sched_backend_id_from_cur`): an op with weights runs on the weights' backend,
 * except that when the weights are in host memory and a higher-priority backend "wants to
 * offload" the op, it runs there and the scheduler copies the weights over. The CUDA backend
 * wants it when the op's batch is large (ggml/src/ggml-cuda/ggml-cuda.cu,
 * `ggml_backend_cuda_device_offload_op`: batch ≥ min_batch_size = 32, the batch being ne[1]
 * of a MUL_MAT and ne[2] of a MUL_MAT_ID; GET_ROWS never). So in prefill (micro-batches of
 * ubatch tokens) every matmul runs on the GPU and the CPU-resident weights cross the link once
 * per micro-batch, whole (all experts of an expert tensor); in decode (a few tokens) they stay
 * on the CPU and are read at the host's bandwidth. `--no-op-offload` turns the rule off.
 * Ops that read or write the cache run where the cache is; the remaining element-wise ops run
 * with their layer.
 *
 * Memory is counted per unit: weights by placement, each layer's KV cache where it lives, one
 * compute working set per unit that runs ops. Weights that do not fit in RAM can be streamed
 * from storage (mmap): re-read on every pass at the drive's read bandwidth.
 */
import { type LinkType, transferSeconds } from "../cluster/links.js";
import type { System, SystemUnit } from "../cluster/system.js";
import { efficiencyForDevice } from "../efficiency/calibrated.js";
import type { Efficiency } from "../efficiency/defaults.js";
import { InputError } from "../errors.js";
import { buildLayerOps, buildModelOps, type Pass } from "../graph/build-ops.js";
import type { ResolvedWorkload } from "../graph/workload.js";
import type { DeviceSpec } from "../hardware/schema.js";
import type { ModelSpec } from "../models/schema.js";
import type { ModelWeights } from "../models/weights.js";
import type { OpCost } from "../ops/types.js";
import { paramsOf, roofsOf, weightsOf } from "../predict/caches.js";
import { keptKeys, passOf } from "../predict/pass.js";
import { evaluateOp, type OpResult } from "../roofline/evaluate.js";
import { formatPercent } from "../units/format.js";
import {
  expertsOnCpu,
  kvOnGpu,
  layerOnGpu,
  type OffloadPlacement,
  type PlacementInput,
  placementFlags,
  resolvePlacement,
} from "./placement.js";
import { hostWeightBytes, type OffloadMemory, offloadMemory, type UnitSide } from "./unit-memory.js";
import { hostAndGpu } from "./units.js";

/** ggml-cuda's min_batch_size: ops with at least this many rows run on the GPU. */
export const OP_OFFLOAD_MIN_BATCH = 32;
/** llama.cpp keeps activations in f32 between backends. */
const STREAM_BYTES = 4;

export interface OffloadInput {
  readonly model: ModelSpec;
  readonly system: System;
  readonly workload: ResolvedWorkload;
  readonly placement?: PlacementInput;
  readonly weights?: ModelWeights;
}

export interface OffloadPhase {
  readonly phase: "prefill" | "decode";
  readonly latencyS: number;
  readonly tokensPerS: number;
  /** Compute and memory time of the ops each unit runs. */
  readonly gpuS: number;
  readonly hostS: number;
  /** Link time: activations crossing, plus weights and cache copied for the GPU (prefill). */
  readonly linkS: number;
  readonly weightCopyS: number;
  /** Cache reads and writes by ops run on the other unit than the cache (the GPU's, with op offload or --kv-on cpu). */
  readonly cacheCopyS: number;
  /** Weights re-read from storage (mmap) this pass. */
  readonly storageS: number;
  /** Bytes of weights read from system RAM this pass (by the host's ops, or copied to the GPU). */
  readonly hostWeightBytes: number;
  readonly crossings: number;
  readonly shares: {
    readonly gpu: number;
    readonly host: number;
    readonly link: number;
    readonly storage: number;
  };
  /** The largest part of the pass and its share, in words. */
  readonly bottleneck: string;
}

export interface OffloadAnalysis {
  readonly model: {
    readonly id: string;
    readonly params: number;
    readonly activeParams: number;
    readonly layers: number;
  };
  readonly system: {
    readonly name: string;
    readonly host: string | null;
    readonly gpu: string | null;
    readonly link:
      | { readonly name: string; readonly bandwidthGBps: number; readonly latencyUs: number }
      | "unified"
      | null;
    readonly storage: { readonly name: string; readonly readGBps: number } | null;
  };
  readonly placement: OffloadPlacement & { readonly flags: string };
  readonly workload: ResolvedWorkload;
  readonly prefill: OffloadPhase | null;
  readonly decode: OffloadPhase | null;
  readonly memory: OffloadMemory;
  readonly fits: boolean | null;
  readonly diagnostics: readonly string[];
}

export interface Sides {
  readonly gpu: { readonly device: DeviceSpec; readonly eff: Efficiency } | null;
  readonly host: { readonly device: DeviceSpec; readonly eff: Efficiency };
}

const evalOn = (ops: OpCost[], d: DeviceSpec, eff: Efficiency): OpResult[] =>
  ops.map((o) => evaluateOp({ ...o }, roofsOf(d), eff));

const touchesCache = (o: OpCost) => o.bytes.kvRead + o.bytes.kvWrite > 0;
const isExpertOp = (o: OpCost) => o.name.startsWith("expert_");

/** What a placement's passes need, resolved once (the timeline evaluates many decode passes on it). */
export interface OffloadSetup {
  readonly input: OffloadInput;
  readonly placement: OffloadPlacement;
  readonly weights: ModelWeights;
  readonly memory: OffloadMemory;
  readonly sides: Sides;
  readonly link: LinkType | null | undefined;
  readonly host: SystemUnit | null;
  readonly gpu: SystemUnit | null;
}

/**
 * Resolve the units, the placement and the memory per unit. `kvTokens` is the cache length the
 * memory is counted at (default: the workload's, as analyze counts it).
 */
export function setupOffload(input: OffloadInput, kvTokens?: number): OffloadSetup {
  const { model: m, system, workload: wl } = input;
  const { host, gpu, link } = hostAndGpu(system);
  const hostDevice = (host ?? gpu)!.device;
  const sides: Sides = {
    gpu: gpu ? { device: gpu.device, eff: efficiencyForDevice(gpu.device) } : null,
    host: { device: hostDevice, eff: efficiencyForDevice(hostDevice) },
  };
  const placement = resolvePlacement(m, input.placement ?? {}, gpu !== null);
  if (!host && placement.gpuLayers <= m.numLayers)
    throw new InputError("--gpu-layers", placement.gpuLayers, "layers off the GPU need a --host to run on");
  const w = input.weights ?? weightsOf(m, wl.weights, wl.activations);
  const kv =
    kvTokens ??
    (wl.phase === "prefill" ? wl.promptTokens : Math.max(wl.promptTokens, keptKeys(wl, wl.contextTokens)));
  const memory = offloadMemory({
    m,
    w,
    wl,
    placement,
    host,
    gpu,
    kvTokens: kv,
    storage: system.storage !== null,
  });
  return { input, placement, weights: w, memory, sides, link, host, gpu };
}

/** The prefill of the workload's prompt on a setup. */
export function offloadPrefill(s: OffloadSetup): OffloadPhase {
  const wl = s.input.workload;
  return passOn(s, "prefill", passOf(wl, wl.promptTokens, wl.promptTokens));
}

/** One decode step attending `keys` cache entries on a setup. */
export function offloadDecodeAt(s: OffloadSetup, keys: number): OffloadPhase {
  return passOn(s, "decode", passOf(s.input.workload, 1, keys));
}

const passOn = (s: OffloadSetup, phase: "prefill" | "decode", pass: Pass) =>
  phasePass(
    s.input.model,
    s.weights,
    s.sides,
    s.link ?? null,
    s.placement,
    phase,
    pass,
    s.memory,
    s.input.system,
  );

export function analyzeOffload(input: OffloadInput): OffloadAnalysis {
  const { model: m, system, workload: wl } = input;
  const s = setupOffload(input);
  const { placement, memory, host, gpu, link } = s;
  const prefill = wl.phase === "decode" ? null : offloadPrefill(s);
  const decode = wl.phase === "prefill" ? null : offloadDecodeAt(s, keptKeys(wl, wl.contextTokens));
  const verdicts = memory.units.map((u) => u.fits);
  const fits = verdicts.includes(false) ? false : verdicts.includes(null) ? null : true;
  const diagnostics = offloadDiagnostics(memory, system);
  const params = paramsOf(m);
  return {
    model: { id: m.id, params: params.total, activeParams: params.active, layers: m.numLayers },
    system: {
      name: system.name,
      host: host?.device.id ?? null,
      gpu: gpu?.device.id ?? null,
      link:
        link === undefined
          ? null
          : link === null
            ? "unified"
            : { name: link.name, bandwidthGBps: link.bandwidthGBps.value, latencyUs: link.latencyUs.value },
      storage: system.storage ? { name: system.storage.name, readGBps: system.storage.readGBps.value } : null,
    },
    placement: { ...placement, flags: placementFlags(placement) },
    workload: wl,
    prefill,
    decode,
    memory,
    fits,
    diagnostics,
  };
}

/** The memory verdicts in words: units that do not fit, weights streamed from storage. */
export function offloadDiagnostics(memory: OffloadMemory, system: System): string[] {
  const out = memoryDiagnostics(memory);
  if (memory.streamedBytes > 0)
    out.push(
      `${gib(memory.streamedBytes)} of weights do not fit in RAM: mapped from ${system.storage?.name ?? "storage"}, each pass re-reads its share of them`,
    );
  return out;
}

const gib = (b: number) => `${(b / 2 ** 30).toFixed(2)} GiB`;

/** A line per unit that misses; one line for a shared pool whose GPU share already misses (the host's share is then moot). */
function memoryDiagnostics(memory: OffloadMemory): string[] {
  const missing = memory.units.filter((u) => u.fits === false);
  const gpu = missing.find((u) => u.role === "gpu");
  const host = missing.find((u) => u.role === "host");
  if (memory.shared && gpu && host)
    return [
      `the shared memory of ${gpu.deviceId} and ${host.deviceId} needs ${gib(gpu.totalBytes + host.totalBytes)} (GPU ${gib(gpu.totalBytes)}, host ${gib(host.totalBytes)}) but the GPU can use ${gib(gpu.capacityBytes ?? 0)} of it`,
    ];
  return missing.map(
    (u) => `${u.deviceId} (${u.role}) needs ${gib(u.totalBytes)} but has ${gib(u.capacityBytes ?? 0)}`,
  );
}

function phasePass(
  m: ModelSpec,
  w: ModelWeights,
  sides: Sides,
  link: LinkType | null,
  p: OffloadPlacement,
  phase: "prefill" | "decode",
  pass: Pass,
  memory: OffloadMemory,
  system: System,
): OffloadPhase {
  const tokens = pass.batch * pass.queries;
  const k = phase === "prefill" ? Math.max(1, Math.ceil(tokens / p.ubatch)) : 1;
  const rowsPerUbatch = Math.min(tokens, p.ubatch);
  const offloadLayers = sides.gpu !== null && p.opOffload && rowsPerUbatch >= OP_OFFLOAD_MIN_BATCH;
  const offloadHead = sides.gpu !== null && p.opOffload && pass.batch >= OP_OFFLOAD_MIN_BATCH;
  const t = { gpu: 0, host: 0, cross: 0, copy: 0, cacheCopy: 0, crossings: 0, hostWeightsRead: 0 };
  const cross = (bytes: number) => {
    t.crossings++;
    if (link) t.cross += transferSeconds(link, bytes, k);
  };
  const copy = (bytes: number, tensors: number) => {
    t.hostWeightsRead += k * bytes;
    if (link) t.copy += transferSeconds(link, k * bytes, k * tensors);
  };
  const streamBytes = m.hiddenSize * tokens * STREAM_BYTES;
  const onSide = (ops: OpCost[], side: UnitSide) => {
    const s = side === "gpu" ? sides.gpu! : sides.host;
    return evalOn(ops, s.device, s.eff);
  };
  // Each distinct layer variant is built once and evaluated on each unit once.
  const byVariant = new Map<object, { ops: OpCost[]; gpu: OpResult[] | null; host: OpResult[] }>();
  const variantOf = (layer: ModelWeights["layers"][number]) => {
    let v = byVariant.get(layer);
    if (!v) {
      const ops = buildLayerOps(m, layer, pass);
      v = { ops, gpu: sides.gpu ? onSide(ops, "gpu") : null, host: onSide(ops, "host") };
      byVariant.set(layer, v);
    }
    return v;
  };

  let at: UnitSide = "host"; // the embedding lookup runs on the CPU
  const move = (to: UnitSide) => {
    if (to !== at) cross(streamBytes);
    at = to;
  };
  const model = buildModelOps(m, w, pass);
  const modelGpu = sides.gpu ? onSide(model, "gpu") : null;
  const modelHost = onSide(model, "host");
  const charge = (side: UnitSide, r: OpResult) => {
    t[side] += r.timeEstimateS;
  };
  charge("host", modelHost[0]!);
  t.hostWeightsRead += modelHost[0]!.bytes.weights;

  const numExperts = m.moe?.numExperts ?? 1;
  w.layers.forEach((layer, i) => {
    const v = variantOf(layer);
    const onGpu = layerOnGpu(p, m, i);
    const home: UnitSide = onGpu ? "gpu" : "host";
    const experts: UnitSide = expertsOnCpu(p, m, i) ? "host" : "gpu";
    const cache: UnitSide = kvOnGpu(p, m, i) ? "gpu" : "host";
    let copiedExperts = false;
    v.ops.forEach((o, j) => {
      // Weights first (the scheduler's rule); weightless ops that use the cache run where it is.
      const hasWeights = o.bytes.weights > 0;
      const weightsAt: UnitSide | null = hasWeights ? (isExpertOp(o) ? experts : home) : null;
      const natural: UnitSide = weightsAt ?? (isExpertOp(o) ? experts : touchesCache(o) ? cache : home);
      const runsOn: UnitSide = offloadLayers ? "gpu" : natural;
      if (weightsAt === "host" && runsOn === "host") t.hostWeightsRead += o.bytes.weights;
      move(runsOn);
      charge(runsOn, (runsOn === "gpu" ? v.gpu : v.host)![j]!);
      // Cache reads and writes of an op run away from the cache cross the link (once per pass).
      if (touchesCache(o) && runsOn !== cache && link)
        t.cacheCopy += transferSeconds(link, o.bytes.kvRead + o.bytes.kvWrite, k);
      if (runsOn === "gpu" && weightsAt === "host") {
        if (!isExpertOp(o)) copy(o.bytes.weights, 1);
        else if (!copiedExperts) {
          const tt = layer.tensors;
          copy((tt.ffn_gate.bytes + tt.ffn_up.bytes + tt.ffn_down.bytes) * numExperts, 3);
          copiedExperts = true;
        }
      }
    });
  });
  // The output layer (final norm, lm_head): on the GPU with -ngl > n_layer.
  const head: UnitSide = p.outputOnGpu ? "gpu" : "host";
  for (let j = 1; j < model.length; j++) {
    const runsOn: UnitSide = offloadHead || head === "gpu" ? (sides.gpu ? "gpu" : "host") : "host";
    move(runsOn);
    charge(runsOn, (runsOn === "gpu" ? modelGpu : modelHost)![j]!);
    if (runsOn === "host") t.hostWeightsRead += model[j]!.bytes.weights;
    if (runsOn === "gpu" && head === "host" && model[j]!.bytes.weights > 0) copy(model[j]!.bytes.weights, 1);
  }
  const storage = system.storage;
  // The pages not in RAM are a share of the host's weights (assumed spread evenly): a pass
  // reads that share of what it reads from host weights (a decode step of an MoE touches few experts).
  const hostStored = hostWeightBytes(memory);
  const missed = hostStored > 0 ? (memory.streamedBytes / hostStored) * t.hostWeightsRead : 0;
  const storageS = missed > 0 && storage ? missed / (storage.readGBps.value * 1e9) : 0;
  const used = t.gpu > 0 ? sides.gpu! : sides.host;
  const overheadS = used.eff.perPassOverheadS;
  const linkS = t.cross + t.copy + t.cacheCopy;
  const latencyS = t.gpu + t.host + linkS + storageS + overheadS;
  const produced = phase === "prefill" ? tokens : pass.batch;
  const share = (x: number) => (latencyS > 0 ? x / latencyS : 0);
  const parts: [string, number][] = [
    [`the GPU (${sides.gpu?.device.id ?? "none"})`, t.gpu],
    [`the host (${sides.host.device.id})`, t.host],
    [`the ${link?.name ?? "host–GPU"} link`, linkS],
    [`storage (${storage?.name ?? "none"})`, storageS],
  ];
  const top = parts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return {
    phase,
    latencyS,
    tokensPerS: produced / latencyS,
    gpuS: t.gpu,
    hostS: t.host,
    linkS,
    weightCopyS: t.copy,
    cacheCopyS: t.cacheCopy,
    storageS,
    hostWeightBytes: t.hostWeightsRead,
    crossings: t.crossings,
    shares: { gpu: share(t.gpu), host: share(t.host), link: share(linkS), storage: share(storageS) },
    bottleneck: `${top[0]}: ${formatPercent(share(top[1]), 0)} of each pass`,
  };
}

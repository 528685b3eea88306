/**
 * The machine and the placement (issue 17): a host (CPU and RAM) beside the primary GPU, the
 * link between them, and where llama.cpp puts the model (GPU layers, experts on the CPU, KV
 * cache, mmap from an NVMe drive). Kept as the text the user typed, like the workload; read
 * into the core's System and PlacementInput by the same rules as the CLI's flags
 * (`--host --ram --link --gpu-layers --cpu-moe / --cpu-moe-layers --kv-on --mmap-from`). Pure.
 */
import {
  BUILTIN_DEVICES,
  DEFAULT_STORAGE,
  type DeviceSpec,
  findStorage,
  InputError,
  KV_PLACES,
  type KvPlace,
  LINK_TYPES,
  type PlacementInput,
  STORAGE_TYPES,
  type System,
  systemFromFlags,
} from "../../../src/core/index.js";

export const CPU_MOE_CHOICES = ["none", "all", "layers"] as const;
export type CpuMoeChoice = (typeof CPU_MOE_CHOICES)[number];
export { KV_PLACES };

export interface PlacementState {
  /** The host CPU's device id; "" for none (the GPU alone, as before). */
  readonly host: string;
  /** The host's RAM, GiB ("" = not stated: the host's fit is not checked). */
  readonly ram: string;
  /** A link id, or "unified" (a SoC's shared memory). */
  readonly link: string;
  /** llama.cpp -ngl ("" = all). */
  readonly gpuLayers: string;
  readonly cpuMoe: CpuMoeChoice;
  /** --n-cpu-moe N, with cpuMoe "layers". */
  readonly cpuMoeLayers: string;
  readonly kvOn: KvPlace;
  /** Weights beyond RAM are mapped from `storage`. */
  readonly mmap: boolean;
  readonly storage: string;
}

export const DEFAULT_PLACEMENT: PlacementState = {
  host: "",
  ram: "",
  link: "pcie4x16",
  gpuLayers: "",
  cpuMoe: "none",
  cpuMoeLayers: "",
  kvOn: "gpu",
  mmap: false,
  storage: DEFAULT_STORAGE,
};

/** The CLI's bounds (system-args.ts): layer counts up to 100000 (-ngl 999 means all), RAM up to 2^20 GiB. */
export const MAX_LAYERS_FLAG = 100000;
export const MAX_RAM_GIB = 1 << 20;
/** What --cpu-moe gives (every layer; the core clamps it to the model's). */
export const ALL_CPU_MOE = MAX_LAYERS_FLAG;

export interface PlacementFieldError {
  readonly field: keyof PlacementState;
  readonly key: "err.whole" | "err.positiveGiB" | "err.library";
  readonly params: Readonly<Record<string, string | number>>;
}

export type OffloadSetup =
  /** No host chosen: the GPU alone. */
  | { readonly kind: "off" }
  /** The primary device is not a GPU: a placement needs one. */
  | { readonly kind: "no-gpu"; readonly device: string }
  | { readonly kind: "invalid"; readonly errors: readonly PlacementFieldError[] }
  | { readonly kind: "on"; readonly system: System; readonly placement: PlacementInput };

export const whole = (text: string) => (/^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN);

/** The system and placement the controls describe on the primary device, or why there is none. */
export function offloadSetup(p: PlacementState, primary: DeviceSpec): OffloadSetup {
  if (p.host === "") return { kind: "off" };
  if (primary.unit !== "gpu") return { kind: "no-gpu", device: primary.id };
  const errors: PlacementFieldError[] = [];
  const count = (field: "gpuLayers" | "cpuMoeLayers", min: number): number | undefined => {
    const n = whole(p[field]);
    if (n >= min && n <= MAX_LAYERS_FLAG) return n;
    errors.push({ field, key: "err.whole", params: { min, max: MAX_LAYERS_FLAG } });
    return undefined;
  };
  const gpuLayers = p.gpuLayers.trim() === "" ? undefined : count("gpuLayers", 0);
  const cpuMoeLayers =
    p.cpuMoe === "all" ? ALL_CPU_MOE : p.cpuMoe === "layers" ? count("cpuMoeLayers", 0) : undefined;
  let ramGiB: number | undefined;
  if (p.ram.trim() !== "") {
    const x = /^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(p.ram) ? Number(p.ram) : Number.NaN;
    if (x > 0 && x <= MAX_RAM_GIB) ramGiB = x;
    else errors.push({ field: "ram", key: "err.positiveGiB", params: { max: MAX_RAM_GIB } });
  }
  if (errors.length > 0) return { kind: "invalid", errors };
  try {
    const system = systemFromFlags({
      gpus: [primary],
      host: p.host,
      link: p.link,
      ...(ramGiB !== undefined ? { ramGiB } : {}),
      ...(p.mmap ? { storage: findStorage(p.storage, "--mmap-from").id } : {}),
    });
    const placement: PlacementInput = {
      ...(gpuLayers !== undefined ? { gpuLayers } : {}),
      ...(cpuMoeLayers !== undefined ? { cpuMoeLayers } : {}),
      ...(p.kvOn !== "gpu" ? { kvOn: p.kvOn } : {}),
      ...(p.mmap ? { mmapFromStorage: true } : {}),
    };
    return { kind: "on", system, placement };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const field: keyof PlacementState = /link/.test(e.field)
      ? "link"
      : /mmap|storage/.test(e.field)
        ? "storage"
        : "host";
    return { kind: "invalid", errors: [{ field, key: "err.library", params: { message: e.message } }] };
  }
}

// ---- the URL ------------------------------------------------------------------------

/** Keys in the hash (short, like the workload's). */
export const PLACEMENT_KEYS = {
  host: "host",
  ram: "ram",
  link: "link",
  gpuLayers: "ngl",
  cpuMoe: "moe",
  kvOn: "kvon",
  mmap: "mmap",
  storage: "store",
} as const;

/** Writes the placement's non-default values into the hash's parameters. */
export function encodePlacement(p: PlacementState, out: URLSearchParams): void {
  if (p.host === "") return;
  const K = PLACEMENT_KEYS;
  out.set(K.host, p.host);
  if (p.ram !== DEFAULT_PLACEMENT.ram) out.set(K.ram, p.ram);
  if (p.link !== DEFAULT_PLACEMENT.link) out.set(K.link, p.link);
  if (p.gpuLayers !== "") out.set(K.gpuLayers, p.gpuLayers);
  if (p.cpuMoe === "all") out.set(K.cpuMoe, "all");
  else if (p.cpuMoe === "layers") out.set(K.cpuMoe, p.cpuMoeLayers);
  if (p.kvOn !== DEFAULT_PLACEMENT.kvOn) out.set(K.kvOn, p.kvOn);
  if (p.mmap) out.set(K.mmap, "1");
  if (p.storage !== DEFAULT_PLACEMENT.storage) out.set(K.storage, p.storage);
}

export interface PlacementWarning {
  readonly name: string;
  readonly value: string;
}

const MAX_PARAM = 64;
/** The hosts a placement may name: the catalog's CPUs. */
export const HOST_DEVICES: readonly DeviceSpec[] = BUILTIN_DEVICES.filter((d) => d.unit === "cpu");
export const LINK_CHOICES: readonly string[] = ["unified", ...LINK_TYPES.map((l) => l.id)];
export const STORAGE_CHOICES: readonly string[] = STORAGE_TYPES.map((s) => s.id);
export const knownHost = (id: string): string | null => (HOST_DEVICES.some((d) => d.id === id) ? id : null);

/** The placement a hash describes; values it cannot take are reported, and left at their defaults. */
export function decodePlacement(
  q: URLSearchParams,
  knownCpu: (label: string) => string | null = knownHost,
): { placement: PlacementState; warnings: PlacementWarning[] } {
  const K = PLACEMENT_KEYS;
  const d = DEFAULT_PLACEMENT;
  const warnings: PlacementWarning[] = [];
  const bad = (name: string, value: string) => warnings.push({ name, value: value.slice(0, MAX_PARAM) });
  const host = q.get(K.host);
  if (host === null) return { placement: d, warnings };
  const hostId = knownCpu(host);
  if (hostId === null) {
    bad(K.host, host);
    return { placement: d, warnings };
  }
  const text = (name: string, v: string | null, fallback: string, ok: (v: string) => boolean) => {
    if (v === null) return fallback;
    if (v.length <= MAX_PARAM && ok(v)) return v;
    bad(name, v);
    return fallback;
  };
  const digits = (re: RegExp) => (v: string) => re.test(v);
  const oneOf = (list: readonly string[]) => (v: string) => list.includes(v);
  const moe = q.get(K.cpuMoe);
  let cpuMoe: CpuMoeChoice = "none";
  let cpuMoeLayers = d.cpuMoeLayers;
  if (moe === "all") cpuMoe = "all";
  else if (moe !== null) {
    if (moe.length <= MAX_PARAM && /^[0-9\s]*$/.test(moe)) {
      cpuMoe = "layers";
      cpuMoeLayers = moe;
    } else bad(K.cpuMoe, moe);
  }
  const kvOn = q.get(K.kvOn);
  if (kvOn !== null && !(KV_PLACES as readonly string[]).includes(kvOn)) bad(K.kvOn, kvOn);
  const mmap = q.get(K.mmap);
  if (mmap !== null && mmap !== "0" && mmap !== "1") bad(K.mmap, mmap);
  return {
    placement: {
      host: hostId,
      ram: text(K.ram, q.get(K.ram), d.ram, digits(/^[0-9.\s]*$/)),
      link: text(K.link, q.get(K.link), d.link, oneOf(LINK_CHOICES)),
      gpuLayers: text(K.gpuLayers, q.get(K.gpuLayers), d.gpuLayers, digits(/^[0-9\s]*$/)),
      cpuMoe,
      cpuMoeLayers,
      kvOn: kvOn === "cpu" ? "cpu" : "gpu",
      mmap: mmap === "1",
      storage: text(K.storage, q.get(K.storage), d.storage, oneOf(STORAGE_CHOICES)),
    },
    warnings,
  };
}

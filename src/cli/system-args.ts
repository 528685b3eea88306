/**
 * The system flags: `--system file.json`, or `--device gpu[,gpu…] --host cpu --link id
 * --ram GiB --storage id` (with `--device-file` for an inline GPU). Both give the core's System.
 */
import {
  DEFAULT_STORAGE,
  DeviceSpec,
  findStorage,
  fromZodIssues,
  InputError,
  LINK_TYPES,
  type PlacementInput,
  readSystem,
  STORAGE_TYPES,
  type System,
  systemFromFlags,
} from "../core/index.js";
import { parseCount } from "./args.js";
import { parsePositive, splitList } from "./commands/lists.js";
import { readJsonFile } from "./io/read-json.js";

export const systemArgs = {
  system: {
    type: "string",
    description:
      "a system JSON (units, links, storage; schema/system.schema.json) instead of the flags below",
    valueHint: "path",
  },
  host: {
    type: "string",
    description:
      "the host CPU (a device id, e.g. amd-ryzen-9-7950x): where layers and experts not on the GPU run",
    valueHint: "id",
  },
  link: {
    type: "string",
    description: `host–GPU link (default pcie4x16): unified (shared memory, a SoC), ${LINK_TYPES.map((l) => l.id).join(", ")}`,
    valueHint: "id",
  },
  ram: { type: "string", description: "the host's system RAM, GiB", valueHint: "GiB" },
  storage: {
    type: "string",
    description: `the drive --mmap-from streams from: ${STORAGE_TYPES.map((s) => s.id).join(", ")}`,
    valueHint: "id",
  },
} as const;

export const placementArgs = {
  "gpu-layers": {
    type: "string",
    description:
      "layer slots on the GPU, as llama.cpp's -ngl: the output layer is the last slot, then layers from the end (N = layers + 1 is all, the default)",
    valueHint: "N",
  },
  "cpu-moe": {
    type: "boolean",
    description: "every layer's MoE experts in system RAM (llama.cpp --cpu-moe)",
  },
  "cpu-moe-layers": {
    type: "string",
    description: "the MoE experts of the first N layers in system RAM (llama.cpp --n-cpu-moe N)",
    valueHint: "N",
  },
  "kv-on": {
    type: "string",
    description: "gpu | cpu: where the GPU layers' KV cache lives (cpu = llama.cpp -nkvo)",
  },
  "mmap-from": {
    type: "string",
    description: `nvme (the system's storage, default ${DEFAULT_STORAGE}) or a storage id: weights beyond RAM are read from it every pass`,
    valueHint: "storage",
  },
  ubatch: { type: "string", description: "prefill micro-batch, llama.cpp -ub (default 512)", valueHint: "N" },
  "op-offload": {
    type: "boolean",
    description:
      "large batches on CPU-resident weights run on the GPU (llama.cpp's default; --no-op-offload turns it off)",
  },
} as const;

type Args = Record<string, unknown>;
const str = (a: Args, k: string): string | undefined => {
  const v = a[k];
  if (v === undefined || v === false) return undefined;
  if (typeof v !== "string") throw new InputError(`--${k}`, v, "needs a value");
  return v;
};

/** True when any system flag is given (the command then describes a system, not one device). */
export function wantsSystem(a: Args): boolean {
  return (
    ["system", "host", "link", "ram", "storage", ...Object.keys(placementArgs)].some(
      (k) => a[k] !== undefined && a[k] !== false,
    ) || a["op-offload"] === false
  );
}

/** The placement flags as the core's placement; the storage `--mmap-from` names, if any. */
export function placementFromArgs(a: Args): { placement: PlacementInput; mmapStorage?: string } {
  const count = (k: string) => {
    const v = str(a, k);
    return v === undefined ? undefined : parseCount(`--${k}`, v, 0, 100000);
  };
  const gpuLayers = count("gpu-layers");
  let cpuMoeLayers = count("cpu-moe-layers");
  if (a["cpu-moe"] === true) {
    if (cpuMoeLayers !== undefined)
      throw new InputError(
        "--cpu-moe-layers",
        cpuMoeLayers,
        "cannot be combined with --cpu-moe (every layer)",
      );
    cpuMoeLayers = 100000;
  }
  const kvOn = str(a, "kv-on");
  if (kvOn !== undefined && kvOn !== "gpu" && kvOn !== "cpu")
    throw new InputError("--kv-on", kvOn, "must be gpu or cpu");
  const mmap = str(a, "mmap-from");
  const ubatch = str(a, "ubatch");
  const placement: PlacementInput = {
    ...(gpuLayers !== undefined ? { gpuLayers } : {}),
    ...(cpuMoeLayers !== undefined ? { cpuMoeLayers } : {}),
    ...(kvOn !== undefined ? { kvOn } : {}),
    ...(mmap !== undefined ? { mmapFromStorage: true } : {}),
    ...(ubatch !== undefined ? { ubatch: parseCount("--ubatch", ubatch, 1, 65536) } : {}),
    ...(a["op-offload"] === false ? { opOffload: false } : {}),
  };
  return { placement, ...(mmap !== undefined && mmap !== "nvme" ? { mmapStorage: mmap } : {}) };
}

/** The system and placement the flags describe; `--mmap-from` fills in the storage when the system names none. */
export async function offloadFromArgs(a: Args): Promise<{ system: System; placement: PlacementInput }> {
  const { placement, mmapStorage } = placementFromArgs(a);
  let system = await systemFromArgs(a);
  if (placement.mmapFromStorage) {
    if (mmapStorage !== undefined && system.storage && system.storage.id !== mmapStorage)
      throw new InputError("--mmap-from", mmapStorage, `the system's storage is ${system.storage.id}`);
    if (!system.storage || mmapStorage !== undefined)
      system = { ...system, storage: findStorage(mmapStorage ?? DEFAULT_STORAGE, "--mmap-from") };
  }
  return { system, placement };
}

export async function systemFromArgs(a: Args): Promise<System> {
  const file = str(a, "system");
  if (file !== undefined) {
    for (const k of ["device", "device-file", "host", "link", "ram", "storage"])
      if (str(a, k) !== undefined)
        throw new InputError(`--${k}`, a[k], "cannot be combined with --system (the file names the units)");
    return readSystem(await readJsonFile("--system", file), "--system");
  }
  const ids = str(a, "device");
  const deviceFile = str(a, "device-file");
  if (ids !== undefined && deviceFile !== undefined)
    throw new InputError("--device-file", deviceFile, "cannot be combined with --device");
  const gpus: (string | DeviceSpec)[] = ids !== undefined ? splitList("--device", ids) : [];
  if (deviceFile !== undefined) {
    const json = await readJsonFile("--device-file", deviceFile);
    const r = DeviceSpec.safeParse(json);
    if (!r.success) throw fromZodIssues("device-file", r.error.issues, json);
    gpus.push(r.data);
  }
  const host = str(a, "host");
  const link = str(a, "link");
  const ram = str(a, "ram");
  const storage = str(a, "storage");
  return systemFromFlags({
    gpus,
    ...(host !== undefined ? { host } : {}),
    ...(link !== undefined ? { link } : {}),
    ...(ram !== undefined ? { ramGiB: parsePositive("--ram", ram, 1 << 20) } : {}),
    ...(storage !== undefined ? { storage } : {}),
  });
}

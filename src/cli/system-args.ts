/**
 * The system flags: `--system file.json`, or `--device gpu[,gpu…] --host cpu --link id
 * --ram GiB --storage id` (with `--device-file` for an inline GPU). Both give the core's System.
 */
import {
  DeviceSpec,
  fromZodIssues,
  InputError,
  LINK_TYPES,
  readSystem,
  STORAGE_TYPES,
  type System,
  systemFromFlags,
} from "../core/index.js";
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

type Args = Record<string, unknown>;
const str = (a: Args, k: string): string | undefined => {
  const v = a[k];
  if (v === undefined || v === false) return undefined;
  if (typeof v !== "string") throw new InputError(`--${k}`, v, "needs a value");
  return v;
};

/** True when any system flag is given (the command then describes a system, not one device). */
export function wantsSystem(a: Args): boolean {
  return ["system", "host", "link", "ram", "storage"].some((k) => str(a, k) !== undefined);
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

/**
 * A machine (or a cluster) described as compute units joined by links:
 *
 * - units: a host (its CPU device and the system RAM), one or more GPUs, or several hosts of a
 *   cluster; each names a catalog device or carries one inline (the schema of --device-file);
 *   `memoryGiB` states the RAM of a host (a CPU entry records no capacity) or overrides a
 *   device's capacity.
 * - links: which units are joined and by what (a link catalog id, an inline link with its
 *   source, or "unified" for units that share one memory, as the CPU and GPU of a SoC).
 * - storage: the drive the weights can be streamed from (a catalog id or inline, with source).
 *
 * `readSystem` validates the JSON and resolves ids; `systemFromFlags` builds the same from
 * `--device`, `--host`, `--link`, `--ram` and `--storage`. Units without a direct link talk
 * through the host (`routeBetween`), as GPUs without peer-to-peer do.
 */
import * as z from "zod";
import { findDevice } from "../catalog/lookup.js";
import { fromZodIssues, InputError } from "../errors.js";
import { DeviceSpec } from "../hardware/schema.js";
import { GiB } from "../units/quantities.js";
import { findLink, type LinkType } from "./links.js";
import { findStorage, type StorageType } from "./storage.js";

/** Most units one system may name. */
export const MAX_SYSTEM_UNITS = 64;
export const UNIT_KINDS = ["host", "gpu"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

const unitId = z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, "lower-case letters, digits, '_', '.', '-'");
const sourced = { source: z.string().min(1) };

const InlineLink = z
  .object({
    name: z.string().min(1),
    /** Per direction, GB/s (10^9 bytes/s). */
    bandwidthGBps: z.number().positive().finite(),
    /** One-way latency of a small transfer, µs. */
    latencyUs: z.number().nonnegative().finite(),
    ...sourced,
  })
  .strict();

const InlineStorage = z
  .object({
    name: z.string().min(1),
    /** Sequential read, GB/s (10^9 bytes/s). */
    readGBps: z.number().positive().finite(),
    ...sourced,
  })
  .strict();

export const SystemUnitInput = z
  .object({
    /** Name of the unit within the system ("host", "gpu0"); links refer to it. */
    id: unitId,
    kind: z.enum(UNIT_KINDS),
    /** A catalog device id, or a device in the catalog's schema. */
    device: z.union([z.string().min(1), DeviceSpec]),
    /** Memory this unit holds, GiB: a host's system RAM, or a capacity overriding the device's. */
    memoryGiB: z.number().positive().finite().optional(),
    /** Memory bandwidth, GB/s, where this machine's memory runs at another speed than the device entry's (e.g. DDR4-3200 on a CPU rated for 2933). */
    bandwidthGBps: z.number().positive().finite().optional(),
  })
  .strict();

export const SystemLinkInput = z
  .object({
    between: z.tuple([unitId, unitId]),
    /** A link catalog id (`ridgeline split --help` lists them), "unified", or an inline link. */
    link: z.union([z.string().min(1), InlineLink]),
  })
  .strict();

export const SystemSpec = z
  .object({
    $schema: z.string().optional(),
    name: z.string().min(1).optional(),
    units: z.array(SystemUnitInput).min(1).max(MAX_SYSTEM_UNITS),
    links: z
      .array(SystemLinkInput)
      .max(MAX_SYSTEM_UNITS * MAX_SYSTEM_UNITS)
      .default([]),
    /** The drive weights can be streamed from (catalog id or inline). */
    storage: z.union([z.string().min(1), InlineStorage]).optional(),
  })
  .strict();
export type SystemSpec = z.input<typeof SystemSpec>;

export interface SystemUnit {
  readonly id: string;
  readonly kind: UnitKind;
  readonly device: DeviceSpec;
  /** Capacity in bytes; null where neither the system nor the device states it. */
  readonly memoryBytes: number | null;
  readonly memorySource: "system" | "device" | null;
  /** Units sharing this unit's memory (joined by "unified" links), itself included, in order. */
  readonly memoryPool: readonly string[];
}

export interface SystemLink {
  readonly between: readonly [string, string];
  /** null for a "unified" link: the two units share memory and nothing is copied. */
  readonly type: LinkType | null;
}

export interface System {
  readonly name: string;
  readonly units: readonly SystemUnit[];
  readonly links: readonly SystemLink[];
  readonly storage: StorageType | null;
}

function resolveLink(v: string | z.infer<typeof InlineLink>, field: string): LinkType | null {
  if (typeof v !== "string")
    return {
      id: "inline",
      name: v.name,
      bandwidthGBps: { value: v.bandwidthGBps, kind: "spec", source: v.source },
      latencyUs: { value: v.latencyUs, kind: "spec", source: v.source },
    };
  if (v.trim().toLowerCase() === "unified") return null;
  return findLink(v, field);
}

function resolveStorage(v: string | z.infer<typeof InlineStorage>, field: string): StorageType {
  if (typeof v === "string") return findStorage(v, field);
  return { id: "inline", name: v.name, readGBps: { value: v.readGBps, kind: "spec", source: v.source } };
}

/** Resolve a parsed system; `where` prefixes field names ("system" for a file, "" for flags). */
function resolve(spec: z.output<typeof SystemSpec>, where: string): System {
  const at = (path: string) => (where ? `${where}.${path}` : path);
  const ids = new Set<string>();
  spec.units.forEach((u, i) => {
    if (ids.has(u.id)) throw new InputError(at(`units.${i}.id`), u.id, "names another unit already");
    ids.add(u.id);
  });
  const devices = spec.units.map((u, i) => {
    const d = typeof u.device === "string" ? findDevice(u.device, at(`units.${i}.device`)) : u.device;
    return u.bandwidthGBps === undefined ? d : withStated(d, { bandwidthGBps: u.bandwidthGBps });
  });
  const links: SystemLink[] = spec.links.map((l, i) => {
    l.between.forEach((id, j) => {
      if (!ids.has(id))
        throw new InputError(at(`links.${i}.between.${j}`), id, "is not a unit of this system");
    });
    if (l.between[0] === l.between[1])
      throw new InputError(at(`links.${i}.between`), l.between, "joins a unit to itself");
    return { between: [l.between[0], l.between[1]], type: resolveLink(l.link, at(`links.${i}.link`)) };
  });
  // Memory pools: units joined by unified links share one memory (union-find over the links).
  const parent = new Map(spec.units.map((u) => [u.id, u.id]));
  const root = (id: string): string => {
    const p = parent.get(id)!;
    return p === id ? id : root(p);
  };
  for (const l of links) if (l.type === null) parent.set(root(l.between[1]), root(l.between[0]));
  const units: SystemUnit[] = spec.units.map((u, i) => {
    const d = devices[i]!;
    const members = spec.units.flatMap((v, j) => (root(v.id) === root(u.id) ? [j] : []));
    const pool = members.map((j) => spec.units[j]!.id);
    // A shared pool has one capacity: the first the system states, else the first a device records.
    const own = members.map((j) => spec.units[j]!.memoryGiB).find((x) => x !== undefined) ?? null;
    const deviceGiB = members.map((j) => devices[j]!.memoryGiB?.value).find((x) => x !== undefined) ?? null;
    return {
      id: u.id,
      kind: u.kind,
      device: d,
      memoryBytes: own !== null ? own * GiB : deviceGiB !== null ? deviceGiB * GiB : null,
      memorySource: own !== null ? "system" : deviceGiB !== null ? "device" : null,
      memoryPool: pool,
    };
  });
  return {
    name: spec.name ?? units.map((u) => u.device.id).join(" + "),
    units,
    links,
    storage: spec.storage === undefined ? null : resolveStorage(spec.storage, at("storage")),
  };
}

const STATED = "system-description";

/** A device with figures the system description states (memory, bandwidth), sourced to it. */
export function withStated(d: DeviceSpec, f: { memoryGiB?: number; bandwidthGBps?: number }): DeviceSpec {
  return {
    ...d,
    ...(f.memoryGiB !== undefined ? { memoryGiB: { value: f.memoryGiB, source: STATED } } : {}),
    ...(f.bandwidthGBps !== undefined
      ? {
          bandwidthGBps: {
            value: f.bandwidthGBps,
            source: STATED,
            note: `stated by the system description (the entry's figure: ${d.bandwidthGBps.value} GB/s)`,
          },
        }
      : {}),
    sources: {
      ...d.sources,
      [STATED]: {
        title: "stated in the system description (--ram, memoryGiB, bandwidthGBps)",
        kind: "review",
      },
    },
  };
}

/** Validate a system JSON (as read from --system) and resolve its ids. */
export function readSystem(json: unknown, field = "system"): System {
  const r = SystemSpec.safeParse(json);
  if (!r.success) throw fromZodIssues(field, r.error.issues, json);
  return resolve(r.data, field);
}

export interface SystemFlags {
  /** GPU device ids (comma-separated on the command line). */
  readonly gpus: readonly (string | DeviceSpec)[];
  readonly host?: string | DeviceSpec;
  /** Link from the host to every GPU (default pcie4x16), or "unified". */
  readonly link?: string;
  /** System RAM, GiB. */
  readonly ramGiB?: number;
  readonly storage?: string;
}

/** The system `--device a[,b…] --host h --link l --ram N --storage s` describe. */
export function systemFromFlags(f: SystemFlags): System {
  if (f.gpus.length > MAX_SYSTEM_UNITS - 1)
    throw new InputError("--device", f.gpus.length, `at most ${MAX_SYSTEM_UNITS - 1} GPUs`);
  const link = f.link ?? "pcie4x16";
  const gpuIds = f.gpus.map((_, i) => (f.gpus.length === 1 ? "gpu" : `gpu${i}`));
  const units: z.input<typeof SystemUnitInput>[] = [
    ...(f.host !== undefined
      ? [{ id: "host", kind: "host" as const, device: f.host, ...(f.ramGiB ? { memoryGiB: f.ramGiB } : {}) }]
      : []),
    ...f.gpus.map((device, i) => ({ id: gpuIds[i]!, kind: "gpu" as const, device })),
  ];
  if (units.length === 0) throw new InputError("--device", undefined, "name a GPU or a --host");
  if (f.host === undefined && f.ramGiB !== undefined)
    throw new InputError("--ram", f.ramGiB, "needs --host (the CPU whose RAM it is)");
  const r = SystemSpec.safeParse({
    units,
    links: f.host === undefined ? [] : gpuIds.map((g) => ({ between: ["host", g], link })),
    ...(f.storage !== undefined ? { storage: f.storage } : {}),
  });
  if (!r.success) throw fromZodIssues("flags", r.error.issues, units);
  try {
    return resolve(r.data, "");
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const flag = /link/.test(e.field) ? "--link" : /storage/.test(e.field) ? "--storage" : "--device";
    throw e.withField(/units\.0\.device/.test(e.field) && f.host !== undefined ? "--host" : flag);
  }
}

/** The units of a kind, in the order the system lists them. */
export function unitsOfKind(s: System, kind: UnitKind): SystemUnit[] {
  return s.units.filter((u) => u.kind === kind);
}

/** The direct link between two units, if any (undefined: none; null type: unified). */
export function directLink(s: System, a: string, b: string): SystemLink | undefined {
  return s.links.find(
    (l) => (l.between[0] === a && l.between[1] === b) || (l.between[0] === b && l.between[1] === a),
  );
}

/**
 * The links a transfer from a to b crosses: the direct link, or through a host joined to both
 * (GPUs without peer-to-peer copy through host memory). Empty when a and b share memory;
 * null when the system gives no path.
 */
export function routeBetween(s: System, a: string, b: string): LinkType[] | null {
  if (a === b) return [];
  const d = directLink(s, a, b);
  if (d) return d.type === null ? [] : [d.type];
  for (const h of unitsOfKind(s, "host")) {
    const x = directLink(s, a, h.id);
    const y = directLink(s, h.id, b);
    if (x && y) return [x.type, y.type].filter((t): t is LinkType => t !== null);
  }
  return null;
}

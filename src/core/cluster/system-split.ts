/**
 * The units and links of a split read off a system description (`--system file.json`): which
 * units take part (the GPUs by default; the hosts of a cluster that has no GPU), their memory
 * (the system's figure where it states one), and the links a transfer between two of them
 * crosses (routeBetween: the direct link, or through the host). A route of several links is one
 * link with the lowest bandwidth and the latencies added; units that share one memory copy at
 * the lower of their memory bandwidths, with no latency.
 */
import { InputError } from "../errors.js";
import type { DeviceSpec } from "../hardware/schema.js";
import { type LinkType, transferSeconds } from "./links.js";
import { routeBetween, type System, type SystemUnit, unitsOfKind } from "./system.js";

export interface SystemSplitPlan {
  readonly unitIds: readonly string[];
  readonly units: readonly DeviceSpec[];
  readonly capacitiesBytes: readonly (number | null)[];
  /** Link between unit i and unit i + 1 (pipeline boundaries). */
  readonly boundaryLinks: readonly LinkType[];
  /** Link from unit 1 (the RPC client) to unit i + 2. */
  readonly clientLinks: readonly LinkType[];
  /** The slowest link of the ring (for splits whose units all talk every layer). */
  readonly link: LinkType;
}

function sharedMemory(a: DeviceSpec, b: DeviceSpec): LinkType {
  const bw = Math.min(a.bandwidthGBps.value, b.bandwidthGBps.value);
  return {
    id: "unified",
    name: "shared memory",
    bandwidthGBps: {
      value: bw,
      kind: "derived",
      formula: "min of the two units' memory bandwidths (a copy within one memory)",
      source: "the units' catalog entries",
    },
    latencyUs: { value: 0, kind: "estimate", source: "no transfer between units sharing one memory" },
  };
}

/** One link standing for a route: the lowest bandwidth, the latencies added. */
export function routeLink(route: readonly LinkType[]): LinkType {
  if (route.length === 1) return route[0]!;
  const slowest = route.reduce((a, l) => (l.bandwidthGBps.value < a.bandwidthGBps.value ? l : a));
  return {
    id: route.map((l) => l.id).join("+"),
    name: route.map((l) => l.name).join(" + "),
    bandwidthGBps: {
      value: slowest.bandwidthGBps.value,
      kind: "derived",
      formula: "the lowest bandwidth along the route",
      source: route.map((l) => l.bandwidthGBps.source).join("; "),
    },
    latencyUs: {
      value: route.reduce((a, l) => a + l.latencyUs.value, 0),
      kind: "derived",
      formula: "the latencies along the route, added",
      source: route.map((l) => l.latencyUs.source).join("; "),
    },
  };
}

function linkBetween(s: System, a: SystemUnit, b: SystemUnit): LinkType {
  const route = routeBetween(s, a.id, b.id);
  if (route === null)
    throw new InputError(
      "--system",
      `${a.id} → ${b.id}`,
      "no link joins these units (directly or through a host)",
    );
  return route.length === 0 ? sharedMemory(a.device, b.device) : routeLink(route);
}

/** The split's units (ids from `--units`, default the GPUs, else the hosts) and their links. */
export function splitPlanOf(s: System, ids?: readonly string[]): SystemSplitPlan {
  let units: SystemUnit[];
  if (ids && ids.length > 0) {
    units = ids.map((id) => {
      const u = s.units.find((x) => x.id === id);
      if (!u)
        throw new InputError(
          "--units",
          id,
          `is not a unit of the system; one of ${s.units.map((x) => x.id).join(", ")}`,
        );
      return u;
    });
  } else {
    const gpus = unitsOfKind(s, "gpu");
    units = gpus.length > 0 ? gpus : unitsOfKind(s, "host");
  }
  const boundaryLinks = units.slice(1).map((u, i) => linkBetween(s, units[i]!, u));
  const clientLinks = units.slice(1).map((u) => linkBetween(s, units[0]!, u));
  const ring =
    units.length > 2
      ? [...boundaryLinks, linkBetween(s, units[units.length - 1]!, units[0]!)]
      : boundaryLinks;
  // The slowest for a residual-stream-sized message (8192 f32 values).
  const cost = (l: LinkType) => transferSeconds(l, 8192 * 4);
  const link =
    ring.length > 0
      ? ring.reduce((a, l) => (cost(l) > cost(a) ? l : a))
      : sharedMemory(units[0]!.device, units[0]!.device);
  return {
    unitIds: units.map((u) => u.id),
    units: units.map((u) => u.device),
    capacitiesBytes: units.map((u) => u.memoryBytes),
    boundaryLinks,
    clientLinks,
    link,
  };
}

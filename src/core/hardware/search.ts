/**
 * Filtering and free-text search over device specs (pure): `ridgeline devices` and the web picker use it.
 * The query matches id, name, family, SoC and aliases, case-insensitively; every word of the query must
 * occur in one of them ("m4 max 40" finds "Apple M4 Max GPU (40-core)").
 */
import { InputError } from "../errors.js";
import { COMPUTE_UNITS, DEVICE_CLASSES, type DeviceClass, type DeviceSpec } from "./schema.js";

export interface DeviceQuery {
  /** Vendor, matched case-insensitively against `vendor` ("apple", "AMD"). */
  readonly vendor?: string;
  readonly unit?: (typeof COMPUTE_UNITS)[number];
  readonly class?: DeviceClass;
  /** Free text; empty or blank matches everything. */
  readonly text?: string;
}

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[\s_]+/g, " ")
    .trim();

/** The strings the free-text query is matched against. */
export function searchKeys(d: DeviceSpec): string[] {
  return [d.id, d.name, d.family, d.soc, ...(d.aliases ?? [])].filter((s): s is string => !!s).map(norm);
}

/** True when every word of `text` occurs in one of the device's keys. */
export function matchesText(d: DeviceSpec, text: string): boolean {
  const keys = searchKeys(d).join(" | ");
  return norm(text)
    .split(" ")
    .every((w) => keys.includes(w));
}

export function searchDevices<T extends DeviceSpec>(devices: readonly T[], q: DeviceQuery): T[] {
  const vendor = q.vendor === undefined ? undefined : norm(q.vendor);
  return devices.filter(
    (d) =>
      (vendor === undefined || norm(d.vendor) === vendor) &&
      (q.unit === undefined || d.unit === q.unit) &&
      (q.class === undefined || d.class === q.class) &&
      (q.text === undefined || matchesText(d, q.text)),
  );
}

/**
 * Checks raw filter values (flags) against the catalog and the schema's enums; throws InputError naming
 * the flag and the value, with the accepted values.
 */
export function parseDeviceQuery(
  devices: readonly DeviceSpec[],
  raw: {
    vendor?: string | undefined;
    unit?: string | undefined;
    class?: string | undefined;
    text?: string | undefined;
  },
): DeviceQuery {
  const q: { -readonly [K in keyof DeviceQuery]: DeviceQuery[K] } = {};
  if (raw.vendor !== undefined) {
    const vendors = [...new Set(devices.map((d) => d.vendor))].sort();
    if (!vendors.some((v) => norm(v) === norm(raw.vendor!)))
      throw new InputError("--vendor", raw.vendor, `unknown vendor; vendors: ${vendors.join(", ")}`);
    q.vendor = raw.vendor;
  }
  if (raw.unit !== undefined) {
    const u = raw.unit.toLowerCase();
    if (!(COMPUTE_UNITS as readonly string[]).includes(u))
      throw new InputError("--unit", raw.unit, `must be ${COMPUTE_UNITS.join(", ")}`);
    q.unit = u as NonNullable<DeviceQuery["unit"]>;
  }
  if (raw.class !== undefined) {
    const c = raw.class.toLowerCase();
    if (!(DEVICE_CLASSES as readonly string[]).includes(c))
      throw new InputError("--class", raw.class, `must be one of ${DEVICE_CLASSES.join(", ")}`);
    q.class = c as DeviceClass;
  }
  if (raw.text?.trim()) q.text = raw.text;
  return q;
}

/**
 * The device a library entry point is handed, checked against the schema and its physical
 * ranges once per object (catalog entries are remembered when loaded): a raw object with
 * a bandwidth of 1e-320 GB/s is refused, naming the field, before a ridge point is divided out.
 */
import { checker } from "../units/bounds.js";
import { BUILTIN_DEVICES } from "./devices/index.js";
import { DeviceFields, type DeviceSpec } from "./schema.js";

/**
 * The fields and their ranges, not the catalog's provenance rules (a caller's device need
 * not cite sources to be analysed); the caller's object is kept (the schema has no defaults).
 */
const deviceChecker = checker<DeviceSpec>("device", DeviceFields, "input");
for (const d of BUILTIN_DEVICES) deviceChecker.remember(d);

/** The device, validated (an InputError naming `device.<field>` otherwise). */
export const checkedDevice = (d: DeviceSpec): DeviceSpec => deviceChecker.check(d);

/**
 * Device labels → catalog devices. A label is matched against every device's id, name,
 * SoC and aliases (the device JSONs carry them), after normalisation:
 *
 *  1. exact: the label is one of a device's keys;
 *  2. covered: a key whose every word the label contains ("NVIDIA GeForce RTX 4090 24GB"
 *     contains "rtx 4090"); the device with the most matched words wins, so "RTX 4090 D"
 *     is the D and not the 4090;
 *  3. partial: the label's words all occur in keys of several devices ("M4 Max",
 *     "RTX 6000"): ranked by how little the key adds.
 *
 * The compute unit comes from the backend (a CPU backend runs on the CPU whatever the
 * label says of the GPU) or the label's own words, and filters the devices first. Several
 * devices at the top are reported as ambiguous, never picked; when they share the memory
 * bandwidth the resolution says so (`decodeAs`), since a decode row is then predictable,
 * and when they share every peak as well the label is resolved with a note.
 */
import { BUILTIN_DEVICES } from "../catalog/lookup.js";
import type { DeviceSpec } from "../hardware/schema.js";
import { resolveBackend } from "./backends.js";
import { coverage, nearest, normalizeLabel, tokens } from "./normalize.js";
import type { Candidate, Resolution } from "./types.js";

export interface DeviceResolution extends Resolution {
  /** The compute unit the label or backend names (it filtered the devices). */
  readonly unit: DeviceSpec["unit"] | null;
  /**
   * When ambiguous between devices of one memory bandwidth (differing only in compute):
   * the device a decode (memory-bound) estimate may use for all of them.
   */
  readonly decodeAs: string | null;
}

/** Words a key may have that a label can leave out: makers, brands, the unit's kind. */
const GENERIC = new Set([
  "nvidia",
  "geforce",
  "amd",
  "radeon",
  "intel",
  "apple",
  "qualcomm",
  "mediatek",
  "google",
  "samsung",
  "broadcom",
  "rockchip",
  "graphics",
  "gpu",
  "igpu",
  "cpu",
  "processor",
  "soc",
  "generation",
  "rtx",
  "gtx",
  "rx",
  "model",
]);

/** Words that say nothing about which device it is. */
const STOP = new Set(["only", "of", "one", "two", "the", "with", "w", "and", "on", "system", "dev", "kit"]);

/** Words that make a different product of one model number. */
const VARIANT = new Set([
  "laptop",
  "mobile",
  "ti",
  "super",
  "xt",
  "xtx",
  "gre",
  "d",
  "s",
  "sxm",
  "sxm2",
  "sxm4",
  "pcie",
  "nvl",
]);
const IGNORABLE = new Set([...GENERIC, ...STOP]);

/** A parenthesis that says the label leaves something out ("(GPU cores not stated)"): dropped. */
const UNSTATED = /\([^()]*\b(?:not stated|unknown|unspecified)\b[^()]*\)/gi;

const UNIT_WORDS: Readonly<Record<string, DeviceSpec["unit"]>> = {
  gpu: "gpu",
  igpu: "gpu",
  graphics: "gpu",
  cpu: "cpu",
  npu: "npu",
  ane: "npu",
  tpu: "npu",
  neural: "npu",
  hexagon: "npu",
};

interface Keyed {
  readonly device: DeviceSpec;
  readonly keys: readonly (readonly string[])[];
  readonly exact: ReadonlySet<string>;
}

const plural = (t: string) => (t === "gpus" ? "gpu" : t === "cpus" ? "cpu" : t);
const words = (s: string) => tokens(s).map(plural);

function keyed(devices: readonly DeviceSpec[]): Keyed[] {
  return devices.map((d) => {
    const names = [d.id, d.name, d.soc, ...(d.aliases ?? [])].filter((s): s is string => !!s);
    return { device: d, keys: names.map(words), exact: new Set(names.map(normalizeLabel)) };
  });
}

const cache = new WeakMap<readonly DeviceSpec[], { keyed: Keyed[]; vocabulary: Set<string> }>();
function indexOf(devices: readonly DeviceSpec[]) {
  let ix = cache.get(devices);
  if (!ix) {
    const k = keyed(devices);
    ix = { keyed: k, vocabulary: new Set(k.flatMap((d) => d.keys.flat())) };
    cache.set(devices, ix);
  }
  return ix;
}

const sameNumber = (a: { value: number } | undefined, b: { value: number } | undefined) =>
  a?.value === b?.value;

function samePeaks(a: DeviceSpec, b: DeviceSpec): boolean {
  const keys = new Set([...Object.keys(a.peakTflops), ...Object.keys(b.peakTflops)]);
  return [...keys].every((k) =>
    sameNumber(
      a.peakTflops[k as keyof DeviceSpec["peakTflops"]],
      b.peakTflops[k as keyof DeviceSpec["peakTflops"]],
    ),
  );
}

export interface ResolveDeviceOptions {
  /** The engine/API label of the run ("llama.cpp CUDA"); its unit overrides the label's. */
  readonly backend?: string;
  readonly devices?: readonly DeviceSpec[];
}

export function resolveDevice(label: string, opts: ResolveDeviceOptions = {}): DeviceResolution {
  const devices = opts.devices ?? BUILTIN_DEVICES;
  const { keyed: all, vocabulary } = indexOf(devices);
  let cleaned = label.replace(UNSTATED, " ");
  const backendUnit = opts.backend === undefined ? null : resolveBackend(opts.backend).unit;
  const labelUnit =
    words(cleaned)
      .map((w) => UNIT_WORDS[w])
      .find((u) => u !== undefined) ?? null;
  const unit = backendUnit ?? labelUnit;
  // "Apple M1 Max (24-core GPU)" run on the CPU: the parenthesis describes the other unit.
  if (backendUnit && labelUnit && backendUnit !== labelUnit)
    cleaned = cleaned.replace(/\([^()]*\)/g, (p) =>
      words(p).some((w) => UNIT_WORDS[w] === labelUnit) ? " " : p,
    );
  const labelWords = words(cleaned);
  const pool = unit ? all.filter((k) => k.device.unit === unit) : all;
  const unitNote =
    backendUnit && labelUnit && backendUnit !== labelUnit
      ? [
          `the backend runs on the ${backendUnit.toUpperCase()}, whatever the label says of the ${labelUnit.toUpperCase()}`,
        ]
      : [];
  const out = (
    status: DeviceResolution["status"],
    candidates: Candidate[],
    reason: string,
    notes: string[] = [],
    decodeAs: string | null = null,
  ): DeviceResolution => ({
    label,
    status,
    id: status === "resolved" ? candidates[0]!.id : null,
    candidates,
    reason,
    notes: [...unitNote, ...notes],
    unit,
    decodeAs,
  });

  // 1. exact
  const norm = normalizeLabel(cleaned);
  const byId = pool.filter((k) => k.device.id === label.trim().toLowerCase());
  const exact = byId.length ? byId : pool.filter((k) => k.exact.has(norm));
  if (exact.length === 1)
    return out(
      "resolved",
      [{ id: exact[0]!.device.id, reason: `"${label}" is one of its names` }],
      "exact name",
    );

  const set = new Set(labelWords);
  // 2. covered keys, by matched words (the generic ones not counted)
  let best = 0;
  let covered: { k: Keyed; key: readonly string[] }[] = [];
  const conflicting: { k: Keyed; says: string[] }[] = [];
  for (const k of exact.length > 1 ? exact : pool) {
    let kBest = 0;
    let kKey: readonly string[] = [];
    for (const key of k.keys) {
      const c = coverage(key, set, IGNORABLE);
      const score = key.filter((t) => set.has(t) && !GENERIC.has(t)).length;
      if (c.missing.length > 0 || score === 0) continue;
      // The label says something this name does not, and another device's name does ("Ti", "A770").
      // The label says something this name does not: a variant word ("Ti", "Laptop"), or a
      // word that, with what matched, names another device ("Arc A770" is not "Arc Graphics").
      const matchedWords = key.filter((t) => set.has(t));
      const says = labelWords.filter(
        (w) =>
          !key.includes(w) &&
          !IGNORABLE.has(w) &&
          (VARIANT.has(w) ||
            pool.some(
              (o) =>
                o !== k && o.keys.some((ok) => ok.includes(w) && matchedWords.every((t) => ok.includes(t))),
            )),
      );
      if (says.length > 0) {
        conflicting.push({ k, says });
        continue;
      }
      if (score > kBest) {
        kBest = score;
        kKey = key;
      }
    }
    if (kBest === 0) continue;
    if (kBest > best) {
      best = kBest;
      covered = [];
    }
    if (kBest === best) covered.push({ k, key: kKey });
  }
  if (covered.length > 0) {
    const cands = covered.map(({ k, key }) => ({
      id: k.device.id,
      reason: `the label contains its name "${key.join(" ")}"`,
    }));
    if (covered.length === 1) return out("resolved", cands, "the label contains one device's name");
    return ambiguous(
      covered.map((c) => c.k.device),
      cands,
    );
  }

  // 3. partial: the label's significant words all in one key of each candidate
  const significant = labelWords.filter((w) => !GENERIC.has(w) && !STOP.has(w));
  if (significant.length > 0 && significant.every((w) => vocabulary.has(w))) {
    const partial: { k: Keyed; adds: string[] }[] = [];
    for (const k of pool) {
      let adds: string[] | null = null;
      for (const key of k.keys) {
        if (!significant.every((w) => key.includes(w))) continue;
        const a = key.filter((t) => !set.has(t) && !GENERIC.has(t));
        if (adds === null || a.length < adds.length) adds = a;
      }
      if (adds) partial.push({ k, adds });
    }
    partial.sort((a, b) => a.adds.length - b.adds.length || a.k.device.id.localeCompare(b.k.device.id));
    const cands = partial.map(({ k, adds }) => ({
      id: k.device.id,
      reason: `its name adds "${adds.join(" ")}", which the label does not say`,
    }));
    // The devices whose names add the fewest words decide; the others stay listed below them.
    const fewest = partial.filter((p) => p.adds.length === partial[0]?.adds.length);
    if (fewest.length === 1)
      return out("resolved", cands, "one device's name has every word of the label and adds the fewest");
    if (fewest.length > 1)
      return ambiguous(
        fewest.map((p) => p.k.device),
        cands,
      );
  }

  if (conflicting.length > 0) {
    const seen = new Set<string>();
    const cands = conflicting
      .filter((c) => !seen.has(c.k.device.id) && seen.add(c.k.device.id))
      .map((c) => ({
        id: c.k.device.id,
        reason: `its name is in the label, but the label also says "${c.says.join(" ")}"`,
      }));
    return out("unresolved", cands, `no device in the catalog has every distinguishing word of "${label}"`);
  }

  return out(
    "unresolved",
    nearest(
      pool.map((k) => ({ id: k.device.id, keys: k.keys })),
      set,
      GENERIC,
    ),
    `no ${unit ? `${unit.toUpperCase()} ` : ""}device in the catalog matches "${label}"`,
  );

  function ambiguous(ds: readonly DeviceSpec[], cands: Candidate[]): DeviceResolution {
    const first = [...ds].sort((a, b) => a.id.localeCompare(b.id))[0]!;
    const ids = ds.map((d) => d.id);
    const sameBw = ds.every((d) => d.bandwidthGBps.value === first.bandwidthGBps.value);
    if (sameBw && ds.every((d) => samePeaks(d, first))) {
      const ordered = [cands.find((c) => c.id === first.id)!, ...cands.filter((c) => c.id !== first.id)];
      return out("resolved", ordered, "the devices the label fits cost the same", [
        `${ids.join(" or ")}: the label does not say which, and they have the same bandwidth and peaks (costed as ${first.id})`,
      ]);
    }
    return out(
      "ambiguous",
      cands,
      `"${label}" fits ${ids.length} devices${sameBw ? ` of the same bandwidth (${first.bandwidthGBps.value} GB/s) but different compute peaks` : ""}`,
      [],
      sameBw ? first.id : null,
    );
  }
}

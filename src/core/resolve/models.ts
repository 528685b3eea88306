/**
 * Model labels → model presets: preset ids, names and aliases (Hugging Face ids such as
 * "meta-llama/Llama-3.1-8B-Instruct", with or without the organisation), GGUF
 * `general.name` strings ("Meta Llama 3.1 8B Instruct"), llama-bench's `model_type`
 * ("llama 7B Q4_0", "qwen3moe 30B.A3B Q4_K - Medium": architecture, size label, file
 * type) and a parameter count to break ties. Matching is by words, as for devices: an
 * exact name, then the name with the most words the label contains, then names that
 * contain every word of the label. Presets the label fits equally are ambiguous unless
 * they have the same architecture (Llama 3 8B and Llama 3.1 8B cost alike at a short
 * context): then the label is resolved with a note naming both.
 */
import { BUILTIN_MODELS } from "../catalog/lookup.js";
import type { ModelSpec } from "../models/schema.js";
import { coverage, nearest } from "./normalize.js";
import type { Candidate, Resolution } from "./types.js";

/** Words that do not tell models apart: variants of one set of weights, packaging, makers. */
const GENERIC = new Set([
  "instruct",
  "chat",
  "it",
  "hf",
  "base",
  "pt",
  "gguf",
  "ggml",
  "moe",
  "meta",
  "model",
  "ollama",
  "org",
  "active",
  "mixed",
  "bit",
]);

/** File-type words of a label ("Q4_K - Medium", "IQ4_XS - 4.25 bpw", "F16", "MXFP4 MoE"). */
const FILE_TYPE =
  /\b(?:i?q\d_k\s*-\s*(?:small|medium|large)|i?q\d(?:_[a-z0-9]+)+|[bf]f?16|f32|fp(?:8|16|32)|mxfp4|q\d+f\d+(?:_\d)?|awq|gptq|int[48]|w\d+a\d+)\b(?:\s*-\s*\d+(?:\.\d+)?\s*bpw)?/gi;

const SIZE = /^(?:\d+x)?\d+(?:\.\d+)?[bmk]$|^[a-z]\d+(?:\.\d+)?b$/;

/** Model-label words: sizes ("7b", "a3b", "8x7b") whole, other runs split into letters and numbers. */
export function modelWords(label: string): string[] {
  // A Hugging Face id ("org/name"): the organisation does not name the model.
  const name = /^[\w.-]+\/[\w.-]+$/.test(label.trim()) ? label.slice(label.lastIndexOf("/") + 1) : label;
  const text = name
    .toLowerCase()
    .replace(FILE_TYPE, " ")
    .replace(/\+/g, " plus ")
    .replace(/([a-z])\.|\.([a-z])/g, "$1 $2")
    .replace(/[^a-z0-9.]+/g, " ")
    .trim();
  const out: string[] = [];
  for (const t of text.split(" ")) {
    if (t === "" || t === ".") continue;
    if (SIZE.test(t)) out.push(t);
    else out.push(...(t.match(/[a-z]+|\d+(?:\.\d+)?/g) ?? []));
  }
  return out;
}

/** llama.cpp's size label for a parameter count: "7b" for 6.74 B, "500m" below one billion. */
function sizeLabel(params: number, round: (x: number) => number): string {
  return params >= 1e9 ? `${round(params / 1e9)}b` : `${round(params / 1e6)}m`;
}

interface Keyed {
  readonly model: ModelSpec;
  readonly keys: readonly (readonly string[])[];
  /** How many of `keys` are names (the rest are architecture + size keys, which rank below a name). */
  readonly names: number;
  readonly exact: ReadonlySet<string>;
}

const significantWords = (s: string) => modelWords(s).filter((w) => !GENERIC.has(w));

function keyed(models: readonly ModelSpec[]): Keyed[] {
  return models.map((m) => {
    const names = [m.id, m.name, ...(m.aliases ?? [])];
    const keys = names.map(modelWords);
    // llama-bench's model_type: "<architecture> <size label>", the size rounded, cut or to one
    // decimal ("14B" for 14.7 B, "3.8B" for Phi-3 mini).
    const params = m.published?.params ?? 0;
    const tenths = `${Number((params / 1e9).toFixed(1))}b`;
    if (m.family)
      for (const size of new Set([sizeLabel(params, Math.round), sizeLabel(params, Math.floor), tenths]))
        keys.push([...modelWords(m.family), size]);
    return {
      model: m,
      keys,
      names: names.length,
      exact: new Set(names.map((n) => significantWords(n).join(" "))),
    };
  });
}

/** Among presets of one architecture, the one to cost: the longest context (a long test is not refused), then the shortest id. */
const preferred = (a: Keyed, b: Keyed) =>
  b.model.maxContext - a.model.maxContext || a.model.id.length - b.model.id.length;

const cache = new WeakMap<readonly ModelSpec[], { keyed: Keyed[]; vocabulary: Set<string> }>();
function indexOf(models: readonly ModelSpec[]) {
  let ix = cache.get(models);
  if (!ix) {
    const k = keyed(models);
    ix = { keyed: k, vocabulary: new Set(k.flatMap((m) => m.keys.flat())) };
    cache.set(models, ix);
  }
  return ix;
}

/** The architecture alone: what the cost model reads, without names, sources or context length. */
function architecture(m: ModelSpec): string {
  const {
    id: _i,
    name: _n,
    aliases: _a,
    published: _p,
    source: _s,
    maxContext: _c,
    tokenizer: _t,
    ...rest
  } = m as ModelSpec & { source?: unknown; tokenizer?: unknown };
  return JSON.stringify(rest);
}

export interface ResolveModelOptions {
  /** Parameters in billions, when the data gives them: ties between sizes are broken by it. */
  readonly paramsB?: number | null;
  readonly models?: readonly ModelSpec[];
}

/** A stated parameter count keeps the presets within 5% of it, else within 12%. */
const PARAMS_TOLERANCES = [0.05, 0.12];

export function resolveModel(label: string, opts: ResolveModelOptions = {}): Resolution {
  const models = opts.models ?? BUILTIN_MODELS;
  const { keyed: all, vocabulary } = indexOf(models);
  const labelWords = modelWords(label);
  const set = new Set(labelWords);
  const out = (
    status: Resolution["status"],
    candidates: Candidate[],
    reason: string,
    notes: string[] = [],
  ) => ({
    label,
    status,
    id: status === "resolved" ? candidates[0]!.id : null,
    candidates,
    reason,
    notes,
  });
  const byParams = (ks: Keyed[]): Keyed[] => {
    const p = opts.paramsB;
    if (!p || ks.length < 2) return ks;
    const off = (k: Keyed) => Math.abs((k.model.published?.params ?? 0) / 1e9 - p) / p;
    for (const tolerance of PARAMS_TOLERANCES) {
      const near = ks.filter((k) => off(k) <= tolerance);
      if (near.length > 0) return near;
    }
    return ks;
  };
  const decide = (ks: Keyed[], reasonOf: (k: Keyed) => string, how: string): Resolution => {
    const cands = ks.map((k) => ({ id: k.model.id, reason: reasonOf(k) }));
    if (ks.length === 1) return out("resolved", cands, how);
    const arch = architecture(ks[0]!.model);
    if (ks.every((k) => architecture(k.model) === arch)) {
      const order = [...ks].sort(preferred).map((k) => k.model.id);
      cands.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
      return out("resolved", cands, `${how}; the presets it fits have one architecture`, [
        `"${label}" fits ${cands.map((c) => c.id).join(" and ")}, which have the same architecture (costed as ${cands[0]!.id})`,
      ]);
    }
    return out("ambiguous", cands, `"${label}" fits ${cands.length} model presets`);
  };

  const joined = labelWords.filter((w) => !GENERIC.has(w)).join(" ");
  const exact = all.filter((k) => k.exact.has(joined) || k.model.id === label.trim().toLowerCase());
  if (exact.length > 0) {
    // llama-bench's "llama 7B" is LLaMA 7B's name and Llama 2 7B's architecture + size: same cost.
    const arch = new Set(exact.map((k) => architecture(k.model)));
    const twins = all.filter(
      (k) =>
        !exact.includes(k) &&
        arch.has(architecture(k.model)) &&
        k.keys.slice(k.names).some((key) => key.join(" ") === joined),
    );
    return decide(byParams([...exact, ...twins]), () => `"${label}" is one of its names`, "exact name");
  }

  let best = 0;
  let covered: { k: Keyed; key: readonly string[] }[] = [];
  for (const k of all) {
    let kBest = 0;
    let kKey: readonly string[] = [];
    for (const [i, key] of k.keys.entries()) {
      if (coverage(key, set, GENERIC).missing.length > 0) continue;
      // An architecture + size key ranks below a name with as many words.
      const score = key.filter((t) => set.has(t) && !GENERIC.has(t)).length - (i >= k.names ? 0.5 : 0);
      if (score > kBest) {
        kBest = score;
        kKey = key;
      }
    }
    // A name must match on more than its size ("7b" alone fits every 7B model).
    if (kBest === 0 || kKey.every((t) => SIZE.test(t) || GENERIC.has(t))) continue;
    if (kBest > best) {
      best = kBest;
      covered = [];
    }
    if (kBest === best) covered.push({ k, key: kKey });
  }
  if (covered.length > 0) {
    const keyOf = new Map(covered.map((c) => [c.k.model.id, c.key]));
    const r = decide(
      byParams(covered.map((c) => c.k)),
      (k) => `the label contains its name "${keyOf.get(k.model.id)!.join(" ")}"`,
      "the label contains a preset's name",
    );
    const chosen = r.id ? keyOf.get(r.id) : undefined;
    const extra = chosen
      ? labelWords.filter((w) => vocabulary.has(w) && !GENERIC.has(w) && !chosen.includes(w) && !SIZE.test(w))
      : [];
    return extra.length
      ? {
          ...r,
          notes: [...r.notes, `the label also says "${extra.join(" ")}", which ${r.id}'s names do not`],
        }
      : r;
  }

  const significant = labelWords.filter((w) => !GENERIC.has(w));
  if (significant.length > 0 && significant.every((w) => vocabulary.has(w))) {
    const partial = all.filter((k) => k.keys.some((key) => significant.every((w) => key.includes(w))));
    if (partial.length > 0)
      return decide(
        byParams(partial),
        () => "its name has every word of the label",
        "names with every word of the label",
      );
  }
  return out(
    "unresolved",
    nearest(
      all.map((k) => ({ id: k.model.id, keys: k.keys })),
      set,
      GENERIC,
    ),
    `no model preset matches "${label}"`,
  );
}

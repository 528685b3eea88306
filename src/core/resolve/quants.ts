/**
 * Quantization labels → weight recipes Ridgeline costs (src/core/quant): GGUF types and
 * llama.cpp mixes in any spelling ("Q4_K_M", "q4_k_m", "Q4_K - Medium" as llama-bench
 * prints it, "4-bit (GGUF Q4_K_M)"), and the formats of other engines, each with what
 * makes it equivalent or only approximate (an approximate recipe is costed but left out of
 * fits). A label that names no type ("4-bit") is unresolved with the likely candidates.
 */
import { bitsPerValue, isFormatName } from "../quant/formats.js";
import { isRecipeName } from "../quant/recipes.js";
import type { Candidate, Resolution } from "./types.js";

export interface QuantResolution extends Resolution {
  /** The recipe only approximates the format's bytes (about ±5%). */
  readonly approximate: boolean;
}

/** llama-bench's file-type names (llama_model_ftype_name) for the mixes. */
const FTYPE_SIZES: Readonly<Record<string, string>> = { small: "s", medium: "m", large: "l" };

interface Rule {
  /** Words of the normalised label (lower case, "_" kept), any of which selects the rule. */
  readonly words: readonly string[];
  readonly recipe: string;
  readonly approximate: boolean;
  readonly note: string;
}

/** Formats of engines other than llama.cpp, by the words that name them. */
const RULES: readonly Rule[] = [
  {
    words: ["q4f16_1", "q4f16_0", "q4f16"],
    recipe: "q4_0",
    approximate: false,
    note: "MLC q4f16 (4-bit weights, one fp16 scale per 32 = 4.5 bits/weight) costed as Q4_0, the same layout",
  },
  {
    words: ["q4f32_1"],
    recipe: "q4_0",
    approximate: true,
    note: "MLC q4f32_1 (fp32 scales, 5 bits/weight) approximated by Q4_0 (4.5)",
  },
  {
    words: ["q_k_xl", "k_xl", "ud"],
    recipe: "q4_k_m",
    approximate: true,
    note: "unsloth's dynamic (UD / _XL) mix approximated by the llama.cpp mix of the same base type",
  },
  {
    words: ["awq", "gptq", "nf4", "bnb", "exl2"],
    recipe: "int4",
    approximate: true,
    note: "4-bit weights in groups with fp16 scales (about 4.1-4.3 bits/weight) approximated by int4 (4)",
  },
  {
    words: ["w4a16", "w4a8", "int4", "w4"],
    recipe: "int4",
    approximate: false,
    note: "4-bit integer weights",
  },
  {
    words: ["fp8", "f8", "e4m3", "w8a8_fp8"],
    recipe: "fp8",
    approximate: false,
    note: "8-bit float weights",
  },
  { words: ["w8a8", "w8a16", "int8"], recipe: "int8", approximate: false, note: "8-bit integer weights" },
  { words: ["fp16", "f16", "float16", "half"], recipe: "fp16", approximate: false, note: "" },
  { words: ["bf16", "bfloat16"], recipe: "bf16", approximate: false, note: "" },
  { words: ["fp32", "f32", "float32"], recipe: "fp32", approximate: false, note: "" },
];

/** Words that say the type is not known. */
const UNSTATED = ["not stated", "type not stated", "unknown"];

const LIKELY_4BIT: readonly Candidate[] = [
  { id: "q4_0", reason: "llama.cpp's plain 4-bit type" },
  { id: "q4_k_m", reason: "the mix most GGUF downloads use" },
];

export interface ResolveQuantOptions {
  /** The model has routed experts: MXFP4 means experts in MXFP4, the rest in bf16 (gpt-oss as released). */
  readonly moe?: boolean;
}

export function resolveQuant(label: string, opts: ResolveQuantOptions = {}): QuantResolution {
  const text = label
    .toLowerCase()
    .replace(
      /\b(q\d_k)\s*-\s*(small|medium|large)\b/g,
      (_m, t: string, s: string) => `${t}_${FTYPE_SIZES[s]}`,
    )
    .replace(/[^a-z0-9_.]+/g, " ")
    .trim();
  const words = text.split(" ").filter((w) => w !== "");
  const res = (id: string, reason: string, note = "", approximate = false): QuantResolution => ({
    label,
    status: "resolved",
    id,
    candidates: [{ id, reason }],
    reason,
    notes: note ? [note] : [],
    approximate,
  });
  const unresolved = (reason: string, candidates: readonly Candidate[] = []): QuantResolution => ({
    label,
    status: candidates.length > 1 ? "ambiguous" : "unresolved",
    id: null,
    candidates,
    reason,
    notes: [],
    approximate: false,
  });

  if (words.some((w) => w === "mxfp4")) {
    const moe = opts.moe || words.includes("moe");
    return moe
      ? res(
          "mxfp4_moe",
          "MXFP4 on a mixture of experts",
          "routed experts in MXFP4, the other tensors in bf16 (gpt-oss as released)",
        )
      : res("mxfp4", "MXFP4 block format");
  }
  // A GGUF type or llama.cpp mix named anywhere in the label ("4-bit (GGUF Q4_K_M)").
  if (UNSTATED.some((u) => text.includes(u))) {
    const named = words.filter((w) => isRecipeName(w) && /^(i?q\d|tq\d)/.test(w));
    return unresolved(
      `"${label}" says the type is not stated`,
      named.length ? named.map((id) => ({ id, reason: "the label calls it likely" })) : LIKELY_4BIT,
    );
  }
  const ggufs = [...new Set(words.filter((w) => isRecipeName(w) && /^(i?q\d|tq\d)/.test(w)))];
  const dynamic = words.some((w) => w.endsWith("_xl") || w === "ud");
  if (ggufs.length > 1)
    return unresolved(
      `"${label}" names ${ggufs.length} llama.cpp types`,
      ggufs.map((id) => ({ id, reason: "named in the label" })),
    );
  const gguf = ggufs[0];
  if (gguf && !dynamic) {
    const whole = words.length === 1;
    // "IQ1_S - 1.5625 bpw" is llama-bench's own name; another figure is a custom mix.
    const stated = text.match(/(\d+(?:\.\d+)?) ?bpw/)?.[1];
    const bpw =
      stated !== undefined && !(isFormatName(gguf) && Math.abs(bitsPerValue(gguf) - Number(stated)) < 0.01);
    return res(
      gguf,
      whole ? "a llama.cpp type" : `the label names the llama.cpp type ${gguf.toUpperCase()}`,
      whole
        ? ""
        : `"${label}" read as ${gguf}${bpw ? " (the label states other bits per weight: approximate)" : ""}`,
      bpw,
    );
  }
  for (const r of RULES) {
    if (words.some((w) => r.words.includes(w) || r.words.some((x) => w.endsWith(x) && x.startsWith("q_")))) {
      return res(r.recipe, `"${label}" names ${r.words[0]}`, r.note, r.approximate);
    }
  }
  if (dynamic) {
    const base = words.map((w) => w.replace(/_xl$/, "_m")).find((w) => isRecipeName(w));
    return res(base ?? "q4_k_m", "unsloth dynamic mix", RULES[2]!.note, true);
  }
  if (/\b[2-8] ?bit\b/.test(text)) {
    return unresolved(
      `"${label}" does not say which ${/\b4 ?bit\b/.test(text) ? "4-bit " : ""}format`,
      /\b4 ?bit\b|4_0/.test(text) ? LIKELY_4BIT : [],
    );
  }
  return unresolved(`"${label}" is not a format or llama.cpp mix Ridgeline models`);
}

/**
 * Layer kinds of a GGUF model, the way llama.cpp reads them (src/models/<arch>.cpp,
 * llama-hparams.cpp `set_swa_pattern`): `<arch>.attention.sliding_window` (n_swa), the
 * `<arch>.attention.sliding_window_pattern` (a period n: layer il slides iff il % n < n − 1;
 * or one bool per layer), Llama 4's chunked attention (n_swa fixed at 8192, NoPE on every
 * fourth layer, MoE every `interleave_moe_layer_step`-th layer), SmolLM3's NoPE every
 * fourth layer. Returns the spec fields that describe them.
 */
import { InputError } from "../../errors.js";
import type { AttentionMixer, LayerKind, ModelSpecInput } from "../schema.js";
import type { GgufValue } from "./gguf-reader.js";
import { compactPattern } from "./hf-layers.js";

type Fields = Pick<
  ModelSpecInput,
  "layers" | "slidingWindow" | "normsPerLayer" | "qkNormWidth" | "qkNorm" | "rotaryFraction"
>;

export interface GgufLayerInput {
  readonly arch: string;
  readonly meta: Readonly<Record<string, GgufValue>>;
  readonly numLayers: number;
  readonly hasTensor: (name: string) => boolean;
  readonly intKey: (suffix: string) => number | undefined;
  readonly moe: boolean;
  readonly numExperts: number;
  readonly warnings: string[];
}

const metaField = (key: string) => `gguf.metadata[${JSON.stringify(key)}]`;

/** is_swa per layer: the pattern key as bools, or its period (default `period`). */
function swaFlags(g: GgufLayerInput, period: number): boolean[] {
  const key = `${g.arch}.attention.sliding_window_pattern`;
  const v = g.meta[key];
  if (typeof v === "object" && v !== null && "type" in v) {
    const vals = v.values;
    if (!vals || vals.length < g.numLayers) {
      throw new InputError(
        metaField(key),
        `array of ${v.length}`,
        `needs one entry per layer (${g.numLayers})`,
      );
    }
    return vals.slice(0, g.numLayers).map((x) => x === true || x === 1);
  }
  const n = g.intKey("attention.sliding_window_pattern") ?? period;
  return Array.from({ length: g.numLayers }, (_, il) => n === 0 || il % n < n - 1);
}

const attention = (extra: Omit<AttentionMixer, "kind"> = {}): AttentionMixer => ({
  kind: "attention",
  ...extra,
});

export function ggufLayerFields(g: GgufLayerInput): Fields {
  const n = g.numLayers;
  const ffn = g.moe ? "moe" : "dense";
  const sinks = g.hasTensor("blk.0.attn_sinks.weight");
  const out: Fields = {};
  // Partial rotary (GLM-4.5): rope.dimension_count below the head size.
  const rot = g.intKey("rope.dimension_count");
  const head = g.intKey("attention.key_length");
  if (rot && head && rot < head) out.rotaryFraction = rot / head;
  const set = (names: string[], kinds: Record<string, LayerKind>) => {
    const { pattern, only } = compactPattern(names, kinds);
    if (pattern) out.layers = pattern;
    else if (only) {
      const x = only.mixer;
      if (x.kind === "attention" && x.window !== undefined && !x.sinks) out.slidingWindow = x.window;
      else out.layers = { kinds: { [names[0]!]: only }, repeat: [names[0]!] };
    }
  };
  switch (g.arch) {
    case "gpt-oss": {
      const w = g.intKey("attention.sliding_window");
      if (!w) throw new InputError(metaField("gpt-oss.attention.sliding_window"), w, "missing or zero");
      const swa = swaFlags(g, 2);
      set(
        swa.map((s) => (s ? "sliding" : "full")),
        {
          sliding: { mixer: attention({ window: w, ...(sinks ? { sinks } : {}) }), ffn },
          full: { mixer: attention(sinks ? { sinks } : {}), ffn },
        },
      );
      return out;
    }
    case "gemma3": {
      out.normsPerLayer = 4;
      const w = g.intKey("attention.sliding_window") ?? 0;
      if (w === 0) return out;
      const swa = swaFlags(g, 6);
      set(
        swa.map((s) => (s ? "sliding" : "full")),
        { sliding: { mixer: attention({ window: w }), ffn }, full: { mixer: attention(), ffn } },
      );
      return out;
    }
    case "llama4": {
      const step = g.intKey("interleave_moe_layer_step") ?? 1;
      const swaKey = g.intKey("attention.sliding_window");
      const chunked = swaKey !== 0; // llama.cpp: absent → chunked with n_swa 8192; 0 → no chunks, RoPE everywhere
      const swa = chunked ? swaFlags(g, 4) : Array.from({ length: n }, () => false);
      if (chunked) {
        g.warnings.push(
          "Llama 4: llama.cpp fixes the attention chunk at 8192 tokens (its n_swa), whatever the file says.",
        );
      }
      // llama.cpp: use_kq_norm unless 128 experts (Maverick); an L2 norm without weights.
      const qk = g.numExperts !== 128;
      out.qkNorm = false;
      out.qkNormWidth = "unweighted";
      const names = swa.map((s, il) => {
        const rope = !chunked || (il + 1) % 4 !== 0;
        const moe = step > 0 && (il + 1) % step === 0;
        return `${s ? "chunked" : rope ? "rope" : "global"}-${moe ? "moe" : "dense"}`;
      });
      const kinds: Record<string, LayerKind> = {};
      for (const f of ["moe", "dense"] as const) {
        kinds[`chunked-${f}`] = { mixer: attention({ chunk: 8192, qkNorm: qk }), ffn: f };
        kinds[`rope-${f}`] = { mixer: attention({ qkNorm: qk }), ffn: f };
        kinds[`global-${f}`] = { mixer: attention({ rope: false, qkNorm: false }), ffn: f };
      }
      set(names, kinds);
      return out;
    }
    case "smollm3": {
      // llama.cpp: n_no_rope_layer_step = 4, layer il uses RoPE iff (il + 1) % 4 != 0.
      set(
        Array.from({ length: n }, (_, il) => ((il + 1) % 4 !== 0 ? "rope" : "nope")),
        { rope: { mixer: attention(), ffn }, nope: { mixer: attention({ rope: false }), ffn } },
      );
      return out;
    }
    case "olmo2":
      out.qkNormWidth = "projection";
      return out;
    case "glm4moe": {
      // llama.cpp: layer il has experts iff il >= leading_dense_block_count.
      const lead = Math.min(g.intKey("leading_dense_block_count") ?? 0, n);
      set(
        Array.from({ length: n }, (_, il) => (il < lead ? "dense" : "moe")),
        { dense: { mixer: attention(), ffn: "dense" }, moe: { mixer: attention(), ffn } },
      );
      return out;
    }
    default: {
      // One window on every layer (Mistral, Phi-3): what these files have always meant.
      const w = g.intKey("attention.sliding_window");
      if (w) out.slidingWindow = w;
      return out;
    }
  }
}

/**
 * GGUF headers of the latent-attention and hybrid architectures → model spec and exact
 * per-tensor weights: deepseek2 (MLA; DeepSeek-V2/V3/R1, Kimi K2), qwen3next (Gated DeltaNet
 * + gated attention), granitehybrid (Mamba-2 + attention; Granite 4.0 H) and lfm2 (short
 * convolutions + attention).
 *
 * Keys and tensor names are llama.cpp's (bundled source: src/llama-arch.cpp for the names,
 * src/models/<arch>.cpp `load_arch_hparams` / `load_arch_tensors` for what is read):
 * - deepseek2: `attention.q_lora_rank`, `attention.kv_lora_rank`, `attention.key_length_mla`
 *   and `value_length_mla` (present: the absorbed layout with `attn_k_b` / `attn_v_b`;
 *   absent: the legacy `attn_kv_b`, run decompressed), `rope.dimension_count` (the rope
 *   head dim), `leading_dense_block_count`, `expert_shared_count`, `expert_group_count` /
 *   `expert_group_used_count`, `exp_probs_b.bias` (the router's score-correction bias);
 * - qwen3next: `ssm.group_count` (key heads), `ssm.time_step_rank` (value heads),
 *   `ssm.state_size` (key head dim), `ssm.inner_size` (value heads × value head dim),
 *   `ssm.conv_kernel`, `full_attention_interval` (every n-th layer is attention);
 * - granitehybrid: a layer is Mamba-2 iff its `attention.head_count_kv` entry is 0;
 *   `ssm.inner_size`, `ssm.state_size`, `ssm.time_step_rank` (heads), `ssm.group_count`;
 * - lfm2: a layer is a short convolution iff its `attention.head_count_kv` entry is 0;
 *   `shortconv.l_cache`; the final norm is `token_embd_norm`.
 */
import { fromZodIssues, InputError } from "../../errors.js";
import { outOfRange } from "../../units/bounds.js";
import { layerKindName, layerKinds } from "../layers.js";
import { MODEL_LIMITS } from "../limits.js";
import type { Mixer } from "../schema.js";
import { ModelSpec, type ModelSpecInput } from "../schema.js";
import {
  LAYER_TENSORS,
  type LayerTensor,
  type LayerWeights,
  layerTensorElements,
  type ModelWeights,
  type TensorWeight,
} from "../weights.js";
import type { GgufHeader, GgufTensorInfo, GgufValue } from "./gguf-reader.js";

export const HYBRID_GGUF_ARCHITECTURES = ["deepseek2", "qwen3next", "granitehybrid", "lfm2"] as const;
export type HybridGgufArchitecture = (typeof HYBRID_GGUF_ARCHITECTURES)[number];

export const isHybridGgufArchitecture = (a: string): a is HybridGgufArchitecture =>
  (HYBRID_GGUF_ARCHITECTURES as readonly string[]).includes(a);

type TensorBytes = (t: GgufTensorInfo) => { bytes: number; format: string; elements: number };

const tensorField = (name: string) => `gguf.tensors[${JSON.stringify(name)}]`;
const metaField = (key: string) => `gguf.metadata[${JSON.stringify(key)}]`;

/** Where a layer tensor goes: a weight slot (per expert for `_exps`), or the layer's small vectors. */
type Route =
  | { slot: LayerTensor; perExpert?: boolean }
  | { small: true }
  | { split: readonly [LayerTensor, LayerTensor]; first: number };

export interface HybridGgufModel {
  readonly spec: ModelSpec;
  readonly weights: ModelWeights;
  readonly warnings: readonly string[];
}

export function modelFromHybridGguf(
  h: GgufHeader,
  arch: HybridGgufArchitecture,
  tensorBytes: TensorBytes,
  id: string,
  name: string,
): HybridGgufModel {
  const meta = h.metadata;
  const m = new Meta(meta, arch);
  const tensors = new Map(h.tensors.map((t) => [t.name, t] as const));
  const has = (n: string) => tensors.has(n);

  const d = m.int("embedding_length");
  const numLayers = m.int("block_count");
  // Tensors by layer; the layer count must match them before anything per layer is built
  // (a hostile block_count cannot make us allocate per layer).
  const byLayer = new Map<number, [string, GgufTensorInfo][]>();
  for (const t of h.tensors) {
    const b = /^blk\.(\d{1,6})\.(.+)$/.exec(t.name);
    if (!b) continue;
    const i = Number(b[1]);
    const list = byLayer.get(i) ?? [];
    list.push([b[2]!, t]);
    byLayer.set(i, list);
  }
  if (numLayers > byLayer.size) {
    throw new InputError(
      metaField(`${arch}.block_count`),
      numLayers,
      `but the file has tensors for ${byLayer.size} layers`,
    );
  }
  const tooMany = outOfRange(MODEL_LIMITS.layers, numLayers);
  if (tooMany) throw new InputError(metaField(`${arch}.block_count`), numLayers, tooMany);
  const heads = m.perLayer("attention.head_count", numLayers);
  const kvHeads = m.has("attention.head_count_kv") ? m.perLayer("attention.head_count_kv", numLayers) : heads;
  const numHeads = Math.max(...heads);
  const attnKv = kvHeads.filter((k) => k > 0);
  const numKvHeads = attnKv.length > 0 ? Math.max(...attnKv) : numHeads;
  const headDim = m.opt("attention.key_length") ?? Math.floor(d / numHeads);
  const embd = tensors.get("token_embd.weight");
  if (embd?.dims.length !== 2 || embd.dims[0] !== d) {
    throw new InputError(tensorField("token_embd.weight"), embd?.dims, `missing or not [${d}, vocab]`);
  }
  const vocabSize = embd.dims[1] ?? 0;

  const experts = m.opt("expert_count") ?? 0;
  const base = {
    id,
    name,
    family: arch,
    hiddenSize: d,
    numLayers,
    numHeads,
    numKvHeads,
    headDim,
    vocabSize,
    ffn: { gated: true, activation: "silu" as const },
    norm: "rmsnorm" as const,
    qkvBias: false,
    tieEmbeddings: !has("output.weight"),
    maxContext: m.int("context_length"),
    source: "gguf",
  };
  let input: ModelSpecInput;
  const routes: Record<string, Route> = {
    "attn_norm.weight": { small: true },
    "ffn_norm.weight": { small: true },
    "attn_q.weight": { slot: "attn_q" },
    "attn_k.weight": { slot: "attn_k" },
    "attn_v.weight": { slot: "attn_v" },
    "attn_output.weight": { slot: "attn_o" },
    "attn_q_norm.weight": { small: true },
    "attn_k_norm.weight": { small: true },
    "ffn_gate.weight": { slot: "ffn_gate" },
    "ffn_up.weight": { slot: "ffn_up" },
    "ffn_down.weight": { slot: "ffn_down" },
    "ffn_gate_inp.weight": { slot: "router" },
    "ffn_gate_exps.weight": { slot: "ffn_gate", perExpert: true },
    "ffn_up_exps.weight": { slot: "ffn_up", perExpert: true },
    "ffn_down_exps.weight": { slot: "ffn_down", perExpert: true },
    "ffn_gate_shexp.weight": { slot: "shared_gate" },
    "ffn_up_shexp.weight": { slot: "shared_up" },
    "ffn_down_shexp.weight": { slot: "shared_down" },
    "ffn_gate_inp_shexp.weight": { small: true },
    "exp_probs_b.bias": { small: true },
  };

  switch (arch) {
    case "deepseek2": {
      const rope = m.int("rope.dimension_count");
      const absorbed = m.has("attention.key_length_mla");
      const qk = absorbed ? m.int("attention.key_length_mla") : headDim;
      const vDim = absorbed ? m.int("attention.value_length_mla") : m.int("attention.value_length");
      if (qk <= rope) {
        throw new InputError(
          metaField(`${arch}.attention.key_length${absorbed ? "_mla" : ""}`),
          qk,
          `must exceed rope.dimension_count (${rope})`,
        );
      }
      const mixer: Mixer = {
        kind: "mla",
        qLoraRank: m.opt("attention.q_lora_rank") ?? 0,
        kvLoraRank: m.int("attention.kv_lora_rank"),
        ropeDim: rope,
        nopeDim: qk - rope,
        vDim,
        path: absorbed ? "absorbed" : "decompressed",
      };
      const lead = Math.min(m.opt("leading_dense_block_count") ?? 0, numLayers);
      const ffe = m.int("expert_feed_forward_length");
      const shared = m.opt("expert_shared_count") ?? 0;
      const groups = m.opt("expert_group_count") ?? 0;
      input = {
        ...base,
        numKvHeads: numHeads,
        headDim: qk,
        intermediateSize: m.opt("feed_forward_length") ?? ffe,
        moe: {
          numExperts: experts,
          expertsPerToken: m.int("expert_used_count"),
          expertIntermediateSize: ffe,
          sharedExperts: shared,
          ...(shared > 0 ? { sharedIntermediateSize: ffe } : {}),
          ...(has(`blk.${lead}.exp_probs_b.bias`) ? { routerBias: true } : {}),
          ...(groups > 1 ? { groups: { count: groups, used: m.int("expert_group_used_count") } } : {}),
        },
        layers: {
          kinds: { dense: { mixer, ffn: "dense" }, moe: { mixer, ffn: "moe" } },
          first: Array.from({ length: lead }, () => "dense"),
          repeat: [lead >= numLayers ? "dense" : "moe"],
        },
      };
      Object.assign(routes, {
        "attn_q_a_norm.weight": { small: true },
        "attn_kv_a_norm.weight": { small: true },
        "attn_q_a.weight": { slot: "attn_q_a" },
        "attn_q_b.weight": { slot: "attn_q_b" },
        "attn_kv_a_mqa.weight": { slot: "attn_kv_a" },
        "attn_k_b.weight": { slot: "attn_k_b" },
        "attn_v_b.weight": { slot: "attn_v_b" },
        // Legacy fused W_UK and W_UV: per head nopeDim rows of K, then vDim rows of V.
        "attn_kv_b.weight": { split: ["attn_k_b", "attn_v_b"], first: (qk - rope) / (qk - rope + vDim) },
      });
      break;
    }
    case "qwen3next": {
      const interval = m.opt("full_attention_interval") ?? 4;
      if (interval === 0)
        throw new InputError(metaField(`${arch}.full_attention_interval`), 0, "must be at least 1");
      const vHeads = m.int("ssm.time_step_rank");
      const inner = m.int("ssm.inner_size");
      const gdn: Mixer = {
        kind: "gated_deltanet",
        kHeads: m.int("ssm.group_count"),
        vHeads,
        kDim: m.int("ssm.state_size"),
        vDim: inner / vHeads,
        convKernel: m.int("ssm.conv_kernel"),
      };
      const rot = m.opt("rope.dimension_count") ?? headDim;
      const attention: Mixer = { kind: "attention", outputGate: true, qkNorm: true };
      const moe = { ffn: "moe" as const };
      input = {
        ...base,
        intermediateSize: m.opt("feed_forward_length") ?? m.int("expert_feed_forward_length"),
        ...(rot < headDim ? { rotaryFraction: rot / headDim } : {}),
        moe: {
          numExperts: experts,
          expertsPerToken: m.int("expert_used_count"),
          expertIntermediateSize: m.int("expert_feed_forward_length"),
          sharedExperts: 1,
          sharedIntermediateSize: m.int("expert_shared_feed_forward_length"),
          sharedExpertGate: true,
        },
        // llama.cpp: layer i is attention iff (i + 1) % full_attention_interval == 0.
        layers: {
          kinds: { linear: { mixer: gdn, ...moe }, full: { mixer: attention, ...moe } },
          list: Array.from({ length: numLayers }, (_, i) => ((i + 1) % interval === 0 ? "full" : "linear")),
        },
      };
      const kw = 2 * m.int("ssm.group_count") * m.int("ssm.state_size");
      Object.assign(routes, {
        "post_attention_norm.weight": { small: true },
        "attn_qkv.weight": { slot: "mix_in" },
        "attn_gate.weight": { slot: "mix_gate" },
        // Legacy fused q, k, v, z.
        "ssm_in.weight": { split: ["mix_in", "mix_gate"], first: (kw + inner) / (kw + 2 * inner) },
        "ssm_ba.weight": { slot: "mix_ba" },
        "ssm_conv1d.weight": { slot: "mix_conv" },
        "ssm_out.weight": { slot: "mix_out" },
        "ssm_dt.bias": { small: true },
        ssm_a: { small: true },
        "ssm_norm.weight": { small: true },
      });
      break;
    }
    case "granitehybrid": {
      const mamba: Mixer = {
        kind: "mamba2",
        dInner: m.int("ssm.inner_size"),
        dState: m.int("ssm.state_size"),
        nHeads: m.int("ssm.time_step_rank"),
        nGroups: m.int("ssm.group_count"),
        convKernel: m.int("ssm.conv_kernel"),
        convBias: [...tensors.keys()].some((n) => n.endsWith(".ssm_conv1d.bias")),
      };
      const rope = meta[`${arch}.rope.scaling.finetuned`];
      const attention: Mixer = { kind: "attention", ...(rope === false ? { rope: false } : {}) };
      const ffn = experts > 0 ? ("moe" as const) : ("dense" as const);
      const sharedFf = m.opt("expert_shared_feed_forward_length") ?? 0;
      input = {
        ...base,
        intermediateSize: m.int("feed_forward_length"),
        ...(experts > 0
          ? {
              moe: {
                numExperts: experts,
                expertsPerToken: m.int("expert_used_count"),
                expertIntermediateSize: m.int("feed_forward_length"),
                sharedExperts: sharedFf > 0 ? 1 : 0,
                ...(sharedFf > 0 ? { sharedIntermediateSize: sharedFf } : {}),
              },
            }
          : {}),
        layers: {
          kinds: { mamba: { mixer: mamba, ffn }, attention: { mixer: attention, ffn } },
          list: kvHeads.map((k) => (k === 0 ? "mamba" : "attention")),
        },
      };
      Object.assign(routes, {
        "ssm_in.weight": { slot: "mix_in" },
        "ssm_conv1d.weight": { slot: "mix_conv" },
        "ssm_conv1d.bias": { small: true },
        "ssm_dt.bias": { small: true },
        ssm_a: { small: true },
        ssm_d: { small: true },
        "ssm_norm.weight": { small: true },
        "ssm_out.weight": { slot: "mix_out" },
      });
      break;
    }
    case "lfm2": {
      const conv: Mixer = {
        kind: "short_conv",
        kernel: m.int("shortconv.l_cache"),
        bias: [...tensors.keys()].some((n) => n.endsWith(".shortconv.in_proj.bias")),
      };
      const attention: Mixer = { kind: "attention", qkNorm: true };
      input = {
        ...base,
        intermediateSize: m.int("feed_forward_length"),
        layers: {
          kinds: { conv: { mixer: conv, ffn: "dense" }, attention: { mixer: attention, ffn: "dense" } },
          list: kvHeads.map((k) => (k === 0 ? "conv" : "attention")),
        },
      };
      Object.assign(routes, {
        "shortconv.in_proj.weight": { slot: "mix_in" },
        "shortconv.conv.weight": { slot: "mix_conv" },
        "shortconv.out_proj.weight": { slot: "mix_out" },
        "shortconv.in_proj.bias": { small: true },
        "shortconv.conv.bias": { small: true },
        "shortconv.out_proj.bias": { small: true },
      });
      break;
    }
  }

  const parsed = ModelSpec.safeParse(input);
  if (!parsed.success) throw fromZodIssues("gguf.model", parsed.error.issues, input);
  const spec = parsed.data;
  const kinds = layerKinds(spec);
  const warnings: string[] = [];
  const used = new Set<string>();
  const weight = (t: GgufTensorInfo): TensorWeight => {
    used.add(t.name);
    const w = tensorBytes(t);
    return { bytes: w.bytes, format: w.format };
  };

  const embedding = weight(embd);
  const out = tensors.get("output.weight");
  const lmHead = out ? weight(out) : embedding;
  const finalName = arch === "lfm2" ? "token_embd_norm.weight" : "output_norm.weight";
  const finalNorm = tensors.get(finalName);
  if (!finalNorm) throw new InputError(tensorField(finalName), undefined, "missing (no final norm)");
  const finalNormBytes = weight(finalNorm).bytes;

  const expected = new Map(Object.entries(kinds).map(([n, k]) => [n, layerTensorElements(spec, k)]));
  const layers: LayerWeights[] = [];
  for (let i = 0; i < numLayers; i++) {
    const kindName = layerKindName(spec, i);
    const want = expected.get(kindName)!;
    const e = kinds[kindName]!.ffn === "moe" ? (spec.moe?.numExperts ?? 1) : 1;
    const got: Partial<Record<LayerTensor, TensorWeight>> = {};
    let smallBytes = 0;
    const prefix = `blk.${i}.`;
    for (const [rest, t] of byLayer.get(i) ?? []) {
      const tname = t.name;
      const route = routes[rest];
      if (!route) continue;
      const w = tensorBytes(t);
      used.add(tname);
      if ("small" in route) {
        smallBytes += w.bytes;
      } else if ("split" in route) {
        const [a, b] = route.split;
        if (w.elements !== want[a] + want[b]) {
          throw new InputError(
            `${tensorField(tname)}.dims`,
            t.dims,
            `has ${w.elements} elements; the metadata implies ${want[a] + want[b]}`,
          );
        }
        got[a] = { bytes: w.bytes * route.first, format: w.format };
        got[b] = { bytes: w.bytes * (1 - route.first), format: w.format };
      } else {
        const per = route.perExpert ? e : 1;
        if (w.elements / per !== want[route.slot]) {
          throw new InputError(
            `${tensorField(tname)}.dims`,
            t.dims,
            `has ${w.elements / per} elements${per > 1 ? " per expert" : ""}; the metadata implies ${want[route.slot]}`,
          );
        }
        got[route.slot] = { bytes: w.bytes / per, format: w.format };
      }
    }
    for (const slot of LAYER_TENSORS) {
      if (want[slot] > 0 && !got[slot]) {
        throw new InputError(
          tensorField(`${prefix}${slot}`),
          undefined,
          `missing: a ${kindName} layer has this matrix`,
        );
      }
    }
    const fallback = got.attn_o?.format ?? got.mix_out?.format ?? embedding.format;
    const full = {} as Record<LayerTensor, TensorWeight>;
    for (const slot of LAYER_TENSORS) full[slot] = got[slot] ?? { bytes: 0, format: fallback };
    layers.push({ kind: kindName, tensors: full, smallBytes });
  }

  const ignored = h.tensors.filter((t) => !used.has(t.name));
  if (ignored.length > 0) {
    const bytes = ignored.reduce((s, t) => s + tensorBytes(t).bytes, 0);
    const names = ignored.slice(0, 10).map((t) => t.name);
    warnings.push(
      `ignored ${ignored.length} unknown tensor${ignored.length === 1 ? "" : "s"} (${bytes} bytes): ${names.join(", ")}` +
        (ignored.length > names.length ? `, … ${ignored.length - names.length} more` : ""),
    );
  }
  return {
    spec,
    weights: { layers, embedding, lmHead, tied: spec.tieEmbeddings, finalNormBytes, origin: "gguf" },
    warnings,
  };
}

/** `<arch>.*` metadata as non-negative integers, scalars or per-layer arrays. */
class Meta {
  constructor(
    private readonly meta: Readonly<Record<string, GgufValue>>,
    private readonly arch: string,
  ) {}
  has(suffix: string): boolean {
    return this.meta[`${this.arch}.${suffix}`] !== undefined;
  }
  opt(suffix: string): number | undefined {
    const key = `${this.arch}.${suffix}`;
    const v = this.meta[key];
    if (v === undefined) return undefined;
    if (typeof v === "object") {
      const vals = v.values;
      if (!vals || vals.length === 0 || vals.some((x) => x !== vals[0])) {
        throw new InputError(
          metaField(key),
          vals ?? `array of ${v.length}`,
          "varies per layer; not supported here",
        );
      }
      return this.check(key, vals[0]);
    }
    return this.check(key, v);
  }
  int(suffix: string): number {
    const n = this.opt(suffix);
    if (n === undefined || n === 0)
      throw new InputError(metaField(`${this.arch}.${suffix}`), n, "missing or zero");
    return n;
  }
  /** One value per layer: an array of numLayers, or a scalar for every layer. */
  perLayer(suffix: string, numLayers: number): number[] {
    const key = `${this.arch}.${suffix}`;
    const v = this.meta[key];
    if (v === undefined) throw new InputError(metaField(key), v, "missing");
    if (typeof v !== "object") return Array.from({ length: numLayers }, () => this.check(key, v));
    if (!v.values || v.values.length !== numLayers) {
      throw new InputError(
        metaField(key),
        v.values ?? `array of ${v.length}`,
        `expected one value per layer (${numLayers})`,
      );
    }
    return v.values.map((x) => this.check(key, x));
  }
  private check(key: string, v: GgufValue | undefined): number {
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) {
      throw new InputError(metaField(key), v, "expected a non-negative integer");
    }
    return v;
  }
}

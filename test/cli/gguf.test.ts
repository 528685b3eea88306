/**
 * `--gguf` end to end: GGUF files written to a temp dir with the test writer, read by the
 * CLI process. Bad files must be rejected with exit 2 (see expect-rejected.ts); a valid
 * tiny llama must give the weight bytes worked out by hand.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { AnalysisSchema } from "../../src/core/predict/analysis-types.js";
import {
  ByteWriter,
  type GgufFile,
  str,
  u32,
  type WTensor,
  type WValue,
  writeGguf,
} from "../helpers/gguf-writer.js";
import { assertBuilt, describeResult, runCli } from "../helpers/run-cli.js";
import { expectRejected } from "./expect-rejected.js";

// ggml type ids
const F32 = 0;
const F16 = 1;
const Q8_0 = 8; // 32 values in 34 bytes

const FX = "test/fixtures/cli";
let dir = "";
const path = (name: string) => join(dir, name);

/**
 * A llama-shaped GGUF: d = 64, 2 layers, 4 heads of 16, 2 KV heads, d_ff 128, vocab 100,
 * untied output in Q8_0, the layer matrices in F16 except attn_v in Q8_0, norms F32, and a
 * rope_freqs tensor the cost model does not use (a warning, printed as a note).
 */
function tinyLlama(): GgufFile {
  const meta = (k: string, v: number): [string, WValue] => [`llama.${k}`, u32(v)];
  const layer = (i: number): WTensor[] => [
    { name: `blk.${i}.attn_norm.weight`, dims: [64], type: F32 },
    { name: `blk.${i}.attn_q.weight`, dims: [64, 64], type: F16 },
    { name: `blk.${i}.attn_k.weight`, dims: [64, 32], type: F16 },
    { name: `blk.${i}.attn_v.weight`, dims: [64, 32], type: Q8_0 },
    { name: `blk.${i}.attn_output.weight`, dims: [64, 64], type: F16 },
    { name: `blk.${i}.ffn_norm.weight`, dims: [64], type: F32 },
    { name: `blk.${i}.ffn_gate.weight`, dims: [64, 128], type: F16 },
    { name: `blk.${i}.ffn_up.weight`, dims: [64, 128], type: F16 },
    { name: `blk.${i}.ffn_down.weight`, dims: [128, 64], type: F16 },
  ];
  return writeGguf({
    metadata: [
      ["general.architecture", str("llama")],
      ["general.name", str("Tiny Llama Test")],
      meta("embedding_length", 64),
      meta("block_count", 2),
      meta("attention.head_count", 4),
      meta("attention.head_count_kv", 2),
      meta("feed_forward_length", 128),
      meta("context_length", 2048),
    ],
    tensors: [
      { name: "token_embd.weight", dims: [64, 100], type: F16 },
      { name: "rope_freqs.weight", dims: [8], type: F32 },
      ...layer(0),
      ...layer(1),
      { name: "output_norm.weight", dims: [64], type: F32 },
      { name: "output.weight", dims: [64, 100], type: Q8_0 },
    ],
  });
}

/** The whole file: header, then zeros for the tensor data. */
function fileBytes(f: GgufFile): Uint8Array {
  const b = new Uint8Array(f.fileSize);
  b.set(f.header);
  return b;
}

let tiny: GgufFile;

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), "ridgeline-cli-gguf-"));
  tiny = tinyLlama();
  const full = fileBytes(tiny);
  await writeFile(path("Tiny Llama.Q8.gguf"), full);
  // Cut in the middle of the header (inside the metadata or tensor table).
  await writeFile(path("truncated-header.gguf"), full.subarray(0, Math.floor(tiny.dataOffset / 2)));
  // The whole header but none of the tensor data.
  await writeFile(path("header-only.gguf"), full.subarray(0, tiny.dataOffset));
  // tensor_count = 2^60.
  await writeFile(
    path("huge-count.gguf"),
    new ByteWriter()
      .raw(new TextEncoder().encode("GGUF"))
      .u32(3)
      .u64(2n ** 60n)
      .u64(0)
      .finish(),
  );
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const TIMEOUT = 30_000;

describe.concurrent("--gguf: bad files exit 2", () => {
  const cases: {
    name: string;
    file: () => string;
    field: string;
    value: string | (() => string);
    message: RegExp;
  }[] = [
    {
      name: "missing file",
      file: () => path("missing.gguf"),
      field: "--gguf",
      value: () => JSON.stringify(path("missing.gguf")),
      message: /no such file/,
    },
    {
      name: "a directory",
      file: () => dir,
      field: "--gguf",
      value: () => JSON.stringify(dir),
      message: /is a directory/,
    },
    {
      name: "empty file",
      file: () => `${FX}/empty.gguf`,
      field: "gguf.magic",
      value: "(got 0)",
      message: /truncated/,
    },
    // Not "GGUF": the first four bytes of the LCG stream, 220 4 245 121.
    {
      name: "random bytes",
      file: () => `${FX}/random-bytes.gguf`,
      field: "gguf.magic",
      value: "[220,4,245,121]",
      message: /not a GGUF file/,
    },
    {
      name: "truncated in the header",
      file: () => path("truncated-header.gguf"),
      field: "gguf.",
      value: "(got ",
      message: /truncated/,
    },
    {
      name: "header without tensor data",
      file: () => path("header-only.gguf"),
      field: "gguf.tensors",
      value: "(got ",
      message: /beyond the end of the file/,
    },
    {
      name: "tensor_count 2^60",
      file: () => path("huge-count.gguf"),
      field: "gguf.tensor_count",
      value: "1152921504606846976",
      message: /the limit is 100000/,
    },
  ];
  for (const c of cases) {
    it(
      c.name,
      async ({ expect }) => {
        const r = await runCli(["analyze", "--gguf", c.file()]);
        expectRejected(expect, r, {
          field: c.field,
          value: typeof c.value === "function" ? c.value() : c.value,
          message: c.message,
        });
      },
      TIMEOUT,
    );
  }

  it(
    "timeline reads --gguf the same way",
    async ({ expect }) => {
      const r = await runCli(["timeline", "--generate", "3", "--gguf", path("huge-count.gguf")]);
      expectRejected(expect, r, { field: "gguf.tensor_count", value: "1152921504606846976" });
    },
    TIMEOUT,
  );
});

describe.concurrent("--gguf: a valid tiny llama", () => {
  it(
    "analyze --gguf --json: exact bytes from the tensor table",
    async ({ expect }) => {
      const r = await runCli(["analyze", "--gguf", path("Tiny Llama.Q8.gguf"), "--json", "--prompt", "16"]);
      expect(r.code, describeResult(r)).toBe(0);
      expect(r.stderr).toBe(""); // notes are printed with the text report only
      const parsed = AnalysisSchema.safeParse(JSON.parse(r.stdout));
      expect(parsed.success).toBe(true);
      const a = parsed.data!;
      expect(a.model.weightsOrigin).toBe("gguf");
      // The id comes from the file name ("Tiny Llama.Q8.gguf" → lower case, runs of other characters → "-"),
      // the name from general.name.
      expect(a.model.id).toBe("tiny-llama.q8");
      expect(a.model.name).toBe("Tiny Llama Test");
      // Parameters: per layer q 64·64 + k 64·32 + v 64·32 + o 64·64 = 12,288, FFN 3·64·128 = 24,576, norms 2·64 = 128
      // → 36,992; ×2 = 73,984; + token_embd 6,400 + output 6,400 + output_norm 64 = 86,848.
      expect(a.model.params).toBe(86_848);
      // Stored bytes, per layer: norms 2 · 64 · 4 (F32) = 512; q, o 64·64·2 = 8,192 each; k 64·32·2 = 4,096;
      // v Q8_0 2,048/32 blocks · 34 = 2,176; gate, up, down 64·128·2 = 16,384 each
      // → 512 + 16,384 + 4,096 + 2,176 + 49,152 = 72,320; ×2 layers = 144,640.
      // token_embd 6,400·2 = 12,800; output Q8_0 6,400/32 · 34 = 6,800; output_norm 64·4 = 256.
      // Total 144,640 + 12,800 + 6,800 + 256 = 164,496.
      expect(a.memory.weightsBytes).toBe(164_496);
      // A decode step reads every layer (144,640), one embedding row (64·2 = 128), the final norm (256) and the
      // output matrix (6,800): 151,824 bytes of weights.
      expect(a.decode!.totals.bytes.weights).toBe(151_824);
      // Prefill of 16 tokens gathers 16 embedding rows (16·128 = 2,048) instead of one: 151,824 + 1,920 = 153,744.
      expect(a.prefill!.totals.bytes.weights).toBe(153_744);
      // KV cache at fp16 for 16 tokens: 2 layers · 2 (K, V) · 2 KV heads · 16 · 16 tokens · 2 B = 4,096.
      expect(a.memory.kvCacheBytes).toBe(4_096);
      // Per-layer v_proj weights come from the tensor's own type (Q8_0), not from a recipe.
      const v = a.decode!.layerOps.find((o) => o.name === "v_proj");
      expect(v?.bytes.weights).toBe(2_176);
    },
    TIMEOUT,
  );

  it(
    "analyze --gguf (text): report on stdout, the importer's notes on stderr",
    async ({ expect }) => {
      const r = await runCli([
        "analyze",
        "--gguf",
        path("Tiny Llama.Q8.gguf"),
        "--phase",
        "decode",
        "--prompt",
        "16",
      ]);
      expect(r.code, describeResult(r)).toBe(0);
      expect(r.stdout.split("\n")[0]).toBe("Tiny Llama Test on Apple M2 GPU (10-core)");
      // 86,848 parameters → "86.8 k".
      expect(r.stdout.split("\n")[1]).toMatch(/; 86\.8 k parameters$/);
      // rope_freqs.weight is not modelled: said on stderr, as a note.
      const notes = r.stderr.trimEnd().split("\n");
      expect(notes.length).toBeGreaterThan(0);
      for (const n of notes) expect(n).toMatch(/^note: /);
      expect(r.stderr).toMatch(/rope_freqs/);
      expect(r.stdout).not.toMatch(/^note: /m);
    },
    TIMEOUT,
  );
});

/**
 * GGUF metadata arrays of strings (issue 16): a 240 MB file whose first value is 30 million
 * empty strings is refused at the array's length, and a long vocabulary is skipped without
 * an await per string.
 */
import { describe, expect, it } from "vitest";
import { type ByteSource, DEFAULT_GGUF_LIMITS, InputError, readGgufHeader } from "../../src/core/index.js";

/** A GGUF v3 header with one metadata key holding `n` empty strings (their lengths are zeros). */
function stringArrayFile(n: number): ByteSource & { reads: number } {
  const key = new TextEncoder().encode("tokenizer.ggml.tokens");
  const head = new Uint8Array(4 + 4 + 8 + 8 + 8 + key.length + 4 + 4 + 8);
  const v = new DataView(head.buffer);
  head.set(new TextEncoder().encode("GGUF"), 0);
  let o = 4;
  v.setUint32(o, 3, true);
  o += 4;
  v.setBigUint64(o, 0n, true); // tensors
  o += 8;
  v.setBigUint64(o, 1n, true); // metadata pairs
  o += 8;
  v.setBigUint64(o, BigInt(key.length), true);
  o += 8;
  head.set(key, o);
  o += key.length;
  v.setUint32(o, 9, true); // array
  o += 4;
  v.setUint32(o, 8, true); // of strings
  o += 4;
  v.setBigUint64(o, BigInt(n), true);
  const size = head.length + 8 * n;
  const src = {
    size,
    reads: 0,
    async read(offset: number, length: number): Promise<Uint8Array> {
      src.reads++;
      const out = new Uint8Array(length);
      if (offset < head.length) out.set(head.subarray(offset, Math.min(head.length, offset + length)), 0);
      return out;
    },
  };
  return src;
}

describe("GGUF string arrays", () => {
  it("30 million empty strings (a 240 MB file) are refused at the array length, naming the key", async () => {
    const src = stringArrayFile(30_000_000);
    const e = await readGgufHeader(src).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).message).toMatch(
      /tokenizer\.ggml\.tokens.*array of 30000000 strings; the limit is 8388608/,
    );
    expect(src.reads).toBeLessThan(3);
  });
  it("a vocabulary of 2 million strings is skipped a chunk at a time (an await per MiB, not per string)", async () => {
    const src = stringArrayFile(2_000_000);
    const h = await readGgufHeader(src);
    expect(h.metadata["tokenizer.ggml.tokens"]).toEqual({
      type: "array",
      elementType: "string",
      length: 2_000_000,
    });
    expect(src.reads).toBeLessThanOrEqual(Math.ceil(src.size / DEFAULT_GGUF_LIMITS.chunkBytes) + 2);
  });
  it("a short array is still materialized", async () => {
    const h = await readGgufHeader(stringArrayFile(3));
    expect(h.metadata["tokenizer.ggml.tokens"]).toEqual({
      type: "array",
      elementType: "string",
      length: 3,
      values: ["", "", ""],
    });
  });
});

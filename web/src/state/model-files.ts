/**
 * A model from a file the user opens or drops: a Hugging Face config.json (read whole,
 * it is small) or a .gguf (only its header and tensor table, through a ByteSource that
 * slices the File: the weights, gigabytes, are never read). Nothing leaves the page.
 */
import {
  type ByteSource,
  importHfConfig,
  modelFromGguf,
  modelIdFromFileName,
  readGgufHeader,
} from "../../../src/core/index.js";
import type { ModelSource } from "./state.js";

/** llama.cpp's file types (general.file_type, enum llama_ftype), by number. */
const GGUF_FILE_TYPES: Readonly<Record<number, string>> = {
  0: "F32",
  1: "F16",
  2: "Q4_0",
  3: "Q4_1",
  7: "Q8_0",
  8: "Q5_0",
  9: "Q5_1",
  10: "Q2_K",
  11: "Q3_K_S",
  12: "Q3_K_M",
  13: "Q3_K_L",
  14: "Q4_K_S",
  15: "Q4_K_M",
  16: "Q5_K_S",
  17: "Q5_K_M",
  18: "Q6_K",
  19: "IQ2_XXS",
  20: "IQ2_XS",
  21: "Q2_K_S",
  22: "IQ3_XS",
  23: "IQ3_XXS",
  24: "IQ1_S",
  25: "IQ4_NL",
  26: "IQ3_S",
  27: "IQ3_M",
  28: "IQ2_S",
  29: "IQ2_M",
  30: "IQ4_XS",
  31: "IQ1_M",
  32: "BF16",
  36: "TQ1_0",
  37: "TQ2_0",
};

/**
 * How the Weights control names a GGUF's weights: its file type ("Q4_K_M") when the header
 * says, else its layer matrices' formats by share of bytes ("q4_k 88% + q6_k 12%").
 */
export function ggufWeightsLabel(m: Extract<ModelSource, { kind: "gguf" }>): string {
  if (m.fileType) return m.fileType;
  const bytes = new Map<string, number>();
  for (const l of m.weights.layers)
    for (const w of Object.values(l.tensors))
      if (w.bytes > 0) bytes.set(w.format, (bytes.get(w.format) ?? 0) + w.bytes);
  const total = [...bytes.values()].reduce((a, b) => a + b, 0);
  const parts = [...bytes].sort((a, b) => b[1] - a[1]);
  if (parts.length === 1) return parts[0]?.[0] ?? "gguf";
  return parts
    .slice(0, 3)
    .map(([f, b]) => `${f} ${Math.round((100 * b) / total)}%`)
    .join(" + ");
}

/** A config.json is a few kB; anything this large is not one. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/** The part of `File` used here (a `File` satisfies it). */
export interface FileLike {
  readonly name: string;
  readonly size: number;
  slice(start?: number, end?: number): { arrayBuffer(): Promise<ArrayBuffer> };
  text(): Promise<string>;
}

export interface LoadedFile {
  readonly source: Exclude<ModelSource, { kind: "preset" }>;
  /** Bytes read from the file (the header only, for a GGUF). */
  readonly bytesRead: number;
}

/** A ByteSource over a File: each read is a slice, never the whole file. */
export function fileByteSource(file: FileLike): ByteSource & { bytesRead: number } {
  const src = {
    size: file.size,
    bytesRead: 0,
    async read(offset: number, length: number): Promise<Uint8Array> {
      const buf = await file.slice(offset, offset + length).arrayBuffer();
      src.bytesRead += buf.byteLength;
      return new Uint8Array(buf);
    },
  };
  return src;
}

async function isGguf(file: FileLike): Promise<boolean> {
  if (/\.gguf$/i.test(file.name)) return true;
  if (/\.json$/i.test(file.name) || file.size < 4) return false;
  const magic = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return String.fromCharCode(...magic) === "GGUF";
}

/** Read a model from a file; errors are thrown with a message meant for the user. */
export async function loadModelFile(file: FileLike): Promise<LoadedFile> {
  const id = modelIdFromFileName(file.name);
  if (await isGguf(file)) {
    const src = fileByteSource(file);
    const header = await readGgufHeader(src);
    const { spec, weights, warnings } = modelFromGguf(header, id);
    const ft = header.metadata["general.file_type"];
    const fileType = typeof ft === "number" ? GGUF_FILE_TYPES[ft] : undefined;
    return {
      source: {
        kind: "gguf",
        spec,
        weights,
        notes: warnings,
        fileName: file.name,
        ...(fileType ? { fileType } : {}),
      },
      bytesRead: src.bytesRead,
    };
  }
  if (file.size > MAX_CONFIG_BYTES)
    throw new Error(
      `${file.size} bytes is too large for a config.json (expected a .json of a few kB, or a .gguf)`,
    );
  const text = await file.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const { model, notes } = importHfConfig(json, id);
  return { source: { kind: "config", spec: model, notes, fileName: file.name }, bytesRead: text.length };
}

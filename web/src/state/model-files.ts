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
    return {
      source: { kind: "gguf", spec, weights, notes: warnings, fileName: file.name },
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

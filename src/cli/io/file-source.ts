/** A local file as a ByteSource for the GGUF reader (Node edge; the core never touches fs). */
import { open, stat } from "node:fs/promises";
import type { ByteSource } from "../../core/index.js";
import { InputError } from "../../core/index.js";

export async function openFileSource(path: string): Promise<ByteSource & { close(): Promise<void> }> {
  let size: number;
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw new InputError("--gguf", path, "is a directory; expected a .gguf file");
    if (!s.isFile()) throw new InputError("--gguf", path, "is not a regular file");
    size = s.size;
  } catch (e) {
    throw asInputError(e, path);
  }
  let fh: Awaited<ReturnType<typeof open>>;
  try {
    fh = await open(path, "r");
  } catch (e) {
    throw asInputError(e, path);
  }
  let closed = false;
  return {
    size,
    async read(offset: number, length: number): Promise<Uint8Array> {
      if (closed) throw new Error("file source is closed");
      if (
        !Number.isSafeInteger(offset) ||
        !Number.isSafeInteger(length) ||
        offset < 0 ||
        length < 0 ||
        offset + length > size
      ) {
        throw new RangeError(`read(${offset}, ${length}) outside a file of ${size} bytes`);
      }
      const out = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await fh.read(out, done, length - done, offset + done);
        if (bytesRead === 0) break; // file shrank under us: the reader reports a short read
        done += bytesRead;
      }
      return done === length ? out : out.subarray(0, done);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await fh.close();
    },
  };
}

function asInputError(e: unknown, path: string): unknown {
  if (e instanceof InputError) return e;
  const code = (e as { code?: unknown } | null)?.code;
  switch (code) {
    case "ENOENT":
      return new InputError("--gguf", path, "no such file");
    case "EISDIR":
      return new InputError("--gguf", path, "is a directory; expected a .gguf file");
    case "EACCES":
    case "EPERM":
      return new InputError("--gguf", path, "permission denied");
    case "ENOTDIR":
      return new InputError("--gguf", path, "a component of the path is not a directory");
    default:
      return e;
  }
}

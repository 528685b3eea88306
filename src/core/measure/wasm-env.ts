/**
 * The slice of the WebAssembly JavaScript API the measuring code uses, typed locally: the
 * core compiles with `"types": []` and lib ES2023, which declare no WebAssembly global.
 * `WebAssembly` below is a module-scoped declaration of the host's global object (Node
 * and browsers both have it); nothing is emitted for it.
 */

export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

export interface WasmMemoryDescriptor {
  readonly initial: number;
  readonly maximum?: number;
  readonly shared?: boolean;
}

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, Record<string, unknown>>,
  ): Promise<{ instance: WasmInstance }>;
  Memory: new (d: WasmMemoryDescriptor) => WasmMemory;
}

declare const WebAssembly: WasmApi | undefined;

/** The host's WebAssembly API, or undefined where there is none. */
export function hostWasm(): WasmApi | undefined {
  return typeof WebAssembly === "undefined" ? undefined : WebAssembly;
}

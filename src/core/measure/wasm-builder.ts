/**
 * A tiny WebAssembly module builder: just enough of the binary format (types, one imported
 * memory, functions, exports, code) to emit the measuring kernels from TypeScript at run
 * time, with no toolchain. Instructions are appended to a `Code` body through named
 * helpers; SIMD instructions go through `simd(opcode)` with the opcode numbers of the
 * SIMD and relaxed-SIMD specifications.
 */

export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof I64 | typeof F32 | typeof F64 | typeof V128;

/** Opcodes after the 0xFD prefix (SIMD proposal; relaxed SIMD from 0x100). */
export const SIMD = {
  v128_load: 0x00,
  v128_store: 0x0b,
  i8x16_splat: 0x0f,
  i16x8_splat: 0x10,
  i32x4_splat: 0x11,
  f32x4_splat: 0x13,
  f64x2_splat: 0x14,
  i32x4_extract_lane: 0x1b,
  f32x4_extract_lane: 0x1f,
  f64x2_extract_lane: 0x21,
  i16x8_extend_low_i8x16_s: 0x87,
  i16x8_extend_high_i8x16_s: 0x88,
  i32x4_add: 0xae,
  i32x4_dot_i16x8_s: 0xba,
  f32x4_add: 0xe4,
  f32x4_mul: 0xe6,
  f64x2_add: 0xf0,
  f64x2_mul: 0xf2,
  f32x4_relaxed_madd: 0x105,
  f64x2_relaxed_madd: 0x107,
  i32x4_relaxed_dot_i8x16_i7x16_add_s: 0x113,
} as const;

export function uleb(n: number | bigint): number[] {
  let v = BigInt(n);
  if (v < 0n) throw new RangeError("uleb of a negative number");
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return out;
}

export function sleb(n: number | bigint): number[] {
  let v = BigInt(n);
  const out: number[] = [];
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    const done = (v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const utf8 = (s: string): number[] => {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c > 0x7f) throw new RangeError(`non-ASCII name ${JSON.stringify(s)}`);
    out.push(c);
  }
  return out;
};
const name = (s: string): number[] => [...uleb(s.length), ...utf8(s)];
const vec = (items: readonly number[][]): number[] => [...uleb(items.length), ...items.flat()];

/** One function body under construction. Locals are numbered after the parameters. */
export class Code {
  readonly bytes: number[] = [];
  private readonly localTypes: ValType[] = [];
  constructor(private readonly nParams: number) {}

  /** Declare a local; returns its index. */
  local(type: ValType): number {
    this.localTypes.push(type);
    return this.nParams + this.localTypes.length - 1;
  }
  locals(): readonly ValType[] {
    return this.localTypes;
  }

  private op(...b: number[]): this {
    this.bytes.push(...b);
    return this;
  }
  block(): this {
    return this.op(0x02, 0x40);
  }
  loop(): this {
    return this.op(0x03, 0x40);
  }
  if_(): this {
    return this.op(0x04, 0x40);
  }
  else_(): this {
    return this.op(0x05);
  }
  end(): this {
    return this.op(0x0b);
  }
  br(depth: number): this {
    return this.op(0x0c, ...uleb(depth));
  }
  brIf(depth: number): this {
    return this.op(0x0d, ...uleb(depth));
  }
  get(i: number): this {
    return this.op(0x20, ...uleb(i));
  }
  set(i: number): this {
    return this.op(0x21, ...uleb(i));
  }
  tee(i: number): this {
    return this.op(0x22, ...uleb(i));
  }
  i32Const(n: number): this {
    return this.op(0x41, ...sleb(n | 0));
  }
  f32Const(x: number): this {
    const b = new Uint8Array(new Float32Array([x]).buffer);
    return this.op(0x43, ...b);
  }
  f64Const(x: number): this {
    const b = new Uint8Array(new Float64Array([x]).buffer);
    return this.op(0x44, ...b);
  }
  i32Eqz(): this {
    return this.op(0x45);
  }
  i32LtU(): this {
    return this.op(0x49);
  }
  i32GtS(): this {
    return this.op(0x4a);
  }
  i32Add(): this {
    return this.op(0x6a);
  }
  i32ShrU(): this {
    return this.op(0x76);
  }
  i32Sub(): this {
    return this.op(0x6b);
  }
  f32Add(): this {
    return this.op(0x92);
  }
  f64Add(): this {
    return this.op(0xa0);
  }
  /** A SIMD instruction; `imm` are the immediate bytes that follow the opcode. */
  simd(opcode: number, ...imm: number[]): this {
    return this.op(0xfd, ...uleb(opcode), ...imm);
  }
  /** v128.load with a byte offset (alignment hint 16 bytes). */
  v128Load(offset = 0): this {
    return this.simd(SIMD.v128_load, ...uleb(4), ...uleb(offset));
  }
  v128Store(offset = 0): this {
    return this.simd(SIMD.v128_store, ...uleb(4), ...uleb(offset));
  }
  lane(opcode: number, lane: number): this {
    return this.simd(opcode, lane);
  }
}

interface FuncDef {
  readonly name: string;
  readonly typeIndex: number;
  readonly code: Code;
}

export interface MemoryImport {
  readonly module: string;
  readonly name: string;
  /** In 64 KiB pages. */
  readonly initial: number;
  readonly maximum?: number;
  readonly shared: boolean;
}

export class ModuleBuilder {
  private readonly types: number[][] = [];
  private readonly funcs: FuncDef[] = [];
  private memory: MemoryImport | undefined;

  importMemory(m: MemoryImport): this {
    if (m.shared && m.maximum === undefined) throw new RangeError("a shared memory needs a maximum");
    this.memory = m;
    return this;
  }

  private typeIndex(params: readonly ValType[], results: readonly ValType[]): number {
    const enc = [0x60, ...uleb(params.length), ...params, ...uleb(results.length), ...results];
    const key = enc.join(",");
    const found = this.types.findIndex((t) => t.join(",") === key);
    if (found >= 0) return found;
    this.types.push(enc);
    return this.types.length - 1;
  }

  /** Add an exported function; `body` receives the code builder with the parameters as locals 0..n-1. */
  func(
    fname: string,
    params: readonly ValType[],
    results: readonly ValType[],
    body: (c: Code) => void,
  ): this {
    const code = new Code(params.length);
    body(code);
    this.funcs.push({ name: fname, typeIndex: this.typeIndex(params, results), code });
    return this;
  }

  toBytes(): Uint8Array {
    const section = (id: number, payload: number[]): number[] => [id, ...uleb(payload.length), ...payload];
    const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    out.push(...section(1, vec(this.types)));
    if (this.memory) {
      const m = this.memory;
      const flags = (m.maximum !== undefined ? 1 : 0) | (m.shared ? 2 : 0);
      const limits = [flags, ...uleb(m.initial), ...(m.maximum !== undefined ? uleb(m.maximum) : [])];
      out.push(...section(2, vec([[...name(m.module), ...name(m.name), 0x02, ...limits]])));
    }
    out.push(...section(3, vec(this.funcs.map((f) => uleb(f.typeIndex)))));
    out.push(...section(7, vec(this.funcs.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))));
    const bodies = this.funcs.map((f) => {
      // Run-length encode the locals' types.
      const groups: number[][] = [];
      let prev: number | undefined;
      let count = 0;
      for (const t of [...f.code.locals(), -1]) {
        if (t === prev) {
          count++;
          continue;
        }
        if (prev !== undefined) groups.push([...uleb(count), prev]);
        prev = t;
        count = 1;
      }
      const body = [...vec(groups), ...f.code.bytes, 0x0b];
      return [...uleb(body.length), ...body];
    });
    out.push(...section(10, vec(bodies)));
    return Uint8Array.from(out);
  }
}

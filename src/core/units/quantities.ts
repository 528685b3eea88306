/**
 * Base units of the core, branded at the type level only (erased at run time).
 * One canonical unit per dimension: FLOP, byte, second, FLOP/s, byte/s, FLOP/byte.
 * Plain arithmetic on brands yields `number`; derived quantities go through the
 * named functions below so that a unit mistake is a type error.
 */
declare const unit: unique symbol;
type Q<U extends string> = number & { readonly [unit]: U };

export type Flop = Q<"FLOP">;
export type Byte = Q<"B">;
export type Second = Q<"s">;
export type FlopPerSecond = Q<"FLOP/s">;
export type BytePerSecond = Q<"B/s">;
export type FlopPerByte = Q<"FLOP/B">;

export const flop = (n: number) => n as Flop;
export const bytes = (n: number) => n as Byte;
export const seconds = (n: number) => n as Second;
export const flopPerSecond = (n: number) => n as FlopPerSecond;
export const bytePerSecond = (n: number) => n as BytePerSecond;

/** Arithmetic intensity; 0 bytes means an op that moves nothing (intensity = +∞). */
export const intensity = (work: Flop, traffic: Byte): FlopPerByte =>
  (traffic === 0 ? (work === 0 ? 0 : Infinity) : work / traffic) as FlopPerByte;
export const computeTime = (work: Flop, peak: FlopPerSecond): Second => (work / peak) as Second;
export const transferTime = (traffic: Byte, bandwidth: BytePerSecond): Second =>
  (traffic / bandwidth) as Second;
export const ridgeIntensity = (peak: FlopPerSecond, bandwidth: BytePerSecond): FlopPerByte =>
  (peak / bandwidth) as FlopPerByte;
/** Roofline: P = min(P_peak, I × BW). */
export const attainable = (i: FlopPerByte, peak: FlopPerSecond, bandwidth: BytePerSecond): FlopPerSecond =>
  Math.min(peak, i * bandwidth) as FlopPerSecond;
export const rate = (work: Flop, time: Second): FlopPerSecond => (work / time) as FlopPerSecond;

export const sumFlop = (a: Flop, b: Flop) => (a + b) as Flop;
export const sumBytes = (a: Byte, b: Byte) => (a + b) as Byte;
export const sumSeconds = (a: Second, b: Second) => (a + b) as Second;

// Edge conversions, named for their units. GB = 1e9 bytes, GiB = 2^30 bytes.
export const GB = 1e9;
export const KiB = 2 ** 10;
export const MiB = 2 ** 20;
export const GiB = 2 ** 30;
export const fromGBps = (gbps: number) => (gbps * 1e9) as BytePerSecond;
export const fromTflops = (tflops: number) => (tflops * 1e12) as FlopPerSecond;
export const fromGiB = (gib: number) => (gib * GiB) as Byte;
export const toGB = (b: Byte) => b / GB;
export const toGiB = (b: Byte) => b / GiB;
export const toMs = (s: Second) => s * 1e3;

/**
 * Decode-step figures as functions of the keys a step attends, in bounded work. Every figure
 * of a decode pass (latency bound and estimate, bytes, FLOPs, group times) is a sum over ops
 * of max(FLOPs/peak, bytes/bandwidth) of counts linear in the keys (clipped at a window): a
 * piecewise-linear function with a few breakpoints. A generation of g tokens therefore needs
 * the pass at the breakpoints, not at every step: up to `direct` distinct key counts every one
 * is evaluated; beyond, the range is bisected until each piece is linear (the midpoint and
 * quarter points agree with the chord to 1e-9), and a step between knots is interpolated.
 */

/** Key counts evaluated one by one up to this many (exact everywhere). */
export const DIRECT_STEPS = 2048;
/** Passes evaluated at most for one curve (a guard: real curves need a few hundred). */
export const MAX_CURVE_EVALS = 4096;

const REL = 1e-9;

export type Figures = readonly number[];

export interface StepCurve {
  /**
   * The figures at `keys` (exact at evaluated points, linear between them). Between knots the
   * array is reused by the next call: read it before asking again.
   */
  at(keys: number): Figures;
  /** Passes evaluated. */
  readonly evaluations: number;
}

export function stepCurve(f: (keys: number) => Figures, lo: number, hi: number): StepCurve {
  const known = new Map<number, Figures>();
  const eval1 = (k: number): Figures => {
    let v = known.get(k);
    if (!v) {
      v = f(k);
      known.set(k, v);
    }
    return v;
  };
  if (hi - lo + 1 > DIRECT_STEPS) {
    const linear = (a: number, fa: Figures, b: number, fb: Figures, x: number) => {
      const v = eval1(x);
      const t = (x - a) / (b - a);
      return v.every((y, i) => {
        const chord = fa[i]! + t * (fb[i]! - fa[i]!);
        return Math.abs(y - chord) <= REL * (Math.abs(fa[i]!) + Math.abs(fb[i]!) + Math.abs(y)) + 1e-300;
      });
    };
    const split = (a: number, b: number) => {
      if (b - a <= 1 || known.size >= MAX_CURVE_EVALS) return;
      const fa = eval1(a);
      const fb = eval1(b);
      const m = Math.floor((a + b) / 2);
      const q1 = Math.floor((a + m) / 2);
      const q3 = Math.floor((m + b) / 2);
      if (linear(a, fa, b, fb, m) && linear(a, fa, b, fb, q1) && linear(a, fa, b, fb, q3)) return;
      split(a, m);
      split(m, b);
    };
    eval1(lo);
    eval1(hi);
    split(lo, hi);
  }
  const knots = [...known.keys()].sort((x, y) => x - y);
  // A generation asks for increasing key counts: the last piece is tried before a search,
  // and a point between knots is written into one reused array (no allocation per step).
  let piece = 0;
  const between: number[] = [];
  return {
    evaluations: known.size,
    at(keys: number): Figures {
      const v = known.get(keys);
      if (v) return v;
      if (knots.length === 0) return eval1(keys);
      let i = piece;
      let j = i + 1;
      if (!(j < knots.length && knots[i]! < keys && keys < knots[j]!)) {
        // The knots around `keys` (binary search), then the chord between them.
        i = 0;
        j = knots.length - 1;
        if (keys < knots[0]! || keys > knots[j]!) return eval1(keys);
        while (j - i > 1) {
          const mid = (i + j) >> 1;
          if (knots[mid]! <= keys) i = mid;
          else j = mid;
        }
        piece = i;
      }
      const a = knots[i]!;
      const b = knots[j]!;
      const fa = known.get(a)!;
      const fb = known.get(b)!;
      const t = (keys - a) / (b - a);
      for (let n = 0; n < fa.length; n++) between[n] = fa[n]! + t * (fb[n]! - fa[n]!);
      return between;
    },
  };
}

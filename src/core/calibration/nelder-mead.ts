/**
 * Nelder–Mead simplex minimisation (Nelder & Mead 1965, with the standard coefficients:
 * reflection 1, expansion 2, contraction ½, shrink ½). No derivatives, a handful of
 * parameters, deterministic for a given start: enough to fit a few efficiencies.
 */
export interface NelderMeadOptions {
  /** Initial simplex step per coordinate (default 0.5). */
  readonly step?: number | readonly number[];
  /** Iteration cap (default 2000). */
  readonly maxIterations?: number;
  /** Stop when the spread of f over the simplex falls below this (default 1e-12). */
  readonly tolerance?: number;
}

export interface NelderMeadResult {
  readonly x: number[];
  readonly fx: number;
  readonly iterations: number;
}

export function nelderMead(
  f: (x: readonly number[]) => number,
  x0: readonly number[],
  opts: NelderMeadOptions = {},
): NelderMeadResult {
  const n = x0.length;
  const maxIt = opts.maxIterations ?? 2000;
  const tol = opts.tolerance ?? 1e-12;
  const stepOf = (i: number) => (typeof opts.step === "number" ? opts.step : (opts.step?.[i] ?? 0.5));
  if (n === 0) return { x: [], fx: f([]), iterations: 0 };

  let simplex: { x: number[]; fx: number }[] = [{ x: [...x0], fx: f(x0) }];
  for (let i = 0; i < n; i++) {
    const x = [...x0];
    x[i]! += stepOf(i);
    simplex.push({ x, fx: f(x) });
  }
  const at = (a: readonly number[], b: readonly number[], t: number) =>
    a.map((ai, i) => ai + t * (b[i]! - ai));

  let it = 0;
  for (; it < maxIt; it++) {
    simplex.sort((a, b) => a.fx - b.fx);
    const best = simplex[0]!;
    const worst = simplex[n]!;
    if (Math.abs(worst.fx - best.fx) <= tol * (Math.abs(best.fx) + tol)) break;
    const centroid = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) centroid[i]! += simplex[k]!.x[i]! / n;

    const xr = at(centroid, worst.x, -1);
    const fr = f(xr);
    if (fr < best.fx) {
      const xe = at(centroid, worst.x, -2);
      const fe = f(xe);
      simplex[n] = fe < fr ? { x: xe, fx: fe } : { x: xr, fx: fr };
      continue;
    }
    if (fr < simplex[n - 1]!.fx) {
      simplex[n] = { x: xr, fx: fr };
      continue;
    }
    // Contract towards the better of the worst point and its reflection.
    const outside = fr < worst.fx;
    const xc = outside ? at(centroid, xr, 0.5) : at(centroid, worst.x, 0.5);
    const fc = f(xc);
    if (fc < (outside ? fr : worst.fx)) {
      simplex[n] = { x: xc, fx: fc };
      continue;
    }
    simplex = simplex.map((p, k) => (k === 0 ? p : { x: at(best.x, p.x, 0.5), fx: NaN }));
    for (let k = 1; k <= n; k++) simplex[k]!.fx = f(simplex[k]!.x);
  }
  simplex.sort((a, b) => a.fx - b.fx);
  return { x: simplex[0]!.x, fx: simplex[0]!.fx, iterations: it };
}

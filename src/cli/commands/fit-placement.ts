/**
 * `ridgeline fit` with a system (`--system`, or `--device … --host … [--link --ram --storage]`):
 * the fastest placement of one model that fits, ranked by predicted decode tokens/s, and the
 * trade-off curves (tokens/s against -ngl and against context length).
 */
import { fitPlacement, InputError, MAX_TOKENS, placementFitText } from "../../core/index.js";
import { modelFromArgs, parseCount, workloadFromArgs } from "../args.js";
import { offloadFromArgs } from "../system-args.js";

type Args = Record<string, unknown>;

export async function runPlacementFit(a: Args): Promise<void> {
  for (const k of ["latency", "tokens-per-s", "params", "batch", "storage-gbps"])
    if (a[k] !== undefined)
      throw new InputError(
        `--${k}`,
        a[k],
        "is for the model-size fit; a system fit ranks placements of one --model",
      );
  if (typeof a.model === "string" && a.model.includes(","))
    throw new InputError("--model", a.model, "a system fit takes one model");
  const context = a.context === undefined ? 4096 : parseCount("--context", String(a.context), 1, MAX_TOKENS);
  const workload = workloadFromArgs({
    ...(a.weights !== undefined ? { weights: a.weights } : {}),
    ...(a.kv !== undefined ? { kv: a.kv } : {}),
    ...(a.attention !== undefined ? { attention: a.attention } : {}),
    prompt: String(context),
    context: String(context),
  });
  const [model, { system, placement }] = await Promise.all([modelFromArgs(a), offloadFromArgs(a)]);
  const result = fitPlacement({
    model: model.spec,
    system,
    workload,
    ...(model.weights ? { weights: model.weights } : {}),
    // --kv fixes the cache format; otherwise q8_0 and q4_0 are tried too.
    ...(a.kv !== undefined ? { kvFormats: [] } : {}),
    ...(placement.mmapFromStorage ? { mmapFromStorage: true } : {}),
  });
  process.stdout.write(`${a.json ? JSON.stringify(result, null, 2) : placementFitText(result)}\n`);
}

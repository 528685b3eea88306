import { defineCommand } from "citty";
import { analyzeGemm, deviceByLabel, gemmText, InputError, isFormatName } from "../../core/index.js";
import { jsonArg, parseCount } from "../args.js";
import { checkFlags } from "../check-flags.js";

const DIM_MAX = 1 << 24;
const args = {
  m: { type: "string", description: "rows of A (tokens)", valueHint: "N", default: "1" },
  k: { type: "string", description: "inner dimension", valueHint: "N", default: "4096" },
  n: { type: "string", description: "columns of B", valueHint: "N", default: "4096" },
  dtype: { type: "string", description: "element format (default fp32)", default: "fp32" },
  batch: { type: "string", description: "number of products (default 1)", valueHint: "N", default: "1" },
  "batch-mode": {
    type: "string",
    description: "shared (B sequences share the weight operand) | independent ([B,m,k]·[B,k,n])",
    default: "shared",
  },
  device: {
    type: "string",
    description: "device id: also show attainable performance and the bound",
    valueHint: "id",
  },
  ...jsonArg,
} as const;

export default defineCommand({
  meta: {
    name: "gemm",
    description:
      "FLOPs, traffic and arithmetic intensity of one matrix multiplication, on a device's roofline",
  },
  args,
  run({ args: a, rawArgs }) {
    checkFlags(rawArgs, args, 0);
    const dtype = a.dtype.toLowerCase();
    if (!isFormatName(dtype))
      throw new InputError(
        "--dtype",
        a.dtype,
        "unknown format (fp32, fp16, bf16, fp8, int8, int4, q4_0, q8_0, …)",
      );
    const mode = a["batch-mode"];
    if (mode !== "shared" && mode !== "independent")
      throw new InputError("--batch-mode", mode, "must be shared or independent");
    const g = analyzeGemm(
      {
        m: parseCount("--m", a.m, 1, DIM_MAX),
        k: parseCount("--k", a.k, 1, DIM_MAX),
        n: parseCount("--n", a.n, 1, DIM_MAX),
        batch: parseCount("--batch", a.batch, 1, 65536),
        batchMode: mode,
        dtype,
      },
      a.device === undefined ? undefined : deviceByLabel(a.device),
    );
    process.stdout.write(`${a.json ? JSON.stringify(g, null, 2) : gemmText(g)}\n`);
  },
});

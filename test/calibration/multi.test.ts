/** Multi-unit validation: the shipped measurements, the row parser, and one row predicted by hand. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  analyzeSplit,
  findDevice,
  findLink,
  findModel,
  InputError,
  parseMultiTest,
  parseUnits,
  resolveWorkload,
  validateMulti,
} from "../../src/core/index.js";
import { runCli } from "../helpers/run-cli.js";

const MULTI = readFileSync(
  fileURLToPath(new URL("../../data/calibration/measured-multi.csv", import.meta.url)),
  "utf8",
);
const HEADER =
  "hardware,devices,link,split,tensor_split,backend,model,quant,attention,test,tokens_per_s,source_url_or_repo_path,notes";

describe("the shipped multi-unit measurements", () => {
  const v = validateMulti(MULTI);

  it("every row is predicted, cites a source and carries a trust tag", () => {
    expect(v.total).toBeGreaterThanOrEqual(100);
    expect(v.rows.filter((r) => r.unpredictable !== null)).toEqual([]);
    for (const r of v.rows) {
      expect(r.source).toMatch(/github|https?:/);
      expect(r.trust).not.toBeNull();
    }
  });

  it("covers layer and row splits on 2 to 8 GPUs", () => {
    expect(new Set(v.rows.map((r) => r.split))).toEqual(new Set(["layer", "row"]));
    const counts = v.rows.map((r) => parseUnits(r.devices).length);
    expect(Math.min(...counts)).toBe(2);
    expect(Math.max(...counts)).toBe(8);
  });

  it("decode is within the 25% target (issue 19) over the scored rows", () => {
    const decode = v.byPhase.find((g) => g.key === "decode")!.summary;
    expect(decode.rows).toBeGreaterThanOrEqual(40);
    expect(decode.mape!).toBeLessThanOrEqual(25);
  });
});

describe("row parsing", () => {
  it("tests in llama-bench's names, with @dN for a depth", () => {
    expect(parseMultiTest("tg128")).toEqual({ kind: "decode", tokens: 128, depth: 0 });
    expect(parseMultiTest("pp4096")).toEqual({ kind: "prefill", tokens: 4096, depth: 0 });
    expect(parseMultiTest("tg1024@d500")).toEqual({ kind: "decode", tokens: 1024, depth: 500 });
    expect(parseMultiTest("tg0")).toBeNull();
    expect(parseMultiTest("eval")).toBeNull();
  });

  it("units as catalog ids, id*N for N identical cards", () => {
    expect(parseUnits("nvidia-rtx-3090*2+nvidia-rtx-4090").map((d) => d.id)).toEqual([
      "nvidia-rtx-3090",
      "nvidia-rtx-3090",
      "nvidia-rtx-4090",
    ]);
    expect(() => parseUnits("nvidia-rtx-3090*0")).toThrow(InputError);
    expect(() => parseUnits("nvidia-rtx-3090*1000")).toThrow(/devices/);
    expect(() => parseUnits("no-such-gpu")).toThrow(InputError);
  });

  it("a bad row is reported unpredictable with its reason, the others still scored", () => {
    const csv = [
      HEADER,
      `a,nvidia-rtx-3090*2,pcie4x16,layer,,llama.cpp CUDA,Llama 3 8B,Q4_K_M,naive,tg128,100,https://example.org,[trust A] x`,
      `b,no-such-gpu,pcie4x16,layer,,llama.cpp CUDA,Llama 3 8B,Q4_K_M,naive,tg128,100,https://example.org,[trust A] x`,
      `c,nvidia-rtx-3090*2,pcie9,layer,,llama.cpp CUDA,Llama 3 8B,Q4_K_M,naive,tg128,100,https://example.org,[trust A] x`,
      `d,nvidia-rtx-3090*2,pcie4x16,zigzag,,llama.cpp CUDA,Llama 3 8B,Q4_K_M,naive,tg128,100,https://example.org,[trust A] x`,
      `e,nvidia-rtx-3090*2,pcie4x16,layer,,llama.cpp CUDA,Llama 3 8B,Q4_K_M,naive,generate,100,https://example.org,[trust A] x`,
      `f,nvidia-rtx-3090*2,pcie4x16,layer,,llama.cpp CUDA,Llama 3 8B,Q4_K_M,naive,tg128,100,https://example.org,[trust C] x`,
    ].join("\n");
    const v = validateMulti(csv, "t.csv");
    expect(v.rows.map((r) => r.unpredictable === null)).toEqual([true, false, false, false, false, true]);
    expect(v.rows[1]!.unpredictable).toMatch(/no-such-gpu/);
    expect(v.rows[2]!.unpredictable).toMatch(/pcie9/);
    expect(v.rows[3]!.unpredictable).toMatch(/zigzag/);
    expect(v.rows[4]!.unpredictable).toMatch(/generate/);
    expect(v.scored).toBe(1); // trust C is predicted, not scored
  });

  it("a row's estimate is analyzeSplit's decode at the middle of its steps", () => {
    const csv = `${HEADER}\nx,nvidia-rtx-3090*2,pcie4x16,layer,3/1,llama.cpp CUDA,Llama 3 8B,Q4_K_M,naive,tg128@d256,50,https://example.org,[trust A] x`;
    const r = validateMulti(csv).rows[0]!;
    const gpu = findDevice("nvidia-rtx-3090");
    const a = analyzeSplit({
      model: findModel("llama-3-8b"),
      units: [gpu, gpu],
      link: findLink("pcie4x16"),
      split: "layer",
      proportions: [3, 1],
      workload: resolveWorkload({
        phase: "decode",
        promptTokens: 256,
        contextTokens: 256 + 64,
        weights: "q4_k_m",
      }),
    });
    expect(r.estimateTps).toBeCloseTo(a.decode!.tokensPerS, 9);
    expect(r.error).toBeCloseTo((a.decode!.tokensPerS - 50) / 50, 9);
  });
});

describe("ridgeline validate reads the multi-unit data too", () => {
  it("text has the multi-unit table and its MAPE; --json carries it as `multi`", async () => {
    const t = await runCli(["validate"]);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/^Multi-unit validation of data\/calibration\/measured-multi\.csv: \d+ rows/m);
    expect(t.stdout).toMatch(/^layer decode\s+\d+\s+\d+\.\d%/m);
    const j = await runCli(["validate", "--json"]);
    const parsed = JSON.parse(j.stdout) as { multi: { total: number } };
    expect(parsed.multi.total).toBe(validateMulti(MULTI).total);
    const skip = await runCli(["validate", "--json", "--multi", "none"]);
    expect(JSON.parse(skip.stdout).multi).toBeUndefined();
  }, 60_000);

  it("a multi file that cannot be read is an input error naming --multi", async () => {
    const r = await runCli(["validate", "--multi", "/nonexistent/m.csv"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--multi/);
  }, 30_000);
});

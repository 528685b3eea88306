/**
 * Every string the app shows is translated (issue 18 §6): each dictionary key has a Chinese
 * text of its own (a short allow-list of names and symbols excepted), every key a view uses
 * exists, and every sentence of the library's the page shows — advisor titles, costs,
 * reasons, "not applicable" reasons, diagnostics — has a Chinese pattern. The advisor is run
 * over the whole model catalog and a spread of devices and workloads to collect them.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  advise,
  analyze,
  BUILTIN_MODELS,
  findDevice,
  modelFromGguf,
  readGgufHeader,
  resolveWorkload,
  type WorkloadInput,
} from "../../src/core/index.js";
import { coreText } from "../../web/src/i18n/core-text.js";
import { en } from "../../web/src/i18n/en.js";
import { zh } from "../../web/src/i18n/zh.js";
import { sourceOf } from "../helpers/gguf-writer.js";
import { tinyLlamaGguf } from "./fixtures.js";

/** Keys whose Chinese text is the English one on purpose: names, symbols, format strings. */
const SAME_ON_PURPOSE = new Set([
  "app.title",
  "device.summary",
  "err.library",
  "export.svg",
  "export.png",
  "table.col.flops",
  "kind.softmax",
  "custom.invalid",
  "verdict.tps",
  ...["apple-gpu", "nvidia-gpu", "nvidia-jetson", "amd-gpu", "intel-gpu", "cpu", "npu"].map(
    (c) => `devclass.${c}`,
  ),
]);

const SRC = fileURLToPath(new URL("../../web/src/", import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(e) ? [p] : [];
  });

describe("the dictionaries", () => {
  it("every key has its own Chinese text", () => {
    const same = (Object.keys(en) as (keyof typeof en)[]).filter(
      (k) => zh[k] === en[k] && !SAME_ON_PURPOSE.has(k),
    );
    expect(same).toEqual([]);
    // every placeholder of the English text is in the Chinese one
    for (const k of Object.keys(en) as (keyof typeof en)[]) {
      const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(ph(zh[k]), k).toEqual(ph(en[k]));
    }
  });

  it("every key a view uses exists; every key-prefix built at run time has its keys", () => {
    const missing: string[] = [];
    for (const f of files(SRC)) {
      const text = readFileSync(f, "utf8");
      for (const m of text.matchAll(/\bt\(\s*"([\w.:-]+)"/g))
        if (!(m[1]! in en)) missing.push(`${f}: ${m[1]}`);
      for (const m of text.matchAll(/\bt\(\s*`([\w.:-]+)\.\$\{/g))
        if (!Object.keys(en).some((k) => k.startsWith(`${m[1]}.`))) missing.push(`${f}: ${m[1]}.*`);
    }
    expect(missing).toEqual([]);
  });
});

describe("the library's sentences in Chinese", () => {
  const devices = [
    "apple-m2-gpu",
    "apple-m2-npu",
    "nvidia-rtx-4090",
    "nvidia-jetson-orin-nano-8gb",
    "nvidia-jetson-orin-nx-16gb",
  ].map((id) => findDevice(id));
  const workloads: WorkloadInput[] = [
    {},
    { weights: "q4_k_m", kv: "q8_0", attention: "flash", fusion: true, kvKeep: 0.5, batch: 2 },
    { weights: "int8", sparsity: "2:4", promptTokens: 200_000 },
  ];
  const untranslated = new Set<string>();
  const check = (s: string | undefined) => {
    if (s !== undefined && coreText(s, "zh").lang !== "zh") untranslated.add(s);
  };

  it("advisor texts and diagnostics over the catalog", async () => {
    for (const model of BUILTIN_MODELS)
      for (const device of devices.slice(0, model === BUILTIN_MODELS[0] ? devices.length : 3))
        for (const w of model === BUILTIN_MODELS[0] || model.id === "llama-2-7b"
          ? workloads
          : workloads.slice(0, 1)) {
          const workload = resolveWorkload(w);
          for (const d of analyze({ model, device, workload }).diagnostics) check(d.message);
          const a = advise({ model, device, workload, generate: 64 });
          for (const r of [...a.recommendations, ...a.doesNotFit]) {
            check(r.title);
            check(r.why);
            check(r.cost.note);
            check(r.chapterSays);
          }
          for (const n of a.notApplicable) check(n.reason);
        }
    // a GGUF file's exact weights
    const f = tinyLlamaGguf();
    const { spec, weights } = modelFromGguf(await readGgufHeader(sourceOf(f)), "tiny");
    const a = advise({
      model: spec,
      device: devices[0]!,
      workload: resolveWorkload({}),
      weights,
      generate: 64,
    });
    for (const n of a.notApplicable) check(n.reason);
    expect([...untranslated]).toEqual([]);
  }, 120_000);

  it("numbers and names pass through; an unknown sentence stays English, marked so", () => {
    expect(coreText("Quantize weights fp16 → q4_k_m", "zh")).toEqual({
      text: "将权重量化：fp16 → q4_k_m",
      lang: "zh",
    });
    expect(
      coreText(
        "Batch 16 sequences (throughput; each request's latency grows): predicted 0.95× throughput, no gain here",
        "zh",
      ).text,
    ).toBe("批处理 16 条序列（提高吞吐；每个请求的延迟变长）：预计吞吐量为 0.95×，此处没有收益");
    expect(coreText("Something new", "zh")).toEqual({ text: "Something new", lang: "en" });
    expect(coreText("Something new", "en")).toEqual({ text: "Something new", lang: "en" });
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  checkOffloadRow,
  checkOffloadRowAt,
  checkOffloadRows,
  hostReference,
  offloadCheckText,
  parseOffloadRows,
  summariseOffload,
} from "../../src/core/calibration/offload-check.js";
import { InputError } from "../../src/core/errors.js";

const csv = readFileSync(new URL("../../data/calibration/measured-offload.csv", import.meta.url), "utf8");
const rows = parseOffloadRows(csv);

describe("measured offload rows", () => {
  it("every row parses, names a source URL and a trust tag, and resolves to catalog ids", () => {
    expect(rows.length).toBeGreaterThanOrEqual(10);
    for (const r of rows) {
      expect(r.source_url).toMatch(/^https:\/\/github\.com\//);
      const c = checkOffloadRow(r);
      if (c.predicted !== null) expect(Number.isFinite(c.predicted) && c.predicted > 0).toBe(true);
    }
  });

  it("a row without a host is predicted only when everything is on the GPU", () => {
    const nkvo = rows.find((r) => r.nkvo === "1" && r.host === "")!;
    expect(checkOffloadRow(nkvo)).toMatchObject({ predicted: null, scored: false, why: "host not stated" });
    const gpu = rows.find((r) => r.host === "" && r.nkvo === "0")!;
    expect(checkOffloadRow(gpu).predicted).not.toBeNull();
  });

  it("the summary is the mean of the scored rows' absolute errors (hand-computed on two rows)", () => {
    const checks = rows.map(checkOffloadRow);
    const scored = checks.filter((c) => c.scored);
    const s = summariseOffload(checks);
    expect(s.scored).toBe(scored.length);
    const mape = (100 * scored.reduce((a, c) => a + Math.abs(c.error!), 0)) / scored.length;
    expect(s.mape).toBeCloseTo(mape, 9);
    const fake = [
      { ...checks[0]!, error: 0.1, scored: true },
      { ...checks[0]!, error: -0.3, scored: true },
      { ...checks[0]!, error: 5, scored: false },
    ];
    expect(summariseOffload(fake)).toMatchObject({ scored: 2, within20: 1 });
    expect(summariseOffload(fake).mape).toBeCloseTo(20, 9);
    expect(offloadCheckText(checks)).toMatch(/^decode, scored rows .* MAPE \d+\.\d%/m);
  });

  it("a bad row names the field", () => {
    const bad = csv.replace("https://github.com/AlexsJones/llmfit/pull/755", "see PR 755");
    expect(() => parseOffloadRows(bad)).toThrow(InputError);
    expect(() => parseOffloadRows(bad)).toThrow(/source_url/);
  });
});

describe("a chat row (llmfit's metric: output tokens over the whole request)", () => {
  it("is predicted as gen_tokens over the placement's timeline, prefill included", async () => {
    const { timelineOffload } = await import("../../src/core/offload/timeline-offload.js");
    const { readSystem } = await import("../../src/core/cluster/system.js");
    const { findModel } = await import("../../src/core/catalog/lookup.js");
    const { resolveWorkload } = await import("../../src/core/graph/resolve.js");
    const r = rows.find((x) => x.test === "chat" && x.ngl < 40)!;
    const c = checkOffloadRow(r);
    const system = readSystem({
      units: [
        { id: "host", kind: "host", device: r.host, bandwidthGBps: Number(r.host_bandwidth_gbps) },
        { id: "gpu", kind: "gpu", device: r.gpu },
      ],
      links: [{ between: ["host", "gpu"], link: r.link }],
    });
    const n = Number(r.gen_tokens);
    const t = timelineOffload({
      model: findModel(r.model),
      system,
      workload: resolveWorkload({ weights: r.weights, promptTokens: r.context }),
      placement: { gpuLayers: r.ngl, cpuMoeLayers: r.n_cpu_moe },
      generateTokens: n,
    });
    expect(c.predicted).toBeCloseTo(n / t.totalS, 9);
    // Prefill counts: the request is slower than its decode steps alone.
    expect(c.predicted!).toBeLessThan(t.decodeTokensPerS);
  });

  it("a chat row without its output tokens names the field", () => {
    const bad = csv.replace(/,chat,300,/, ",chat,,");
    expect(() => parseOffloadRows(bad).map(checkOffloadRow)).toThrow(/gen_tokens/);
  });
});

describe("a host fixed by its own CPU-only run (host_ref)", () => {
  const sweep = rows.filter((r) => r.id.startsWith("ihq-cliff-"));
  const ref = sweep.find((r) => r.ngl === 0)!;
  const checks = checkOffloadRows(rows);
  const byId = new Map(checks.map((c) => [c.row.id, c]));

  it("the bandwidth found reproduces the reference run, and the reference is shown but not scored", () => {
    const h = hostReference(ref);
    expect(checkOffloadRowAt(ref, h).predicted!).toBeCloseTo(ref.measured_tps, 6);
    // The i7-8700's CPU-only run is slower than the catalog estimate: less than the DIMMs' rating.
    expect(h.bandwidthGBps).toBeLessThan(h.statedGBps);
    expect(byId.get(ref.id)).toMatchObject({ scored: false, why: expect.stringMatching(/host reference/) });
  });

  it("each -ngl step is the GPU's part plus the host's bytes at the reference run's measured time per byte (hand model)", () => {
    const perByte = 1 / ref.measured_tps / checkOffloadRow(ref).parts!.hostWeightBytes;
    const partial = sweep.filter((r) => r.host_ref !== "");
    expect(partial.length).toBe(5);
    for (const r of partial) {
      const c = byId.get(r.id)!;
      const p = c.parts!;
      const hand = 1 / (p.gpuS + p.linkS + p.otherS + p.hostWeightBytes * perByte);
      // Attention and the cache read on the host are not weights: a few per cent apart at most.
      expect(Math.abs(c.predicted! / hand - 1)).toBeLessThan(0.03);
      expect(c.hostFrom?.id).toBe(ref.id);
      expect(c.scored).toBe(true);
    }
  });

  it("the sweep's partial placements land within 20% of the source's measurements", () => {
    for (const r of sweep.filter((x) => x.id !== ref.id))
      expect(Math.abs(byId.get(r.id)!.error!)).toBeLessThan(0.2);
  });

  it("a row naming a reference is not scored when checked alone", () => {
    const r = sweep.find((x) => x.host_ref !== "")!;
    expect(checkOffloadRow(r)).toMatchObject({ scored: false, why: "host_ref not resolved" });
  });

  it("a bad reference names the field", () => {
    const r = sweep.find((x) => x.host_ref !== "")!;
    expect(() => checkOffloadRows([{ ...r, host_ref: "no-such-row" }])).toThrow(/host_ref/);
    const gpuRow = sweep.find((x) => x.ngl === 99)!;
    expect(() => checkOffloadRows([gpuRow, { ...r, host_ref: gpuRow.id }])).toThrow(/ngl/);
    expect(() => checkOffloadRows([{ ...ref, host: "amd-ryzen-9-7950x" }, r])).toThrow(/same host/);
  });
});

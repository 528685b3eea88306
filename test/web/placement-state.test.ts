/**
 * The placement state of the web app, in Node: the controls read into the core's System and
 * PlacementInput by the CLI's rules (compared with what the CLI's flag parser builds), bad
 * text named by field, the URL round trip and hostile links, and "make it fit" / "use this
 * placement" applied to the state.
 */
import { describe, expect, it } from "vitest";
import { offloadFromArgs } from "../../src/cli/system-args.js";
import { analyzeOffload, findDevice, findModel, resolveWorkload } from "../../src/core/index.js";
import { knownDevice, knownModel } from "../../web/src/state/catalog.js";
import { DEFAULT_PLACEMENT, offloadSetup, type PlacementState } from "../../web/src/state/placement.js";
import { applyFitChange, applyPlacement } from "../../web/src/state/placement-apply.js";
import { type AppState, DEFAULT_STATE } from "../../web/src/state/state.js";
import { decodeState, encodeState } from "../../web/src/state/url-state.js";

const gpu = findDevice("nvidia-rtx-4090");
const host = (p: Partial<PlacementState>): PlacementState => ({
  ...DEFAULT_PLACEMENT,
  host: "amd-ryzen-9-7950x",
  ...p,
});

describe("offloadSetup", () => {
  it("no host: the GPU alone; a CPU as the first device: no placement", () => {
    expect(offloadSetup(DEFAULT_PLACEMENT, gpu)).toEqual({ kind: "off" });
    expect(offloadSetup(host({}), findDevice("amd-ryzen-9-7950x"))).toEqual({
      kind: "no-gpu",
      device: "amd-ryzen-9-7950x",
    });
  });

  it("gives the system and placement the CLI's flags give (same analysis)", async () => {
    const p = host({
      ram: "64",
      gpuLayers: "30",
      cpuMoe: "layers",
      cpuMoeLayers: "8",
      kvOn: "cpu",
      mmap: true,
    });
    const s = offloadSetup(p, gpu);
    if (s.kind !== "on") throw new Error(s.kind);
    const cli = await offloadFromArgs({
      device: "nvidia-rtx-4090",
      host: "amd-ryzen-9-7950x",
      ram: "64",
      "gpu-layers": "30",
      "cpu-moe-layers": "8",
      "kv-on": "cpu",
      "mmap-from": "nvme",
    });
    expect(s.placement).toEqual(cli.placement);
    const wl = resolveWorkload({ weights: "q8_0" });
    const model = findModel("qwen3-30b-a3b");
    const a = analyzeOffload({ model, system: s.system, workload: wl, placement: s.placement });
    const b = analyzeOffload({ model, system: cli.system, workload: wl, placement: cli.placement });
    expect(a).toEqual(b);
    // --cpu-moe is every layer, as the CLI gives it
    const all = offloadSetup(host({ cpuMoe: "all" }), gpu);
    const cliAll = await offloadFromArgs({
      device: "nvidia-rtx-4090",
      host: "amd-ryzen-9-7950x",
      "cpu-moe": true,
    });
    expect(all.kind === "on" && all.placement).toEqual(cliAll.placement);
  });

  it("names the field of bad text", () => {
    const bad = offloadSetup(host({ ram: "-3", gpuLayers: "1.5", cpuMoe: "layers", cpuMoeLayers: "x" }), gpu);
    expect(bad.kind === "invalid" && bad.errors.map((e) => e.field)).toEqual([
      "gpuLayers",
      "cpuMoeLayers",
      "ram",
    ]);
    const link = offloadSetup(host({ link: "pcie9x99" }), gpu);
    expect(link.kind === "invalid" && link.errors[0]?.field).toBe("link");
  });
});

describe("the placement in the URL", () => {
  const round = async (s: AppState) => decodeState(await encodeState(s), knownModel, knownDevice);

  it("round-trips every placement control; defaults stay out of the link", async () => {
    const s: AppState = {
      ...DEFAULT_STATE,
      devices: ["nvidia-rtx-4090"],
      placement: host({
        ram: "64",
        link: "pcie5x16",
        gpuLayers: "20",
        cpuMoe: "layers",
        cpuMoeLayers: "12",
        kvOn: "cpu",
        mmap: true,
        storage: "samsung-990-pro",
      }),
    };
    const hash = await encodeState(s);
    expect(hash).toContain("host=amd-ryzen-9-7950x");
    expect(hash).toContain("moe=12");
    const { state, warnings } = await round(s);
    expect(warnings).toEqual([]);
    expect(state).toEqual(s);
    const all = { ...s, placement: host({ cpuMoe: "all" }) };
    expect((await round(all)).state).toEqual(all);
    expect(await encodeState({ ...s, placement: host({}) })).toBe(
      "#m=llama-2-7b&d=nvidia-rtx-4090&host=amd-ryzen-9-7950x",
    );
  });

  it("a hostile link: unknown host, link, storage and bad values are reported and left at their defaults", async () => {
    const { state, warnings } = await decodeState("#host=not-a-cpu&ngl=20", knownModel, knownDevice);
    expect(state.placement).toEqual(DEFAULT_PLACEMENT);
    expect(warnings.map((w) => w.params.name)).toEqual(["host"]);
    const b = await decodeState(
      `#host=amd-ryzen-9-7950x&link=warp&store=floppy&kvon=disk&mmap=yes&moe=${"9".repeat(99)}&ngl=<b>`,
      knownModel,
      knownDevice,
    );
    expect(b.state.placement).toEqual(host({}));
    expect(b.warnings.map((w) => w.params.name).sort()).toEqual([
      "kvon",
      "link",
      "mmap",
      "moe",
      "ngl",
      "store",
    ]);
  });
});

describe("applying a change", () => {
  const s: AppState = { ...DEFAULT_STATE, placement: host({}) };
  it("each make-it-fit change sets its control", () => {
    expect(applyFitChange(s, { kind: "gpu-layers", gpuLayers: 30 }).placement.gpuLayers).toBe("30");
    expect(applyFitChange(s, { kind: "cpu-moe", cpuMoeLayers: 48, all: true }).placement.cpuMoe).toBe("all");
    const few = applyFitChange(s, { kind: "cpu-moe", cpuMoeLayers: 11, all: false }).placement;
    expect([few.cpuMoe, few.cpuMoeLayers]).toEqual(["layers", "11"]);
    expect(applyFitChange(s, { kind: "kv-on-cpu" }).placement.kvOn).toBe("cpu");
    expect(applyFitChange(s, { kind: "kv-format", kv: "q4_0" }).controls.kv).toBe("q4_0");
    // a shorter context cuts a longer prompt too
    const c = applyFitChange(s, { kind: "context", contextTokens: 1792 }).controls;
    expect([c.prompt, c.context]).toEqual(["1792", "1792"]);
    const c2 = applyFitChange(s, { kind: "context", contextTokens: 4096 }).controls;
    expect([c2.prompt, c2.context]).toEqual(["2048", "4096"]);
  });

  it("'use this placement' sets -ngl, the experts, the KV place and format", () => {
    const u = applyPlacement(s, { gpuLayers: 49, cpuMoeLayers: 11, kvOn: "gpu", kv: "q4_0" }, 48);
    expect([u.placement.gpuLayers, u.placement.cpuMoe, u.placement.cpuMoeLayers, u.controls.kv]).toEqual([
      "49",
      "layers",
      "11",
      "q4_0",
    ]);
    expect(
      applyPlacement(s, { gpuLayers: 49, cpuMoeLayers: 48, kvOn: "cpu", kv: "fp16" }, 48).placement.cpuMoe,
    ).toBe("all");
  });
});

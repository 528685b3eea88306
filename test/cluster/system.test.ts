import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { findLink } from "../../src/core/cluster/links.js";
import { findStorage, STORAGE_TYPES } from "../../src/core/cluster/storage.js";
import { readSystem, routeBetween, systemFromFlags, unitsOfKind } from "../../src/core/cluster/system.js";
import { InputError } from "../../src/core/errors.js";
import { GiB } from "../../src/core/units/quantities.js";

const DIR = new URL("../../data/systems/", import.meta.url);
const example = (name: string) => JSON.parse(readFileSync(new URL(name, DIR), "utf8")) as unknown;

describe("the shipped system examples", () => {
  it.each(readdirSync(DIR).filter((f) => f.endsWith(".json")))("%s reads", (f) => {
    const s = readSystem(example(f));
    expect(unitsOfKind(s, "host")).toHaveLength(1);
    expect(unitsOfKind(s, "gpu").length).toBeGreaterThanOrEqual(1);
  });

  it("the desktop: host RAM from the system, GPU capacity from the catalog, link and storage by id", () => {
    const s = readSystem(example("desktop-rtx-4070.json"));
    const [host, gpu] = s.units;
    expect(host!.memoryBytes).toBe(64 * GiB);
    expect(host!.memorySource).toBe("system");
    expect(gpu!.memoryBytes).toBe(12 * GiB); // RTX 4070: 12 GB GDDR6X
    expect(gpu!.memorySource).toBe("device");
    expect(host!.memoryPool).toEqual(["host"]);
    expect(routeBetween(s, "host", "gpu")!.map((l) => l.id)).toEqual(["pcie4x16"]);
    expect(s.storage!.readGBps.value).toBeCloseTo(7.45, 6);
  });

  it("a SoC: the unified link joins one memory pool and costs no copy", () => {
    const s = readSystem(example("macbook-m2-max.json"));
    expect(s.units.map((u) => u.memoryPool)).toEqual([
      ["cpu", "gpu"],
      ["cpu", "gpu"],
    ]);
    expect(routeBetween(s, "cpu", "gpu")).toEqual([]);
  });

  it("several GPUs: the direct NVLink where there is one, else through the host", () => {
    const s = readSystem(example("two-rtx-3090-nvlink.json"));
    expect(routeBetween(s, "gpu0", "gpu1")!.map((l) => l.id)).toEqual(["nvlink-3090"]);
    const noBridge = readSystem({
      units: [
        { id: "h", kind: "host", device: "amd-ryzen-9-7950x" },
        { id: "a", kind: "gpu", device: "nvidia-rtx-3090" },
        { id: "b", kind: "gpu", device: "nvidia-rtx-3090" },
        { id: "c", kind: "gpu", device: "nvidia-rtx-3090" },
      ],
      links: [
        { between: ["h", "a"], link: "pcie4x16" },
        { between: ["h", "b"], link: "pcie4x8" },
      ],
    });
    expect(routeBetween(noBridge, "a", "b")!.map((l) => l.id)).toEqual(["pcie4x16", "pcie4x8"]);
    expect(routeBetween(noBridge, "a", "c")).toBeNull();
    expect(noBridge.units[0]!.memoryBytes).toBeNull(); // a CPU entry records no capacity
  });
});

describe("the system flags", () => {
  it("--device a,b --host h --link l --ram N --storage s: one host, GPUs each linked to it", () => {
    const s = systemFromFlags({
      gpus: ["nvidia-rtx-3090", "nvidia-rtx-3090"],
      host: "amd-ryzen-9-7950x",
      link: "pcie4x8",
      ramGiB: 96,
      storage: "crucial-t705",
    });
    expect(s.units.map((u) => [u.id, u.kind, u.device.id])).toEqual([
      ["host", "host", "amd-ryzen-9-7950x"],
      ["gpu0", "gpu", "nvidia-rtx-3090"],
      ["gpu1", "gpu", "nvidia-rtx-3090"],
    ]);
    expect(s.units[0]!.memoryBytes).toBe(96 * GiB);
    expect(s.links.map((l) => [l.between, l.type?.id])).toEqual([
      [["host", "gpu0"], "pcie4x8"],
      [["host", "gpu1"], "pcie4x8"],
    ]);
    expect(s.storage!.id).toBe("crucial-t705");
  });

  it("the default link is PCIe 4.0 ×16 (31.5 GB/s per direction)", () => {
    const s = systemFromFlags({ gpus: ["nvidia-rtx-4070"], host: "amd-ryzen-9-7950x" });
    expect(s.links[0]!.type!.bandwidthGBps.value).toBeCloseTo((16 * 16 * 128) / 130 / 8, 9);
  });

  it.each([
    [{ gpus: ["nvidia-rtx-9999"], host: "amd-ryzen-9-7950x" }, "--device"],
    [{ gpus: ["nvidia-rtx-4070"], host: "no-such-cpu" }, "--host"],
    [{ gpus: ["nvidia-rtx-4070"], host: "amd-ryzen-9-7950x", link: "pcie9x1" }, "--link"],
    [{ gpus: ["nvidia-rtx-4070"], host: "amd-ryzen-9-7950x", storage: "floppy" }, "--storage"],
    [{ gpus: ["nvidia-rtx-4070"], ramGiB: 32 }, "--ram"],
    [{ gpus: [] }, "--device"],
  ])("bad flags name the flag: %j", (f, flag) => {
    try {
      systemFromFlags(f);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).field).toBe(flag);
    }
  });
});

describe("a bad system file names the field", () => {
  const base = {
    units: [
      { id: "host", kind: "host", device: "amd-ryzen-9-7950x" },
      { id: "gpu", kind: "gpu", device: "nvidia-rtx-4070" },
    ],
  };
  it.each([
    [{ ...base, links: [{ between: ["host", "gpu2"], link: "pcie4x16" }] }, "system.links.0.between.1"],
    [{ ...base, links: [{ between: ["gpu", "gpu"], link: "pcie4x16" }] }, "system.links.0.between"],
    [{ ...base, links: [{ between: ["host", "gpu"], link: "pcie7" }] }, "system.links.0.link"],
    [{ units: [base.units[0], { ...base.units[1], id: "host" }] }, "system.units.1.id"],
    [{ units: [{ ...base.units[0], device: "nope" }] }, "system.units.0.device"],
    [{ ...base, storage: { name: "x", readGBps: -1, source: "s" } }, "system.storage"],
    [{ ...base, extra: 1 }, "system"],
    [{ units: [] }, "system.units"],
  ])("%j", (json, field) => {
    try {
      readSystem(json);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).field.startsWith(field)).toBe(true);
    }
  });
});

describe("the storage catalog", () => {
  it("interface ceilings follow PCIe ×4 (gen 4: 7.88 GB/s) and every drive stays under its interface", () => {
    expect(findStorage("nvme-pcie4x4").readGBps.value).toBeCloseTo(7.877, 3);
    const ceiling = (name: string) => findStorage(`nvme-pcie${/PCIe (\d)/.exec(name)![1]}x4`).readGBps.value;
    for (const s of STORAGE_TYPES) {
      expect(s.readGBps.source.length).toBeGreaterThan(20);
      expect(s.readGBps.value).toBeLessThanOrEqual(ceiling(s.name) + 1e-9);
    }
    expect(findLink("pcie4x4").bandwidthGBps.value).toBeCloseTo(
      findStorage("nvme-pcie4x4").readGBps.value,
      9,
    );
  });
});

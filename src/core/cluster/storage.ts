/**
 * Storage a model's weights can be streamed from (llama.cpp maps the GGUF with mmap; pages that
 * do not fit in RAM are read again from the drive on every pass). Each figure is the drive's or
 * the interface's sequential-read rating: a ceiling, since page faults read 4 KiB pages with
 * the kernel's readahead rather than one long sequential stream.
 */
import { InputError } from "../errors.js";
import type { LinkFigure } from "./links.js";

export interface StorageType {
  readonly id: string;
  readonly name: string;
  /** Sequential read, GB/s (10^9 bytes/s). */
  readonly readGBps: LinkFigure;
}

const PCIE =
  "PCI-SIG, PCI Express Base Specification (3.0: 8 GT/s, 4.0: 16 GT/s, 5.0: 32 GT/s per lane, 128b/130b encoding); https://pcisig.com/specifications";

function nvmeInterface(gen: 3 | 4 | 5): StorageType {
  const gts = { 3: 8, 4: 16, 5: 32 }[gen];
  return {
    id: `nvme-pcie${gen}x4`,
    name: `NVMe SSD on PCIe ${gen}.0 ×4 (interface ceiling)`,
    readGBps: {
      value: (gts * 4 * (128 / 130)) / 8,
      kind: "derived",
      formula: `${gts} GT/s × 4 lanes × 128/130 ÷ 8 bits (the link; a drive reads at most this)`,
      source: PCIE,
    },
  };
}

function drive(id: string, name: string, mbps: number, source: string): StorageType {
  return {
    id,
    name,
    readGBps: { value: mbps / 1000, kind: "spec", formula: `${mbps} MB/s sequential read ÷ 1000`, source },
  };
}

export const STORAGE_TYPES: readonly StorageType[] = [
  nvmeInterface(3),
  nvmeInterface(4),
  nvmeInterface(5),
  drive(
    "samsung-970-evo-plus",
    "Samsung 970 EVO Plus (PCIe 3.0 ×4)",
    3500,
    "Samsung 970 EVO Plus NVMe M.2 SSD data sheet: sequential read up to 3,500 MB/s; https://semiconductor.samsung.com/consumer-storage/internal-ssd/970evoplus/",
  ),
  drive(
    "samsung-980-pro",
    "Samsung 980 PRO (PCIe 4.0 ×4)",
    7000,
    "Samsung 980 PRO NVMe M.2 SSD data sheet: sequential read up to 7,000 MB/s; https://semiconductor.samsung.com/consumer-storage/internal-ssd/980pro/",
  ),
  drive(
    "samsung-990-pro",
    "Samsung 990 PRO (PCIe 4.0 ×4)",
    7450,
    "Samsung 990 PRO NVMe M.2 SSD data sheet: sequential read up to 7,450 MB/s; https://semiconductor.samsung.com/consumer-storage/internal-ssd/990-pro/",
  ),
  drive(
    "wd-black-sn850x",
    "WD_BLACK SN850X (PCIe 4.0 ×4)",
    7300,
    "Western Digital WD_BLACK SN850X NVMe SSD product brief: sequential read up to 7,300 MB/s; https://www.westerndigital.com/products/internal-drives/wd-black-sn850x-nvme-ssd",
  ),
  drive(
    "crucial-t705",
    "Crucial T705 (PCIe 5.0 ×4)",
    14500,
    "Crucial T705 PCIe Gen5 NVMe M.2 SSD product flyer: sequential read up to 14,500 MB/s; https://www.crucial.com/ssd/t705/",
  ),
];

/** The default for `--mmap-from nvme` with no drive named: a PCIe 4.0 ×4 drive's interface ceiling. */
export const DEFAULT_STORAGE = "nvme-pcie4x4";

export function findStorage(id: string, field = "--storage"): StorageType {
  const key = id.trim().toLowerCase();
  const hit = STORAGE_TYPES.find((s) => s.id === key);
  if (!hit)
    throw new InputError(
      field,
      id,
      `unknown storage type; one of ${STORAGE_TYPES.map((s) => s.id).join(", ")}`,
    );
  return hit;
}

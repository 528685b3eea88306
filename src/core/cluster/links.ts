/**
 * Links between compute units: what crosses them per token (activations at a layer-split
 * boundary, all-reduces of tensor parallelism) is costed as latency + bytes / bandwidth.
 *
 * Bandwidth is per direction. Wired links are derived from their signalling rate, with the
 * formula and the standard it comes from; latency is the one-way time of a small transfer as
 * an engine sees it (driver, copy launch, network stack), which no standard states: each is an
 * estimate with its basis, marked as such.
 */
import { InputError } from "../errors.js";

export interface LinkFigure {
  readonly value: number;
  readonly kind: "spec" | "derived" | "measured" | "estimate";
  /** How the number follows from the source, where it is not read off directly. */
  readonly formula?: string;
  readonly source: string;
}

export interface LinkType {
  readonly id: string;
  readonly name: string;
  /** Bytes per second per direction, in GB/s (10^9). */
  readonly bandwidthGBps: LinkFigure;
  /** One-way latency of a small transfer, µs. */
  readonly latencyUs: LinkFigure;
}

const PCIE =
  "PCI-SIG, PCI Express Base Specification (3.0: 8 GT/s, 4.0: 16 GT/s, 5.0: 32 GT/s per lane, 128b/130b encoding); https://pcisig.com/specifications";
const PCIE_LATENCY: LinkFigure = {
  value: 20,
  kind: "measured",
  source:
    "CUDA sample p2pBandwidthLatencyTest between two GeForce cards with peer-to-peer disabled (the copy goes through host memory): 14 µs between two RTX 5090s, 24 µs between two RTX 4090s; 20 µs taken. Reported in https://www.wumeicn.com/nvidia-rtx-5090-p2p-support-enabled-by-patched-driver/ (a forum measurement, trust C)",
};

const P2P_LATENCY: LinkFigure = {
  value: 5,
  kind: "measured",
  source:
    "the same p2pBandwidthLatencyTest with peer-to-peer enabled: 5 µs between two RTX 4090s (0.48 µs between two RTX 5090s); 5 µs taken for a bridged or peer-to-peer copy including its launch. https://www.wumeicn.com/nvidia-rtx-5090-p2p-support-enabled-by-patched-driver/ (trust C)",
};

function pcie(gen: 3 | 4 | 5, lanes: 4 | 8 | 16): LinkType {
  const gts = { 3: 8, 4: 16, 5: 32 }[gen];
  const value = (gts * lanes * (128 / 130)) / 8;
  return {
    id: `pcie${gen}x${lanes}`,
    name: `PCIe ${gen}.0 ×${lanes}`,
    bandwidthGBps: {
      value,
      kind: "derived",
      formula: `${gts} GT/s × ${lanes} lanes × 128/130 ÷ 8 bits`,
      source: PCIE,
    },
    latencyUs: PCIE_LATENCY,
  };
}

function ethernet(gbps: number, name: string, source: string): LinkType {
  return {
    id: `eth${String(gbps).replace(".", "_")}g`,
    name,
    bandwidthGBps: { value: gbps / 8, kind: "derived", formula: `${gbps} Gb/s ÷ 8`, source },
    latencyUs: {
      value: gbps >= 25 ? 20 : 100,
      kind: "estimate",
      source:
        gbps >= 25
          ? "kernel TCP on a data-centre NIC: tens of µs per message; 20 µs assumed"
          : "a TCP message through a consumer switch and the kernel network stack: of order 100 µs (llama.cpp's RPC backend sends one per graph split)",
    },
  };
}

const IEEE = "IEEE 802.3 (1000BASE-T, 2.5GBASE-T/5GBASE-T 802.3bz, 10GBASE-T 802.3an, 25GBASE 802.3by)";

export const LINK_TYPES: readonly LinkType[] = [
  pcie(3, 8),
  pcie(3, 16),
  pcie(4, 4),
  pcie(4, 8),
  pcie(4, 16),
  pcie(5, 8),
  pcie(5, 16),
  {
    id: "nvlink-3090",
    name: "NVLink bridge (GeForce RTX 3090, 4 NVLink 3 links)",
    bandwidthGBps: {
      value: 56.25,
      kind: "derived",
      formula: "112.5 GB/s bidirectional ÷ 2 directions",
      source:
        "NVIDIA GeForce RTX 3090 specifications: NVLink 112.5 GB/s; https://www.nvidia.com/en-us/geforce/graphics-cards/30-series/rtx-3090-3090ti/",
    },
    latencyUs: P2P_LATENCY,
  },
  {
    id: "nvlink3",
    name: "NVLink 3 (A100 SXM, 12 links)",
    bandwidthGBps: {
      value: 300,
      kind: "derived",
      formula: "600 GB/s bidirectional ÷ 2 directions",
      source:
        "NVIDIA A100 Tensor Core GPU datasheet: NVLink 600 GB/s; https://www.nvidia.com/en-us/data-center/a100/",
    },
    latencyUs: P2P_LATENCY,
  },
  {
    id: "nvlink4",
    name: "NVLink 4 (H100 SXM, 18 links)",
    bandwidthGBps: {
      value: 450,
      kind: "derived",
      formula: "900 GB/s bidirectional ÷ 2 directions",
      source:
        "NVIDIA H100 Tensor Core GPU datasheet: NVLink 900 GB/s; https://www.nvidia.com/en-us/data-center/h100/",
    },
    latencyUs: P2P_LATENCY,
  },
  {
    id: "thunderbolt4",
    name: "Thunderbolt 4 (IP over Thunderbolt)",
    bandwidthGBps: {
      value: 5,
      kind: "derived",
      formula: "40 Gb/s ÷ 8",
      source:
        "Intel, Thunderbolt 4 specifications: 40 Gb/s; https://www.intel.com/content/www/us/en/architecture-and-technology/thunderbolt/thunderbolt-4-technology-brief.html",
    },
    latencyUs: {
      value: 50,
      kind: "estimate",
      source:
        "TCP over a Thunderbolt bridge network (exo, llama.cpp RPC): the kernel stack dominates; 50 µs assumed",
    },
  },
  {
    id: "thunderbolt5",
    name: "Thunderbolt 5 (IP over Thunderbolt)",
    bandwidthGBps: {
      value: 10,
      kind: "derived",
      formula: "80 Gb/s ÷ 8 (symmetric mode)",
      source:
        "Intel, Thunderbolt 5 technology brief: 80 Gb/s bidirectional, up to 120 Gb/s with Bandwidth Boost; https://www.intel.com/content/www/us/en/products/docs/io/thunderbolt/thunderbolt-5-brief.html",
    },
    latencyUs: {
      value: 50,
      kind: "estimate",
      source: "TCP over a Thunderbolt bridge network: the kernel stack dominates; 50 µs assumed",
    },
  },
  {
    id: "thunderbolt5-rdma",
    name: "Thunderbolt 5 with RDMA (macOS 26.2)",
    bandwidthGBps: {
      value: 10,
      kind: "derived",
      formula: "80 Gb/s ÷ 8 (symmetric mode)",
      source:
        "Intel, Thunderbolt 5 technology brief: 80 Gb/s; Apple macOS 26.2 release notes: RDMA over Thunderbolt 5",
    },
    latencyUs: {
      value: 10,
      kind: "estimate",
      source: "RDMA bypasses the kernel network stack: single-digit to ~10 µs; 10 µs assumed",
    },
  },
  ethernet(1, "1 GbE", IEEE),
  ethernet(2.5, "2.5 GbE", IEEE),
  ethernet(10, "10 GbE", IEEE),
  ethernet(25, "25 GbE", IEEE),
];

export function findLink(id: string, field = "--link"): LinkType {
  const key = id.trim().toLowerCase();
  const hit = LINK_TYPES.find((l) => l.id === key);
  if (!hit)
    throw new InputError(field, id, `unknown link type; one of ${LINK_TYPES.map((l) => l.id).join(", ")}`);
  return hit;
}

/** Seconds to move `bytes` one way over a link, in `messages` transfers (each pays the latency). */
export function transferSeconds(link: LinkType, bytes: number, messages = 1): number {
  return messages * link.latencyUs.value * 1e-6 + bytes / (link.bandwidthGBps.value * 1e9);
}

/**
 * A ring all-reduce of `bytes` over n units: 2(n − 1) steps, each moving bytes / n over the
 * slowest link and paying its latency (reduce-scatter then all-gather).
 */
export function allReduceSeconds(link: LinkType, bytes: number, n: number): number {
  if (n <= 1) return 0;
  const steps = 2 * (n - 1);
  return transferSeconds(link, (steps * bytes) / n, steps);
}

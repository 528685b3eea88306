/**
 * Built-in device catalog: one JSON file per compute unit (see ../schema.ts), sorted by id.
 * Sources: vendor/datasheet figures where read, /work/shared/calibration/device-specs.csv rows
 * (their sources cited per value) and the seed chapter's section 2.1.3 (kind "chapter").
 *
 * Left out, with the reason:
 * - Apple A17 Pro (device-specs.csv): no memory bandwidth in the CSV or in any source found.
 * - NVIDIA A100 80GB PCIe (device-specs.csv): bandwidth (~1935 GB/s) not found in a source read;
 *   only an unspecific "over 2 TB/s".
 * - NVIDIA IGX Orin (device-specs.csv): no spec read (same Orin SoC as AGX Orin).
 * - MediaTek Dimensity 9300 GPU (Immortalis-G720 MC12, chapter device): no peak or figure sourced.
 * - Google Tensor G3 CPU (chapter device): the chapter gives no CPU figure and none was sourced.
 * - Rows of measured.csv without an entry (see src/core/calibration/mapping.ts): Intel Arc A770 (8 or
 *   16 GB not stated, 512 or 560 GB/s), the CPUs of Apple M1 Max, M3 and M3 Max (no spec read).
 *   "NVIDIA Tesla V100 32GB" does not say SXM2 or PCIe: both are in the catalog, and the row's decode
 *   (same 900 GB/s) is predicted with the PCIe entry; its prefill is refused.
 */
import type { DeviceSpec } from "../schema.js";

import amdInstinctMi100 from "./amd-instinct-mi100.json" with { type: "json" };
import amdRadeonAiProR9700 from "./amd-radeon-ai-pro-r9700.json" with { type: "json" };
import amdRadeonRx7900Xtx from "./amd-radeon-rx-7900-xtx.json" with { type: "json" };
import amdRyzenAiMaxPlus395Gpu from "./amd-ryzen-ai-max-plus-395-gpu.json" with { type: "json" };
import appleM1Cpu from "./apple-m1-cpu.json" with { type: "json" };
import appleM1Gpu7c from "./apple-m1-gpu-7c.json" with { type: "json" };
import appleM1Gpu8c from "./apple-m1-gpu-8c.json" with { type: "json" };
import appleM1MaxGpu24c from "./apple-m1-max-gpu-24c.json" with { type: "json" };
import appleM1MaxGpu32c from "./apple-m1-max-gpu-32c.json" with { type: "json" };
import appleM1Npu from "./apple-m1-npu.json" with { type: "json" };
import appleM1ProGpu14c from "./apple-m1-pro-gpu-14c.json" with { type: "json" };
import appleM1ProGpu16c from "./apple-m1-pro-gpu-16c.json" with { type: "json" };
import appleM1UltraGpu48c from "./apple-m1-ultra-gpu-48c.json" with { type: "json" };
import appleM1UltraGpu64c from "./apple-m1-ultra-gpu-64c.json" with { type: "json" };
import appleM2Cpu from "./apple-m2-cpu.json" with { type: "json" };
import appleM2Gpu from "./apple-m2-gpu.json" with { type: "json" };
import appleM2Gpu8c from "./apple-m2-gpu-8c.json" with { type: "json" };
import appleM2MaxCpu from "./apple-m2-max-cpu.json" with { type: "json" };
import appleM2MaxGpu30c from "./apple-m2-max-gpu-30c.json" with { type: "json" };
import appleM2MaxGpu38c from "./apple-m2-max-gpu-38c.json" with { type: "json" };
import appleM2Npu from "./apple-m2-npu.json" with { type: "json" };
import appleM2ProCpu from "./apple-m2-pro-cpu.json" with { type: "json" };
import appleM2ProGpu16c from "./apple-m2-pro-gpu-16c.json" with { type: "json" };
import appleM2ProGpu19c from "./apple-m2-pro-gpu-19c.json" with { type: "json" };
import appleM2UltraCpu from "./apple-m2-ultra-cpu.json" with { type: "json" };
import appleM2UltraGpu60c from "./apple-m2-ultra-gpu-60c.json" with { type: "json" };
import appleM2UltraGpu76c from "./apple-m2-ultra-gpu-76c.json" with { type: "json" };
import appleM3Gpu10c from "./apple-m3-gpu-10c.json" with { type: "json" };
import appleM3MaxGpu30c from "./apple-m3-max-gpu-30c.json" with { type: "json" };
import appleM3MaxGpu40c from "./apple-m3-max-gpu-40c.json" with { type: "json" };
import appleM3Npu from "./apple-m3-npu.json" with { type: "json" };
import appleM3ProGpu14c from "./apple-m3-pro-gpu-14c.json" with { type: "json" };
import appleM3ProGpu18c from "./apple-m3-pro-gpu-18c.json" with { type: "json" };
import appleM3UltraGpu60c from "./apple-m3-ultra-gpu-60c.json" with { type: "json" };
import appleM3UltraGpu80c from "./apple-m3-ultra-gpu-80c.json" with { type: "json" };
import appleM4Gpu10c from "./apple-m4-gpu-10c.json" with { type: "json" };
import appleM4MaxGpu32c from "./apple-m4-max-gpu-32c.json" with { type: "json" };
import appleM4MaxGpu40c from "./apple-m4-max-gpu-40c.json" with { type: "json" };
import appleM4Npu from "./apple-m4-npu.json" with { type: "json" };
import appleM4ProGpu16c from "./apple-m4-pro-gpu-16c.json" with { type: "json" };
import appleM4ProGpu20c from "./apple-m4-pro-gpu-20c.json" with { type: "json" };
import appleM5MaxGpu40c from "./apple-m5-max-gpu-40c.json" with { type: "json" };
import googleTensorG3Npu from "./google-tensor-g3-npu.json" with { type: "json" };
import intelCoreI56500 from "./intel-core-i5-6500.json" with { type: "json" };
import intelCoreI913900k from "./intel-core-i9-13900k.json" with { type: "json" };
import intelCoreUltra7155hCpu from "./intel-core-ultra-7-155h-cpu.json" with { type: "json" };
import intelCoreUltra7155hGpu from "./intel-core-ultra-7-155h-gpu.json" with { type: "json" };
import intelCoreUltra7155hNpu from "./intel-core-ultra-7-155h-npu.json" with { type: "json" };
import mediatekDimensity9300Cpu from "./mediatek-dimensity-9300-cpu.json" with { type: "json" };
import mediatekDimensity9300Npu from "./mediatek-dimensity-9300-npu.json" with { type: "json" };
import nvidiaA10040gbSxm from "./nvidia-a100-40gb-sxm.json" with { type: "json" };
import nvidiaA10080gbSxm from "./nvidia-a100-80gb-sxm.json" with { type: "json" };
import nvidiaA40 from "./nvidia-a40.json" with { type: "json" };
import nvidiaDgxSparkGb10 from "./nvidia-dgx-spark-gb10.json" with { type: "json" };
import nvidiaH100Pcie from "./nvidia-h100-pcie.json" with { type: "json" };
import nvidiaH100Sxm from "./nvidia-h100-sxm.json" with { type: "json" };
import nvidiaJetsonAgxOrin64gb from "./nvidia-jetson-agx-orin-64gb.json" with { type: "json" };
import nvidiaJetsonAgxOrin64gbCpu from "./nvidia-jetson-agx-orin-64gb-cpu.json" with { type: "json" };
import nvidiaJetsonOrinNano8gb from "./nvidia-jetson-orin-nano-8gb.json" with { type: "json" };
import nvidiaJetsonOrinNanoSuper8gb from "./nvidia-jetson-orin-nano-super-8gb.json" with { type: "json" };
import nvidiaJetsonOrinNx16gb from "./nvidia-jetson-orin-nx-16gb.json" with { type: "json" };
import nvidiaL40 from "./nvidia-l40.json" with { type: "json" };
import nvidiaL40s from "./nvidia-l40s.json" with { type: "json" };
import nvidiaQuadroRtx6000 from "./nvidia-quadro-rtx-6000.json" with { type: "json" };
import nvidiaRtx3060_12gb from "./nvidia-rtx-3060-12gb.json" with { type: "json" };
import nvidiaRtx3070 from "./nvidia-rtx-3070.json" with { type: "json" };
import nvidiaRtx3090 from "./nvidia-rtx-3090.json" with { type: "json" };
import nvidiaRtx3090Ti from "./nvidia-rtx-3090-ti.json" with { type: "json" };
import nvidiaRtx4060 from "./nvidia-rtx-4060.json" with { type: "json" };
import nvidiaRtx4060Ti16gb from "./nvidia-rtx-4060-ti-16gb.json" with { type: "json" };
import nvidiaRtx4060Ti8gb from "./nvidia-rtx-4060-ti-8gb.json" with { type: "json" };
import nvidiaRtx4070 from "./nvidia-rtx-4070.json" with { type: "json" };
import nvidiaRtx4070Ti from "./nvidia-rtx-4070-ti.json" with { type: "json" };
import nvidiaRtx4080 from "./nvidia-rtx-4080.json" with { type: "json" };
import nvidiaRtx4090 from "./nvidia-rtx-4090.json" with { type: "json" };
import nvidiaRtx4090D from "./nvidia-rtx-4090-d.json" with { type: "json" };
import nvidiaRtx5080 from "./nvidia-rtx-5080.json" with { type: "json" };
import nvidiaRtx5090 from "./nvidia-rtx-5090.json" with { type: "json" };
import nvidiaRtx6000Ada from "./nvidia-rtx-6000-ada.json" with { type: "json" };
import nvidiaRtxA4000 from "./nvidia-rtx-a4000.json" with { type: "json" };
import nvidiaRtxA6000 from "./nvidia-rtx-a6000.json" with { type: "json" };
import nvidiaTeslaP40 from "./nvidia-tesla-p40.json" with { type: "json" };
import nvidiaTeslaV100Pcie32gb from "./nvidia-tesla-v100-pcie-32gb.json" with { type: "json" };
import nvidiaTeslaV100Sxm2_32gb from "./nvidia-tesla-v100-sxm2-32gb.json" with { type: "json" };
import qualcommSnapdragon8EliteNpu from "./qualcomm-snapdragon-8-elite-npu.json" with { type: "json" };
import qualcommSnapdragon8Gen2Cpu from "./qualcomm-snapdragon-8-gen-2-cpu.json" with { type: "json" };
import qualcommSnapdragon8Gen2Npu from "./qualcomm-snapdragon-8-gen-2-npu.json" with { type: "json" };
import qualcommSnapdragon8Gen3Cpu from "./qualcomm-snapdragon-8-gen-3-cpu.json" with { type: "json" };
import qualcommSnapdragon8Gen3Gpu from "./qualcomm-snapdragon-8-gen-3-gpu.json" with { type: "json" };
import qualcommSnapdragon8Gen3Npu from "./qualcomm-snapdragon-8-gen-3-npu.json" with { type: "json" };
import raspberryPi5 from "./raspberry-pi-5.json" with { type: "json" };

/** Every built-in device, sorted by id. The JSON files are validated by test/hardware/catalog.test.ts. */
export const BUILTIN_DEVICES: readonly DeviceSpec[] = [
  amdInstinctMi100,
  amdRadeonAiProR9700,
  amdRadeonRx7900Xtx,
  amdRyzenAiMaxPlus395Gpu,
  appleM1Cpu,
  appleM1Gpu7c,
  appleM1Gpu8c,
  appleM1MaxGpu24c,
  appleM1MaxGpu32c,
  appleM1Npu,
  appleM1ProGpu14c,
  appleM1ProGpu16c,
  appleM1UltraGpu48c,
  appleM1UltraGpu64c,
  appleM2Cpu,
  appleM2Gpu,
  appleM2Gpu8c,
  appleM2MaxCpu,
  appleM2MaxGpu30c,
  appleM2MaxGpu38c,
  appleM2Npu,
  appleM2ProCpu,
  appleM2ProGpu16c,
  appleM2ProGpu19c,
  appleM2UltraCpu,
  appleM2UltraGpu60c,
  appleM2UltraGpu76c,
  appleM3Gpu10c,
  appleM3MaxGpu30c,
  appleM3MaxGpu40c,
  appleM3Npu,
  appleM3ProGpu14c,
  appleM3ProGpu18c,
  appleM3UltraGpu60c,
  appleM3UltraGpu80c,
  appleM4Gpu10c,
  appleM4MaxGpu32c,
  appleM4MaxGpu40c,
  appleM4Npu,
  appleM4ProGpu16c,
  appleM4ProGpu20c,
  appleM5MaxGpu40c,
  googleTensorG3Npu,
  intelCoreI56500,
  intelCoreI913900k,
  intelCoreUltra7155hCpu,
  intelCoreUltra7155hGpu,
  intelCoreUltra7155hNpu,
  mediatekDimensity9300Cpu,
  mediatekDimensity9300Npu,
  nvidiaA10040gbSxm,
  nvidiaA10080gbSxm,
  nvidiaA40,
  nvidiaDgxSparkGb10,
  nvidiaH100Pcie,
  nvidiaH100Sxm,
  nvidiaJetsonAgxOrin64gb,
  nvidiaJetsonAgxOrin64gbCpu,
  nvidiaJetsonOrinNano8gb,
  nvidiaJetsonOrinNanoSuper8gb,
  nvidiaJetsonOrinNx16gb,
  nvidiaL40,
  nvidiaL40s,
  nvidiaQuadroRtx6000,
  nvidiaRtx3060_12gb,
  nvidiaRtx3070,
  nvidiaRtx3090,
  nvidiaRtx3090Ti,
  nvidiaRtx4060,
  nvidiaRtx4060Ti16gb,
  nvidiaRtx4060Ti8gb,
  nvidiaRtx4070,
  nvidiaRtx4070Ti,
  nvidiaRtx4080,
  nvidiaRtx4090,
  nvidiaRtx4090D,
  nvidiaRtx5080,
  nvidiaRtx5090,
  nvidiaRtx6000Ada,
  nvidiaRtxA4000,
  nvidiaRtxA6000,
  nvidiaTeslaP40,
  nvidiaTeslaV100Pcie32gb,
  nvidiaTeslaV100Sxm2_32gb,
  qualcommSnapdragon8EliteNpu,
  qualcommSnapdragon8Gen2Cpu,
  qualcommSnapdragon8Gen2Npu,
  qualcommSnapdragon8Gen3Cpu,
  qualcommSnapdragon8Gen3Gpu,
  qualcommSnapdragon8Gen3Npu,
  raspberryPi5,
] as unknown as readonly DeviceSpec[];

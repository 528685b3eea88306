/** Chinese for en-pickers.ts (merged into zh.ts). Pure. */
import type { EN_PICKERS } from "./en-pickers.js";

export const ZH_PICKERS: Record<keyof typeof EN_PICKERS, string> = {
  "picker.noMatch": "没有匹配项：请减少关键词。",
  "model.search": "搜索模型（名称、系列、规模）",
  "device.search": "搜索设备（名称、厂商、架构）",
  "device.own": "你的设备（实测或手动输入）",
  "custom.heading": "手动输入设备",
  "custom.intro":
    "目录中没有的设备：填写内存带宽，以及至少一个算力峰值（稠密值，而非稀疏值）。它会按 --device-file 的规则校验，并随链接一起分享。",
  "custom.name": "名称",
  "custom.bandwidth": "内存带宽（GB/s）",
  "custom.memory": "内存容量（GiB，可选）",
  "custom.fp16": "fp16 峰值（TFLOP/s）",
  "custom.fp32": "fp32 峰值（TFLOP/s）",
  "custom.int8": "int8 峰值（TOP/s，可选）",
  "custom.unit": "计算单元",
  "custom.unit.gpu": "图形处理器（GPU）",
  "custom.unit.cpu": "中央处理器（CPU）",
  "custom.unit.npu": "神经网络处理器（NPU）",
  "custom.class": "校准类别（决定采用哪组拟合效率）",
  "custom.add": "在此设备上分析",
  "custom.added": "已添加并显示 {name}。",
  "custom.required": "必填",
  "custom.positive": "必须是大于 0 的数字（例如 102.4）",
  "custom.needPeak": "请填写 fp16 或 fp32 峰值：没有峰值就无法估计预填充",
  "custom.invalid": "{message}",
};

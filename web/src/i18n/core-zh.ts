/**
 * Chinese for the library's prose (see core-text.ts): each English sentence of the advisor
 * and the analysis's diagnostics, {placeholders} for what varies, and its translation. Pure.
 */
export const CORE_ZH: Readonly<Record<string, string>> = {
  // ---- advisor: titles ----
  "Quantize weights {a} → {b}": "将权重量化：{a} → {b}",
  "Quantize the KV cache {a} → {b}": "将 KV 缓存量化：{a} → {b}",
  "Use fused attention (FlashAttention)": "使用融合注意力（FlashAttention）",
  "Fuse element-wise ops (norms, rotary, activation, residual adds) into the GEMMs":
    "将逐元素算子（归一化、旋转位置编码、激活、残差相加）融合进 GEMM",
  "Batch {n} sequences (throughput; each request's latency grows)":
    "批处理 {n} 条序列（提高吞吐；每个请求的延迟变长）",
  "Prune weights to 2:4 structured sparsity": "将权重剪枝为 2:4 结构化稀疏",
  "Speculative decoding with {d} as draft (γ = {g}, acceptance {a})":
    "以 {d} 为草稿模型进行投机解码（γ = {g}，接受率 {a}）",
  "Evict KV entries, keeping the 20% heavy hitters (H2O-style)":
    "淘汰 KV 条目，只保留 20% 的重要条目（H2O 方式）",
  "Architecture what-if: {n} KV heads instead of {m} ({c})": "架构假设：用 {n} 个 KV 头代替 {m} 个（{c}）",
  "Architecture what-if: {n} KV head instead of {m} ({c})": "架构假设：用 {n} 个 KV 头代替 {m} 个（{c}）",
  "For comparison: {id} with all {n} experts active (a dense model of the same size)":
    "对比：{id} 激活全部 {n} 个专家（同等规模的稠密模型）",
  "Model alternative: {id} (MoE, {a} B active of {b} B)": "替代模型：{id}（MoE，{b} B 参数中激活 {a} B）",
  "Run on the {u} of the same SoC ({id})": "在同一 SoC 的 {u} 上运行（{id}）",
  // ---- advisor: costs ----
  "8-bit weights (Q8_0): near-lossless in published evaluations": "8 位权重（Q8_0）：公开评测中几乎无损",
  "4-bit K-quant mix (Q4_K_M): small perplexity increase; the common default for local inference":
    "4 位 K-quant 混合（Q4_K_M）：困惑度略有上升；本地推理的常用默认",
  "plain 4-bit weights (W4A16, e.g. AWQ/GPTQ with group scales): needs a calibrated quantizer":
    "普通 4 位权重（W4A16，例如带分组缩放的 AWQ/GPTQ）：需要经过校准的量化器",
  "8-bit KV cache: negligible quality loss in published evaluations":
    "8 位 KV 缓存：公开评测中质量损失可忽略",
  "4-bit KV cache: measurable quality loss on long contexts": "4 位 KV 缓存：长上下文下质量损失明显",
  "exact same result; needs a fused-attention kernel for the device":
    "结果完全相同；需要该设备的融合注意力内核",
  "same arithmetic; needs fused kernels (most engines fuse some of these already)":
    "运算量不变；需要融合内核（多数推理引擎已融合其中一部分）",
  "per-token latency {a} → {b}; KV cache × {n}": "每个 token 的延迟 {a} → {b}；KV 缓存 × {n}",
  "half of the weights removed: needs pruning with fine-tuning to recover accuracy":
    "去掉一半权重：需要剪枝并微调以恢复精度",
  "output identical to the target's; gain depends on the acceptance rate (assumed {a}); the draft's weights and KV cache add memory":
    "输出与目标模型完全一致；收益取决于接受率（假设为 {a}）；草稿模型的权重和 KV 缓存会占用额外内存",
  "attention over a subset of the context: quality loss depends on the task, largest for retrieval over long contexts":
    "注意力只覆盖部分上下文：质量损失取决于任务，长上下文检索损失最大",
  "an architecture change: needs retraining or uptraining the model":
    "属于架构改动：需要重新训练或继续训练模型",
  "informational: what routing saves": "仅供参考：路由节省了多少",
  "a different model: compare quality on your task": "换用另一个模型：请在你的任务上比较质量",
  "NPUs need their own toolchain and often integer or fp16-only kernels":
    "NPU 需要专用工具链，且内核通常只支持整数或 fp16",
  "same memory: no copy": "共享同一内存：无需拷贝",
  // ---- advisor: why ----
  "decode is {@c} (I = {i} FLOP/B); weights are {p} of the bytes per step and shrink from {a} to {b} GiB; arithmetic stays at {x}":
    "解码为{@c}（I = {i} FLOP/B）；权重占每步字节数的 {p}，从 {a} GiB 缩小到 {b} GiB；运算仍以 {x} 进行",
  "reading the KV cache is {p} of the bytes of a decode step at context {n}; the cache shrinks from {a} to {b}":
    "在上下文 {n} 时，读取 KV 缓存占一次解码步字节数的 {p}；缓存从 {a} 缩小到 {b}",
  "naive prefill writes and re-reads a {q}×{k} score matrix per head: softmax alone moves {m} MB per layer":
    "朴素预填充需为每个头写入并重读 {q}×{k} 的分数矩阵：仅 softmax 每层就搬运 {m} MB",
  "element-wise ops move activations without doing much arithmetic; fused, they run in a GEMM's prologue or epilogue":
    "逐元素算子搬运激活值却几乎不做运算；融合后它们在 GEMM 的前处理或后处理中完成",
  "weights are read once per step for the whole batch: decode intensity {a} → {b} FLOP/B ({@c})":
    "每步只为整个批次读取一次权重：解码算术强度 {a} → {b} FLOP/B（{@c}）",
  "sparse tensor cores skip half the multiply-adds and the matrices shrink to 9/16 (fp16 values plus 2-bit indices)":
    "稀疏张量核心跳过一半乘加运算，矩阵缩小到 9/16（fp16 数值加 2 位索引）",
  "each iteration: {g} draft steps of {d} + one verification pass of {n} tokens ({v}, still memory-bound, so barely dearer than one step) yields {k} tokens":
    "每轮：{g} 次草稿步（每次 {d}）加一次 {n} 个 token 的验证（{v}，仍受内存限制，几乎不比一步更贵），产出 {k} 个 token",
  "decode reads {a} of KV cache per step at context {n}; keeping 20% reads a fifth":
    "在上下文 {n} 时，每个解码步读取 {a} KV 缓存；保留 20% 只需读取五分之一",
  "K/V projections and the KV cache shrink by {f}×: cache {a} → {b}":
    "K/V 投影和 KV 缓存缩小 {f} 倍：缓存 {a} → {b}",
  "routing runs {k} of {n} experts per token: {a} of {b} B parameters":
    "路由每个 token 只运行 {n} 个专家中的 {k} 个：{b} B 参数中的 {a} B",
  "per token it reads {k} of {n} experts, against all of {id}'s weights":
    "每个 token 只读取 {n} 个专家中的 {k} 个，而 {id} 要读取全部权重",
  "same {bw} GB/s memory; peaks {p} TFLOP/s": "同样 {bw} GB/s 的内存；峰值 {p} TFLOP/s",
  // ---- advisor: what the chapter says ----
  "chapter 2.4.4: W4A16 raises intensity 4×": "第 2.4.4 节：W4A16 将算术强度提高 4 倍",
  "chapter 2.1.4: INT8 KV cache brings a significant gain; 2.4.4: FP16→INT8 2×, INT8→INT4 4× compression":
    "第 2.1.4 节：INT8 KV 缓存带来显著收益；第 2.4.4 节：FP16→INT8 压缩 2 倍，INT8→INT4 压缩 4 倍",
  "chapter 2.3.3: 2–4× on 2K–8K sequences; 2.1.4: memory traffic cut by O(L)":
    "第 2.3.3 节：2K–8K 序列上快 2–4 倍；第 2.1.4 节：内存流量降低 O(L)",
  "chapter 2.1.4: kernel fusion removes 20–30% of memory round trips":
    "第 2.1.4 节：内核融合减少 20–30% 的内存往返",
  "chapter 2.4.4: batch 1 → 8 raises intensity 6–7×": "第 2.4.4 节：批大小 1 → 8 使算术强度提高 6–7 倍",
  "chapter 2.3.3: 1.5× on Llama-2 7B short sequences": "第 2.3.3 节：Llama-2 7B 短序列上快 1.5 倍",
  "chapter 2.2.4: speculative decoding reduces serial steps (Apple M2 Pro: 4-bit + speculative 100 tokens/s)":
    "第 2.2.4 节：投机解码减少串行步数（Apple M2 Pro：4 位 + 投机解码达 100 tokens/s）",
  "chapter 2.4.4: H2O keeps 20% of KV pairs with < 1% loss": "第 2.4.4 节：H2O 保留 20% 的 KV 对，损失 < 1%",
  "chapter 2.3.3: MQA cuts KV memory by h (32×)": "第 2.3.3 节：MQA 将 KV 内存减少 h 倍（32 倍）",
  "chapter 2.3.3: GQA typically cuts KV memory 4–8×": "第 2.3.3 节：GQA 通常将 KV 内存减少 4–8 倍",
  "chapter 2.2.3: MoE cuts computation 4–8×, plus ~5% routing overhead":
    "第 2.2.3 节：MoE 将计算量减少 4–8 倍，另有约 5% 的路由开销",
  "chapter 2.2.3: MoE cuts computation 4–8×": "第 2.2.3 节：MoE 将计算量减少 4–8 倍",
  // ---- advisor: not applicable ----
  "weights come from a GGUF file with its own tensor types": "权重来自 GGUF 文件，张量类型由文件决定",
  "weights are already 2:4 sparse": "权重已经是 2:4 稀疏",
  "weights are already {w}": "权重已经是 {w}",
  "the KV cache is already {w}": "KV 缓存已经是 {w}",
  "attention is already fused": "注意力已经融合",
  "element-wise ops are already fused": "逐元素算子已经融合",
  "weights come from a GGUF file in block formats, which sparse tensor cores do not take":
    "权重来自 GGUF 文件，为分块格式，稀疏张量核心不支持",
  "sparse tensor cores take 8- and 16-bit weights; {w} weights ({b} bits each) are not sparse-ready":
    "稀疏张量核心只支持 8 位和 16 位权重；{w} 权重（每个 {b} 位）不适用稀疏",
  "{id} has no 2:4 sparse tensor cores (NVIDIA Ampere or later)":
    "{id} 没有 2:4 稀疏张量核心（需 NVIDIA Ampere 或更新架构）",
  "no catalog model shares {id}'s tokenizer at ≤ 1/4 of its active parameters":
    "目录中没有与 {id} 共用分词器且激活参数不超过其 1/4 的模型",
  "eviction already keeps {p}": "淘汰策略已只保留 {p}",
  "architecture what-ifs need a preset or config, not a GGUF file's exact tensors":
    "架构假设需要预设模型或配置文件，而不是 GGUF 文件中的具体张量",
  "{id} already uses GQA ({k} KV heads for {h})": "{id} 已使用 GQA（{h} 个注意力头对应 {k} 个 KV 头）",
  "head count not divisible by 4": "注意力头数不能被 4 整除",
  "{id} already uses MQA": "{id} 已使用 MQA",
  "no catalog MoE model within ±50% of {id}'s {p} B parameters":
    "目录中没有参数量在 {id}（{p} B）±50% 以内的 MoE 模型",
  "the catalog lists no other compute unit sharing {id}'s memory": "目录中没有与 {id} 共享内存的其他计算单元",
  "{id} lists no peak usable for {p} arithmetic": "{id} 没有可用于 {p} 运算的峰值",
  "{@title}: predicted {g}× {@what}, no gain here": "{@title}：预计{@what}为 {g}×，此处没有收益",
  "request speed": "请求速度",
  throughput: "吞吐量",
  // ---- bound classes (inside other sentences) ----
  "memory-extreme": "极度访存受限",
  "memory-moderate": "中度访存受限",
  "memory-mild": "轻度访存受限",
  compute: "计算受限",
  // ---- analysis diagnostics ----
  "needs {a} GiB (weights {w}, KV cache {k}, activations {x}) but {id} has {c} GiB":
    "需要 {a} GiB（权重 {w}，KV 缓存 {k}，激活 {x}），但 {id} 只有 {c} GiB",
  "{id} needs {a} GiB as llama.cpp allocates it ({@parts}) but it can use {u} GiB ({c} GiB less {r} GiB reserved: {@rule})":
    "按 llama.cpp 的分配方式，{id} 需要 {a} GiB（{@parts}），但只能使用 {u} GiB（{c} GiB 减去保留的 {r} GiB：{@rule}）",
  "{id} needs {a} GiB as llama.cpp allocates it ({@parts}) but it can use {u} GiB":
    "按 llama.cpp 的分配方式，{id} 需要 {a} GiB（{@parts}），但只能使用 {u} GiB",
  "{id} (shared memory) needs {a} GiB as llama.cpp allocates it ({@parts}) but the host can use {u} GiB":
    "按 llama.cpp 的分配方式，{id}（共享内存）需要 {a} GiB（{@parts}），但主机只能使用 {u} GiB",
  "{id} needs {a} GiB of its {c} GiB shared memory as llama.cpp allocates it (GPU: {@parts}; host: {@hparts}), and the GPU can use {u} GiB of it ({r} GiB reserved: {@rule})":
    "按 llama.cpp 的分配方式，{id} 需要共享内存 {c} GiB 中的 {a} GiB（GPU：{@parts}；主机：{@hparts}），而 GPU 只能使用其中 {u} GiB（保留 {r} GiB：{@rule}）",
  "{id} needs {a} GiB of its {c} GiB shared memory as llama.cpp allocates it (GPU: {@parts}; host: {@hparts})":
    "按 llama.cpp 的分配方式，{id} 需要共享内存 {c} GiB 中的 {a} GiB（GPU：{@parts}；主机：{@hparts}），超出了容量",
  "{id} needs {a} GiB as llama.cpp allocates it ({@parts}) but the host can use {u} GiB":
    "按 llama.cpp 的分配方式，{id} 需要 {a} GiB（{@parts}），但主机只能使用 {u} GiB",
  // ---- a placement on host + GPU (analyzeOffload's diagnostics) ----
  "{id} (gpu) needs {a} but has {c}": "{id}（GPU）需要 {a}，但只有 {c}",
  "{id} (host) needs {a} but has {c}": "{id}（主机）需要 {a}，但只有 {c}",
  "the shared memory of {g} and {h} needs {a} (GPU {x}, host {y}) but the GPU can use {u} of it":
    "{g} 与 {h} 的共享内存需要 {a}（GPU {x}，主机 {y}），但 GPU 只能使用其中 {u}",
  "{a} of weights do not fit in RAM: mapped from {s}, each pass re-reads its share of them":
    "有 {a} 权重放不进内存：从 {s} 映射读取，每一遍都要重新读取其中相应的部分",
  "Metal's recommendedMaxWorkingSetSize, 2/3 of RAM up to 32 GiB, 3/4 above":
    "Metal 的 recommendedMaxWorkingSetSize：内存 32 GiB 以内取 2/3，以上取 3/4",
  // llama.cpp's buffers (the engine's own names kept), listed with commas: the list is split
  // before an item is matched (an item's {n} would otherwise swallow the rest of the list).
  "{@head} GiB, {@tail}": "{@head} GiB，{@tail}",
  "{u} model buffer {n}": "{u} 模型缓冲区 {n}",
  "{u} KV buffer {n}": "{u} KV 缓冲区 {n}",
  "{u} RS buffer {n}": "{u} RS（循环状态）缓冲区 {n}",
  "{u} output buffer {n}": "{u} 输出缓冲区 {n}",
  "{u} compute buffer {n}": "{u} 计算缓冲区 {n}",
  "{id} lists no memory capacity; fit not checked": "{id} 未列出内存容量；未检查能否装下",
  "{id} lists no compute peak usable for {p} arithmetic (nor a wider one to fall back on): its compute time is unknown, so the times of every pass that runs it count memory traffic only and are lower bounds (≥; tokens/s ≤)":
    "{id} 没有可用于 {p} 运算的计算峰值（也没有可回退的更宽精度）：其计算时间未知，因此运行它的每一遍的时间只计入内存流量，均为下界（≥；tokens/s ≤）",
  "{id}'s {w} ({n} parameters) is counted in memory; its compute (image encoding) is not modelled":
    "{id} 的 {w}（{n} 个参数）计入内存；其计算（图像编码）未建模",
  "{id} lists no compute peak usable for {p}: compute time is not bounded, times are memory-only":
    "{id} 没有可用于 {p} 的计算峰值：计算时间没有下限，时间只按内存计算",
  "{id} lists no {p} peak; {q} arithmetic uses the {u} peak": "{id} 未列出 {p} 峰值；{q} 运算使用 {u} 峰值",
  "{n} tokens exceed {id}'s maximum context of {m}": "{n} 个 token 超过了 {id} 的最大上下文 {m}",
};

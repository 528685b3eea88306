/**
 * Bad input: each case must exit 2 with a one-line message on stderr that names the flag
 * (or file field) and the bad value, print no stack trace and nothing on stdout, and end
 * (the helper kills it after 20 s).
 */
import { beforeAll, describe, it } from "vitest";
import { assertBuilt, runCli } from "../helpers/run-cli.js";
import { expectRejected } from "./expect-rejected.js";

beforeAll(assertBuilt);

const FX = "test/fixtures/cli";

interface Case {
  /** Test name. */
  readonly name: string;
  readonly args: readonly string[];
  /** The flag or field the message must name. */
  readonly field: string;
  /** The bad value as the message quotes it (strings are JSON-quoted). */
  readonly value: string;
  readonly message?: RegExp;
}

const CASES: readonly Case[] = [
  // Names
  {
    name: "unknown model",
    args: ["analyze", "--model", "llama-2-7"],
    field: "--model",
    value: '"llama-2-7"',
    message: /did you mean "llama-2-7b"\?/,
  },
  {
    name: "unknown device",
    args: ["analyze", "--device", "rtx-4099"],
    field: "--device",
    value: '"rtx-4099"',
    message: /did you mean "nvidia-rtx-4090"\?/,
  },
  {
    name: "a device label that fits several devices",
    args: ["analyze", "--device", "RTX 6000"],
    field: "--device",
    value: '"RTX 6000"',
    message: /fits \d devices: .*nvidia-quadro-rtx-6000.*nvidia-rtx-6000-ada.*; give one id/,
  },
  {
    name: "a model label that fits several presets",
    args: ["analyze", "--model", "phi3 3.8B"],
    field: "--model",
    value: '"phi3 3.8B"',
    message: /fits 3 models: .*phi-3-mini/,
  },
  {
    name: "unknown command",
    args: ["frobnicate", "--model", "llama-2-7b"],
    field: "unknown command",
    value: '"frobnicate"',
    message: /; commands: (?=.*\banalyze\b)(?=.*\btimeline\b)(?=.*\bgemm\b)(?=.*\bdevices\b)(?=.*\bmodels\b)/,
  },
  {
    name: "typo flag --promt",
    args: ["analyze", "--promt", "10"],
    field: "--promt",
    value: '"--promt"',
    message: /unknown flag; did you mean --prompt\?/,
  },
  {
    name: "single-dash flag",
    args: ["analyze", "-p", "10"],
    field: "-p",
    value: '"-p"',
    message: /unknown flag/,
  },
  {
    name: "flag without its value",
    args: ["analyze", "--model"],
    field: "--model",
    value: "nothing",
    message: /needs a value/,
  },
  {
    name: "extra positional argument",
    args: ["analyze", "llama-2-7b"],
    field: "arguments",
    value: '"llama-2-7b"',
    message: /unexpected extra argument/,
  },
  {
    name: "devices show with an unknown id",
    args: ["devices", "show", "apple-m9-gpu"],
    field: "unknown",
    value: '"apple-m9-gpu"',
    message: /did you mean "apple-m\d-gpu"\?/,
  },
  {
    name: "devices --unit xpu",
    args: ["devices", "--unit", "xpu"],
    field: "--unit",
    value: '"xpu"',
    message: /must be cpu, gpu, npu, dsp/,
  },
  {
    name: "devices --class gpu",
    args: ["devices", "--class", "gpu"],
    field: "--class",
    value: '"gpu"',
    message: /must be one of apple-gpu, /,
  },
  {
    name: "devices --vendor Acme",
    args: ["devices", "--vendor", "Acme"],
    field: "--vendor",
    value: '"Acme"',
    message: /unknown vendor; vendors: .*Apple/,
  },
  {
    name: "models with an unknown action",
    args: ["models", "remove"],
    field: "action",
    value: '"remove"',
    message: /must be list or show/,
  },

  // Numbers
  {
    name: "--prompt -5",
    args: ["analyze", "--prompt", "-5"],
    field: "--prompt",
    value: '"-5"',
    message: /must be a whole number/,
  },
  {
    name: "--prompt abc",
    args: ["analyze", "--prompt", "abc"],
    field: "--prompt",
    value: '"abc"',
    message: /must be a whole number/,
  },
  {
    name: "--prompt 1.5",
    args: ["analyze", "--prompt", "1.5"],
    field: "--prompt",
    value: '"1.5"',
    message: /must be a whole number/,
  },
  {
    name: "--prompt 2e3",
    args: ["analyze", "--prompt=2e3"],
    field: "--prompt",
    value: '"2e3"',
    message: /must be a whole number/,
  },
  // 99,999,999,999 > 2^24 = 16,777,216.
  {
    name: "--prompt 99999999999",
    args: ["analyze", "--prompt", "99999999999"],
    field: "--prompt",
    value: '"99999999999"',
    message: /between 1 and 16777216/,
  },
  {
    name: "--context 0",
    args: ["analyze", "--context", "0"],
    field: "--context",
    value: '"0"',
    message: /between 1 and 16777216/,
  },
  {
    name: "--batch 0",
    args: ["analyze", "--batch", "0"],
    field: "--batch",
    value: '"0"',
    message: /between 1 and 65536/,
  },
  {
    name: "timeline --generate 0",
    args: ["timeline", "--generate", "0"],
    field: "--generate",
    value: '"0"',
    message: /between 1 and 131072/,
  },
  {
    name: "timeline --at beyond --generate",
    args: ["timeline", "--generate", "10", "--at", "1,11"],
    field: "--at",
    value: '"11"',
    message: /between 1 and 10/,
  },
  {
    name: "gemm --k 0",
    args: ["gemm", "--k", "0"],
    field: "--k",
    value: '"0"',
    message: /between 1 and 16777216/,
  },

  // Formats and enums
  {
    name: "--weights q9_9",
    args: ["analyze", "--weights", "q9_9"],
    field: "--weights",
    value: '"q9_9"',
    message: /unknown weight format/,
  },
  {
    name: "--activations q4_0",
    args: ["analyze", "--activations", "q4_0"],
    field: "--activations",
    value: '"q4_0"',
    message: /fp32, fp16, bf16, fp8, int8, int4/,
  },
  {
    name: "--kv nope",
    args: ["analyze", "--kv", "nope"],
    field: "--kv",
    value: '"nope"',
    message: /unknown KV-cache format/,
  },
  {
    name: "--phase sideways",
    args: ["analyze", "--phase", "sideways"],
    field: "--phase",
    value: '"sideways"',
    message: /prefill, decode or both/,
  },
  {
    name: "--attention quick",
    args: ["analyze", "--attention", "quick"],
    field: "--attention",
    value: '"quick"',
    message: /naive or flash/,
  },
  {
    name: "gemm --dtype q9",
    args: ["gemm", "--dtype", "q9"],
    field: "--dtype",
    value: '"q9"',
    message: /unknown format/,
  },

  {
    name: "--kv-keep 0",
    args: ["analyze", "--kv-keep", "0"],
    field: "--kv-keep",
    value: '"0"',
    message: /\(0, 1\]/,
  },
  {
    name: "--kv-keep 1.5",
    args: ["analyze", "--kv-keep", "1.5"],
    field: "--kv-keep",
    value: '"1.5"',
    message: /\(0, 1\]/,
  },
  {
    name: "--kv-keep abc",
    args: ["timeline", "--kv-keep", "abc"],
    field: "--kv-keep",
    value: '"abc"',
    message: /\(0, 1\]/,
  },
  {
    name: "--sparsity 1:2",
    args: ["analyze", "--sparsity", "1:2"],
    field: "--sparsity",
    value: '"1:2"',
    message: /none or 2:4/,
  },

  // Conflicting sources
  {
    name: "--model with --gguf",
    args: ["analyze", "--model", "x", "--gguf", "y"],
    field: "--gguf",
    value: '"y"',
    message: /cannot be combined with --model/,
  },
  {
    name: "--gguf with --weights",
    args: ["analyze", "--gguf", `${FX}/empty.gguf`, "--weights", "q4_0"],
    field: "--weights",
    value: '"q4_0"',
    message: /cannot be combined with --gguf/,
  },
  {
    name: "--device with --device-file",
    args: ["analyze", "--device", "apple-m2-gpu", "--device-file", `${FX}/device-valid.json`],
    field: "--device-file",
    value: `"${FX}/device-valid.json"`,
    message: /cannot be combined with --device/,
  },

  // --model-config files
  {
    name: "--model-config: missing file",
    args: ["analyze", "--model-config", `${FX}/no-such-config.json`],
    field: "--model-config",
    value: `"${FX}/no-such-config.json"`,
    message: /cannot read file \(ENOENT\)/,
  },
  {
    name: "--model-config: a directory",
    args: ["analyze", "--model-config", FX],
    field: "--model-config",
    value: `"${FX}"`,
    message: /is not a file/,
  },
  {
    name: "--model-config: malformed JSON",
    args: ["analyze", "--model-config", `${FX}/malformed.json`],
    field: "--model-config",
    value: `"${FX}/malformed.json"`,
    message: /not valid JSON/,
  },
  {
    name: "--model-config: hidden_size missing",
    args: ["analyze", "--model-config", `${FX}/config-missing-hidden-size.json`],
    field: "config.hidden_size",
    value: "nothing",
    message: /missing/,
  },
  {
    name: "--model-config: num_attention_heads -4",
    args: ["analyze", "--model-config", `${FX}/config-negative-heads.json`],
    field: "config.num_attention_heads",
    value: "-4",
    message: /positive integer/,
  },
  {
    name: "--model-config: unknown model_type",
    args: ["analyze", "--model-config", `${FX}/config-unknown-type.json`],
    field: "config.model_type",
    value: '"frobnitz"',
    message: /unsupported model type; supported: llama/,
  },

  // --device-file files
  {
    name: "--device-file: malformed JSON",
    args: ["analyze", "--device-file", `${FX}/malformed.json`],
    field: "--device-file",
    value: `"${FX}/malformed.json"`,
    message: /not valid JSON/,
  },
  {
    name: "--device-file: missing file",
    args: ["timeline", "--device-file", `${FX}/no-such-device.json`],
    field: "--device-file",
    value: `"${FX}/no-such-device.json"`,
    message: /ENOENT/,
  },
  {
    name: "--device-file: negative bandwidth",
    args: ["analyze", "--device-file", `${FX}/device-negative-bandwidth.json`],
    field: "device-file.bandwidthGBps.value",
    value: "-100",
    message: /must be between 0\.01 and 1000000 \(GB\/s/,
  },
  {
    name: "--device-file: peak citing an undefined source",
    args: ["analyze", "--device-file", `${FX}/device-undefined-source.json`],
    field: "device-file.peakTflops.fp16",
    value: '"nowhere"',
    message: /source "nowhere" is not defined in "sources"/,
  },
];

describe.concurrent("bad input exits 2 with a one-line message naming the flag and the value", () => {
  for (const c of CASES) {
    it(`${c.name}: ridgeline ${c.args.join(" ")}`, async ({ expect }) => {
      const r = await runCli(c.args);
      expectRejected(expect, r, c);
    }, 30_000);
  }
});

#!/usr/bin/env node
/**
 * The `ridgeline` command line: a thin layer over the core library. Sub-commands are
 * loaded lazily so that `ridgeline devices` does not pay for the analysis code.
 */
import { type CommandDef, defineCommand, renderUsage, runCommand, showUsage } from "citty";
import { InputError } from "../core/index.js";
import { VERSION } from "./version.js";

// biome-ignore lint/suspicious/noExplicitAny: each command has its own args type, and citty's CommandDef is invariant in it
type AnyCommand = CommandDef<any>;

const subCommands = {
  analyze: () => import("./commands/analyze.js").then((m) => m.default),
  advise: () => import("./commands/advise.js").then((m) => m.default),
  fit: () => import("./commands/fit.js").then((m) => m.default),
  batch: () => import("./commands/batch.js").then((m) => m.default),
  policy: () => import("./commands/policy.js").then((m) => m.default),
  timeline: () => import("./commands/timeline.js").then((m) => m.default),
  gemm: () => import("./commands/gemm.js").then((m) => m.default),
  devices: () => import("./commands/devices.js").then((m) => m.default),
  models: () => import("./commands/models.js").then((m) => m.default),
  measure: () => import("./commands/measure.js").then((m) => m.default),
  chapter: () => import("./commands/chapter.js").then((m) => m.default),
  validate: () => import("./commands/validate.js").then((m) => m.default),
  calibrate: () => import("./commands/calibrate.js").then((m) => m.default),
  split: () => import("./commands/split.js").then((m) => m.default),
} satisfies Record<string, () => Promise<AnyCommand>>;

const main = defineCommand({
  meta: {
    name: "ridgeline",
    version: VERSION,
    description:
      "Roofline analysis of LLM inference: how fast a model runs on a device, what bounds it, and why.",
  },
  subCommands,
});

/** Exit codes: 0 ok, 2 bad input or usage, 70 internal error. */
async function run(argv: string[]): Promise<number> {
  const name = argv.find((a) => !a.startsWith("-"));
  const sub =
    name !== undefined && name in subCommands
      ? await subCommands[name as keyof typeof subCommands]()
      : undefined;
  if (argv.length === 0) {
    // No command is a usage error: the usage goes to stderr.
    process.stderr.write(`${await renderUsage(main as AnyCommand)}\n`);
    return 2;
  }
  if (argv.includes("--help") || argv.includes("-h")) {
    await showUsage((sub ?? main) as AnyCommand, sub ? (main as AnyCommand) : undefined);
    return 0;
  }
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) {
    console.log(VERSION);
    return 0;
  }
  if (name === undefined || !sub) {
    console.error(
      `ridgeline: unknown command ${JSON.stringify(name ?? argv[0])}; commands: ${Object.keys(subCommands).join(", ")}`,
    );
    return 2;
  }
  try {
    await runCommand(main, { rawArgs: argv });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (e) {
    if (e instanceof InputError) {
      console.error(`ridgeline ${name}: ${e.message}`);
      return 2;
    }
    if (e instanceof Error && e.name === "CLIError") {
      console.error(`ridgeline ${name}: ${e.message} (see \`ridgeline ${name} --help\`)`);
      return 2;
    }
    console.error(`ridgeline ${name}: internal error: ${e instanceof Error ? e.message : String(e)}`);
    if (process.env.RIDGELINE_DEBUG) console.error(e);
    return 70;
  }
}

process.exitCode = await run(process.argv.slice(2));

/**
 * The numeric-flag table (issue 16): every command's numeric flags (found by their value hint
 * in the command's own flag table), each given hostile text, run in-process as the CLI runs
 * it. A bad value must be an InputError naming the flag and the value; nothing may escape,
 * and an accepted one must print no NaN or Infinity.
 */
import type { CommandDef } from "citty";
import { runCommand } from "citty";
import { InputError } from "../../src/core/index.js";
import type { Outcome } from "./targets.js";

// biome-ignore lint/suspicious/noExplicitAny: each command has its own args type
type AnyCommand = CommandDef<any>;

/** Value hints of flags that take a number (a count, a size, a fraction, a duration). */
const NUMERIC_HINTS = new Set([
  "N",
  "G",
  "GiB",
  "fraction",
  "duration",
  "ms",
  "size",
  "sizes",
  "fraction",
  "storage",
]);

/** Arguments a command needs before it reads the flag under test (a target, a unit list). */
const BASE: Readonly<Record<string, readonly string[]>> = {
  fit: ["--latency", "100ms"],
  gemm: ["--m", "64", "--k", "64", "--n", "64"],
  split: ["--device", "nvidia-rtx-4090,nvidia-rtx-4090"],
};

/** Text no numeric flag accepts. */
export const HOSTILE_TEXT = [
  "1e999",
  "-1",
  "NaN",
  "Infinity",
  "0x10",
  "99999999999999999999",
  "1e-400",
  "--",
  "½",
] as const;

export interface FlagCase {
  readonly command: string;
  readonly flag: string;
}

const COMMANDS = [
  "analyze",
  "advise",
  "batch",
  "fit",
  "gemm",
  "measure",
  "policy",
  "split",
  "timeline",
] as const;

export async function loadCommands(): Promise<Map<string, AnyCommand>> {
  const out = new Map<string, AnyCommand>();
  for (const name of COMMANDS) {
    const mod = (await import(`../../src/cli/commands/${name}.ts`)) as { default: AnyCommand };
    out.set(name, mod.default);
  }
  return out;
}

/** Every (command, numeric flag) pair. */
export function numericFlags(commands: Map<string, AnyCommand>): FlagCase[] {
  const cases: FlagCase[] = [];
  for (const [command, cmd] of commands) {
    const args = (cmd.args ?? {}) as Record<string, { type?: string; valueHint?: string }>;
    for (const [flag, def] of Object.entries(args))
      if (def.type === "string" && def.valueHint !== undefined && NUMERIC_HINTS.has(def.valueHint))
        cases.push({ command, flag });
  }
  return cases;
}

/** Run one command in-process; its output is kept, not printed. */
async function runQuiet(cmd: AnyCommand, rawArgs: string[]): Promise<string> {
  const write = process.stdout.write;
  const log = console.log;
  let out = "";
  process.stdout.write = ((chunk: unknown) => {
    out += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  console.log = (...a: unknown[]) => {
    out += `${a.join(" ")}\n`;
  };
  try {
    await runCommand(cmd, { rawArgs });
  } finally {
    process.stdout.write = write;
    console.log = log;
  }
  return out;
}

/** A number the text output must never show: an accepted value that overflowed or divided by zero. */
const NON_FINITE = /\bNaN\b|Infinity/;

/**
 * Run `command --flag value`. Rejected: an InputError naming the flag and the value (its
 * message is one line). Accepted: the command ran. Anything else is thrown.
 */
export async function runFlag(
  commands: Map<string, AnyCommand>,
  c: FlagCase,
  value: string,
): Promise<Outcome> {
  const base = (BASE[c.command] ?? []).filter((_, i, all) => all[i - (i % 2)] !== `--${c.flag}`);
  try {
    const out = await runQuiet(commands.get(c.command)!, [...base, `--${c.flag}`, value]);
    const bad = NON_FINITE.exec(out);
    if (bad)
      throw new Error(
        `${c.command} --${c.flag} ${JSON.stringify(value)}: non-finite output: …${out.slice(Math.max(0, bad.index - 80), bad.index + 20)}…`,
      );
    return "accepted";
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    if (e.message.includes("\n"))
      throw new Error(`multi-line message for --${c.flag} ${value}: ${e.message}`);
    // The flag, or the flag it depends on (--mmap-from needs a --device): some flag, by name.
    if (!e.message.includes(`--${c.flag}`) && !/^--[a-z]/.test(e.message))
      throw new Error(
        `${c.command} --${c.flag} ${JSON.stringify(value)}: the message names no flag: ${e.message}`,
      );
    return "rejected";
  }
}

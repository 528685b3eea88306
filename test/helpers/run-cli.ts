/**
 * Runs the built `ridgeline` CLI (dist/cli/main.js) as a real child process and collects
 * its exit code and output. The CLI must have been built (`npx tsc -b`; `npm test` does it).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The built entry point; RIDGELINE_CLI_PATH runs the tests against another build of it. */
export const CLI_PATH =
  process.env.RIDGELINE_CLI_PATH || fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

export interface CliResult {
  /** Exit status; null when the process was killed by a signal (e.g. by the timeout). */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** True when the helper had to kill the process because it ran past `timeoutMs`. */
  readonly timedOut: boolean;
  readonly ms: number;
}

export interface RunOptions {
  /** Kill the process after this many milliseconds (default 20 s). */
  readonly timeoutMs?: number;
  readonly cwd?: string;
  /** Extra environment variables (on top of a colour-free copy of this process's). */
  readonly env?: Readonly<Record<string, string>>;
}

/** Throws a clear error when dist/ has not been built. */
export function assertBuilt(): void {
  if (!existsSync(CLI_PATH)) {
    throw new Error(
      `${CLI_PATH} does not exist: build the CLI first with \`npx tsc -b\` (\`npm test\` runs it before vitest)`,
    );
  }
}

export function runCli(args: readonly string[], opts: RunOptions = {}): Promise<CliResult> {
  assertBuilt();
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1", ...opts.env };
  // Deterministic output: no colours, no debug dumps.
  delete env.FORCE_COLOR;
  delete env.RIDGELINE_DEBUG;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_PATH, ...args], {
      cwd: opts.cwd ?? REPO_ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        timedOut,
        ms: Date.now() - started,
      });
    });
  });
}

/** A short description of a result for assertion messages. */
export function describeResult(r: CliResult): string {
  const cut = (s: string) => (s.length > 2000 ? `${s.slice(0, 2000)}…` : s);
  return `exit ${r.code}${r.signal ? ` (signal ${r.signal})` : ""}${r.timedOut ? " TIMED OUT" : ""}\n--- stdout ---\n${cut(r.stdout)}\n--- stderr ---\n${cut(r.stderr)}`;
}

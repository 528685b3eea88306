/**
 * The browser for the web tests: Debian's chromium driven by playwright-core (no browser
 * download), headless, with a fresh profile. When it cannot be launched the tests are
 * skipped with the reason (install it with `apt-get install -y chromium`).
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** A launched browser, or why there is none. */
export async function launchBrowser(): Promise<Browser | { readonly skip: string }> {
  if (!existsSync(CHROMIUM_PATH)) return { skip: `${CHROMIUM_PATH} not found (apt-get install -y chromium)` };
  const profile = mkdtempSync(join(tmpdir(), "ridgeline-web-test-"));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1400, height: 1000 },
      acceptDownloads: true,
      timeout: 30_000,
    });
    return {
      context,
      async close() {
        await context.close().catch(() => undefined);
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    return {
      skip: `cannot launch ${CHROMIUM_PATH}: ${e instanceof Error ? (e.message.split("\n")[0] ?? e.message) : String(e)}`,
    };
  }
}

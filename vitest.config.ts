import { defineConfig } from "vitest/config";

// Generous timeouts: CI is a 2-core machine that may be loaded; speed is measured by benchmarks, not by timeouts.
const shared = { pool: "threads", testTimeout: 30_000 } as const;

/**
 * Three projects, so that the fast ones can run alone (`npx vitest run --project unit`):
 * - unit: the library, its data and its checks (seconds);
 * - cli: the command line, spawned as a user runs it, and the real llama.cpp engine;
 * - browser: the web app and in-page measurement in Debian's chromium (skipped, saying why, without it).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: "unit",
          include: ["test/**/*.test.ts"],
          // The web app's pure state and layout checks are unit tests; its other tests drive chromium.
          exclude: [
            "test/cli/**",
            "test/engine/**",
            "test/web/!(state|layout|placement-state).test.ts",
            "test/browser/**",
          ],
        },
      },
      { test: { ...shared, name: "cli", include: ["test/cli/**/*.test.ts", "test/engine/**/*.test.ts"] } },
      {
        test: {
          ...shared,
          name: "browser",
          include: ["test/web/**/*.test.ts", "test/browser/**/*.test.ts"],
          exclude: ["test/web/state.test.ts", "test/web/layout.test.ts", "test/web/placement-state.test.ts"],
        },
      },
    ],
  },
});

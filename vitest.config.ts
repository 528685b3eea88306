import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    pool: "threads",
    // Generous: CI is a 2-core machine that may be loaded; speed is measured by benchmarks, not by timeouts.
    testTimeout: 30_000,
  },
});

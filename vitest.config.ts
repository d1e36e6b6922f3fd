import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Unit tests; the e2e tests under test/e2e set their own, longer timeouts per test.
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});

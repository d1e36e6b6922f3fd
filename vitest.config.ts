import { defineConfig } from "vitest/config";

// Three suites, chosen by folder (README "Development"):
//   unit         pure: source modules in-process, temp or in-memory files; no child processes, no build
//   integration  the built CLI as a child process, a pseudo-terminal, tsc; dist/ is built once first
//   e2e          real installs and database services; one file at a time
// `vitest run <file>` picks the suite from the file's folder, so a single integration file also gets
// its fresh build.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          // Worker threads start faster than processes: about a quarter less CPU for this suite.
          pool: "threads",
          setupFiles: ["test/setup/no-child-processes.ts"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["test/setup/build-dist.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/setup/build-dist.ts"],
          // Installs and shared database services: one file at a time; tests set longer timeouts.
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

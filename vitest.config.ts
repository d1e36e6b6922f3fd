import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

// Three suites, chosen by folder (README "Development"):
//   unit         pure: source modules in-process, temp or in-memory files; no child processes, no build
//                (two vitest projects, "unit" and "unit-isolated", see below)
//   integration  the built CLI as a child process, a pseudo-terminal, tsc; dist/ is built once first
//   e2e          real installs and database services; one file at a time
// `vitest run <file>` picks the suite from the file's folder, so a single integration file also gets
// its fresh build.
// Unit test files share one module registry per worker thread (isolate: false), so the source is
// loaded once per worker instead of once per file: less than half the CPU time. A file that replaces
// a module with vi.mock runs isolated instead, so its mock never reaches another file's imports.
const root = fileURLToPath(new URL(".", import.meta.url));
const unitFiles = readdirSync(join(root, "test/unit"), { recursive: true })
  .map((f) => `test/unit/${String(f).split("\\").join("/")}`)
  .filter((f) => f.endsWith(".test.ts"));
const mockingFiles = unitFiles.filter((f) => /\bvi\.(mock|doMock)\(/.test(readFileSync(join(root, f), "utf8")));
const unit = {
  pool: "threads" as const, // worker threads start faster than processes
  setupFiles: ["test/setup/no-child-processes.ts"],
  testTimeout: 30_000,
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...unit,
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...mockingFiles],
          isolate: false,
        },
      },
      { test: { ...unit, name: "unit-isolated", include: mockingFiles.length ? mockingFiles : ["test/unit/.none"] } },
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

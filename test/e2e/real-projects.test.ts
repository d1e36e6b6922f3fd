// `add-field`, `add plugin` and `add provider` on Better Auth projects made by other tools
// (Better-T-Stack, create-t3-app, Svelte's `sv`), generated at test time with Node 22 and cached
// under .tmp/real-projects (scripts/real-projects.mjs). No `--config` is passed: the CLI must find
// the config, the client and the ORM schema itself. Each project is copied to a fresh folder,
// committed to a fresh git repository, and checked after every command: exit 0, only the expected
// files changed and only by additions, the files still parse, the ORM schema holds the columns, a
// second run changes nothing, the project's own type-check gives the same result as before, and
// where there is a database, a user row made before the change keeps its data.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CACHE, copyProject, ensureProject, projectStamp } from "../../scripts/real-projects.mjs";
import { cleanup, cli, WORK } from "./harness.js";
import { CASES, type RealCase } from "./real-projects/cases.js";
import {
  betterAuthOptions,
  changes,
  clientPlugins,
  commitAll,
  createDatabase,
  diff,
  drizzleColumns,
  gitBaseline,
  inProject,
  parseErrors,
  prismaFields,
  read,
  serverPlugins,
  setEnv,
  socialProviders,
  typecheck,
  type Column,
  type Database,
  type FileChange,
  type TypecheckResult,
} from "./real-projects/checks.js";

const MINUTE = 60_000;
const FIELDS = ["company:string:optional", "level:number:default=1", "plan:enum(free|pro):default=free"];
const ANN = { id: "user-before-add", name: "Ann Before", email: "ann.before@example.com" };
/** Lines a command may remove from a file it edits (a trailing comma, a one-line array opened up). */
const MAX_DELETED_LINES = 3;

/** The project's type-check right after generation, kept beside the cached project (it cannot change). */
async function baselineTypecheck(name: string, dir: string): Promise<TypecheckResult> {
  const file = join(CACHE, `${name}.typecheck.json`);
  const key = projectStamp(name)?.key;
  const saved = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as { key: string; result: TypecheckResult }) : undefined;
  if (saved && saved.key === key) return saved.result;
  const result = await typecheck(dir, name);
  writeFileSync(file, JSON.stringify({ key, result }));
  return result;
}

/** Files a command may touch in this project, besides the ones it must. */
function allowed(c: RealCase, change: FileChange): boolean {
  if ([c.serverConfig, c.client, c.schema].includes(change.file)) return true;
  if (c.migrations && change.file.startsWith(`${c.migrations}/`)) return true;
  if (c.orm === "prisma" && /(^|\/)prisma\/migrations\//.test(change.file)) return true;
  // A new module beside the config or the client (e.g. the field definitions they import).
  if (change.isNew && [c.serverConfig, c.client].some((f) => f && dirname(f) === dirname(change.file))) return true;
  return change.file === "create-auth-service.json";
}

function expectMinimalChanges(c: RealCase, list: FileChange[], must: string[]) {
  const files = list.map((f) => f.file);
  for (const file of must) expect.soft(files, `${file} should have been edited`).toContain(file);
  expect.soft(list.filter((f) => !allowed(c, f)).map((f) => f.file), "files changed that this command has no reason to touch").toEqual([]);
  // Edits are insertions: never rewrite a user's file.
  expect.soft(list.filter((f) => !f.isNew && f.deleted > MAX_DELETED_LINES).map((f) => `${f.file} (-${f.deleted})`), "files rewritten instead of edited").toEqual([]);
}

/** The `user` table's columns (Drizzle) or `User` model's fields (Prisma), by name. */
function userColumns(c: RealCase, dir: string): Map<string, Column> {
  const source = read(dir, c.schema);
  if (c.orm === "prisma") {
    const fields = prismaFields(source, "User");
    expect(fields, `model User in ${c.schema}`).toBeDefined();
    return new Map([...(fields ?? new Map<string, string>())].map(([key, text]) => [key, { key, text }]));
  }
  const columns = drizzleColumns(source, c.schema, "user");
  expect(columns, `the "user" table in ${c.schema}`).toBeDefined();
  return new Map((columns ?? []).map((col) => [col.key, col]));
}

/** The SQL name the project would give a camelCase field, judged from `emailVerified`. */
function columnName(c: RealCase, original: Map<string, Column>, field: string): string {
  const sample = original.get("emailVerified")?.sqlName;
  return sample === "email_verified" ? field.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`) : field;
}

describe.each(CASES)("$name (real project, no --config)", (c) => {
  let dir = "";
  let db: Database | undefined;
  let before: TypecheckResult;
  let original: Map<string, Column>;
  const steps: string[] = [];

  beforeAll(async () => {
    await ensureProject(c.name);
    dir = copyProject(c.name, join(WORK, `real-${c.name}-${randomBytes(3).toString("hex")}`));
    for (const [file, values] of Object.entries(c.envValues ?? {})) setEnv(dir, file, values);
    if (c.database) {
      db = await createDatabase(dir, c.database, `rp_${c.name.replace(/\W/g, "_")}`);
      if (c.database.kind === "postgres") setEnv(dir, c.database.envFile, { DATABASE_URL: db.url });
      // The project's ORIGINAL schema, applied with its own tool, then one user who must survive.
      await inProject(dir, c.database.apply);
      await db.insertUser(ANN);
    }
    before = await baselineTypecheck(c.name, dir);
    original = userColumns(c, dir);
    await gitBaseline(dir);
  }, 30 * MINUTE);

  afterAll(async () => {
    // What each command printed and changed, for reading when an assertion fails.
    mkdirSync(join(CACHE, "_logs"), { recursive: true });
    writeFileSync(join(CACHE, "_logs", `${c.name}.log`), steps.join("\n\n"));
    await db?.drop();
    if (dir) cleanup(dir);
  });

  /** Run one command, then commit whatever it did so the next step's diff is its own. */
  async function step(args: string[]) {
    const result = await cli([...args, "--yes", "--cwd", dir]);
    const changed = await changes(dir);
    steps.push(`$ create-auth-service ${args.join(" ")}\n${result.all ?? ""}\n${await diff(dir)}`);
    return { result, changed, commit: () => commitAll(dir, args.join(" ")) };
  }

  async function secondRunChangesNothing(args: string[]) {
    const again = await cli([...args, "--yes", "--cwd", dir]);
    expect(again.exitCode, again.all).toBe(0);
    const changed = await changes(dir);
    expect.soft(changed.map((f) => f.file), `a second run changed files:\n${await diff(dir)}`).toEqual([]);
  }

  /** Drizzle projects with a database: the CLI migrates, or prints the project's command (then it is run). */
  async function migrated(output: string, table: string, column: string) {
    if (!db || !c.database) return;
    if (!(await db.columns(table)).has(column)) {
      expect.soft(output, `"${column}" is not in the database and the output names no migration command`).toMatch(/db:push|db:migrate|drizzle-kit (push|migrate)/);
      await inProject(dir, c.database.apply);
    }
    expect.soft([...(await db.columns(table)).keys()]).toContain(column);
  }

  it("add-field with an enum default: edits the config, the client and the ORM schema, migrates, keeps the user row", { timeout: 10 * MINUTE }, async () => {
    const args = ["add-field", ...FIELDS, ...(db ? [] : ["--no-migrate"])];
    const { result, changed, commit } = await step(args);
    try {
      expect(result.exitCode, result.all).toBe(0);
      expectMinimalChanges(c, changed, [c.serverConfig, c.schema, ...(c.client ? [c.client] : [])]);
      expect.soft(await parseErrors(dir, c, changed.map((f) => f.file))).toEqual([]);

      // The fields are declared to Better Auth (in the config or a module it imports).
      const declared = [c.serverConfig, ...changed.filter((f) => f.isNew && /\.[cm]?[jt]s$/.test(f.file)).map((f) => f.file)].map((f) => read(dir, f)).join("\n");
      expect.soft(declared).toMatch(/additionalFields/);
      for (const field of ["company", "level", "plan"]) expect.soft(declared).toMatch(new RegExp(`\\b${field}\\b`));
      expect(() => betterAuthOptions(read(dir, c.serverConfig), c.serverConfig)).not.toThrow();
      if (c.client) expect.soft(clientPlugins(read(dir, c.client), c.client)).toContain("inferAdditionalFields");

      // The ORM schema: every original column kept, the three new ones with their defaults.
      const columns = userColumns(c, dir);
      for (const key of original.keys()) expect.soft([...columns.keys()], `original column ${key}`).toContain(key);
      const text = (key: string) => columns.get(key)?.text ?? "";
      if (c.orm === "drizzle") {
        expect.soft(text("company")).not.toBe("");
        expect.soft(text("company")).not.toMatch(/notNull\(\)/);
        expect.soft(text("level")).toMatch(/\.default\(\s*1\s*\)/);
        expect.soft(text("level")).toMatch(/\.notNull\(\)/);
        expect.soft(text("plan")).toMatch(/\.default\(\s*["']free["']\s*\)/);
        expect.soft(text("plan")).toMatch(/\.notNull\(\)/);
        expect.soft(text("plan")).toMatch(/["']pro["']/);
      } else {
        expect.soft(text("company")).toMatch(/^company\s+String\?/);
        expect.soft(text("level")).toMatch(/^level\s+Int\s.*@default\(1\)/);
        expect.soft(text("plan")).toMatch(/^plan\s+\w+\s.*@default\("?free"?\)/);
      }

      if (db) {
        await migrated(result.all ?? "", "user", "plan");
        const cols = await db.columns("user");
        for (const col of ["company", "level", "plan"]) expect.soft([...cols.keys()]).toContain(col);
        expect.soft(cols.get("level")).toMatch(/1/);
        expect.soft(cols.get("plan")).toMatch(/free/);
        const ann = await db.user(ANN.id);
        expect.soft(ann, "the user row made before add-field").toBeDefined();
        expect.soft(ann).toMatchObject({ name: ANN.name, email: ANN.email, level: "1", plan: "free", company: "" });
      }
    } finally {
      await commit();
    }
    await secondRunChangesNothing(args);
  });

  it("add plugin two-factor username: once each, cookie plugin still last, client plugins, tables in the project's casing", { timeout: 10 * MINUTE }, async () => {
    const args = ["add", "plugin", "two-factor", "username", ...(db ? [] : ["--no-migrate"])];
    const { result, changed, commit } = await step(args);
    try {
      expect(result.exitCode, result.all).toBe(0);
      expectMinimalChanges(c, changed, [c.serverConfig, c.schema, ...(c.client ? [c.client] : [])]);
      expect.soft(await parseErrors(dir, c, changed.map((f) => f.file))).toEqual([]);

      const plugins = serverPlugins(read(dir, c.serverConfig), c.serverConfig);
      expect.soft(plugins.filter((p) => p === "twoFactor")).toHaveLength(1);
      expect.soft(plugins.filter((p) => p === "username")).toHaveLength(1);
      if (c.lastPlugin) expect.soft(plugins.at(-1)).toBe(c.lastPlugin);
      if (c.client) {
        const client = clientPlugins(read(dir, c.client), c.client);
        expect.soft(client.filter((p) => p === "twoFactorClient")).toHaveLength(1);
        expect.soft(client.filter((p) => p === "usernameClient")).toHaveLength(1);
      }

      const columns = userColumns(c, dir);
      for (const key of ["twoFactorEnabled", "username", "displayUsername", "company", "level", "plan"]) expect.soft([...columns.keys()]).toContain(key);
      const schema = read(dir, c.schema);
      if (c.orm === "drizzle") {
        // Same casing as the project's own columns: email_verified → two_factor_enabled.
        expect.soft(columns.get("twoFactorEnabled")?.sqlName).toBe(columnName(c, original, "twoFactorEnabled"));
        expect.soft(columns.get("displayUsername")?.sqlName).toBe(columnName(c, original, "displayUsername"));
        const twoFactorTable = drizzleColumns(schema, c.schema, "two_factor") ?? drizzleColumns(schema, c.schema, "twoFactor");
        expect.soft(twoFactorTable, `a two-factor table in ${c.schema}`).toBeDefined();
        expect.soft(twoFactorTable?.map((col) => col.key)).toEqual(expect.arrayContaining(["id", "secret", "backupCodes", "userId"]));
      } else {
        expect.soft(prismaFields(schema, "TwoFactor"), `model TwoFactor in ${c.schema}`).toBeDefined();
      }

      if (db) {
        const enabled = columnName(c, original, "twoFactorEnabled");
        await migrated(result.all ?? "", "user", enabled);
        expect.soft((await db.tables()).some((table) => /^two_?factor$/i.test(table))).toBe(true);
        expect.soft(await db.user(ANN.id)).toMatchObject({ name: ANN.name, plan: "free" });
      }
    } finally {
      await commit();
    }
    await secondRunChangesNothing(args);
  });

  it("add provider github: one github entry, nothing duplicated", { timeout: 10 * MINUTE }, async () => {
    const args = ["add", "provider", "github", ...(db ? [] : ["--no-migrate"])];
    const { result, changed, commit } = await step(args);
    try {
      expect(result.exitCode, result.all).toBe(0);
      const envFile = (f: FileChange) => /(^|\/)\.env(\.example)?$/.test(f.file);
      expectMinimalChanges(c, changed.filter((f) => !envFile(f)), c.githubConfigured ? [] : [c.serverConfig]);
      expect.soft(await parseErrors(dir, c, changed.map((f) => f.file))).toEqual([]);
      expect.soft(socialProviders(read(dir, c.serverConfig), c.serverConfig).filter((p) => p === "github")).toHaveLength(1);
      if (c.githubConfigured) expect.soft(changed.map((f) => f.file), "github was configured already").not.toContain(c.serverConfig);
    } finally {
      await commit();
    }
    await secondRunChangesNothing(args);
  });

  it("the project's own type-check gives the same result as before", { timeout: 10 * MINUTE }, async () => {
    const after = await typecheck(dir, c.name);
    expect.soft({ code: after.code, errors: after.errors }, `before:\n${before.output.slice(-2000)}\nafter:\n${after.output.slice(-3000)}`).toEqual({ code: before.code, errors: before.errors });
  });
});

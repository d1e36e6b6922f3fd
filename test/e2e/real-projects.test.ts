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
import { describe, it, type ExpectStatic } from "vitest";
import { CACHE, copyProject, ensureProject, node22Env, projectStamp, run } from "../../scripts/real-projects.mjs";
import { cleanup, WORK } from "./harness.js";
import { CASES, type RealCase } from "./real-projects/cases.js";
import {
  betterAuthOptions,
  changes,
  cliWithin,
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
/** Projects checked at once: their type-checks and migrations mostly wait on child processes. */
const AT_ONCE = 3;
/** One command, its migration included; far above the ~20 s a `drizzle-kit push` takes here. */
const COMMAND_LIMIT = 4 * MINUTE;
/** How the CLI says it left the database for the user to update. */
const NOT_MIGRATED = /not migrated|update the database|skipped the migration/i;

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

/** The SQL name the project would give a camelCase field, judged from `emailVerified`. */
function columnName(original: Map<string, Column>, field: string): string {
  const sample = original.get("emailVerified")?.sqlName;
  return sample === "email_verified" ? field.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`) : field;
}

/** At most `n` callers inside at once. */
function gate(n: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((resolveTurn) => waiting.push(resolveTurn));
    active++;
    try {
      return await work();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}
const turn = gate(AT_ONCE);

/**
 * One project, checked the way a person would use it: three commands in order, each followed by
 * its checks and a commit, then the project's own type-check. Failures are soft so one run reports
 * every shortfall; each message starts with the step it belongs to.
 */
async function checkProject(c: RealCase, expect: ExpectStatic) {
  await ensureProject(c.name);
  const dir = copyProject(c.name, join(WORK, `real-${c.name}-${randomBytes(3).toString("hex")}`));
  const transcript: string[] = [];
  let db: Database | undefined;
  try {
    for (const [file, values] of Object.entries(c.envValues ?? {})) setEnv(dir, file, values);
    if (c.database) {
      db = await createDatabase(dir, c.database, `rp_${c.name.replace(/\W/g, "_")}`);
      if (c.database.kind === "postgres") setEnv(dir, c.database.envFile, { DATABASE_URL: db.url });
      // The project's ORIGINAL schema, applied with its own tool, then one user who must survive.
      await inProject(dir, c.database.apply);
      await db.insertUser(ANN);
      expect(await db.user(ANN.id), "the user row before any command").toMatchObject({ name: ANN.name });
    }
    const before = await baselineTypecheck(c.name, dir);
    const original = userColumns(c, dir, expect, "baseline");
    expect(original.size, `the user table/model in ${c.schema}`).toBeGreaterThan(0);
    await gitBaseline(dir);

    /** Run a command; check it (unless it failed); commit what it did; run it again: nothing may change. */
    const step = async (label: string, args: string[], checks: (output: string, changed: FileChange[], soft: Soft) => Promise<void>) => {
      const soft: Soft = (value, message) => expect.soft(value, `[${label}] ${message ?? ""}`);
      const result = await cliWithin([...args, "--yes", "--cwd", dir], COMMAND_LIMIT);
      const changed = await changes(dir);
      transcript.push(`$ create-auth-service ${args.join(" ")}\n(exit ${result.exitCode})\n${result.all ?? ""}\n${await diff(dir)}`);
      soft(result.exitCode, `exit code (-1: killed, still running after ${COMMAND_LIMIT / 1000} s); output:\n${result.all}`).toBe(0);
      try {
        if (result.exitCode === 0) await checks(result.all ?? "", changed, soft);
      } finally {
        await commitAll(dir, label);
      }
      if (result.exitCode !== 0) return;
      const again = await cliWithin([...args, "--yes", "--cwd", dir], COMMAND_LIMIT);
      transcript.push(`$ create-auth-service ${args.join(" ")}   (second run)\n(exit ${again.exitCode})\n${again.all ?? ""}\n${await diff(dir)}`);
      soft(again.exitCode, `second run exit code; output:\n${again.all}`).toBe(0);
      soft((await changes(dir)).map((f) => f.file), `a second run changed files:\n${await diff(dir)}`).toEqual([]);
      await commitAll(dir, `${label} (second run)`);
    };

    const minimal = (soft: Soft, changed: FileChange[], must: string[]) => {
      const files = changed.map((f) => f.file);
      for (const file of must) soft(files, `${file} should have been edited`).toContain(file);
      soft(changed.filter((f) => !allowed(c, f)).map((f) => f.file), "files changed that this command has no reason to touch").toEqual([]);
      // Edits are insertions: never rewrite a user's file.
      soft(changed.filter((f) => !f.isNew && f.deleted > MAX_DELETED_LINES).map((f) => `${f.file} (-${f.deleted})`), "files rewritten instead of edited").toEqual([]);
    };

    /**
     * Drizzle projects with a database: the CLI migrates, or says it did not and prints the
     * project's command (which is then run). Saying it migrated when the column is missing fails.
     */
    const migrated = async (soft: Soft, output: string, column: string) => {
      if (!db || !c.database) return;
      if (!(await db.columns("user")).has(column)) {
        soft(output, `"${column}" is not in the database, yet the output does not say the database still needs updating`).toMatch(NOT_MIGRATED);
        if (!NOT_MIGRATED.test(output)) return;
        // Its drizzle-kit can only push on a terminal: the output must say so and name the command; nothing more to run here.
        if (c.database.needsTerminal) {
          soft(output, "the output names the project's push command and why it was not run").toMatch(/(terminal|tablesFilter)[\s\S]*(db:push|drizzle-kit push)/);
          soft(output, "the output claims a migration ran").not.toMatch(/^Ran /m);
          return;
        }
        soft(output, `"${column}" is not in the database and the output names no migration command`).toMatch(/db:push|db:migrate|drizzle-kit (push|migrate)/);
        // drizzle-kit exits 0 on some failures (an existing table, a prompt without a terminal): its output says why.
        const applied = await run(c.database.apply[0], c.database.apply.slice(1), { cwd: dir, env: node22Env(), timeout: COMMAND_LIMIT });
        transcript.push(`$ ${c.database.apply.join(" ")}   (as the output says)\n(exit ${applied.code})\n${applied.output}`);
        soft([...(await db.columns("user")).keys()], `columns in the database after \`${c.database.apply.join(" ")}\`, which printed:\n${applied.output.slice(-1500)}`).toContain(column);
        return;
      }
      soft([...(await db.columns("user")).keys()], "columns in the database").toContain(column);
    };

    const clientMust = c.client ? [c.client] : [];

    await step("add-field", ["add-field", ...FIELDS, ...(db ? [] : ["--no-migrate"])], async (output, changed, soft) => {
      minimal(soft, changed, [c.serverConfig, c.schema, ...clientMust]);
      soft(await parseErrors(dir, c, changed.map((f) => f.file)), "parse errors").toEqual([]);

      // The fields are declared to Better Auth (in the config or a module it imports).
      const declared = [c.serverConfig, ...changed.filter((f) => f.isNew && /\.[cm]?[jt]s$/.test(f.file)).map((f) => f.file)].map((f) => read(dir, f)).join("\n");
      soft(declared, "additionalFields").toMatch(/additionalFields/);
      for (const field of ["company", "level", "plan"]) soft(declared, `field ${field} declared`).toMatch(new RegExp(`\\b${field}\\b`));
      soft(() => betterAuthOptions(read(dir, c.serverConfig), c.serverConfig), "one betterAuth({...}) call").not.toThrow();
      if (c.client) soft(clientPlugins(read(dir, c.client), c.client), "client plugins").toContain("inferAdditionalFields");

      // The ORM schema: every original column kept, the three new ones with their defaults.
      const columns = userColumns(c, dir, expect, "add-field");
      soft([...columns.keys()], "original columns kept").toEqual(expect.arrayContaining([...original.keys()]));
      const text = (key: string) => columns.get(key)?.text ?? "";
      if (c.orm === "drizzle") {
        soft(text("company"), "company column").toMatch(/^company:/);
        soft(text("company"), "company is optional").not.toMatch(/notNull\(\)/);
        soft(text("level"), "level default").toMatch(/\.default\(\s*1\s*\)/);
        soft(text("level"), "level required").toMatch(/\.notNull\(\)/);
        soft(text("plan"), "plan default").toMatch(/\.default\(\s*["']free["']\s*\)/);
        soft(text("plan"), "plan required").toMatch(/\.notNull\(\)/);
        soft(text("plan"), "plan values").toMatch(/["']pro["']/);
      } else {
        soft(text("company"), "company field").toMatch(/^company\s+String\?/);
        soft(text("level"), "level field").toMatch(/^level\s+Int\s.*@default\(1\)/);
        soft(text("plan"), "plan field").toMatch(/^plan\s+\w+\s.*@default\("?free"?\)/);
      }

      if (db && c.database?.needsTerminal) {
        await migrated(soft, output, "plan");
        soft(await db.user(ANN.id), "the user row, untouched while the push waits for a terminal").toMatchObject({ name: ANN.name, email: ANN.email });
      } else if (db) {
        await migrated(soft, output, "plan");
        const cols = await db.columns("user");
        soft([...cols.keys()], "database columns").toEqual(expect.arrayContaining(["company", "level", "plan"]));
        soft(cols.get("level") ?? "(no level column)", "level column default").toMatch(/1/);
        soft(cols.get("plan") ?? "(no plan column)", "plan column default").toMatch(/free/);
        soft(await db.user(ANN.id), "the user row made before add-field").toMatchObject({ name: ANN.name, email: ANN.email, level: "1", plan: "free", company: "" });
      }
    });

    await step("add plugin", ["add", "plugin", "two-factor", "username", ...(db ? [] : ["--no-migrate"])], async (output, changed, soft) => {
      minimal(soft, changed, [c.serverConfig, c.schema, ...clientMust]);
      soft(await parseErrors(dir, c, changed.map((f) => f.file)), "parse errors").toEqual([]);

      const plugins = serverPlugins(read(dir, c.serverConfig), c.serverConfig);
      soft(plugins.filter((p) => p === "twoFactor"), `twoFactor() once in ${JSON.stringify(plugins)}`).toHaveLength(1);
      soft(plugins.filter((p) => p === "username"), `username() once in ${JSON.stringify(plugins)}`).toHaveLength(1);
      if (c.lastPlugin) soft(plugins.at(-1), `${c.lastPlugin} stays last`).toBe(c.lastPlugin);
      if (c.client) {
        const client = clientPlugins(read(dir, c.client), c.client);
        soft(client.filter((p) => p === "twoFactorClient"), `twoFactorClient() once in ${JSON.stringify(client)}`).toHaveLength(1);
        soft(client.filter((p) => p === "usernameClient"), `usernameClient() once in ${JSON.stringify(client)}`).toHaveLength(1);
      }

      const columns = userColumns(c, dir, expect, "add plugin");
      soft([...columns.keys()], "user columns").toEqual(expect.arrayContaining(["twoFactorEnabled", "username", "displayUsername", "company", "level", "plan"]));
      const schema = read(dir, c.schema);
      if (c.orm === "drizzle") {
        // Same casing as the project's own columns: email_verified → two_factor_enabled.
        soft(columns.get("twoFactorEnabled")?.sqlName, "twoFactorEnabled SQL name").toBe(columnName(original, "twoFactorEnabled"));
        soft(columns.get("displayUsername")?.sqlName, "displayUsername SQL name").toBe(columnName(original, "displayUsername"));
        const twoFactorTable = drizzleColumns(schema, c.schema, "two_factor") ?? drizzleColumns(schema, c.schema, "twoFactor");
        soft(twoFactorTable?.map((col) => col.key), `a two-factor table in ${c.schema}`).toEqual(expect.arrayContaining(["id", "secret", "backupCodes", "userId"]));
      } else {
        soft(prismaFields(schema, "TwoFactor"), `model TwoFactor in ${c.schema}`).toBeDefined();
      }

      if (db && c.database?.needsTerminal) {
        await migrated(soft, output, columnName(original, "twoFactorEnabled"));
        soft(await db.user(ANN.id), "the user row, untouched while the push waits for a terminal").toMatchObject({ name: ANN.name });
      } else if (db) {
        await migrated(soft, output, columnName(original, "twoFactorEnabled"));
        soft(await db.tables(), "a two-factor table in the database").toEqual(expect.arrayContaining([expect.stringMatching(/^two_?factor$/i)]));
        soft(await db.user(ANN.id), "the user row after add plugin").toMatchObject({ name: ANN.name, plan: "free" });
      }
    });

    await step("add provider", ["add", "provider", "github", ...(db ? [] : ["--no-migrate"])], async (_output, changed, soft) => {
      const envFile = (f: FileChange) => /(^|\/)\.env(\.example)?$/.test(f.file);
      minimal(soft, changed.filter((f) => !envFile(f)), c.githubConfigured ? [] : [c.serverConfig]);
      soft(await parseErrors(dir, c, changed.map((f) => f.file)), "parse errors").toEqual([]);
      soft(socialProviders(read(dir, c.serverConfig), c.serverConfig).filter((p) => p === "github"), "one github provider").toHaveLength(1);
      if (c.githubConfigured) soft(changed.map((f) => f.file), "github was configured already").not.toContain(c.serverConfig);
    });

    const after = await typecheck(dir, c.name);
    expect
      .soft({ code: after.code, errors: after.errors }, `[type-check] the project's own type-check changed; before:\n${before.output.slice(-1500)}\nafter:\n${after.output.slice(-3000)}`)
      .toEqual({ code: before.code, errors: before.errors });
  } finally {
    // What each command printed and changed, for reading when an assertion fails.
    mkdirSync(join(CACHE, "_logs"), { recursive: true });
    writeFileSync(join(CACHE, "_logs", `${c.name}.log`), transcript.join("\n\n"));
    await db?.drop();
    cleanup(dir);
  }
}

type Soft = (value: unknown, message?: string) => ReturnType<ExpectStatic["soft"]>;

/** The `user` table's columns (Drizzle) or `User` model's fields (Prisma), by name. */
function userColumns(c: RealCase, dir: string, expect: ExpectStatic, label: string): Map<string, Column> {
  const source = read(dir, c.schema);
  if (c.orm === "prisma") {
    const fields = prismaFields(source, "User");
    expect.soft(fields, `[${label}] model User in ${c.schema}`).toBeDefined();
    return new Map([...(fields ?? new Map<string, string>())].map(([key, text]) => [key, { key, text }]));
  }
  const columns = drizzleColumns(source, c.schema, "user");
  expect.soft(columns, `[${label}] the "user" table in ${c.schema}`).toBeDefined();
  return new Map((columns ?? []).map((col) => [col.key, col]));
}

// Concurrent tests must use their own `expect` (from the test context) so failures land on the right test.
describe.concurrent("real projects made by other tools: add-field, add plugin, add provider with no --config", () => {
  for (const c of CASES) {
    it(`${c.name}: every command exits 0, edits only what it must, keeps the data and the project's type-check`, { timeout: 60 * MINUTE }, async ({ expect }) => {
      await turn(() => checkProject(c, expect));
    });
  }
});

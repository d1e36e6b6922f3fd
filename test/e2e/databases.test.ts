// Databases and ORMs end to end, pairwise: each case scaffolds, installs, migrates a fresh
// database (dropped afterwards), type-checks, builds, starts and passes the whole auth flow with
// custom fields of every kind. MongoDB and Prisma's migrations cannot run here (no MongoDB server;
// Prisma downloads its schema engine): those cases test everything that runs offline.
// The cases run concurrently (each has its own folder, database and port): most of their time is
// spent waiting on installs, servers and rate-limit windows.
import { execa } from "execa";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { provesAuthFlow } from "./auth-flow.js";
import { cleanup, cli, freshMysql, freshPostgres, installCached, sh, startService, workDir } from "./harness.js";

const TEN_MINUTES = 10 * 60_000;

/** One field of each type Better Auth stores; tier and credits are privileged (not settable at sign-up). */
const FIELDS = [
  "tier:enum(free|pro|team):default=free", "credits:number:default=0", "company:string:optional",
  "newsletter:boolean:default=false:input", "tags:string[]:optional", "birthday:date:optional", "prefs:json:optional",
].flatMap((f) => ["--field", f]);
const SIGN_UP = { tier: "team", credits: 1000, company: "Acme", newsletter: true, tags: ["x", "y"], birthday: "2030-01-02T03:04:05.000Z", prefs: { theme: "dark", sizes: [1, 2] } };
const CLAIMS = { tier: "free", credits: 0, company: "Acme", newsletter: true, tags: ["x", "y"], birthday: "2030-01-02T03:04:05.000Z", prefs: { theme: "dark", sizes: [1, 2] } };
/** Plugins with tables and user/session columns of their own, so the schema files are put to the test. */
const TABLE_PLUGINS = "jwt,bearer,two-factor,username,organization,admin,api-key,passkey,anonymous";


const npm = (dir: string, script: string, env: Record<string, string> = {}) =>
  execa("npm", ["run", script], { cwd: dir, reject: false, all: true, stdin: "ignore", env });

/** Scaffold without installing, install from the cache, and check the schema is really checked. */
async function scaffold(dir: string, args: string[]): Promise<void> {
  const run = await cli([dir, ...args, "--no-install", "--no-git", "--yes"]);
  expect(run.exitCode, run.all).toBe(0);
  await installCached(dir);
}

/** db:check must fail on an empty database, and pass after db:generate + db:migrate. */
async function migrates(dir: string): Promise<void> {
  const before = await npm(dir, "db:check");
  expect(before.exitCode, `db:check on an empty database must fail\n${before.all}`).not.toBe(0);
  await sh(dir, "npm", ["run", "db:generate"]);
  await sh(dir, "npm", ["run", "db:migrate"]);
  expect(await sh(dir, "npm", ["run", "db:check"])).toContain("Schema is up to date");
}

async function buildsStartsAndProves(dir: string, claims: Record<string, unknown>, extras: Record<string, unknown> = SIGN_UP): Promise<void> {
  await sh(dir, "npm", ["run", "typecheck"]);
  await sh(dir, "npm", ["run", "build"]);
  const service = await startService(dir, ["node", "dist/server.js"]);
  try {
    // JSON fields come back on the user but stay out of the JWT.
    const { prefs, ...jwtClaims } = claims;
    await provesAuthFlow(dir, service, { signUpExtras: extras, expectedClaims: jwtClaims, userOnly: prefs === undefined ? {} : { prefs } });
  } finally {
    expect(await service.stop(), `graceful shutdown\n${service.logs()}`).toBe(0);
  }
}

const drizzleSql = (dir: string) =>
  readdirSync(join(dir, "drizzle")).filter((f) => f.endsWith(".sql")).map((f) => readFileSync(join(dir, "drizzle", f), "utf8")).join("\n");

describe.concurrent("MySQL (MariaDB) with Better Auth's Kysely migrator and Express", () => {
  const dir = workDir("db-mysql-kysely");
  let db: Awaited<ReturnType<typeof freshMysql>>;
  afterAll(async () => {
    await db?.drop();
    cleanup(dir);
  });

  it("migrates a fresh database through a mysql2 pool and passes the auth flow", { timeout: TEN_MINUTES }, async () => {
    db = await freshMysql("cas_e2e_mysql");
    await scaffold(dir, ["--framework", "express", "--database", "mysql", "--database-url", db.url, ...FIELDS]);
    await migrates(dir);
    expect(readdirSync(join(dir, "better-auth_migrations")).length).toBe(1);
    await buildsStartsAndProves(dir, CLAIMS);
  });
});

describe.concurrent("PostgreSQL with Drizzle and Hono, nine plugins", () => {
  const dir = workDir("db-pg-drizzle");
  let db: Awaited<ReturnType<typeof freshPostgres>>;
  afterAll(async () => {
    await db?.drop();
    cleanup(dir);
  });

  it("drizzle-kit migrates the rendered schema, Better Auth finds nothing missing, and the auth flow passes", { timeout: TEN_MINUTES }, async () => {
    db = await freshPostgres("cas_e2e_pg_drizzle");
    await scaffold(dir, ["--framework", "hono", "--database", "postgres", "--database-url", db.url, "--orm", "drizzle", "--plugins", TABLE_PLUGINS, ...FIELDS]);
    await migrates(dir);
    const sql = drizzleSql(dir);
    // Better Auth's own column names, plugin tables and the custom fields, as drizzle-kit wrote them.
    for (const fragment of ['"emailVerified" boolean', 'CREATE TABLE "twoFactor"', 'CREATE TABLE "apikey"', '"tags" jsonb', '"tier" text DEFAULT \'free\' NOT NULL', '"birthday" timestamp with time zone'])
      expect(sql).toContain(fragment);
    await buildsStartsAndProves(dir, { ...CLAIMS, role: "user" });
  });
});

describe.concurrent("MySQL (MariaDB) with Drizzle and Hono", () => {
  const dir = workDir("db-mysql-drizzle");
  let db: Awaited<ReturnType<typeof freshMysql>>;
  afterAll(async () => {
    await db?.drop();
    cleanup(dir);
  });

  it("drizzle-kit migrates, JSON is stored once-encoded, and the auth flow passes", { timeout: TEN_MINUTES }, async () => {
    db = await freshMysql("cas_e2e_mysql_drizzle");
    await scaffold(dir, ["--database", "mysql", "--database-url", db.url, "--orm", "drizzle", "--plugins", "jwt,bearer,two-factor,admin", ...FIELDS]);
    await migrates(dir);
    expect(drizzleSql(dir)).toContain("`emailVerified` boolean NOT NULL DEFAULT false");
    await buildsStartsAndProves(dir, { ...CLAIMS, role: "user" });
    // Stored as JSON documents, not as JSON strings holding JSON.
    const { stdout } = await execa("mysql", ["-h", "127.0.0.1", "-u", "root", "-N", "-e", `SELECT JSON_TYPE(prefs) FROM ${db.name}.user WHERE company = 'Acme' LIMIT 1`]);
    expect(stdout.trim()).toBe("OBJECT");
  });
});

describe.concurrent("MongoDB with Better Auth's MongoDB adapter (no server here)", () => {
  const dir = workDir("db-mongodb");
  afterAll(() => cleanup(dir));

  it("installs, type-checks, builds and loads; its db scripts say there is nothing to migrate", { timeout: TEN_MINUTES }, async () => {
    await scaffold(dir, ["--database", "mongodb", "--database-url", "mongodb://127.0.0.1:27017/auth", ...FIELDS]);
    expect(JSON.parse(readFileSync(join(dir, "create-auth-service.json"), "utf8")).config.orm).toBe("none");
    await sh(dir, "npm", ["run", "typecheck"]);
    await sh(dir, "npm", ["run", "build"]);
    // The module graph loads at run time (the driver connects only on first use).
    const loaded = await execa("node", ["--input-type=module", "-e", "const { auth } = await import('./dist/auth.js'); console.log(typeof auth.handler); process.exit(0);"], { cwd: dir, all: true, reject: false });
    expect(loaded.exitCode, loaded.all).toBe(0);
    expect(loaded.stdout).toContain("function");
    expect(await sh(dir, "npm", ["run", "db:migrate"])).toContain("MongoDB needs no migrations");
  });
});

describe.concurrent("Prisma 7 (its schema engine cannot be downloaded here)", () => {
  const dir = workDir("db-pg-prisma");
  let db: Awaited<ReturnType<typeof freshPostgres>>;
  // Prisma fetches a schema-engine binary before every command; validate, format and generate run
  // without it (WASM), so point it at a stand-in. Migrations do need it and are not run here.
  const offline = { PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false" };
  afterAll(async () => {
    await db?.drop();
    cleanup(dir);
  });

  it("validates every provider's schema, generates the client, matches Better Auth's schema check and serves the auth flow", { timeout: TEN_MINUTES }, async () => {
    db = await freshPostgres("cas_e2e_prisma");
    // No JSON or array fields here: the tables come from Better Auth's migrator (below), which
    // stores those as jsonb where Prisma's schema has text and text[].
    const fields = ["tier:enum(free|pro|team):default=free", "credits:number:default=0", "company:string:optional", "newsletter:boolean:default=false:input", "birthday:date:optional"].flatMap((f) => ["--field", f]);
    await scaffold(dir, ["--database", "postgres", "--database-url", db.url, "--orm", "prisma", "--plugins", TABLE_PLUGINS, ...fields]);

    // Every provider's schema, as the CLI renders it, is valid for the installed prisma and already
    // in `prisma format`'s layout (MySQL and SQLite rendered beside this project, not installed).
    const schemas: [string, string][] = [[join(dir, "prisma/schema.prisma"), db.url]];
    await Promise.all([["mysql", "mysql://root@127.0.0.1:3306/x"], ["sqlite", "file:./data/auth.db"]].map(async ([database, url]) => {
      const run = await cli([`${dir}-${database}`, "--database", database, "--database-url", url, "--orm", "prisma", "--plugins", TABLE_PLUGINS, "--no-install", "--no-git", "--yes", ...FIELDS]);
      expect(run.exitCode, run.all).toBe(0);
      schemas.push([join(`${dir}-${database}`, "prisma/schema.prisma"), url]);
    }));
    for (const [schema, url] of schemas) {
      const rendered = readFileSync(schema, "utf8");
      expect(await sh(dir, "npx", ["prisma", "validate", "--schema", schema], { ...offline, DATABASE_URL: url })).toContain("is valid");
      await sh(dir, "npx", ["prisma", "format", "--schema", schema], { ...offline, DATABASE_URL: url });
      expect(readFileSync(schema, "utf8"), `${schema} is in prisma format's layout`).toBe(rendered);
    }
    cleanup(`${dir}-mysql`);
    cleanup(`${dir}-sqlite`);

    expect(await sh(dir, "npm", ["run", "db:generate"], offline)).toContain("Generated Prisma Client");

    // Better Auth's own check of the generated client's data model against the auth config.
    writeFileSync(join(dir, "scripts/ba-schema-check.ts"), [
      'import { schemaCheckFor } from "@better-auth/core/db/internal";',
      'import { auth } from "../src/auth.js";',
      "const check = schemaCheckFor((await auth.$context).adapter);",
      'if (!check) throw new Error("no schema check registered");',
      "await check();",
      'console.log("schema check: nothing missing");',
      "process.exit(0);",
    ].join("\n"));
    expect(await sh(dir, "npx", ["tsx", "scripts/ba-schema-check.ts"])).toContain("nothing missing");

    // The same tables `prisma migrate` would make, made by Better Auth's migrator instead, so the
    // Prisma client and adapter can be proven against a real database.
    writeFileSync(join(dir, "scripts/tables.ts"), [
      'import { getMigrations } from "better-auth/db/migration";',
      'import pg from "pg";',
      'import { auth } from "../src/auth.js";',
      "const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });",
      "await (await getMigrations({ ...auth.options, database: pool })).runMigrations();",
      "await pool.end();",
      "process.exit(0);",
    ].join("\n"));
    await sh(dir, "npx", ["tsx", "scripts/tables.ts"]);
    const { birthday, tier, credits, company, newsletter } = SIGN_UP;
    await buildsStartsAndProves(dir, { role: "user", tier: "free", credits: 0, company, newsletter, birthday }, { birthday, tier, credits, company, newsletter });
  });
});

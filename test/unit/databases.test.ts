// Databases and ORMs: the compatibility rules, what each combination renders, and the schema files
// Drizzle and Prisma get (Better Auth's tables, plugin tables and custom fields).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createCommand } from "../../src/cli/create.js";
import { UserError } from "../../src/cli/errors.js";
import type { Database, Orm } from "../../src/config/catalog.js";
import { resolveConfig, type ResolvedConfig } from "../../src/config/resolve.js";
import type { PartialConfig } from "../../src/config/schema.js";
import { renderProject } from "../../src/render/project.js";
import { authTables } from "../../src/schema/auth-tables.js";
import { pluginUserColumns } from "../../src/features/plugins.js";
import { pluginUserFields } from "../../src/features/plan.js";
import { VERSIONS } from "../../src/versions.js";
import { userError } from "./expect-user-error.js";

const URLS: Record<Database, string | undefined> = {
  sqlite: undefined,
  postgres: "postgres://postgres@127.0.0.1:5432/auth",
  mysql: "mysql://root@127.0.0.1:3306/auth",
  mongodb: "mongodb://127.0.0.1:27017/auth",
};
const FIELDS = ["tier:enum(free|pro):default=free", "credits:number:default=0", "tags:string[]:optional", "prefs:json:optional", "birthday:date:optional", "vip:boolean:default=false", "code:string:optional:unique"];

const resolve = (partial: PartialConfig) => resolveConfig({ projectName: "db-test", ...partial });
const config = (database: Database, orm?: Orm, extra: PartialConfig = {}): ResolvedConfig =>
  resolve({ database, databaseUrl: URLS[database], ...(orm ? { orm } : {}), ...extra }).config;
const render = (c: ResolvedConfig) => renderProject(c, { toolVersion: "9.9.9", secret: () => "s".repeat(43) });


describe("database and ORM rules", () => {
  it.each([
    ["mysql without a URL", { database: "mysql" }, "--database-url mysql://"],
    ["mongodb without a URL", { database: "mongodb" }, "--database-url mongodb://"],
    ["a PostgreSQL URL for mysql", { database: "mysql", databaseUrl: "postgres://u@h/db" }, "mysql://"],
    ["a MySQL URL for postgres", { database: "postgres", databaseUrl: "mysql://u@h/db" }, "postgres://"],
    ["an http URL for mongodb", { database: "mongodb", databaseUrl: "http://h/db" }, "mongodb+srv://"],
    ["a server URL for sqlite", { database: "sqlite", databaseUrl: "postgres://u@h/db" }, "--database-url file:"],
    ["drizzle on mongodb", { database: "mongodb", databaseUrl: URLS.mongodb, orm: "drizzle" }, "drop --orm"],
    ["prisma on mongodb", { database: "mongodb", databaseUrl: URLS.mongodb, orm: "prisma" }, "Prisma 7 has no MongoDB driver adapter"],
    ["kysely on mongodb", { database: "mongodb", databaseUrl: URLS.mongodb, orm: "kysely" }, "drop --orm"],
    ["no ORM on postgres", { database: "postgres", databaseUrl: URLS.postgres, orm: "none" }, "--orm kysely, drizzle or prisma"],
  ] as const)("refuses %s in one sentence naming the fix", (_, partial, fix) => {
    const message = userError(() => resolve(partial as PartialConfig));
    expect(message).toContain(fix);
    expect(message.split(/\.\s/)).toHaveLength(1);
    expect(message).not.toContain("\n");
  });

  it("gives MongoDB no ORM by default and keeps the chosen ORM elsewhere", () => {
    expect(config("mongodb").orm).toBe("none");
    expect(config("mongodb", "none").orm).toBe("none");
    expect(config("mysql").orm).toBe("kysely");
    expect(config("postgres", "drizzle").orm).toBe("drizzle");
    expect(config("sqlite", "prisma").databaseUrl).toBe("file:./data/auth.db");
  });

  it.each(["mysql://u:p@h:3306/db", "mongodb+srv://u:p@cluster.example.net/auth", "MONGODB://h/db"])("accepts %s for its database", (url) => {
    const database = url.toLowerCase().startsWith("mysql") ? "mysql" : "mongodb";
    expect(resolve({ database, databaseUrl: url }).config.databaseUrl).toBe(url);
  });

  describe("the create command", () => {
    const work = mkdtempSync(join(tmpdir(), "cas-db-rules-"));
    afterAll(() => rmSync(work, { recursive: true, force: true }));
    const create = (flags: Record<string, unknown>) =>
      createCommand(join(work, "svc"), { yes: true, install: false, git: false, ...flags }, { version: "9.9.9", interactive: false });

    it.each([
      [{ database: "mongodb", databaseUrl: URLS.mongodb, orm: "drizzle" }, "--orm"],
      [{ database: "mysql" }, "--database-url"],
    ])("refuses %j before writing anything", async (flags, flag) => {
      await expect(create(flags)).rejects.toSatisfy((e: unknown) => e instanceof UserError && e.message.includes(flag));
      expect(existsSync(join(work, "svc"))).toBe(false);
    });

    it("asks for --database-url without a terminal when mysql has none", async () => {
      const run = createCommand(join(work, "svc"), { database: "mysql", framework: "hono", install: false, git: false }, { version: "9.9.9", interactive: false });
      await expect(run).rejects.toThrow(/--database-url/);
      expect(existsSync(join(work, "svc"))).toBe(false);
    });
  });
});

describe("what each database and ORM renders", () => {
  const SQL: Database[] = ["sqlite", "postgres", "mysql"];
  const COMBOS = [...SQL.flatMap((d) => (["kysely", "drizzle", "prisma"] as Orm[]).map((o) => [d, o] as const)), ["mongodb", "none"] as const];

  it.each(COMBOS)("%s + %s: db:generate, db:migrate and db:check scripts, a db.ts, pinned versions", async (database, orm) => {
    const tree = await render(config(database, orm, { fields: FIELDS }));
    const pkg = JSON.parse(tree.read("package.json")!);
    for (const script of ["db:generate", "db:migrate", "db:check"]) expect(pkg.scripts, script).toHaveProperty([script]);
    for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) expect(version, name).toBe(VERSIONS[name as keyof typeof VERSIONS]);
    const db = tree.read("src/db.ts")!;
    expect(db).toMatch(/export const database =/);
    expect(db).toMatch(/export async function closeDatabase/);
    expect(tree.read(".env")).toContain(`DATABASE_URL=${URLS[database] ?? "file:./data/auth.db"}`);
  });

  it("mysql + kysely hands a mysql2 pool to Better Auth", async () => {
    const tree = await render(config("mysql"));
    expect(tree.read("src/db.ts")).toContain('from "mysql2/promise"');
    expect(JSON.parse(tree.read("package.json")!).dependencies).toHaveProperty("mysql2");
    expect(tree.paths()).toContain("scripts/migrate.ts");
  });

  it("mongodb uses Better Auth's MongoDB adapter, with no ORM files and honest scripts", async () => {
    const tree = await render(config("mongodb"));
    const db = tree.read("src/db.ts")!;
    expect(db).toContain('import { mongodbAdapter } from "better-auth/adapters/mongodb"');
    expect(db).toContain("mongodbAdapter(client.db(), { client, transaction:");
    const pkg = JSON.parse(tree.read("package.json")!);
    expect(Object.keys(pkg.dependencies)).toContain("mongodb");
    expect(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })).not.toEqual(expect.arrayContaining(["pg"]));
    expect(pkg.scripts["db:migrate"]).toContain("needs no migrations");
    for (const p of ["scripts/migrate.ts", "drizzle.config.ts", "prisma/schema.prisma", "src/auth-schema.ts"]) expect(tree.paths()).not.toContain(p);
  });

  it.each([
    ["postgres", "pg", 'from "drizzle-orm/node-postgres"', 'dialect: "postgresql"'],
    ["mysql", "mysql", 'from "drizzle-orm/mysql2"', 'dialect: "mysql"'],
    ["sqlite", "sqlite", 'from "drizzle-orm/better-sqlite3"', 'dialect: "sqlite"'],
  ] as const)("drizzle on %s: adapter, drizzle-kit config and check script", async (database, provider, driver, dialect) => {
    const tree = await render(config(database, "drizzle"));
    const db = tree.read("src/db.ts")!;
    expect(db).toContain(driver);
    expect(db).toContain(`drizzleAdapter(db, { provider: "${provider}", schema, camelCase: true })`);
    expect(db).toContain("export const connection");
    expect(tree.read("drizzle.config.ts")).toContain(dialect);
    expect(tree.read("drizzle.config.ts")).toContain('schema: "./src/auth-schema.ts"');
    expect(tree.read("scripts/check-schema.ts")).toContain("getMigrations({ ...auth.options, database: connection })");
    const pkg = JSON.parse(tree.read("package.json")!);
    // drizzle-kit migrate runs under the database's migration lock, so replicas migrate once.
    expect(pkg.scripts).toMatchObject({ "db:generate": "drizzle-kit generate", "db:migrate": "tsx scripts/migrate-locked.ts" });
    expect(tree.read("scripts/migrate-locked.ts")).toContain('spawn("drizzle-kit", ["migrate"]');
    expect(tree.read("scripts/migration-lock.ts")).toContain("export async function withMigrationLock");
    expect(pkg.devDependencies).toHaveProperty("drizzle-kit");
    expect(tree.paths()).not.toContain("scripts/migrate.ts");
  });

  it.each([
    ["postgres", "postgresql", "@prisma/adapter-pg"],
    ["mysql", "mysql", "@prisma/adapter-mariadb"],
    ["sqlite", "sqlite", "@prisma/adapter-better-sqlite3"],
  ] as const)("prisma on %s: driver adapter, config and scripts", async (database, provider, adapter) => {
    const tree = await render(config(database, "prisma"));
    const db = tree.read("src/db.ts")!;
    expect(db).toContain(`from "${adapter}"`);
    expect(db).toContain(`prismaAdapter(prisma, { provider: "${provider}" })`);
    expect(db).toContain('from "./generated/prisma/client.js"');
    expect(tree.read("prisma/schema.prisma")).toContain(`provider = "${provider}"`);
    expect(tree.read("prisma.config.ts")).toContain('env("DATABASE_URL")');
    const pkg = JSON.parse(tree.read("package.json")!);
    expect(pkg.dependencies).toHaveProperty(adapter);
    expect(pkg.devDependencies).toHaveProperty("prisma");
    expect(pkg.scripts).toMatchObject({ "db:generate": "prisma generate", "db:deploy": "prisma migrate deploy" });
    expect(pkg.scripts["db:check"]).toContain("--exit-code");
    expect(tree.read(".gitignore")).toContain("src/generated/");
  });
});

describe("Better Auth's tables", () => {
  it("take each plugin's user columns from its one module, and those names are refused as custom fields", () => {
    expect(pluginUserColumns("admin")).toEqual(["role", "banned", "banReason", "banExpires"]);
    expect(pluginUserColumns("two-factor")).toEqual(["twoFactorEnabled"]);
    expect(pluginUserColumns("jwt")).toEqual([]);
    const userTable = authTables({ plugins: ["username"], fields: [] }).find((t) => t.name === "user")!;
    expect(userTable.columns.map((c) => c.name)).toEqual(expect.arrayContaining(pluginUserColumns("username")));
    expect(pluginUserFields({ plugins: ["admin", "anonymous"] })).toEqual(new Map([["role", "admin"], ["banned", "admin"], ["banReason", "admin"], ["banExpires", "admin"], ["isAnonymous", "anonymous"]]));
  });

  it("add plugin tables and columns only for the selected plugins, custom fields last on user", () => {
    const fields = resolve({ fields: FIELDS }).config.fields;
    const plain = authTables({ plugins: ["jwt", "bearer"], fields: [] });
    expect(plain.map((t) => t.name)).toEqual(["user", "session", "account", "verification", "jwks"]);
    const full = authTables({ plugins: ["organization", "admin", "two-factor"], fields });
    expect(full.map((t) => t.name)).toEqual(["user", "session", "account", "verification", "organization", "member", "invitation", "twoFactor"]);
    const user = full.find((t) => t.name === "user")!.columns.map((c) => c.name);
    expect(user.slice(-FIELDS.length)).toEqual(["tier", "credits", "tags", "prefs", "birthday", "vip", "code"]);
    expect(user).toEqual(expect.arrayContaining(["role", "banned", "twoFactorEnabled"]));
    expect(full.find((t) => t.name === "session")!.columns.map((c) => c.name)).toEqual(expect.arrayContaining(["activeOrganizationId", "impersonatedBy"]));
  });
});

describe("the Drizzle schema", () => {
  const schema = async (database: Database) =>
    (await render(config(database, "drizzle", { plugins: ["jwt", "bearer", "two-factor", "organization"], fields: FIELDS }))).read("src/auth-schema.ts")!;

  it("on PostgreSQL: camelCase columns, timestamptz, jsonb for JSON and arrays, indexes and foreign keys", async () => {
    const s = await schema("postgres");
    expect(s).toContain('from "drizzle-orm/pg-core"');
    expect(s).toContain('export const user = pgTable("user", {');
    expect(s).toContain('emailVerified: boolean("emailVerified").notNull().default(false),');
    expect(s).toContain('createdAt: timestamp("createdAt", { withTimezone: true }).notNull(),');
    expect(s).toContain('tier: text("tier", { enum: ["free", "pro"] }).notNull().default("free"),');
    expect(s).toContain('credits: integer("credits").notNull().default(0),');
    expect(s).toContain('tags: jsonb("tags"),');
    expect(s).toContain('prefs: jsonb("prefs"),');
    expect(s).toContain('birthday: timestamp("birthday", { withTimezone: true }),');
    expect(s).toContain('vip: boolean("vip").notNull().default(false),');
    expect(s).toContain('code: text("code").unique(),');
    expect(s).toContain('userId: text("userId").notNull().references(() => user.id, { onDelete: "cascade" }),');
    expect(s).toContain('index("session_userId_idx").on(table.userId),');
    for (const table of ["jwks", "twoFactor", "organization", "member", "invitation"]) expect(s).toContain(`export const ${table} = pgTable("${table}"`);
    expect(s).not.toMatch(/\b(text|boolean|timestamp|integer|jsonb)\("[^"]*_/); // no snake_case column names
  });

  it("on MySQL: bounded varchars for keys, datetime(3), JSON passed through as text", async () => {
    const s = await schema("mysql");
    expect(s).toContain('id: varchar("id", { length: 36 }).primaryKey(),');
    expect(s).toContain('email: varchar("email", { length: 255 }).notNull().unique(),');
    expect(s).toContain('userId: varchar("userId", { length: 36 }).notNull().references(() => user.id, { onDelete: "cascade" }),');
    expect(s).toContain('tier: varchar("tier", { length: 255, enum: ["free", "pro"] }).notNull().default("free"),');
    expect(s).toContain('createdAt: datetime("createdAt", { fsp: 3 }).notNull(),');
    expect(s).toContain('tags: jsonText("tags"),');
    expect(s).toContain('const jsonText = customType<{ data: string }>({ dataType: () => "json" });');
    expect(s).toContain('image: text("image"),');
  });

  it("on SQLite: integer booleans and millisecond timestamps, JSON as text", async () => {
    const s = await schema("sqlite");
    expect(s).toContain('from "drizzle-orm/sqlite-core"');
    expect(s).toContain('emailVerified: integer("emailVerified", { mode: "boolean" }).notNull().default(false),');
    expect(s).toContain('expiresAt: integer("expiresAt", { mode: "timestamp_ms" }).notNull(),');
    expect(s).toContain('prefs: text("prefs"),');
    expect(s).not.toContain("jsonb");
  });

  it("imports exactly the builders it uses", async () => {
    for (const database of ["postgres", "mysql", "sqlite"] as const) {
      const s = await schema(database);
      const imported = /import \{ ([^}]+) \}/.exec(s)![1].split(", ");
      const body = s.slice(s.indexOf("\n", s.indexOf("import {")));
      for (const name of imported) expect(body, `${database}: ${name}`).toMatch(new RegExp(`\\b${name}[<(]`));
    }
  });
});

describe("the Prisma schema", () => {
  const schema = async (database: Database) =>
    (await render(config(database, "prisma", { plugins: ["jwt", "bearer", "two-factor", "organization", "admin"], fields: FIELDS }))).read("prisma/schema.prisma")!;

  it("has every Better Auth model mapped to its table, with relations both ways", async () => {
    const s = await schema("postgres");
    expect(s).toContain('provider            = "prisma-client"');
    expect(s).toContain('output              = "../src/generated/prisma"');
    expect(s).toContain('importFileExtension = "js"');
    for (const [model, table] of [["User", "user"], ["Session", "session"], ["Account", "account"], ["Verification", "verification"], ["Jwks", "jwks"], ["TwoFactor", "twoFactor"], ["Organization", "organization"], ["Member", "member"], ["Invitation", "invitation"]])
      expect(s).toMatch(new RegExp(`model ${model} \\{[^}]*@@map\\("${table}"\\)\\n\\}`));
    expect(s).toMatch(/user\s+User\s+@relation\(fields: \[userId\], references: \[id\], onDelete: Cascade\)/);
    expect(s).toMatch(/inviter\s+User\s+@relation\(fields: \[inviterId\], references: \[id\], onDelete: Cascade\)/);
    expect(s).toMatch(/sessions\s+Session\[\]/);
    expect(s).toMatch(/invitations\s+Invitation\[\]/);
    expect(s).toContain('@@index([userId], map: "session_userId_idx")');
  });

  it("on PostgreSQL: native arrays, timestamptz, custom fields with their defaults and admin columns", async () => {
    const s = await schema("postgres");
    expect(s).toMatch(/tier\s+String\s+@default\("free"\)/);
    expect(s).toMatch(/credits\s+Int\s+@default\(0\)/);
    expect(s).toMatch(/tags\s+String\[\]\n/);
    expect(s).toMatch(/prefs\s+String\?\n/);
    expect(s).toMatch(/birthday\s+DateTime\?\s+@db\.Timestamptz\(3\)/);
    expect(s).toMatch(/vip\s+Boolean\s+@default\(false\)/);
    expect(s).toMatch(/code\s+String\?\s+@unique/);
    expect(s).toMatch(/role\s+String\?\n/);
    expect(s).toMatch(/banned\s+Boolean\?\s+@default\(false\)/);
  });

  it("on MySQL: VarChar keys and Text for long values, arrays as text", async () => {
    const s = await schema("mysql");
    expect(s).toMatch(/id\s+String\s+@id @db\.VarChar\(36\)/);
    expect(s).toMatch(/email\s+String\s+@unique @db\.VarChar\(255\)/);
    expect(s).toMatch(/token\s+String\s+@unique @db\.VarChar\(255\)/);
    expect(s).toMatch(/accessToken\s+String\?\s+@db\.Text/);
    expect(s).toMatch(/tags\s+String\?\s+@db\.Text/);
    expect(s).not.toContain("Timestamptz");
  });

  it("on SQLite: plain types", async () => {
    const s = await schema("sqlite");
    expect(s).toContain('provider = "sqlite"');
    expect(s).not.toContain("@db.");
    expect(s).toMatch(/tags\s+String\?\n/);
  });
});

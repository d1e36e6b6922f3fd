import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createFsFromVolume, Volume } from "memfs";
import { describe, expect, it } from "vitest";
import type { Plugin } from "../../src/config/catalog.js";
import { parseFieldSpecs } from "../../src/config/field-spec.js";
import { ensureDrizzleTables, findDrizzleSchemaFiles, inspectDrizzleSchema, type SearchFs } from "../../src/edit/drizzle-schema.js";
import { parseModule } from "../../src/edit/parse.js";
import { ensurePrismaModels } from "../../src/edit/prisma-schema.js";
import { authTables, type AuthTable } from "../../src/schema/auth-tables.js";
import { userError } from "./expect-user-error.js";

/**
 * Every folder under test/fixtures/orm/ is a case: input.ts or input.prisma, the expected file
 * next to it, and an optional options.json ({ fileName, plugins, fields }) over the defaults below
 * (the `add-field` and `add plugin` examples a new user tries first). The edit asks for all of
 * Better Auth's tables, so anything a project already has must be left alone.
 * UPDATE_FIXTURES=1 writes missing expected files (review them!).
 */
const ROOT = fileURLToPath(new URL("../fixtures/orm/", import.meta.url));
const DEFAULTS = {
  plugins: ["two-factor", "username"] as Plugin[],
  fields: ["company:string:optional", "level:number:default=1", "plan:enum(free|pro):default=free"],
};

function tablesFor(options: { plugins?: Plugin[]; fields?: string[] }): AuthTable[] {
  const { plugins, fields } = { ...DEFAULTS, ...options };
  return authTables({ plugins, fields: parseFieldSpecs(fields).map((p) => p.field) });
}

const cases = readdirSync(ROOT).filter((name) => statSync(path.join(ROOT, name)).isDirectory());

describe("ORM schema fixtures", () => {
  it("has cases for Drizzle and Prisma", () => {
    expect(cases.filter((c) => c.startsWith("drizzle-")).length).toBeGreaterThanOrEqual(7);
    expect(cases.filter((c) => c.startsWith("prisma-")).length).toBeGreaterThanOrEqual(2);
  });

  for (const name of cases) {
    it(name, () => {
      const dir = path.join(ROOT, name);
      const optionsFile = path.join(dir, "options.json");
      const options = existsSync(optionsFile) ? JSON.parse(readFileSync(optionsFile, "utf8")) : {};
      const prisma = existsSync(path.join(dir, "input.prisma"));
      const ext = prisma ? "prisma" : "ts";
      const fileName: string = options.fileName ?? (prisma ? "prisma/schema.prisma" : "src/db/schema.ts");
      const tables = tablesFor(options);
      const run = (source: string) => (prisma ? ensurePrismaModels(source, tables) : ensureDrizzleTables(source, fileName, tables));

      const input = readFileSync(path.join(dir, `input.${ext}`), "utf8");
      const expectedFile = path.join(dir, `expected.${ext}`);
      const first = run(input);
      if (!existsSync(expectedFile) && process.env.UPDATE_FIXTURES) writeFileSync(expectedFile, first.code);
      const expected = readFileSync(expectedFile, "utf8");
      expect(first.code).toBe(expected);
      expect(first.changed).toBe(input !== expected);
      if (options.added) expect(first.added).toEqual(options.added);
      if (prisma) expectPrismaStructure(first.code);
      else expect(() => parseModule(first.code, fileName)).not.toThrow();
      // Only additions: the input's code is still there, in order (Prisma lines may be re-aligned).
      expect(isSubsequence(input.replace(/\s+/g, ""), first.code.replace(/\s+/g, ""))).toBe(true);

      const second = run(first.code);
      expect(second).toEqual({ code: first.code, changed: false, added: [] });
    });
  }
});

function isSubsequence(needle: string, haystack: string): boolean {
  let at = 0;
  for (const char of needle) {
    at = haystack.indexOf(char, at) + 1;
    if (at === 0) return false;
  }
  return true;
}

/** Without the Prisma CLI: balanced blocks, one definition per model, every field typed, relations to known models. */
function expectPrismaStructure(schema: string) {
  const models = new Map<string, string[]>();
  let current: string | null = null;
  for (const line of schema.split(/\r?\n/)) {
    const header = /^(model|enum|datasource|generator)\s+(\w+)\s*\{$/.exec(line);
    if (header) {
      expect(current, `block opened inside ${current}`).toBeNull();
      current = header[2];
      if (header[1] === "model") {
        expect(models.has(current), `model ${current} defined twice`).toBe(false);
        models.set(current, []);
      }
      continue;
    }
    if (line === "}") {
      expect(current).not.toBeNull();
      current = null;
      continue;
    }
    if (current && models.has(current) && line.trim() && !line.trim().startsWith("@@") && !line.trim().startsWith("//")) {
      const field = /^\s+(\w+)\s+(\w+)(\[\])?\??(\s+@.*)?(\s+\/\/.*)?$/.exec(line);
      expect(field, `field line: ${line}`).not.toBeNull();
      expect(models.get(current)!.includes(field![1]), `field ${current}.${field![1]} twice`).toBe(false);
      models.get(current)!.push(field![1]);
    }
  }
  expect(current).toBeNull();
  const scalars = new Set(["String", "Int", "BigInt", "Float", "Decimal", "Boolean", "DateTime", "Json", "Bytes"]);
  for (const line of schema.split(/\r?\n/)) {
    const field = /^\s+\w+\s+(\w+)(\[\])?\??/.exec(line);
    if (field && !line.includes(" = ") && !scalars.has(field[1])) expect(models.has(field[1]), `unknown type ${field[1]}`).toBe(true);
  }
}

describe("inspectDrizzleSchema", () => {
  it("says why a file is not a schema it can read", () => {
    expect(userError(() => inspectDrizzleSchema("export const x = 1;\n", "src/db/index.ts"))).toBe(
      "Cannot read src/db/index.ts as a Drizzle schema: it imports no Drizzle table builder (pgTable, mysqlTable or sqliteTable from drizzle-orm/*-core).",
    );
  });

  it("reads dialect, tables and casing", () => {
    const info = inspectDrizzleSchema(readFileSync(path.join(ROOT, "drizzle-pg-snake", "input.ts"), "utf8"), "auth.ts");
    expect(info.dialect).toBe("pg");
    expect(info.casing).toBe("snake");
    expect(info.tables.map((t) => t.key)).toEqual(["user", "session", "account", "verification"]);
    expect(info.tables[0].columns).toContainEqual({ key: "emailVerified", sqlName: "email_verified" });
  });
});

const PG_USER = `import { pgTable, text, timestamp, boolean } from "drizzle-orm/pg-core";

export const user = pgTable("user", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  email: text("email").notNull().unique(),
  emailVerified: boolean("email_verified").notNull(),
  image: text("image"),
  createdAt: timestamp("created_at").notNull(),
  updatedAt: timestamp("updated_at").notNull(),
});
`;
const userOnly = (fields: string[]) => tablesFor({ plugins: [], fields }).filter((t) => t.name === "user");

describe("ensureDrizzleTables", () => {
  it("adds an index entry to an existing array of indexes", () => {
    const source = PG_USER.replace("import { pgTable,", "import { index, pgTable,").replace(
      "\n});",
      '\n}, (table) => [index("user_name_idx").on(table.name)]);',
    );
    const { code, added } = ensureDrizzleTables(source, "schema.ts", userOnly(["tier:string:optional:index"]));
    expect(added).toEqual(["user.tier"]);
    expect(code).toContain('  tier: text("tier"),\n}, (table) => [index("user_name_idx").on(table.name), index("user_tier_idx").on(table.tier)]);');
  });

  it("keeps CRLF line endings", () => {
    const { code } = ensureDrizzleTables(PG_USER.replace(/\n/g, "\r\n"), "schema.ts", tablesFor({ plugins: ["two-factor"], fields: [] }));
    expect(code).toContain('  twoFactorEnabled: boolean("two_factor_enabled").default(false),\r\n');
    expect(code).toContain("export const twoFactor = pgTable(\r\n");
    expect(code.replace(/\r\n/g, "")).not.toContain("\n");
  });

  it("appends tables that reference other new tables (organization → member)", () => {
    const { code, added } = ensureDrizzleTables(PG_USER, "schema.ts", tablesFor({ plugins: ["organization"], fields: [] }).filter((t) => t.name !== "session"));
    expect(added).toContain("table member");
    expect(code).toContain('organizationId: text("organization_id").notNull().references(() => organization.id, { onDelete: "cascade" }),');
    expect(code.indexOf("export const organization =")).toBeLessThan(code.indexOf("export const member ="));
    expect(() => parseModule(code, "schema.ts")).not.toThrow();
  });

  it("follows the project's formatter settings over the file's own habits", () => {
    const style = { trailingComma: "es5", quote: "'", semi: false } as const;
    const { code } = ensureDrizzleTables(PG_USER, "schema.ts", tablesFor({ plugins: ["two-factor"], fields: [] }), { style });
    expect(code).toContain("  twoFactorEnabled: boolean('two_factor_enabled').default(false),\n});");
    expect(code).toContain("    index('twoFactor_userId_idx').on(table.userId),\n  ]\n)\n");
    expect(code).toContain("import { pgTable, text, timestamp, boolean, index, integer } from \"drizzle-orm/pg-core\";");
  });

  it("references a serial user id with a plain integer, and gives new tables the same kind of id", () => {
    const source = PG_USER.replace('id: text("id").primaryKey()', 'id: serial("id").primaryKey()').replace("import { pgTable,", "import { serial, pgTable,");
    const tables = tablesFor({ plugins: ["two-factor"], fields: [] }).filter((t) => t.name === "twoFactor");
    const { code } = ensureDrizzleTables(source, "schema.ts", tables);
    expect(code).toContain('    id: serial("id").primaryKey(),\n    secret:');
    expect(code).toContain('    userId: integer("user_id").notNull().references(() => user.id, { onDelete: "cascade" }),');
  });

  it("writes Better Auth's tables into a file that has none yet, given the dialect", () => {
    const source = "// Better Auth's tables go here.\nexport {};\n";
    const tables = tablesFor({ plugins: [], fields: [] });
    expect(userError(() => ensureDrizzleTables(source, "auth.schema.ts", tables))).toContain("it imports no Drizzle table builder");
    const first = ensureDrizzleTables(source, "auth.schema.ts", tables, { dialect: "mysql" });
    expect(first.added).toEqual(["table user", "table session", "table account", "table verification"]);
    expect(first.code).toMatch(/^\/\/ Better Auth's tables go here\.\nimport \{ [^}]*\bmysqlTable\b[^}]*\} from "drizzle-orm\/mysql-core";\n\nexport \{\};\n\nexport const user = mysqlTable\("user", \{\n  id: varchar\("id", \{ length: 36 \}\)\.primaryKey\(\),\n/);
    expect(first.code).toContain('  emailVerified: boolean("email_verified").notNull().default(false),');
    expect(first.code).toContain('    userId: varchar("user_id", { length: 36 }).notNull().references(() => user.id, { onDelete: "cascade" }),');
    expect(first.code.endsWith("  (table) => [index(\"verification_identifier_idx\").on(table.identifier)],\n);\n")).toBe(true);
    expect(() => parseModule(first.code, "auth.schema.ts")).not.toThrow();
    expect(ensureDrizzleTables(first.code, "auth.schema.ts", tables, { dialect: "mysql" }).changed).toBe(false);
  });

  it("gives a new user table Better Auth's string id, not the id of an unrelated table", () => {
    const source = "import { pgTable, serial, text } from 'drizzle-orm/pg-core';\n\nexport const task = pgTable('task', {\n\tid: serial('id').primaryKey(),\n\ttitle: text('title').notNull()\n});\n";
    const { code } = ensureDrizzleTables(source, "schema.ts", tablesFor({ plugins: [], fields: [] }));
    expect(code).toContain("export const user = pgTable('user', {\n\tid: text('id').primaryKey(),\n\tname: text('name').notNull(),");
    expect(code).toContain("\t\tuserId: text('user_id').notNull().references(() => user.id, { onDelete: 'cascade' })");
  });

  it("with onlyExisting, adds columns but no table (schemas split over several files)", () => {
    const { code, added } = ensureDrizzleTables(PG_USER, "schema.ts", tablesFor({ plugins: ["two-factor"], fields: [] }), { onlyExisting: true });
    expect(added).toEqual(["user.twoFactorEnabled"]);
    expect(code).not.toContain("twoFactor = ");
  });

  it("refuses, with the lines to add, when tables are built in a loop", () => {
    const source = `${PG_USER}\nexport const extra = Object.fromEntries(["a", "b"].map((n) => [n, pgTable(n, { id: text("id") })]));\n`;
    const message = userError(() => ensureDrizzleTables(source, "src/db/schema.ts", tablesFor({ plugins: ["two-factor"], fields: [] })));
    expect(message).toMatch(/^Cannot edit src\/db\/schema\.ts automatically: it builds tables in a way this tool cannot follow \(line 13\)/);
    expect(message).toContain('export const twoFactor = pgTable(');
  });

  it("refuses when the user table's columns are not an object literal", () => {
    const source = `import { pgTable, text } from "drizzle-orm/pg-core";\nconst columns = { id: text("id").primaryKey() };\nexport const user = pgTable("user", columns);\n`;
    const message = userError(() => ensureDrizzleTables(source, "schema.ts", userOnly(["company:string:optional"])));
    expect(message).toContain("the columns of table user are not an object literal this tool can edit");
    expect(message).toContain('company: text("company"),');
  });

  it("refuses a file that does not parse or has no Drizzle tables", () => {
    expect(userError(() => ensureDrizzleTables("export const user = pgTable(", "schema.ts", userOnly([])))).toMatch(/it does not parse \(line 1/);
    expect(userError(() => ensureDrizzleTables("export const x = 1;\n", "schema.ts", userOnly([])))).toContain("it imports no Drizzle table builder");
  });
});

describe("findDrizzleSchemaFiles", () => {
  it("finds table files in every workspace package, the user table's first, skipping node_modules", () => {
    const vol = Volume.fromJSON({
      "/repo/package.json": "{}",
      "/repo/packages/db/src/schema/todo.ts": `import { pgTable, text } from "drizzle-orm/pg-core";\nexport const todo = pgTable("todo", { id: text("id") });\n`,
      "/repo/packages/db/src/schema/auth.ts": PG_USER,
      "/repo/packages/db/src/index.ts": `import { drizzle } from "drizzle-orm/node-postgres";\nexport const db = drizzle(process.env.DATABASE_URL!);\n`,
      "/repo/node_modules/better-auth/schema.ts": PG_USER,
      "/repo/apps/web/.next/server/schema.js": PG_USER,
      "/repo/packages/db/src/schema/auth.test.ts": PG_USER,
      "/repo/apps/web/src/broken.ts": `import { pgTable } from "drizzle-orm/pg-core";\nexport const x = pgTable(`,
    });
    const fs = createFsFromVolume(vol) as unknown as SearchFs;
    expect(findDrizzleSchemaFiles("/repo", fs)).toEqual(["/repo/packages/db/src/schema/auth.ts", "/repo/packages/db/src/schema/todo.ts"]);
  });
});

describe("ensurePrismaModels", () => {
  const schema = `datasource db {\n  provider = "sqlite"\n}\n\nmodel User {\n  id    String @id\n  name  String\n  email String @unique\n\n  @@map("user")\n}\n`;

  it("adds models that point at each other, with back-relations on both sides", () => {
    const { code, added } = ensurePrismaModels(schema, tablesFor({ plugins: ["organization"], fields: [] }).filter((t) => t.name !== "session"));
    expect(added).toEqual(expect.arrayContaining(["table organization", "table member", "table invitation"]));
    expect(code).toMatch(/model Organization \{[^}]*members\s+Member\[\][^}]*invitations\s+Invitation\[\]/);
    expect(code).toMatch(/model User \{[^}]*members\s+Member\[\]/);
    expect(code).toContain('@@map("organization")');
    expectPrismaStructure(code);
  });

  it("gives foreign keys the type of the key they point at", () => {
    const source = schema.replace("id    String @id", "id    Int    @id @default(autoincrement())");
    const { code } = ensurePrismaModels(source, tablesFor({ plugins: ["two-factor"], fields: [] }).filter((t) => t.name === "twoFactor"));
    expect(code).toMatch(/\n  id +Int +@id @default\(autoincrement\(\)\)\n  secret/);
    expect(code).toMatch(/\n  userId +Int\n/);
    expectPrismaStructure(code);
    const organization = ensurePrismaModels(source, tablesFor({ plugins: ["organization"], fields: [] }).filter((t) => t.name !== "user" && t.name !== "session")).code;
    expect(organization).toMatch(/model Organization \{\n  id +Int +@id @default\(autoincrement\(\)\)\n/);
    expect(organization).toMatch(/model Member \{\n  id +Int +@id @default\(autoincrement\(\)\)\n  organizationId +Int\n  userId +Int\n/);
  });

  it("takes the provider from the options when the datasource is in another file", () => {
    const models = schema.replace(/datasource db \{[^}]*\}\n\n/, "");
    const { code } = ensurePrismaModels(models, userOnly(["tier:string:optional:index"]), { provider: "mysql" });
    expect(code).toMatch(/\n  tier +String\? +@db\.VarChar\(255\)\n/);
    expect(code).toMatch(/\n  image +String\? +@db\.Text\n/);
    expect(code).toContain('  @@index([tier])\n  @@map("user")');
  });

  it("refuses a block without its closing brace", () => {
    const message = userError(() => ensurePrismaModels("model User {\n  id String @id\n", userOnly(["tier:string:optional"]), { fileName: "prisma/schema.prisma" }));
    expect(message).toContain("Cannot edit prisma/schema.prisma automatically: its model User block has no closing brace. Add this by hand instead:\nmodel User {");
    expect(message).toMatch(/\n  tier +String\?\n/);
  });
});


import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Plugin } from "../../src/config/catalog.js";
import { parseFieldSpecs } from "../../src/config/field-spec.js";
import { ensureDrizzleTables, inspectDrizzleSchema } from "../../src/edit/drizzle-schema.js";
import { parseModule } from "../../src/edit/parse.js";
import { ensurePrismaModels } from "../../src/edit/prisma-schema.js";
import { authTables, type AuthTable } from "../../src/schema/auth-tables.js";

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
      const field = /^\s+(\w+)\s+(\w+)(\[\])?\??(\s+@.*)?$/.exec(line);
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
  it("reads dialect, tables and casing", () => {
    const info = inspectDrizzleSchema(readFileSync(path.join(ROOT, "drizzle-pg-snake", "input.ts"), "utf8"), "auth.ts");
    expect(info.dialect).toBe("pg");
    expect(info.casing).toBe("snake");
    expect(info.tables.map((t) => t.key)).toEqual(["user", "session", "account", "verification"]);
    expect(info.tables[0].columns).toContainEqual({ key: "emailVerified", sqlName: "email_verified" });
  });
});

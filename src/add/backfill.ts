// A new column on a table that already has rows needs a value for every row. Better Auth's
// migrator writes a SQL default only for string/number/boolean fields with a static default, and
// refuses (or, on MySQL, corrupts) a required column without one: find that out before writing.
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { CustomField } from "../config/field-spec.js";
import { run as defaultRun, tail } from "../run/exec.js";

/**
 * Why existing rows could not get a value for this new field; null when they can. Drizzle and
 * Prisma schemas carry every static default as a column default (enums included), so existing rows
 * get it; Better Auth's own (Kysely) migrator writes one only for string, number and boolean fields.
 */
export function backfillProblem(field: CustomField, orm: string = "kysely"): string | null {
  if (!field.required) return null;
  if (field.defaultValue === undefined) return `"${field.name}" is required and has no default`;
  const withDefaults = orm === "drizzle" || orm === "prisma" ? ["string", "number", "boolean", "enum"] : ["string", "number", "boolean"];
  if (!withDefaults.includes(field.type))
    return `"${field.name}" is a required ${field.type} field, and ${orm === "kysely" ? "Better Auth's migrator" : `the ${orm} schema`} writes no column default for ${field.type} fields`;
  return null;
}

/** What to tell the user to do instead, for the fields `backfillProblem` found. */
export function backfillAdvice(fields: CustomField[]): string {
  return fields
    .map((f) =>
      f.defaultValue === undefined && ["string", "number", "boolean"].includes(f.type)
        ? `add :default=VALUE or :optional to "${f.name}"`
        : `add :optional to "${f.name}"`,
    )
    .join("; ");
}

export type UserCount = { count: number } | { error: string };

/**
 * Runs inside the project (its own tsx and src/db.ts): whatever src/db.ts exports — a
 * better-sqlite3 Database or a node:sqlite DatabaseSync (both `prepare().get()`), a pg Pool, a mysql2 pool, a Drizzle instance over one of those, a
 * Prisma client, a MongoDB Db — count the users through it.
 */
const COUNT_SCRIPT = `(async () => {
  const m = await import(process.env.CAS_DB_MODULE);
  const dialect = process.env.CAS_DB_DIALECT;
  let client = m.database ?? m.pool ?? m.db ?? m.prisma ?? m.client;
  if (client && client.$client) client = client.$client;
  const missing = (e) => /no such table|does not exist|doesn't exist/i.test(String(e && e.message));
  let n = 0;
  try {
    if (!client) throw new Error("src/db.ts exports no database (database, pool, db or prisma)");
    if (client.user && typeof client.user.count === "function") n = await client.user.count();
    else if (typeof client.prepare === "function") n = client.prepare('select count(*) as n from "user"').get().n;
    else if (typeof client.collection === "function") n = await client.collection("user").countDocuments();
    else if (typeof client.query === "function") {
      const r = await client.query(dialect === "mysql" ? "select count(*) as n from \\\`user\\\`" : 'select count(*) as n from "user"');
      n = Array.isArray(r) ? r[0][0].n : r.rows[0].n;
    } else throw new Error("src/db.ts exports a database this tool cannot ask");
  } catch (e) {
    if (!missing(e)) throw e;
  }
  console.log("CAS_USER_COUNT=" + Number(n));
  if (typeof m.closeDatabase === "function") await m.closeDatabase();
  else if (client && typeof client.$disconnect === "function") await client.$disconnect();
  process.exit(0);
})().catch((e) => { console.error(e && e.message ? e.message : e); process.exit(1); });`;

function envValue(root: string, key: string): string | undefined {
  if (process.env[key]) return process.env[key];
  const file = join(root, ".env");
  if (!existsSync(file)) return undefined;
  for (const line of readFileSync(file, "utf8").split(/\r?\n/)) {
    const match = new RegExp(`^\\s*(?:export\\s+)?${key}\\s*=\\s*(.*)$`).exec(line);
    if (match) return match[1].trim().replace(/^(["'])(.*)\1$/, "$2");
  }
  return undefined;
}

/**
 * Count the rows of `user` through the generated project itself (its `src/db.ts` and its own
 * tsx), so the count uses exactly the connection the service uses. A SQLite file that does not
 * exist yet has no rows (and is not created by asking).
 */
export async function countUsers(root: string, database: string, runner = defaultRun): Promise<UserCount> {
  if (database === "sqlite") {
    const url = envValue(root, "DATABASE_URL") ?? "file:./data/auth.db";
    const path = url.replace(/^file:/, "");
    if (path !== ":memory:" && !existsSync(isAbsolute(path) ? path : join(root, path))) return { count: 0 };
  }
  const tsx = join(root, "node_modules", ".bin", "tsx");
  const db = join(root, "src", "db.ts");
  if (!existsSync(tsx)) return { error: "the dependencies are not installed" };
  if (!existsSync(db)) return { error: "src/db.ts is missing" };
  const result = await runner(tsx, ["-e", COUNT_SCRIPT], root, { CAS_DB_MODULE: pathToFileURL(db).href, CAS_DB_DIALECT: database });
  const match = /CAS_USER_COUNT=(\d+)/.exec(result.output);
  if (!result.ok || !match) return { error: `counting the users failed: ${tail(result.output, 3)}` };
  return { count: Number(match[1]) };
}

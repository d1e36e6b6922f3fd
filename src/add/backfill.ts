// A new column on a table that already has rows needs a value for every row. Better Auth's
// migrator writes a SQL default only for string/number/boolean fields with a static default, and
// refuses (or, on MySQL, corrupts) a required column without one: find that out before writing.
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { CustomField } from "../config/field-spec.js";
import { run as defaultRun, tail } from "../run/exec.js";

/** Why existing rows could not get a value for this new field; null when they can. */
export function backfillProblem(field: CustomField): string | null {
  if (!field.required) return null;
  if (field.defaultValue === undefined) return `"${field.name}" is required and has no default`;
  if (!["string", "number", "boolean"].includes(field.type))
    return `"${field.name}" is a required ${field.type} field, and Better Auth writes no column default for ${field.type} fields`;
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

const COUNT_SCRIPT = `(async () => {
  const { database, closeDatabase } = await import(process.env.CAS_DB_MODULE);
  const missing = (e) => /no such table|does not exist/i.test(String(e && e.message));
  let n = 0;
  try {
    if (typeof database.prepare === "function") n = Number(database.prepare('select count(*) as n from "user"').get().n);
    else n = Number((await database.query('select count(*) as n from "user"')).rows[0].n);
  } catch (e) {
    if (!missing(e)) throw e;
  }
  console.log("CAS_USER_COUNT=" + n);
  await closeDatabase();
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
export async function countUsers(root: string, database: "sqlite" | "postgres", runner = defaultRun): Promise<UserCount> {
  if (database === "sqlite") {
    const url = envValue(root, "DATABASE_URL") ?? "file:./data/auth.db";
    const path = url.replace(/^file:/, "");
    if (path !== ":memory:" && !existsSync(isAbsolute(path) ? path : join(root, path))) return { count: 0 };
  }
  const tsx = join(root, "node_modules", ".bin", "tsx");
  const db = join(root, "src", "db.ts");
  if (!existsSync(tsx)) return { error: "the dependencies are not installed" };
  if (!existsSync(db)) return { error: "src/db.ts is missing" };
  const result = await runner(tsx, ["-e", COUNT_SCRIPT], root, { CAS_DB_MODULE: pathToFileURL(db).href });
  const match = /CAS_USER_COUNT=(\d+)/.exec(result.output);
  if (!result.ok || !match) return { error: `counting the users failed: ${tail(result.output, 3)}` };
  return { count: Number(match[1]) };
}

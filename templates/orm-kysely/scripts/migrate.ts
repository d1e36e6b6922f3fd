// Applies Better Auth's schema (core tables, plugin tables, custom fields) with its own migrator,
// as a library call: it runs on Node 20 (the `auth` CLI needs Node >= 22.12) and uses exactly the
// better-auth version the service runs. `--check` only reports, exiting 1 when something is missing.
// Migrating holds a database lock (migration-lock.ts): replicas that start together migrate once,
// the others wait and then find the schema complete.
import { getMigrations } from "better-auth/db/migration";
import { auth } from "../src/auth.js";
import { closeDatabase } from "../src/db.js";
import { withMigrationLock } from "./migration-lock.js";

const checkOnly = process.argv.includes("--check");

async function pending() {
  const migrations = await getMigrations(auth.options);
  const tables = migrations.toBeCreated.map((t) => t.table);
  const columns = migrations.toBeAdded.flatMap((t) => Object.keys(t.fields).map((f) => `${t.table}.${f}`));
  return { migrations, tables, columns, count: tables.length + columns.length };
}

async function migrate() {
  const before = await pending();
  if (before.count === 0) {
    console.log("Schema is up to date.");
  } else if (checkOnly) {
    console.error(`Schema is missing: ${[...before.tables, ...before.columns].join(", ")}. Run the db:migrate script.`);
    process.exitCode = 1;
  } else {
    await before.migrations.runMigrations();
    const after = await pending();
    if (after.count > 0) throw new Error(`still missing after migrating: ${[...after.tables, ...after.columns].join(", ")}`);
    console.log(`Migrated: ${before.tables.length} table(s) created, ${before.columns.length} column(s) added.`);
  }
}

try {
  // What is missing is read inside the lock: another instance may have just migrated.
  await (checkOnly ? migrate() : withMigrationLock(migrate));
} catch (error) {
  console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await closeDatabase();
}

// Exits 1 when the database lacks a table or column the auth config needs. Better Auth's own
// migration planner does the comparison, on the connection Drizzle uses, so this checks the real
// database against the real config (plugins and custom fields included), not a copy of either.
import { getMigrations } from "better-auth/db/migration";
import { auth } from "../src/auth.js";
import { closeDatabase, connection } from "../src/db.js";

try {
  const { toBeCreated, toBeAdded } = await getMigrations({ ...auth.options, database: connection });
  const missing = [
    ...toBeCreated.map((t) => t.table),
    ...toBeAdded.flatMap((t) => Object.keys(t.fields).map((f) => `${t.table}.${f}`)),
  ];
  if (missing.length) {
    console.error(`Schema is missing: ${missing.join(", ")}. Run the db:generate script, then db:migrate.`);
    process.exitCode = 1;
  } else {
    console.log("Schema is up to date.");
  }
} catch (error) {
  console.error(`Schema check failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await closeDatabase();
}

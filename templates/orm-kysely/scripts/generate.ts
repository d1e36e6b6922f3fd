// Writes the SQL that would bring the database up to date into better-auth_migrations/, for review
// or for your own migration tool. Nothing is written when the schema is already up to date.
import { getMigrations } from "better-auth/db/migration";
import { mkdirSync, writeFileSync } from "node:fs";
import { auth } from "../src/auth.js";
import { closeDatabase } from "../src/db.js";

try {
  const { compileMigrations, toBeCreated, toBeAdded } = await getMigrations(auth.options);
  if (toBeCreated.length + toBeAdded.length === 0) {
    console.log("Schema is up to date; no migration written.");
  } else {
    const sql = await compileMigrations();
    const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
    mkdirSync("better-auth_migrations", { recursive: true });
    const file = `better-auth_migrations/${stamp}.sql`;
    writeFileSync(file, sql);
    console.log(`Wrote ${file}`);
  }
} catch (error) {
  console.error(`Generate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await closeDatabase();
}

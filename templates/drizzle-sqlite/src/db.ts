import { drizzleAdapter } from "better-auth/adapters/drizzle";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import * as schema from "./auth-schema.js";
import { env } from "./env.js";

// DATABASE_URL is "file:./data/auth.db" (or a plain path); the folder is created on first run.
const path = env.DATABASE_URL.replace(/^file:/, "");
if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });

/** The raw database, for tools that speak SQL themselves (scripts/check-schema.ts). */
export const connection = new Database(path);
connection.pragma("journal_mode = WAL"); // readers never block the writer
connection.pragma("foreign_keys = ON");

export const db = drizzle(connection, { schema });

// camelCase: the schema's columns carry Better Auth's own field names (see src/auth-schema.ts).
export const database = drizzleAdapter(db, { provider: "sqlite", schema, camelCase: true });

/** For /ready: the file is open and readable. */
export async function pingDatabase(): Promise<void> {
  connection.prepare("SELECT 1").get();
}

export async function closeDatabase(): Promise<void> {
  connection.close();
}

import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { drizzle } from "drizzle-orm/mysql2";
import { createPool } from "mysql2/promise";
import * as schema from "./auth-schema.js";
import { env } from "./env.js";

/** The raw pool, for tools that speak SQL themselves (scripts/check-schema.ts). Dates travel as UTC. */
export const connection = createPool({ uri: env.DATABASE_URL, connectionLimit: 10, timezone: "Z" });

export const db = drizzle(connection, { schema, mode: "default" });

// camelCase: the schema's columns carry Better Auth's own field names (see src/auth-schema.ts).
export const database = drizzleAdapter(db, { provider: "mysql", schema, camelCase: true });

/** For /ready: one round trip to the database. */
export async function pingDatabase(): Promise<void> {
  await connection.query("SELECT 1");
}

export async function closeDatabase(): Promise<void> {
  await connection.end();
}

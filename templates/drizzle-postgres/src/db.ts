import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import * as schema from "./auth-schema.js";
import { env } from "./env.js";

/** The raw pool, for tools that speak SQL themselves (scripts/check-schema.ts). */
// A connection attempt that gets no answer fails after 5 s instead of the system's minutes (see auth-handler.ts).
export const connection = new pg.Pool({ connectionString: env.DATABASE_URL, max: 10, connectionTimeoutMillis: 5_000 });

// An idle pooled connection that breaks (database restarted, network cut) is dropped and replaced
// on next use; without this listener its error would crash the process.
connection.on("error", (error) => console.error(`Database: ${error.message}`));

export const db = drizzle(connection, { schema });

// camelCase: the schema's columns carry Better Auth's own field names (see src/auth-schema.ts).
export const database = drizzleAdapter(db, { provider: "pg", schema, camelCase: true });

/** For /ready: one round trip to the database. */
export async function pingDatabase(): Promise<void> {
  await connection.query("SELECT 1");
}

export async function closeDatabase(): Promise<void> {
  await connection.end();
}

import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import * as schema from "./auth-schema.js";
import { env } from "./env.js";

/** The raw pool, for tools that speak SQL themselves (scripts/check-schema.ts). */
export const connection = new pg.Pool({ connectionString: env.DATABASE_URL, max: 10 });

export const db = drizzle(connection, { schema });

// camelCase: the schema's columns carry Better Auth's own field names (see src/auth-schema.ts).
export const database = drizzleAdapter(db, { provider: "pg", schema, camelCase: true });

export async function closeDatabase(): Promise<void> {
  await connection.end();
}

import pg from "pg";
import { env } from "./env.js";

// A connection attempt that gets no answer (host down, packets dropped) fails after 5 s instead of
// the operating system's minutes, so requests get a 503 (see auth-handler.ts) rather than hang.
const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 10, connectionTimeoutMillis: 5_000 });

// An idle pooled connection that breaks (database restarted, network cut) is dropped and replaced
// on next use; without this listener its error would crash the process.
pool.on("error", (error) => console.error(`Database: ${error.message}`));

export const database = pool;

/** For /ready: one round trip to the database. */
export async function pingDatabase(): Promise<void> {
  await pool.query("SELECT 1");
}

export async function closeDatabase(): Promise<void> {
  await pool.end();
}

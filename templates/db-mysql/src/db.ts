import { createPool } from "mysql2/promise";
import { env } from "./env.js";

// Dates travel as UTC, whatever the server's or this machine's time zone.
const pool = createPool({ uri: env.DATABASE_URL, connectionLimit: 10, timezone: "Z" });

export const database = pool;

/** For /ready: one round trip to the database. */
export async function pingDatabase(): Promise<void> {
  await pool.query("SELECT 1");
}

export async function closeDatabase(): Promise<void> {
  await pool.end();
}

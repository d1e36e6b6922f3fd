import pg from "pg";
import { env } from "./env.js";

const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 10 });

export const database = pool;

export async function closeDatabase(): Promise<void> {
  await pool.end();
}

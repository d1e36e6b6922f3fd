// One migration at a time per database, however many replicas start together: a PostgreSQL
// advisory lock, held by this session until the migration ends (or the connection drops).
import pg from "pg";
import { env } from "../src/env.js";

/** Any fixed number: every copy of this service asks for the same one. */
const LOCK_KEY = 7_204_411_305;

export async function withMigrationLock<T>(run: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ got: boolean }>("SELECT pg_try_advisory_lock($1) AS got", [LOCK_KEY]);
    if (!rows[0].got) {
      console.log("Another instance is migrating; waiting for it to finish.");
      await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    }
    try {
      return await run();
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

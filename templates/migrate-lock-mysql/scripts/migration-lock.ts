// One migration at a time per database, however many replicas start together: a MySQL/MariaDB
// named lock (GET_LOCK), held by this connection until the migration ends (or it drops).
import { createConnection, type RowDataPacket } from "mysql2/promise";
import { env } from "../src/env.js";

/** Named per database (lock names are server-wide), at most 64 characters. */
const LOCK_NAME = "LEFT(CONCAT('auth-migrate:', DATABASE()), 64)";
const WAIT_SECONDS = 600;

export async function withMigrationLock<T>(run: () => Promise<T>): Promise<T> {
  const connection = await createConnection({ uri: env.DATABASE_URL });
  try {
    const lock = async (seconds: number) => {
      const [rows] = await connection.query<RowDataPacket[]>(`SELECT GET_LOCK(${LOCK_NAME}, ?) AS got`, [seconds]);
      return rows[0].got === 1;
    };
    if (!(await lock(0))) {
      console.log("Another instance is migrating; waiting for it to finish.");
      if (!(await lock(WAIT_SECONDS))) throw new Error(`another migration held the lock for ${WAIT_SECONDS} s`);
    }
    try {
      return await run();
    } finally {
      await connection.query(`SELECT RELEASE_LOCK(${LOCK_NAME})`);
    }
  } finally {
    await connection.end();
  }
}

import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { env } from "./env.js";

// DATABASE_URL is "file:./data/auth.db" (or a plain path); the folder is created on first run.
const path = env.DATABASE_URL.replace(/^file:/, "");
if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });

const sqlite = new Database(path);
sqlite.pragma("journal_mode = WAL"); // readers never block the writer
sqlite.pragma("foreign_keys = ON");

export const database = sqlite;

/** For /ready: the file is open and readable. */
export async function pingDatabase(): Promise<void> {
  sqlite.prepare("SELECT 1").get();
}

export async function closeDatabase(): Promise<void> {
  sqlite.close();
}

import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { env } from "./env.js";

// DATABASE_URL is "file:./data/auth.db" (or a plain path); the folder is created on first run.
const path = env.DATABASE_URL.replace(/^file:/, "");
if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });

// Node's built-in SQLite (Node >= 22.13): nothing to compile or download at install time.
const sqlite = new DatabaseSync(path);
sqlite.exec("PRAGMA journal_mode = WAL"); // readers never block the writer
sqlite.exec("PRAGMA foreign_keys = ON");
// Wait for a lock (a script such as admin:grant next to the running service) instead of failing
// at once, as better-sqlite3 does by default.
sqlite.exec("PRAGMA busy_timeout = 5000");

export const database = sqlite;

/** For /ready: the file is open and readable. */
export async function pingDatabase(): Promise<void> {
  sqlite.prepare("SELECT 1").get();
}

let open = true;
export async function closeDatabase(): Promise<void> {
  // node:sqlite throws on a second close (better-sqlite3 does not): shutdown paths may call this twice.
  if (open) sqlite.close();
  open = false;
}

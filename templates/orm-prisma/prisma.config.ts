import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { defineConfig, env } from "prisma/config";

// Prisma 7 no longer reads .env by itself.
if (existsSync(".env")) process.loadEnvFile(".env");

// SQLite ("file:./data/auth.db"): made absolute so Prisma and the app (src/db.ts, run from this
// folder) open the same file, whose folder must exist before Prisma creates it.
const url = env("DATABASE_URL");
const sqliteFile = url.startsWith("file:") ? resolve(url.slice("file:".length)) : undefined;
if (sqliteFile) mkdirSync(dirname(sqliteFile), { recursive: true });

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: sqliteFile ? `file:${sqliteFile}` : url },
});

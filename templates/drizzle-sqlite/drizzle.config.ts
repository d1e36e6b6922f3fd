import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { defineConfig } from "drizzle-kit";

if (existsSync(".env")) process.loadEnvFile(".env");

// drizzle-kit opens the file itself: its folder must exist before the first migration.
const path = (process.env.DATABASE_URL ?? "file:./data/auth.db").replace(/^file:/, "");
mkdirSync(dirname(path), { recursive: true });

export default defineConfig({
  dialect: "sqlite",
  schema: "./src/auth-schema.ts",
  out: "./drizzle",
  dbCredentials: { url: path },
});

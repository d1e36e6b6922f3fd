import type { Database } from "../config/catalog.js";
import type { Feature } from "./types.js";

export const databases: Record<Database, Feature> = {
  sqlite: {
    id: "db-sqlite",
    templates: ["db-sqlite"],
    dependencies: ["better-sqlite3"],
    devDependencies: ["@types/better-sqlite3"],
    env: [{ key: "DATABASE_URL", value: "file:./data/auth.db", comment: "SQLite file (created on first run)" }],
    readme: "SQLite through better-sqlite3 (embedded, no server needed)",
  },
  postgres: {
    id: "db-postgres",
    templates: ["db-postgres"],
    dependencies: ["pg"],
    devDependencies: ["@types/pg"],
    env: [{ key: "DATABASE_URL", value: "{{databaseUrl}}", example: "postgres://user:password@localhost:5432/auth", comment: "PostgreSQL connection string" }],
    readme: "PostgreSQL through a `pg` Pool",
  },
};

export const orms = {
  kysely: {
    id: "orm-kysely",
    templates: ["orm-kysely"],
    scripts: {
      "db:generate": "tsx scripts/generate.ts",
      "db:migrate": "tsx scripts/migrate.ts",
      "db:check": "tsx scripts/migrate.ts --check",
    },
    readme: "Schema managed by Better Auth's built-in Kysely migrator (`db:generate` writes SQL, `db:migrate` applies it)",
  },
} satisfies Record<string, Feature>;

import type { Database, Orm, SqliteDriver } from "../config/catalog.js";
import type { ResolvedConfig } from "../config/resolve.js";
import { NODE_SQLITE_ENGINES } from "../config/sqlite-driver.js";
import { authTables } from "../schema/auth-tables.js";
import { renderDrizzleSchema, type DrizzleDialect } from "../schema/drizzle.js";
import { renderPrismaSchema, type PrismaProvider } from "../schema/prisma.js";
import { NODE_SQLITE_TYPES, type PackageName } from "../versions.js";
import type { Feature } from "./types.js";

/**
 * A database feature brings its driver and DATABASE_URL. Which file opens the connection
 * (`src/db.ts`) is the ORM's choice, below: the same pg Pool is handed to Better Auth directly
 * (Kysely), wrapped by Drizzle, or used by Prisma's driver adapter.
 */
export const databases: Record<Database, Feature> = {
  sqlite: {
    id: "db-sqlite",
    dependencies: ["better-sqlite3"],
    devDependencies: ["@types/better-sqlite3"],
    env: [{ key: "DATABASE_URL", value: "{{databaseUrl}}", comment: "SQLite file (created on first run)" }],
    readme: "SQLite through better-sqlite3 (embedded, no server; a native module, compiled from source on install when no prebuilt binary can be downloaded)",
  },
  postgres: {
    id: "db-postgres",
    dependencies: ["pg"],
    devDependencies: ["@types/pg"],
    env: [{ key: "DATABASE_URL", value: "{{databaseUrl}}", example: "postgres://user:password@localhost:5432/auth", comment: "PostgreSQL connection string" }],
    readme: "PostgreSQL through a `pg` Pool",
  },
  mysql: {
    id: "db-mysql",
    dependencies: ["mysql2"],
    env: [{ key: "DATABASE_URL", value: "{{databaseUrl}}", example: "mysql://user:password@localhost:3306/auth", comment: "MySQL or MariaDB connection string" }],
    readme: "MySQL or MariaDB through a `mysql2` pool",
  },
  mongodb: {
    id: "db-mongodb",
    templates: ["db-mongodb"],
    dependencies: ["mongodb"],
    // The usual scripts, so habits and CI steps keep working; MongoDB has nothing for them to do.
    scripts: {
      "db:generate": `node -e "console.log('MongoDB needs no schema files.')"`,
      "db:migrate": `node -e "console.log('MongoDB needs no migrations: Better Auth creates its collections and indexes on first use.')"`,
      "db:check": `node -e "console.log('MongoDB needs no migrations: nothing to check.')"`,
    },
    env: [
      { key: "DATABASE_URL", value: "{{databaseUrl}}", example: "mongodb://localhost:27017/auth", comment: "MongoDB connection string; the path names the database" },
      { key: "MONGODB_TRANSACTIONS", value: "false", comment: "true on a replica set or Atlas: multi-step writes (sign-up) then run in a transaction" },
    ],
    readme: "MongoDB through Better Auth's MongoDB adapter (collections and indexes are created on first use; no migrations)",
  },
};

/**
 * SQLite on Node's built-in `node:sqlite` (a `DatabaseSync`, which Better Auth's Kysely adapter
 * takes as it takes better-sqlite3): no native module, so the install compiles nothing. It needs
 * Node >= 22.13, which the project's `engines` and Node types say.
 */
export const nodeSqlite: Feature = {
  id: "db-sqlite-node",
  versions: { "@types/node": NODE_SQLITE_TYPES },
  engines: NODE_SQLITE_ENGINES,
  env: databases.sqlite.env,
  readme:
    "SQLite through Node's built-in `node:sqlite` (embedded, no server, no native module to compile); chosen because the project was created on Node 22.13 or later, which has it unflagged, so `engines` asks for that Node (a project created on Node 20 uses better-sqlite3)",
};

/** Why better-sqlite3, per ORM: the generated README says which driver and why. */
const BETTER_SQLITE3_WHY: Record<Orm, string> = {
  kysely: "chosen so the project runs on Node 20: Node's built-in `node:sqlite` needs Node >= 22.13 (a project created on Node 22.13 or later uses it instead)",
  drizzle: "Drizzle's SQLite driver here (`node:sqlite` is used with Better Auth's built-in Kysely adapter only)",
  prisma: "Prisma's SQLite driver adapter here (`node:sqlite` is used with Better Auth's built-in Kysely adapter only)",
  none: "",
};

/** The database feature of a config: for SQLite, the recorded driver's. */
export function databaseFeature(config: Pick<ResolvedConfig, "database" | "orm" | "sqliteDriver">): Feature {
  if (config.database !== "sqlite") return databases[config.database];
  if (config.sqliteDriver === "node") return nodeSqlite;
  return { ...databases.sqlite, readme: `${databases.sqlite.readme}; ${BETTER_SQLITE3_WHY[config.orm]}` };
}

const DRIZZLE_DIALECT: Record<Exclude<Database, "mongodb">, DrizzleDialect> = { postgres: "pg", mysql: "mysql", sqlite: "sqlite" };
const PRISMA_PROVIDER: Record<Exclude<Database, "mongodb">, PrismaProvider> = { postgres: "postgresql", mysql: "mysql", sqlite: "sqlite" };
const PRISMA_ADAPTER: Record<Exclude<Database, "mongodb">, PackageName> = {
  postgres: "@prisma/adapter-pg",
  mysql: "@prisma/adapter-mariadb",
  sqlite: "@prisma/adapter-better-sqlite3",
};

const tablesOf = (config: ResolvedConfig) => authTables(config);

/** The folder with scripts/migration-lock.ts for a SQL database: an advisory lock, a named lock, a lock file. */
const migrationLock = (database: Exclude<Database, "mongodb">) => `migrate-lock-${database}`;

/**
 * How the schema is made and migrated, per database. Each SQL ORM provides `db:generate`,
 * `db:migrate` and `db:check` (the create command's migrate step runs them in that order).
 * "none" is MongoDB's: its database feature has everything.
 */
export const orms: Record<Orm, (database: Database, sqliteDriver?: SqliteDriver) => Feature | null> = {
  kysely: (database, sqliteDriver) => ({
    id: "orm-kysely",
    templates: ["orm-kysely", database === "sqlite" && sqliteDriver === "node" ? "db-sqlite-node" : `db-${database}`, ...(database === "mongodb" ? [] : [migrationLock(database)])],
    scripts: {
      "db:generate": "tsx scripts/generate.ts",
      "db:migrate": "tsx scripts/migrate.ts",
      "db:check": "tsx scripts/migrate.ts --check",
    },
    readme: "Schema managed by Better Auth's built-in Kysely migrator (`db:generate` writes SQL, `db:migrate` applies it)",
  }),
  drizzle: (database) => {
    if (database === "mongodb") return null;
    const dialect = DRIZZLE_DIALECT[database];
    return {
      id: "orm-drizzle",
      templates: ["orm-drizzle", `drizzle-${database}`, migrationLock(database)],
      dependencies: ["drizzle-orm"],
      devDependencies: ["drizzle-kit"],
      scripts: {
        "db:generate": "drizzle-kit generate",
        // drizzle-kit under the migration lock: replicas starting together migrate once.
        "db:migrate": "tsx scripts/migrate-locked.ts",
        "db:check": "tsx scripts/check-schema.ts",
      },
      files: (config) => ({ "src/auth-schema.ts": renderDrizzleSchema(tablesOf(config), dialect) }),
      readme: "Drizzle ORM: Better Auth's tables in `src/auth-schema.ts`, migrations by drizzle-kit in `drizzle/` (`db:generate`, then `db:migrate`)",
    };
  },
  prisma: (database) => {
    if (database === "mongodb") return null;
    const provider = PRISMA_PROVIDER[database];
    return {
      id: "orm-prisma",
      templates: ["orm-prisma", `prisma-${database}`],
      dependencies: ["@prisma/client", PRISMA_ADAPTER[database]],
      devDependencies: ["prisma"],
      scripts: {
        "db:generate": "prisma generate",
        "db:migrate": "prisma migrate dev --name auth",
        "db:deploy": "prisma migrate deploy",
        "db:check": "prisma migrate diff --from-config-datasource --to-schema prisma/schema.prisma --exit-code",
      },
      files: (config) => ({ "prisma/schema.prisma": renderPrismaSchema(tablesOf(config), provider) }),
      readme: "Prisma 7: Better Auth's models in `prisma/schema.prisma`, the client generated to `src/generated/prisma` (`db:generate`), migrations by `db:migrate` (development) and `db:deploy` (production)",
    };
  },
  none: () => null,
};

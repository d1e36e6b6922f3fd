import type { ResolvedConfig } from "../config/resolve.js";

/** The .env key compose interpolates into the database's password (compose reads .env itself). */
export const DB_PASSWORD = "DB_PASSWORD";
const PASSWORD = `\${${DB_PASSWORD}:?set ${DB_PASSWORD} in .env}`;

type Yaml = string | number | boolean | Yaml[] | { [key: string]: Yaml };

/** Block-style YAML for plain data: keys and simple words bare, every other string JSON-quoted (valid YAML). */
export function toYaml(value: Yaml, indent = ""): string {
  // Quoted unless a plain word YAML cannot misread (YAML 1.1 reads no/yes/on/off as booleans).
  const scalar = (v: string | number | boolean) =>
    typeof v === "string" && (!/^[A-Za-z_][\w./-]*$/.test(v) || /^(y|n|yes|no|on|off|true|false|null)$/i.test(v)) ? JSON.stringify(v) : String(v);
  const isBlock = (v: Yaml) => typeof v === "object" && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);
  if (Array.isArray(value))
    return value.map((item) => (isBlock(item) ? `${indent}-\n${toYaml(item, `${indent}  `)}` : `${indent}- ${scalar(item as string)}`)).join("\n");
  if (typeof value === "object")
    return Object.entries(value)
      .map(([key, item]) => (isBlock(item) ? `${indent}${key}:\n${toYaml(item, `${indent}  `)}` : `${indent}${key}: ${typeof item === "object" ? (Array.isArray(item) ? "[]" : "{}") : scalar(item)}`))
      .join("\n");
  return `${indent}${scalar(value)}`;
}

interface DatabaseService {
  url: string;
  service: { [key: string]: Yaml };
  volume: string;
}

/** The database container per engine: its image, credentials from .env, a health check compose waits for. */
function databaseService(database: ResolvedConfig["database"]): DatabaseService | null {
  const healthy = (test: string[]) => ({ test, interval: "5s", timeout: "5s", retries: 20 });
  switch (database) {
    case "postgres":
      return {
        url: `postgres://auth:${PASSWORD}@db:5432/auth`,
        volume: "/var/lib/postgresql/data",
        service: {
          image: "postgres:17-alpine",
          environment: { POSTGRES_USER: "auth", POSTGRES_PASSWORD: PASSWORD, POSTGRES_DB: "auth" },
          healthcheck: healthy(["CMD", "pg_isready", "-U", "auth", "-d", "auth"]),
        },
      };
    case "mysql":
      return {
        url: `mysql://auth:${PASSWORD}@db:3306/auth`,
        volume: "/var/lib/mysql",
        service: {
          image: "mysql:8.4",
          environment: { MYSQL_USER: "auth", MYSQL_PASSWORD: PASSWORD, MYSQL_DATABASE: "auth", MYSQL_RANDOM_ROOT_PASSWORD: "yes" },
          healthcheck: healthy(["CMD", "mysqladmin", "ping", "-h", "127.0.0.1", "--silent"]),
        },
      };
    case "mongodb":
      return {
        url: `mongodb://auth:${PASSWORD}@db:27017/auth?authSource=admin`,
        volume: "/data/db",
        service: {
          image: "mongo:8",
          environment: { MONGO_INITDB_ROOT_USERNAME: "auth", MONGO_INITDB_ROOT_PASSWORD: PASSWORD },
          healthcheck: healthy(["CMD", "mongosh", "--quiet", "--eval", "db.adminCommand('ping')"]),
        },
      };
    case "sqlite":
      return null;
  }
}

/** The command that applies migrations without prompting (Prisma's `migrate dev` would ask). */
export const migrateScript = (config: Pick<ResolvedConfig, "orm">) => (config.orm === "prisma" ? "db:deploy" : "db:migrate");

/**
 * compose.yaml: the service, its database (postgres, mysql, mongodb), Redis when chosen, and a
 * one-off `migrate` service (the build stage, which has the dev tools) that must finish first.
 */
export function composeFile(config: ResolvedConfig): string {
  const db = databaseService(config.database);
  const redis = config.secondaryStorage === "redis";
  // Overrides for .env's local values: hosts are service names inside compose's network.
  const environment: { [key: string]: Yaml } = {
    ...(db ? { DATABASE_URL: db.url } : {}),
    ...(redis ? { REDIS_URL: "redis://redis:6379" } : {}),
  };
  const waitFor: { [key: string]: Yaml } = {
    ...(db ? { db: { condition: "service_healthy" } } : {}),
    ...(redis ? { redis: { condition: "service_healthy" } } : {}),
  };
  // SQLite: the file lives in a volume both the migration and the service mount.
  const dataVolume: { [key: string]: Yaml } = config.database === "sqlite" ? { volumes: ["data:/app/data"] } : {};
  const services: { [key: string]: Yaml } = {
    auth: {
      build: ".",
      env_file: [".env"],
      environment: { NODE_ENV: "production", PORT: String(config.port), ...environment },
      ports: [`${config.port}:${config.port}`],
      depends_on: { migrate: { condition: "service_completed_successfully" }, ...waitFor },
      ...dataVolume,
      restart: "unless-stopped",
    },
    migrate: {
      build: { context: ".", target: "build" },
      command: ["npm", "run", migrateScript(config)],
      env_file: [".env"],
      environment,
      ...(Object.keys(waitFor).length ? { depends_on: waitFor } : {}),
      ...dataVolume,
      restart: "no",
    },
    ...(db ? { db: { ...db.service, volumes: [`db-data:${db.volume}`], restart: "unless-stopped" } } : {}),
    ...(redis
      ? { redis: { image: "redis:7-alpine", healthcheck: { test: ["CMD", "redis-cli", "ping"], interval: "5s", timeout: "5s", retries: 20 }, restart: "unless-stopped" } }
      : {}),
  };
  const volumes = { ...(db ? { "db-data": {} } : {}), ...(config.database === "sqlite" ? { data: {} } : {}) };
  return [
    "# docker compose up --build: the database, a one-off migration, then the service on",
    `# http://localhost:${config.port}. Secrets come from .env (never copied into the image);`,
    "# the values below replace .env's local hosts with the service names of this file.",
    toYaml({ services, volumes }),
    "",
  ].join("\n");
}

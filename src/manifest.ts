import { createHash } from "node:crypto";
import { DEFAULT_SQLITE_URL } from "./config/database-rules.js";
import { fieldToConfig } from "./config/field-spec.js";
import type { ResolvedConfig } from "./config/resolve.js";
import { projectConfigSchema } from "./config/schema.js";

/** The generated project's memory of how it was made: lets later commands work on it safely. */
export const MANIFEST_FILE = "create-auth-service.json";

export interface Manifest {
  $schema?: string;
  tool: "create-auth-service";
  version: string;
  /** The answers, in the config-file format (fields as canonical specs, or objects when a spec cannot say it). */
  config: Record<string, unknown>;
  /** sha256 of every file the tool wrote, as it wrote it: an edit since then is a conflict. */
  files: Record<string, string>;
}

export const sha256 = (content: string) => createHash("sha256").update(content).digest("hex");

/** The config as a user would write it in a config file (no derived values, fields as specs or objects). */
export function serializableConfig(config: ResolvedConfig): Record<string, unknown> {
  // A server's databaseUrl may hold a password and lives in .env; install/migrate/git are about this run only.
  const { install: _i, migrate: _m, git: _g, databaseUrl, ...rest } = config;
  // A custom SQLite path holds no secret and is part of the project's shape: kept.
  const sqlitePath = config.database === "sqlite" && databaseUrl !== DEFAULT_SQLITE_URL ? { databaseUrl } : {};
  const entries = Object.entries({ ...rest, ...sqlitePath, fields: config.fields.map(fieldToConfig) });
  // In the schema's order, whichever answers came from flags and which were derived: the same
  // project gives the same manifest bytes, however it was asked for.
  const rank = (key: string) => (CONFIG_KEYS.includes(key) ? CONFIG_KEYS.indexOf(key) : CONFIG_KEYS.length);
  return Object.fromEntries(entries.sort(([a], [b]) => rank(a) - rank(b)));
}

const CONFIG_KEYS = Object.keys(projectConfigSchema.shape);

/** Files whose content is the user's own from the start: never hashed, never rewritten. */
const UNTRACKED = new Set([".env", "backend/.env", MANIFEST_FILE]);

export function buildManifest(version: string, config: ResolvedConfig, files: [string, string][]): Manifest {
  return {
    tool: "create-auth-service",
    version,
    config: serializableConfig(config),
    files: Object.fromEntries(files.filter(([p]) => !UNTRACKED.has(p)).map(([p, c]) => [p, sha256(c)])),
  };
}

/**
 * Keys that joined the config after some projects were made, with the value that describes those
 * projects: a manifest without `docker` comes from before the Docker files, so `add` must not
 * start writing them (the schema's default is for new projects).
 */
const BEFORE_KEY_EXISTED: Record<string, unknown> = { docker: false };

/** A manifest's config as it describes its own project (see BEFORE_KEY_EXISTED). */
export function manifestConfig(manifest: Pick<Manifest, "config">): Record<string, unknown> {
  return { ...BEFORE_KEY_EXISTED, ...manifest.config };
}

/** Accept a manifest wherever a config file is accepted: `--config create-auth-service.json` reproduces a project. */
export function configFromFile(json: unknown): unknown {
  if (json && typeof json === "object" && (json as Manifest).tool === "create-auth-service" && "config" in json)
    return manifestConfig(json as Manifest);
  return json;
}

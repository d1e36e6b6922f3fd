import { basename, resolve } from "node:path";
import { splitFieldList } from "../config/field-spec.js";
import { npmNameProblem } from "../config/npm-name.js";
import type { PartialConfig } from "../config/schema.js";
import { UserError } from "./errors.js";

/** What commander hands the create action (all optional: absent means "not given"). */
export interface CreateFlags {
  framework?: string;
  database?: string;
  databaseUrl?: string;
  orm?: string;
  sqliteDriver?: string;
  secondaryStorage?: string;
  providers?: string;
  plugins?: string;
  field?: string[];
  customFields?: string;
  backend?: string;
  apiClient?: string;
  port?: string;
  projectName?: string;
  projectDir?: string;
  packageManager?: string;
  crossSiteCookies?: boolean;
  docker?: boolean;
  install?: boolean;
  migrate?: boolean;
  git?: boolean;
  yes?: boolean;
  dryRun?: boolean;
  force?: boolean;
  config?: string;
}

const list = (value: string) => (value.trim() === "none" ? [] : value.split(",").map((s) => s.trim()).filter(Boolean));

/**
 * Flags → a partial ProjectConfig. Only what was given appears, so a config file and the
 * prompts can fill the rest; validation of values happens once, in the zod schema.
 */
export function flagsToPartial(flags: CreateFlags): Record<string, unknown> {
  const partial: Record<string, unknown> = {};
  const set = (key: keyof PartialConfig, value: unknown) => {
    if (value !== undefined) partial[key] = value;
  };
  set("framework", flags.framework);
  set("database", flags.database);
  set("databaseUrl", flags.databaseUrl);
  set("orm", flags.orm);
  set("sqliteDriver", flags.sqliteDriver);
  set("secondaryStorage", flags.secondaryStorage);
  set("providers", flags.providers === undefined ? undefined : list(flags.providers));
  set("plugins", flags.plugins === undefined ? undefined : list(flags.plugins));
  const fields = [...(flags.field ?? []), ...(flags.customFields ? splitFieldList(flags.customFields) : [])];
  set("fields", flags.field || flags.customFields !== undefined ? fields : undefined);
  set("backend", flags.backend);
  set("apiClient", flags.apiClient);
  if (flags.port !== undefined) {
    if (!/^\d+$/.test(flags.port)) throw new UserError(`Invalid value for --port: "${flags.port}" is not a port number (1-65535).`);
    set("port", Number(flags.port));
  }
  set("projectName", flags.projectName);
  set("packageManager", flags.packageManager);
  set("crossSiteCookies", flags.crossSiteCookies);
  set("docker", flags.docker);
  set("install", flags.install);
  set("migrate", flags.migrate);
  set("git", flags.git);
  return partial;
}

/** The target directory: the positional argument, or --project-dir (the same as a flag). */
export function targetDirectory(positional: string | undefined, flags: CreateFlags): string | undefined {
  if (positional && flags.projectDir && resolve(positional) !== resolve(flags.projectDir))
    throw new UserError(`Two target directories given ("${positional}" and --project-dir "${flags.projectDir}"); pass one.`);
  return positional ?? flags.projectDir;
}

/** An npm-safe package name from a folder name ("My Auth" → "my-auth"). */
export function projectNameFromDir(dir: string): string {
  const name = basename(resolve(dir)).toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[-._]+|-+$/g, "").slice(0, 200);
  if (!name) return "auth-service";
  // A folder may be called what npm reserves (node_modules, http): the package then gets a suffix.
  return npmNameProblem(name) ? `${name}-service` : name;
}

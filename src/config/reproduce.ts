import { DEFAULT_SQLITE_URL } from "./database-rules.js";
import { fieldToConfig } from "./field-spec.js";
import type { ResolvedConfig } from "./resolve.js";

const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** This run's No answers: without them the same command would install, migrate or start git. */
const runSteps = (config: ResolvedConfig) => [...(config.install ? [] : ["--no-install"]), ...(config.migrate ? [] : ["--no-migrate"]), ...(config.git ? [] : ["--no-git"])];

/**
 * The one command that recreates this project without a single prompt: the same files byte for
 * byte (new secrets aside), run by `tool` (see toolInvocation) so the same build writes them.
 */
export function reproducibleCommand(dir: string, config: ResolvedConfig, tool = "npx create-auth-service"): string {
  const fields = config.fields.map(fieldToConfig);
  // A field the spec syntax cannot say (a default with ":", an enum value with "|") lives only in
  // the manifest, which --config reads like a config file.
  if (fields.some((f) => typeof f !== "string"))
    return [tool, ...[dir, "--config", `${dir}/create-auth-service.json`, ...(config.database === "sqlite" ? [] : ["--database-url", "\"$DATABASE_URL\""]), ...runSteps(config), "--yes"]
      .map((a) => (a.startsWith("\"$") ? a : shellQuote(a)))].join(" ");
  const args = [
    dir,
    "--framework", config.framework,
    "--database", config.database,
    ...(config.database !== "sqlite" ? ["--database-url", "\"$DATABASE_URL\""] : config.databaseUrl !== DEFAULT_SQLITE_URL ? ["--database-url", config.databaseUrl] : []),
    "--orm", config.orm,
    // Recorded, not re-derived: the same command on another Node keeps this project's SQLite driver.
    ...(config.database === "sqlite" && config.orm === "kysely" && config.sqliteDriver ? ["--sqlite-driver", config.sqliteDriver] : []),
    ...(config.secondaryStorage === "none" ? [] : ["--secondary-storage", config.secondaryStorage]),
    "--plugins", config.plugins.join(",") || "none",
    ...(config.providers.length ? ["--providers", config.providers.join(",")] : []),
    ...fields.flatMap((f) => ["--field", f as string]),
    ...(config.crossSiteCookies ? ["--cross-site-cookies"] : []),
    ...(config.docker ? [] : ["--no-docker"]),
    "--backend", config.backend,
    "--api-client", config.apiClient,
    "--port", String(config.port),
    "--project-name", config.projectName,
    // The package manager decides the README's commands and the lockfile: recorded, not re-detected.
    "--package-manager", config.packageManager,
    ...runSteps(config),
    "--yes",
  ];
  return [tool, ...args.map((a) => (a.startsWith("\"$") ? a : shellQuote(a)))].join(" ");
}

import { DEFAULT_SQLITE_URL } from "./database-rules.js";
import { fieldToConfig } from "./field-spec.js";
import type { ResolvedConfig } from "./resolve.js";

const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The one command that recreates this project without a single prompt. */
export function reproducibleCommand(dir: string, config: ResolvedConfig): string {
  const fields = config.fields.map(fieldToConfig);
  // A field the spec syntax cannot say (a default with ":", an enum value with "|") lives only in
  // the manifest, which --config reads like a config file.
  if (fields.some((f) => typeof f !== "string"))
    return ["npx", "create-auth-service", dir, "--config", `${dir}/create-auth-service.json`, ...(config.database === "sqlite" ? [] : ["--database-url", "\"$DATABASE_URL\""]), "--yes"]
      .map((a) => (a.startsWith("\"$") ? a : shellQuote(a)))
      .join(" ");
  const args = [
    "npx", "create-auth-service", dir,
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
    "--yes",
  ];
  return args.map((a) => (a.startsWith("\"$") ? a : shellQuote(a))).join(" ");
}

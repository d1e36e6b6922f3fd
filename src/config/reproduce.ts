import { formatFieldSpec } from "./field-spec.js";
import type { ResolvedConfig } from "./resolve.js";

const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The one command that recreates this project without a single prompt. */
export function reproducibleCommand(dir: string, config: ResolvedConfig): string {
  const args = [
    "npx", "create-auth-service", dir,
    "--framework", config.framework,
    "--database", config.database,
    ...(config.database === "sqlite" ? [] : ["--database-url", "\"$DATABASE_URL\""]),
    "--orm", config.orm,
    ...(config.secondaryStorage === "none" ? [] : ["--secondary-storage", config.secondaryStorage]),
    "--plugins", config.plugins.join(",") || "none",
    ...(config.providers.length ? ["--providers", config.providers.join(",")] : []),
    ...config.fields.flatMap((f) => ["--field", formatFieldSpec(f)]),
    "--backend", config.backend,
    "--api-client", config.apiClient,
    "--port", String(config.port),
    "--project-name", config.projectName,
    "--yes",
  ];
  return args.map((a) => (a.startsWith("\"$") ? a : shellQuote(a))).join(" ");
}

import type * as z from "zod/mini";
import { redact, UserError, type ErrorDetails } from "../cli/errors.js";
import { pluginUserFields } from "../features/plan.js";
import { resolveDatabase } from "./database-rules.js";
import { resolveSqliteDriver, type Runtime } from "./sqlite-driver.js";
import { partialConfigSchema, projectConfigSchema, type PartialConfig } from "./schema.js";
import { checkDistinctNames, fieldFromConfig, type CustomField, type FieldObject } from "./field-spec.js";

export type ProjectConfig = z.output<typeof projectConfigSchema>;
export interface ResolvedConfig extends Omit<ProjectConfig, "fields"> {
  fields: CustomField[];
  databaseUrl: string;
}

/** The flag that sets each config key: error messages name flags, not object keys. */
export const FLAG_OF: Record<string, string> = {
  projectName: "--project-name", framework: "--framework", database: "--database", databaseUrl: "--database-url",
  orm: "--orm", sqliteDriver: "--sqlite-driver", secondaryStorage: "--secondary-storage", providers: "--providers", plugins: "--plugins", fields: "--field", backend: "--backend",
  apiClient: "--api-client", port: "--port", packageManager: "--package-manager", install: "--install",
  migrate: "--migrate", git: "--git", crossSiteCookies: "--cross-site-cookies", docker: "--docker",
};

export { DEFAULT_SQLITE_URL } from "./database-rules.js";

/** One readable sentence out of a zod error: the first issue, named by its flag. */
export function describeZodError(error: z.core.$ZodError, source: string): string {
  const issue = error.issues[0];
  const key = String(issue.path[0] ?? "");
  const where = source === "flags" ? FLAG_OF[key] ?? key : `"${issue.path.join(".")}" in ${source}`;
  // Keys and values come from the user's file and may hold a connection string.
  if (issue.code === "unrecognized_keys") return redact(`Unknown option ${issue.keys.map((k) => `"${k}"`).join(", ")} in ${source}; remove it or check its spelling.`);
  // zod's own bound for whole numbers (2^53 - 1) would be news to nobody: say the port's range.
  if (key === "port" && issue.path.length === 1) return `Invalid value for ${where}: must be a whole number from 1 to 65535.`;
  return redact(`Invalid value for ${where}: ${explainIssue(issue)}.`);
}

/** The error code and flag of a zod error, for `--json` and the MCP server. */
export function zodErrorDetails(error: z.core.$ZodError, source: string): ErrorDetails {
  const key = String(error.issues[0]?.path[0] ?? "");
  const code = key === "fields" ? "INVALID_FIELD" : source === "flags" || error.issues[0]?.code !== "unrecognized_keys" ? "INVALID_OPTION" : "INVALID_CONFIG";
  return { code, ...(FLAG_OF[key] ? { flag: FLAG_OF[key] } : {}) };
}

/** zod/mini ships no message locale (that is part of why it is small): say it ourselves. */
function explainIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_value":
      return `use one of ${issue.values.join(", ")}`;
    case "invalid_type":
      return `expected ${issue.expected === "int" ? "a whole number" : `a ${issue.expected}`}`;
    case "too_small":
      return `must be at least ${String(issue.minimum)}${issue.origin === "string" ? " characters" : ""}`;
    case "too_big":
      return `must be at most ${String(issue.maximum)}${issue.origin === "string" ? " characters" : ""}`;
    case "invalid_union":
      return "expected a field spec string or a field object";
    default:
      return issue.message && issue.message !== "Invalid input" ? issue.message : "not a valid value";
  }
}

/** Validate a partial config (from a file or the flags) without applying defaults. */
export function parsePartial(input: unknown, source: string): PartialConfig {
  const result = partialConfigSchema.safeParse(input);
  if (!result.success) throw new UserError(describeZodError(result.error, source), zodErrorDetails(result.error, source));
  // zod 4's .partial() still applies each key's .default(): keep only the keys actually given,
  // or defaults from the flags would override the config file and hide missing answers.
  const given = input as Record<string, unknown>;
  return Object.fromEntries(Object.entries(result.data).filter(([key]) => given[key] !== undefined)) as PartialConfig;
}

export interface ResolveResult {
  config: ResolvedConfig;
  notes: string[];
  /** Risks asked for explicitly (a privileged field users may set): printed as warnings. */
  warnings: string[];
}

export interface ResolveOptions {
  /**
   * The runtime creating the project (create passes `process.versions`): defaults that depend on
   * it (the SQLite driver) come from it. Without one, recorded choices are kept as they are.
   */
  runtime?: Runtime;
}

/** Apply defaults, parse fields, and check the rules that span several keys. */
export function resolveConfig(partial: PartialConfig, options: ResolveOptions = {}): ResolveResult {
  const result = projectConfigSchema.safeParse(partial);
  if (!result.success) throw new UserError(describeZodError(result.error, "the configuration"), zodErrorDetails(result.error, "the configuration"));
  const raw = result.data;
  const notes: string[] = [];
  const warnings: string[] = [];

  // The object form gets the same checks as a spec (names, enum values, default types) without
  // passing through the spec syntax, so its values stay exactly as written.
  const fields = raw.fields.map((f) => {
    const parsed = fieldFromConfig(f as string | FieldObject);
    notes.push(...parsed.notes);
    warnings.push(...parsed.warnings);
    return parsed.field;
  });
  checkDistinctNames(fields.map((f) => f.name));
  const owned = new Map([...pluginUserFields(raw)].map(([column, plugin]) => [column.toLowerCase(), { column, plugin }]));
  for (const field of fields) {
    const owner = owned.get(field.name.toLowerCase());
    if (owner)
      throw new UserError(
        `Field "${field.name}" ${owner.column === field.name ? "is already added" : `differs only by case from "${owner.column}", a column added`} by the ${owner.plugin} plugin; drop that --field (the plugin manages it).`,
        { code: "INVALID_FIELD", flag: "--field" },
      );
  }

  // The ORM the user gave (not zod's default): MongoDB's default is none.
  const { databaseUrl, orm } = resolveDatabase(raw.database, raw.databaseUrl, partial.orm);
  const sqliteDriver = resolveSqliteDriver({ database: raw.database, orm, given: raw.sqliteDriver, runsProject: raw.install && raw.migrate }, options.runtime);

  return {
    config: {
      ...raw,
      fields,
      databaseUrl,
      orm,
      sqliteDriver,
      providers: [...new Set(raw.providers)],
      plugins: [...new Set(raw.plugins)],
    },
    notes,
    warnings,
  };
}

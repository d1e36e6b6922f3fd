import type * as z from "zod/mini";
import { UserError } from "../cli/errors.js";
import { pluginUserFields } from "../features/plan.js";
import { resolveDatabase } from "./database-rules.js";
import { customFieldSchema, partialConfigSchema, projectConfigSchema, type PartialConfig } from "./schema.js";
import { formatFieldSpec, parseFieldSpec, type CustomField } from "./field-spec.js";

export type ProjectConfig = z.output<typeof projectConfigSchema>;
export interface ResolvedConfig extends Omit<ProjectConfig, "fields"> {
  fields: CustomField[];
  databaseUrl: string;
}

/** The flag that sets each config key: error messages name flags, not object keys. */
export const FLAG_OF: Record<string, string> = {
  projectName: "--project-name", framework: "--framework", database: "--database", databaseUrl: "--database-url",
  orm: "--orm", secondaryStorage: "--secondary-storage", providers: "--providers", plugins: "--plugins", fields: "--field", backend: "--backend",
  apiClient: "--api-client", port: "--port", packageManager: "--package-manager", install: "--install",
  migrate: "--migrate", git: "--git",
};

export { DEFAULT_SQLITE_URL } from "./database-rules.js";

/** One readable sentence out of a zod error: the first issue, named by its flag. */
export function describeZodError(error: z.core.$ZodError, source: string): string {
  const issue = error.issues[0];
  const key = String(issue.path[0] ?? "");
  const where = source === "flags" ? FLAG_OF[key] ?? key : `"${issue.path.join(".")}" in ${source}`;
  if (issue.code === "unrecognized_keys") return `Unknown option ${issue.keys.map((k) => `"${k}"`).join(", ")} in ${source}; remove it or check its spelling.`;
  return `Invalid value for ${where}: ${explainIssue(issue)}.`;
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
  if (!result.success) throw new UserError(describeZodError(result.error, source));
  // zod 4's .partial() still applies each key's .default(): keep only the keys actually given,
  // or defaults from the flags would override the config file and hide missing answers.
  const given = input as Record<string, unknown>;
  return Object.fromEntries(Object.entries(result.data).filter(([key]) => given[key] !== undefined)) as PartialConfig;
}

export interface ResolveResult {
  config: ResolvedConfig;
  notes: string[];
}

/** Apply defaults, parse fields, and check the rules that span several keys. */
export function resolveConfig(partial: PartialConfig): ResolveResult {
  const result = projectConfigSchema.safeParse(partial);
  if (!result.success) throw new UserError(describeZodError(result.error, "the configuration"));
  const raw = result.data;
  const notes: string[] = [];

  const fields = raw.fields.map((f) => {
    if (typeof f === "string") {
      const parsed = parseFieldSpec(f);
      notes.push(...parsed.notes);
      return parsed.field;
    }
    // The long (object) form gets the same checks as a spec: core names, enum values, default types.
    const field = customFieldSchema.parse(f) as CustomField;
    if (field.type === "enum" && !field.values?.length) throw new UserError(`Field "${field.name}" is an enum without "values"; list them.`);
    const parsed = parseFieldSpec(formatFieldSpec(field));
    notes.push(...parsed.notes);
    return parsed.field;
  });
  const seen = new Set<string>();
  const owned = pluginUserFields(raw);
  for (const field of fields) {
    if (seen.has(field.name)) throw new UserError(`Field "${field.name}" is given twice; keep one --field for it.`);
    seen.add(field.name);
    const owner = owned.get(field.name);
    if (owner) throw new UserError(`Field "${field.name}" is already added by the ${owner} plugin; drop that --field (the plugin manages it).`);
  }

  // The ORM the user gave (not zod's default): MongoDB's default is none.
  const { databaseUrl, orm } = resolveDatabase(raw.database, raw.databaseUrl, partial.orm);

  return {
    config: {
      ...raw,
      fields,
      databaseUrl,
      orm,
      providers: [...new Set(raw.providers)],
      plugins: [...new Set(raw.plugins)],
    },
    notes,
  };
}

// What both kinds of projects share: the request, the plan, field merging, name checks.
import { join } from "node:path";
import { UserError } from "../cli/errors.js";
import { out } from "../cli/output.js";
import { PLUGINS, PROVIDERS, type Plugin, type Provider } from "../config/catalog.js";
import { formatFieldSpec, parseFieldSpecs, type CustomField } from "../config/field-spec.js";
import type { ImportRequest } from "../edit/auth-config.js";
import type { FileSystem } from "../render/commit.js";
import type { Tree } from "../render/tree.js";
import { renderImports } from "../features/plan.js";
import type { StepResult } from "../run/exec.js";
import type { UserCount } from "./backfill.js";

export interface AddRequest {
  /** Field specs, as `--field` takes them. */
  fields: string[];
  plugins: string[];
  providers: string[];
}

export interface AddOptions {
  /** The project directory. */
  cwd: string;
  /** `--config`: the Better Auth config file (relative to the process's cwd). */
  config?: string;
  dryRun?: boolean;
  yes?: boolean;
  /** False with `--no-migrate`. */
  migrate?: boolean;
  force?: boolean;
  /** Stdin and stdout are a terminal: a confirmation can be asked. */
  interactive?: boolean;
  toolVersion: string;
}

/** Everything `add` does to the world outside the tree, injectable for tests (fault injection, no subprocesses). */
export interface AddDeps {
  fs: FileSystem;
  run: (command: string, args: string[], cwd: string, env?: Record<string, string>) => Promise<StepResult>;
  countUsers: (root: string, database: string) => Promise<UserCount>;
  /** `git status --porcelain` output, or null when the folder is not in a git repository. */
  gitStatus: (root: string) => Promise<string | null>;
  confirm: (message: string) => Promise<boolean>;
  /** Pick one of several options (e.g. which of two configs to change); only asked in a terminal. */
  choose?: (message: string, options: string[]) => Promise<string>;
  /** Fresh secrets for appended env keys (tests make them reproducible). */
  secret?: () => string;
}

/** The planned change, before anything is written. */
export interface AddPlan {
  root: string;
  kind: "generated" | "existing";
  /** Only the files that change, with their new content. */
  tree: Tree;
  /** The bytes on disk now for each path of `tree` (null: the file is new). */
  before: Map<string, string | null>;
  /** Files the user edited that the tool would replace: the run stops unless --force. */
  conflicts: string[];
  /** Conflicts that --force lets the tool replace. */
  forced: string[];
  notes: string[];
  /** What this run adds, for messages: `field "company"`, `plugin two-factor`. */
  added: string[];
  /** What was asked for but is already there. */
  present: string[];
  newFields: CustomField[];
  /** Fields or plugins were added: the database schema needs a migration. */
  schemaChanged: boolean;
  /** For a generated project: what the row count and the migration need. */
  generated?: { database: string; orm: string; packageManager: string; dependenciesAdded: boolean };
  /** For an existing project: its adapter and the schema files the run edits. */
  orm?: { adapter: "drizzle" | "prisma" | "mongodb" | "kysely"; schemaFiles: string[] };
  /** For an existing project: where its auth instance is exported (Better Auth's migrator needs it). */
  authExport?: { file: string; name: string } | null;
}

export function validatePlugins(names: string[]): Plugin[] {
  for (const name of names)
    if (!(PLUGINS as readonly string[]).includes(name)) throw new UserError(`Unknown plugin "${name}"; use one of ${PLUGINS.join(", ")}.`, { code: "INVALID_OPTION" });
  return [...new Set(names)] as Plugin[];
}

export function validateProviders(names: string[]): Provider[] {
  for (const name of names)
    if (!(PROVIDERS as readonly string[]).includes(name)) throw new UserError(`Unknown provider "${name}"; use one of ${PROVIDERS.join(", ")}.`, { code: "INVALID_OPTION" });
  return [...new Set(names)] as Provider[];
}

export interface FieldMerge {
  add: CustomField[];
  present: string[];
  notes: string[];
}

/**
 * The requested fields that are new. A field already there with the same canonical spec is
 * nothing to do; with another spec it is refused (add-field never changes a column).
 */
export function mergeFields(existing: CustomField[], specs: string[], pluginOwned: Map<string, string>): FieldMerge {
  const parsed = parseFieldSpecs(specs);
  const result: FieldMerge = { add: [], present: [], notes: [] };
  for (const { field, notes, warnings } of parsed) {
    // Case-insensitive: MySQL and SQLite see `Role` and `role` as one column.
    const owned = [...pluginOwned].find(([column]) => column.toLowerCase() === field.name.toLowerCase());
    if (owned) throw new UserError(`Field "${field.name}" ${owned[0] === field.name ? "is already added" : `differs only by case from "${owned[0]}", a column added`} by the ${owned[1]} plugin; pick another name (the plugin manages that column).`, { code: "INVALID_FIELD" });
    const twin = existing.find((f) => f.name !== field.name && f.name.toLowerCase() === field.name.toLowerCase());
    if (twin) throw new UserError(`Field "${field.name}" differs only by case from the existing field "${twin.name}", which databases treat as the same column; pick another name.`, { code: "INVALID_FIELD" });
    // Loud, and before any confirmation: the user explicitly lets every user set a privileged value.
    warnings.forEach((w) => out.warn(w));
    const current = existing.find((f) => f.name === field.name);
    if (current) {
      const have = formatFieldSpec(current);
      const want = formatFieldSpec(field);
      if (have !== want)
        throw new UserError(
          `Field "${field.name}" already exists as "${have}", not "${want}"; add-field only adds new fields. Changing a column needs a migration you write yourself; pick another name to add a new field.`,
          { code: "CONFLICT" },
        );
      result.present.push(`field "${field.name}"`);
      continue;
    }
    result.notes.push(...notes);
    result.add.push(field);
  }
  return result;
}

/** The fields as an inline `additionalFields` object, for hints where no fields module gets written. */
export function inlineFields(fields: CustomField[]): string {
  const entry = (f: CustomField) => {
    const parts = [`type: ${f.type === "enum" ? `[${f.values!.map((v) => JSON.stringify(v)).join(", ")}]` : JSON.stringify(f.type)}`, `required: ${f.required}`];
    if (f.defaultValue !== undefined) parts.push(`defaultValue: ${JSON.stringify(f.defaultValue)}`);
    parts.push(`input: ${f.input}`);
    if (!f.returned) parts.push("returned: false");
    if (f.unique) parts.push("unique: true");
    return `      ${f.name}: { ${parts.join(", ")} },`;
  };
  const lines = ["  user: {", "    additionalFields: {", ...fields.map(entry), "    },", "  },  // (merge with your own user options)"];
  return lines.join("\n");
}

/** The lines to add by hand when a file cannot be edited: imports, then the option entries. */
export function manualHint(
  fileName: string, imports: ImportRequest[], calls: string[], fields?: { identifier: string; from: string } | CustomField[], providers: { id: string; options: string }[] = [],
): string {
  const inline = Array.isArray(fields) ? fields : null;
  const module = Array.isArray(fields) ? undefined : fields;
  const specs = [...imports.map((i) => ({ from: i.from, names: i.names })), ...(module ? [{ from: module.from, names: [module.identifier] }] : [])];
  const lines = [`  // in ${fileName}`, ...renderImports(specs).map((l) => `  ${l}`)];
  if (calls.length) lines.push(`  // in the options object:`, `  plugins: [${calls.join(", ")}],  // (add to the existing list)`);
  if (module) lines.push(`  user: { additionalFields: { ...${module.identifier} } },  // (merge with your own additionalFields)`);
  if (inline?.length) lines.push(inlineFields(inline));
  if (providers.length) lines.push(`  socialProviders: { ${providers.map((p) => `${p.id}: ${p.options}`).join(", ")} },  // (merge with your own providers)`);
  return lines.join("\n");
}

/** Read a project file (null when it is missing). */
export function readText(fs: FileSystem, root: string, path: string): string | null {
  const full = join(root, path);
  return fs.existsSync(full) ? (fs.readFileSync(full, "utf8") as string) : null;
}

/** Object with sorted keys (stable manifests). */
export function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

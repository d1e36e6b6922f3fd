import * as p from "@clack/prompts";
import { API_CLIENTS, BACKENDS, DATABASES, ORMS, FIELD_TYPES, FRAMEWORKS, PLUGINS, PROVIDERS, DEFAULT_PLUGINS, SECONDARY_STORAGES, isPrivilegedName } from "../config/catalog.js";
import { fieldNameProblem, parseFieldSpec } from "../config/field-spec.js";
import { databaseUrlProblem, needsDatabaseUrl } from "../config/database-rules.js";
import type { PartialConfig } from "../config/schema.js";
import { pluginUserFields } from "../features/plan.js";
import { CancelledError, UserError } from "../cli/errors.js";

/** Every answer goes through here: Ctrl-C or Esc at any prompt cancels the whole run cleanly. */
function answer<T>(value: T): Exclude<T, symbol> {
  if (p.isCancel(value)) {
    p.cancel("Cancelled; nothing was written.");
    throw new CancelledError();
  }
  return value as Exclude<T, symbol>;
}

const options = (values: readonly string[]) => values.map((value) => ({ value, label: value }));

/** Types a spec may give a default to (see parseDefault in field-spec.ts). */
const DEFAULTABLE = new Set(["string", "number", "boolean", "enum"]);

/**
 * One custom field, or undefined when the name is left empty (that ends the field loop, so a name
 * the rules refuse never traps anyone). `taken`: the names asked before (compared without case, as
 * databases do). Every answer is checked as it is typed, by the same rules as --field.
 */
async function askField(taken: string[], pluginColumns: Map<string, string>): Promise<string | undefined> {
  const validateName = (value: string | undefined) => {
    const name = (value ?? "").trim();
    if (name === "") return undefined;
    const twin = taken.find((t) => t.toLowerCase() === name.toLowerCase());
    const owner = [...pluginColumns].find(([column]) => column.toLowerCase() === name.toLowerCase());
    return (
      fieldNameProblem(name) ??
      (twin ? `There is already a field "${twin}" (names are compared without case)` : undefined) ??
      (owner ? `"${name}" is a column of the ${owner[1]} plugin, which manages it; pick another name` : undefined)
    );
  };
  const name = answer(await p.text({ message: "Field name (empty to finish)", placeholder: "nickname", defaultValue: "", validate: validateName })).trim();
  if (name === "") return undefined;
  const privileged = isPrivilegedName(name);
  const type = answer(await p.select({ message: `Type of ${name}`, options: [...options(FIELD_TYPES), { value: "enum", label: "enum (a fixed list)" }] }));
  let typeSpec = String(type);
  if (type === "enum") {
    const values = answer(await p.text({ message: "Allowed values, separated by |", placeholder: "free|pro|enterprise", validate: (v) => (/^[\w-]+(\|[\w-]+)*$/.test(v ?? "") ? undefined : "Like free|pro") }));
    typeSpec = `enum(${values})`;
  }
  let defaultValue = "";
  if (DEFAULTABLE.has(String(type))) {
    // The spec parser's own check, so a default the flags would refuse is refused here as it is typed.
    const validateDefault = (value: string | undefined) => {
      if (!value) return undefined;
      try {
        parseFieldSpec(`${name}:${typeSpec}:optional:default=${value}`);
        return undefined;
      } catch (error) {
        return error instanceof UserError ? error.message.replace(/^Invalid field "[^"]*": /, "").replace(/\. Use name:type.*$/, "") : String(error);
      }
    };
    defaultValue = answer(await p.text({ message: `Default value for ${name} (empty for none)`, defaultValue: "", validate: validateDefault }));
  }
  const input = answer(
    await p.confirm({ message: `Can users set ${name} themselves at sign-up?${privileged ? ` (no by default: "${name}" looks privileged)` : ""}`, initialValue: !privileged }),
  );
  // The spec syntax's default: required, unless nobody could ever fill it (no input, no default).
  let required = false;
  if (input || defaultValue) {
    const filledBy = input ? "users send it at sign-up" : "its default fills it";
    required = answer(await p.confirm({ message: `Is ${name} required? (default yes: ${filledBy})`, initialValue: true }));
  } else {
    p.log.info(`${name} is optional: users cannot set it and it has no default, so a required ${name} would make every sign-up fail.`);
  }
  const spec = [name, typeSpec, required ? "required" : "optional", ...(defaultValue ? [`default=${defaultValue}`] : []), input ? "input" : "no-input"].join(":");
  try {
    parseFieldSpec(spec); // its warnings are printed once, with the whole config's, after the wizard
  } catch (error) {
    if (error instanceof UserError) {
      p.log.error(error.message);
      return askField(taken, pluginColumns);
    }
    throw error;
  }
  return spec;
}

/** A TCP port, as typed: a whole number from 1 to 65535. */
const portProblem = (value: string | undefined) =>
  !value || (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 65535) ? undefined : "A whole number from 1 to 65535";

const DATABASE_HINTS: Record<string, string> = { sqlite: "embedded, no server", postgres: "PostgreSQL", mysql: "MySQL or MariaDB", mongodb: "no migrations" };
const URL_PLACEHOLDERS: Record<string, string> = { postgres: "postgres://postgres@127.0.0.1:5432/auth", mysql: "mysql://root@127.0.0.1:3306/auth", mongodb: "mongodb://127.0.0.1:27017/auth" };
const ORM_HINTS: Record<string, string> = { kysely: "Better Auth's built-in migrator", drizzle: "schema file + drizzle-kit migrations", prisma: "schema.prisma + prisma migrate" };

export interface WizardResult {
  directory: string;
  partial: PartialConfig;
}

/** Ask only for what flags and the config file did not answer. */
export async function runWizard(directory: string | undefined, partial: PartialConfig): Promise<WizardResult> {
  p.intro("create-auth-service");
  const c: PartialConfig = { ...partial };
  directory ??= answer(await p.text({ message: "Where should the service go?", placeholder: "my-auth-service", defaultValue: "my-auth-service" }));
  c.framework ??= answer(await p.select({ message: "Framework", options: options(FRAMEWORKS) })) as PartialConfig["framework"];
  c.database ??= answer(await p.select({ message: "Database", options: DATABASES.map((d) => ({ value: d, label: d, hint: DATABASE_HINTS[d] })) })) as PartialConfig["database"];
  if (needsDatabaseUrl(c.database) && !c.databaseUrl) {
    const database = c.database!;
    c.databaseUrl = answer(await p.text({ message: `${database} connection string`, placeholder: URL_PLACEHOLDERS[database], validate: (v) => databaseUrlProblem(database, v ?? "") }));
  }
  if (c.database !== "mongodb")
    c.orm ??= answer(await p.select({ message: "Schema and migrations", options: ORMS.filter((o) => o !== "none").map((o) => ({ value: o, label: o, hint: ORM_HINTS[o] })) })) as PartialConfig["orm"];
  c.secondaryStorage ??= answer(await p.select({ message: "Secondary storage for sessions and rate limits (needed to run several instances)", options: options(SECONDARY_STORAGES) })) as PartialConfig["secondaryStorage"];
  c.providers ??= answer(await p.multiselect({ message: "OAuth providers (space to select, enter to confirm)", options: options(PROVIDERS), required: false })) as PartialConfig["providers"];
  c.plugins ??= answer(await p.multiselect({ message: "Better Auth plugins", options: options(PLUGINS), initialValues: [...DEFAULT_PLUGINS], required: false })) as PartialConfig["plugins"];
  if (!c.fields) {
    // Asked after the plugins, so a name one of them already owns (admin's role…) is refused as it is typed.
    const pluginColumns = pluginUserFields({ plugins: c.plugins ?? [] });
    const fields: string[] = [];
    if (answer(await p.confirm({ message: "Add custom user fields (like nickname or company)?", initialValue: false })))
      for (let spec = await askField([], pluginColumns); spec !== undefined; spec = await askField(fields.map((f) => f.split(":")[0]), pluginColumns)) fields.push(spec);
    c.fields = fields;
  }
  c.backend ??= answer(await p.select({ message: "Resource-server security module", options: options(BACKENDS) })) as PartialConfig["backend"];
  c.apiClient ??= answer(await p.select({ message: "API client", options: options(API_CLIENTS) })) as PartialConfig["apiClient"];
  if (c.port === undefined) {
    // Every URL of the project (BETTER_AUTH_URL, the JWT issuer and audience, the clients) follows it.
    const port = answer(await p.text({ message: "Port of the auth service", placeholder: "3001", defaultValue: "3001", validate: portProblem }));
    if (port) c.port = Number(port);
  }
  c.install ??= answer(await p.confirm({ message: "Install dependencies?", initialValue: true }));
  if (c.install) c.migrate ??= answer(await p.confirm({ message: "Create the database tables now?", initialValue: true }));
  // Migrating needs the dependencies: a No to installing is a No to migrating, and the recreate command says both.
  else c.migrate ??= false;
  c.git ??= answer(await p.confirm({ message: "Initialise a git repository?", initialValue: true }));
  p.outro(`Creating ${directory}`);
  return { directory, partial: c };
}

// The MCP tools' input JSON Schemas, made from the same zod/mini schema as the flags and the config
// file, and the checks that turn a tool's arguments into what the commands take. The arguments are
// validated here, not by the SDK, so a mistake gets the CLI's own sentence and error code.
import { toJSONSchema } from "zod/mini";
import { UserError } from "../cli/errors.js";
import { PLUGINS, PROVIDERS } from "../config/catalog.js";
import { parsePartial } from "../config/resolve.js";
import { partialConfigSchema, type PartialConfig } from "../config/schema.js";

type JsonSchema = { type: "object"; properties?: Record<string, object>; required?: string[]; [key: string]: unknown };

/** The config keys a tool takes, as in a config file (every key optional; defaults as for create --yes). */
function configProperties(): Record<string, object> {
  const schema = toJSONSchema(partialConfigSchema, { io: "input" }) as { properties: Record<string, object> };
  const { $schema: _ignored, ...properties } = schema.properties;
  return properties;
}

const string = (description: string) => ({ type: "string", description });
const boolean = (description: string) => ({ type: "boolean", description });

export const createInputSchema = (): JsonSchema => ({
  type: "object",
  properties: {
    directory: string("target directory (absolute, or relative to the server's working directory); must be empty or missing unless force"),
    ...configProperties(),
    force: boolean("allow a non-empty directory (existing files are never replaced)"),
  },
  required: ["directory"],
  additionalProperties: false,
});

export const planInputSchema = (): JsonSchema => {
  const schema = createInputSchema();
  schema.properties!.content = boolean("include each new file's content (default true); files that exist get a diff instead");
  return schema;
};

const addCommon = {
  cwd: string("the project directory (absolute, or relative to the server's working directory)"),
  config: string("the Better Auth config file (auth.ts), for projects not made by this tool"),
  dryRun: boolean("return the diff of every file it would change, write nothing"),
  migrate: boolean("run the project's db:migrate afterwards (default true)"),
  force: boolean("replace generated files the user edited, or add a required field when the rows cannot be counted"),
};

const addSchema = (key: string, items: object, description: string): JsonSchema => ({
  type: "object",
  properties: { cwd: addCommon.cwd, [key]: { type: "array", items, minItems: 1, description }, ...Object.fromEntries(Object.entries(addCommon).filter(([k]) => k !== "cwd")) },
  required: ["cwd", key],
  additionalProperties: false,
});

export const addFieldsInputSchema = () =>
  addSchema("fields", { type: "string" }, 'field specs as for --field: name:type[:modifier…], e.g. "tier:enum(free|pro):default=free"');
export const addPluginsInputSchema = () => addSchema("plugins", { type: "string", enum: [...PLUGINS] }, "Better Auth plugins to add");
export const addProvidersInputSchema = () => addSchema("providers", { type: "string", enum: [...PROVIDERS] }, "social sign-in providers to add");

type Args = Record<string, unknown>;

function optionalBoolean(args: Args, key: string): boolean | undefined {
  const value = args[key];
  if (value !== undefined && typeof value !== "boolean") throw new UserError(`Invalid value for "${key}": expected true or false.`, { code: "INVALID_OPTION" });
  return value as boolean | undefined;
}

function requiredString(args: Args, key: string): string {
  const value = args[key];
  if (typeof value !== "string" || value.trim() === "") throw new UserError(`"${key}" is required: pass a path.`, { code: "USAGE" });
  return value;
}

export interface CreateArgs {
  directory: string;
  partial: PartialConfig;
  force: boolean;
  content: boolean;
}

/** A create or plan call's arguments: the directory, the options, and the config keys (checked like a config file). */
export function parseCreateArgs(args: Args, withContent: boolean): CreateArgs {
  const { directory: _d, force: _f, content: _c, ...config } = args;
  if (!withContent && "content" in args) throw new UserError(`Unknown option "content"; it is only for plan_project.`, { code: "USAGE" });
  return {
    directory: requiredString(args, "directory"),
    partial: parsePartial(config, "the tool input"),
    force: optionalBoolean(args, "force") ?? false,
    content: optionalBoolean(args, "content") ?? true,
  };
}

export interface AddArgs {
  cwd: string;
  names: string[];
  config?: string;
  dryRun: boolean;
  migrate: boolean;
  force: boolean;
}

/** An add call's arguments; the names themselves are checked by the add command (unknown plugin, bad spec). */
export function parseAddArgs(args: Args, key: "fields" | "plugins" | "providers"): AddArgs {
  const known = new Set(["cwd", key, "config", "dryRun", "migrate", "force"]);
  const unknown = Object.keys(args).filter((k) => !known.has(k));
  if (unknown.length) throw new UserError(`Unknown option ${unknown.map((k) => `"${k}"`).join(", ")}; use ${[...known].join(", ")}.`, { code: "USAGE" });
  const names = args[key];
  if (!Array.isArray(names) || names.length === 0 || names.some((n) => typeof n !== "string"))
    throw new UserError(`"${key}" must be a non-empty list of strings.`, { code: key === "fields" ? "INVALID_FIELD" : "INVALID_OPTION" });
  const config = args.config;
  if (config !== undefined && typeof config !== "string") throw new UserError(`"config" must be a path.`, { code: "USAGE" });
  return {
    cwd: requiredString(args, "cwd"),
    names: names as string[],
    config,
    dryRun: optionalBoolean(args, "dryRun") ?? false,
    migrate: optionalBoolean(args, "migrate") ?? true,
    force: optionalBoolean(args, "force") ?? false,
  };
}

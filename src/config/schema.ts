// zod/mini: the same validation as classic zod at a fraction of the start-up cost (the CLI's
// scaffold path loads it; create-vite's speed is the bar).
import * as z from "zod/mini";
import {
  API_CLIENTS, BACKENDS, DATABASES, DEFAULT_PLUGINS, FIELD_TYPES, FRAMEWORKS, ORMS, PACKAGE_MANAGERS, PLUGINS, PROVIDERS, SECONDARY_STORAGES, SQLITE_DRIVERS,
} from "./catalog.js";
import { npmNameProblem } from "./npm-name.js";

/** Attach a description (shown in the JSON Schema) to a schema. */
function described<T extends z.ZodMiniType>(schema: T, description: string): T {
  z.globalRegistry.add(schema, { description });
  return schema;
}

/**
 * ProjectConfig: the one source of truth. Flags, the config file, the prompts and the manifest all
 * produce or store this object; defaults live here and nowhere else.
 */
export const customFieldSchema = z.strictObject({
  // Checked by fieldNameProblem (identifier, length, reserved names), whose sentence names the field.
  name: z.string().register(z.globalRegistry, {
    description: "identifier: a letter, then letters, digits and _ (at most 63)",
    pattern: "^[A-Za-z][A-Za-z0-9_]{0,62}$",
  }),
  type: z.enum([...FIELD_TYPES, "enum"]),
  values: z.optional(z.array(z.string().check(z.minLength(1)))),
  /** Absent: required, unless nobody could fill it (no input and no default). */
  required: z.optional(z.boolean()),
  defaultValue: z.optional(z.union([z.string(), z.number(), z.boolean()])),
  unique: z._default(z.boolean(), false),
  index: z._default(z.boolean(), false),
  /** Absent: users may set it at sign-up, unless the name looks privileged. */
  input: z.optional(z.boolean()),
  returned: z._default(z.boolean(), true),
  max: described(z.optional(z.int().check(z.gte(1), z.lte(65535))), "max=N: characters of a string, items of an array, bytes of json"),
});

export const projectConfigSchema = z.strictObject({
  projectName: described(
    z.string().check(
      z.maxLength(214),
      z.regex(/^(?:@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/, "must be a valid npm package name (lowercase letters, digits, - . _)"),
      // npm's reserved names and Node's core modules, which no pattern can say.
      z.superRefine((name, ctx) => {
        const problem = npmNameProblem(name);
        if (problem) ctx.addIssue({ code: "custom", message: `${problem} (npm package name)`, input: name });
      }),
    ),
    "npm package name of the generated service",
  ),
  framework: described(z._default(z.enum(FRAMEWORKS), "hono"), "HTTP framework of the auth server"),
  database: described(z._default(z.enum(DATABASES), "sqlite"), "database engine"),
  databaseUrl: described(z.optional(z.string()), "connection string; defaults to a local SQLite file"),
  orm: described(z._default(z.enum(ORMS), "kysely"), "how the schema is managed"),
  // No zod default: it depends on the Node that runs the create command (resolveConfig decides).
  sqliteDriver: described(
    z.optional(z.enum(SQLITE_DRIVERS)),
    "SQLite only: node (Node's built-in node:sqlite, Node >= 22.13, nothing to compile; Kysely only) or better-sqlite3 (native; Node 20). Default: node when created on Node >= 22.13",
  ),
  secondaryStorage: described(
    z._default(z.enum(SECONDARY_STORAGES), "none"),
    "shared store for sessions and rate limits across instances (redis: REDIS_URL)",
  ),
  providers: described(z._default(z.array(z.enum(PROVIDERS)), []), "Better Auth social providers"),
  plugins: described(z._default(z.array(z.enum(PLUGINS)), [...DEFAULT_PLUGINS]), "Better Auth plugins"),
  fields: described(
    z._default(z.array(z.union([z.string(), customFieldSchema])), []),
    'custom user fields: specs like "tier:enum(free|pro):default=free" or objects',
  ),
  backend: described(z._default(z.enum(BACKENDS), "fastapi"), "resource-server security module"),
  apiClient: described(z._default(z.enum(API_CLIENTS), "fetch"), "TypeScript API client that attaches the JWT"),
  port: described(z._default(z.int().check(z.gte(1), z.lte(65535)), 3001), "port of the auth server"),
  packageManager: described(z._default(z.enum(PACKAGE_MANAGERS), "npm"), "package manager for install and scripts"),
  crossSiteCookies: described(
    z._default(z.boolean(), false),
    "SameSite=None; Secure; Partitioned session cookies for front-ends and in-app webviews on another site (needs HTTPS; CORS and CSRF from TRUSTED_ORIGINS only)",
  ),
  docker: described(z._default(z.boolean(), true), "Dockerfile, compose.yaml (database, Redis, a one-off migrate service) and .dockerignore"),
  install: z._default(z.boolean(), true),
  migrate: z._default(z.boolean(), true),
  git: z._default(z.boolean(), true),
});

/** What a config file or the flags may hold: every key optional, nothing defaulted yet. */
export const partialConfigSchema = z.extend(z.partial(projectConfigSchema), { $schema: z.optional(z.string()) });

export type ProjectConfigInput = z.input<typeof projectConfigSchema>;
export type PartialConfig = z.infer<typeof partialConfigSchema>;

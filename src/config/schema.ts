import { z } from "zod";
import {
  API_CLIENTS, BACKENDS, DATABASES, DEFAULT_PLUGINS, FIELD_TYPES, FRAMEWORKS, ORMS, PACKAGE_MANAGERS, PLUGINS, PROVIDERS, SECONDARY_STORAGES,
} from "./catalog.js";

/**
 * ProjectConfig: the one source of truth. Flags, the config file, the prompts and the manifest all
 * produce or store this object; defaults live here and nowhere else.
 */
export const customFieldSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, "must be an identifier"),
  type: z.enum([...FIELD_TYPES, "enum"]),
  values: z.array(z.string().min(1)).optional(),
  required: z.boolean().default(true),
  defaultValue: z.union([z.string(), z.number(), z.boolean()]).optional(),
  unique: z.boolean().default(false),
  index: z.boolean().default(false),
  input: z.boolean().default(true),
  returned: z.boolean().default(true),
});

export const projectConfigSchema = z.strictObject({
  projectName: z
    .string()
    .regex(/^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/, "must be a valid npm package name (lowercase, no spaces)")
    .max(214)
    .describe("npm package name of the generated service"),
  framework: z.enum(FRAMEWORKS).default("hono").describe("HTTP framework of the auth server"),
  database: z.enum(DATABASES).default("sqlite").describe("database engine"),
  databaseUrl: z.string().optional().describe("connection string; defaults to a local SQLite file"),
  orm: z.enum(ORMS).default("kysely").describe("how the schema is managed"),
  secondaryStorage: z
    .enum(SECONDARY_STORAGES)
    .default("none")
    .describe("shared store for sessions and rate limits across instances (redis: REDIS_URL)"),
  providers: z.array(z.enum(PROVIDERS)).default([]).describe("Better Auth social providers"),
  plugins: z.array(z.enum(PLUGINS)).default([...DEFAULT_PLUGINS]).describe("Better Auth plugins"),
  fields: z
    .array(z.union([z.string(), customFieldSchema]))
    .default([])
    .describe('custom user fields: specs like "tier:enum(free|pro):default=free" or objects'),
  backend: z.enum(BACKENDS).default("fastapi").describe("resource-server security module"),
  apiClient: z.enum(API_CLIENTS).default("fetch").describe("TypeScript API client that attaches the JWT"),
  port: z.number().int().min(1).max(65535).default(3001).describe("port of the auth server"),
  packageManager: z.enum(PACKAGE_MANAGERS).default("npm").describe("package manager for install and scripts"),
  install: z.boolean().default(true),
  migrate: z.boolean().default(true),
  git: z.boolean().default(true),
});

/** What a config file or the flags may hold: every key optional, nothing defaulted yet. */
export const partialConfigSchema = projectConfigSchema.partial().extend({ $schema: z.string().optional() });

export type ProjectConfigInput = z.input<typeof projectConfigSchema>;
export type PartialConfig = z.infer<typeof partialConfigSchema>;

import type { Plugin } from "../config/catalog.js";
import { fieldMax } from "../config/field-limits.js";
import type { CustomField } from "../config/field-spec.js";

/**
 * The tables Better Auth 1.7.25 reads and writes for a config: its core tables, the plugins'
 * tables and columns, and the custom user fields. Drizzle and Prisma need this as a schema file
 * written before anything is installed, so it is known here rather than asked of better-auth
 * (which the end-to-end tests do instead: Better Auth's own schema check must find nothing missing).
 *
 * Names are Better Auth's field names, used as the column names too (camelCase, like its own
 * migrator), so every ORM produces the same tables and `getMigrations` can check any of them.
 */
export type ColumnType = "string" | "number" | "boolean" | "date" | "json" | "string[]" | "number[]";

export interface AuthColumn {
  name: string;
  type: ColumnType;
  /** Allowed values of an enum (stored as a string). */
  values?: string[];
  required: boolean;
  unique?: boolean;
  index?: boolean;
  /** Better Auth sorts or filters on it: MySQL needs a bounded varchar to index it. */
  sortable?: boolean;
  /** The longest string a custom field accepts (its validator's limit, an enum's longest value). */
  maxLength?: number;
  /** A static default, also written as the column's SQL default. */
  default?: string | number | boolean;
  /** A foreign key to another table's id; rows go when the referenced row goes. */
  references?: string;
}

export interface AuthTable {
  /** Better Auth's model name: the table name and the key the adapters look up. */
  name: string;
  /** Every table also has a string primary key `id`. */
  columns: AuthColumn[];
}

type Additions = { [table: string]: AuthColumn[] };

const col = (name: string, type: ColumnType, required: boolean, extra: Partial<AuthColumn> = {}): AuthColumn => ({ name, type, required, ...extra });
const userId = (extra: Partial<AuthColumn> = {}) => col("userId", "string", true, { references: "user", index: true, ...extra });
const timestamps = () => [col("createdAt", "date", true), col("updatedAt", "date", true)];

function coreTables(): AuthTable[] {
  return [
    {
      name: "user",
      columns: [
        col("name", "string", true, { sortable: true }),
        col("email", "string", true, { unique: true, sortable: true }),
        col("emailVerified", "boolean", true, { default: false }),
        col("image", "string", false),
        ...timestamps(),
      ],
    },
    {
      name: "session",
      columns: [
        col("expiresAt", "date", true),
        col("token", "string", true, { unique: true }),
        ...timestamps(),
        col("ipAddress", "string", false),
        col("userAgent", "string", false),
        userId(),
      ],
    },
    {
      name: "account",
      columns: [
        col("accountId", "string", true),
        col("providerId", "string", true),
        userId(),
        col("accessToken", "string", false),
        col("refreshToken", "string", false),
        col("idToken", "string", false),
        col("accessTokenExpiresAt", "date", false),
        col("refreshTokenExpiresAt", "date", false),
        col("scope", "string", false),
        col("password", "string", false),
        ...timestamps(),
      ],
    },
    {
      name: "verification",
      columns: [
        col("identifier", "string", true, { index: true }),
        col("value", "string", true),
        col("expiresAt", "date", true),
        ...timestamps(),
      ],
    },
  ];
}

/** What each plugin adds (plugins missing here add no tables or columns). */
const PLUGIN_TABLES: Partial<Record<Plugin, Additions>> = {
  jwt: {
    jwks: [
      col("publicKey", "string", true),
      col("privateKey", "string", true),
      col("createdAt", "date", true),
      col("expiresAt", "date", false),
      col("alg", "string", false),
      col("crv", "string", false),
    ],
  },
  "two-factor": {
    user: [col("twoFactorEnabled", "boolean", false, { default: false })],
    twoFactor: [
      col("secret", "string", true, { index: true }),
      col("backupCodes", "string", true),
      userId(),
      col("verified", "boolean", false, { default: true }),
      col("failedVerificationCount", "number", false, { default: 0 }),
      col("lockedUntil", "date", false),
    ],
  },
  username: {
    user: [col("username", "string", false, { unique: true, sortable: true }), col("displayUsername", "string", false)],
  },
  organization: {
    session: [col("activeOrganizationId", "string", false)],
    organization: [
      col("name", "string", true, { sortable: true }),
      col("slug", "string", true, { unique: true, sortable: true, index: true }),
      col("logo", "string", false),
      col("createdAt", "date", true),
      col("metadata", "string", false),
    ],
    member: [
      col("organizationId", "string", true, { references: "organization", index: true }),
      userId(),
      col("role", "string", true, { sortable: true, default: "member" }),
      col("createdAt", "date", true),
    ],
    invitation: [
      col("organizationId", "string", true, { references: "organization", index: true }),
      col("email", "string", true, { sortable: true, index: true }),
      col("role", "string", false, { sortable: true }),
      col("status", "string", true, { sortable: true, default: "pending" }),
      col("expiresAt", "date", true),
      col("createdAt", "date", true),
      col("inviterId", "string", true, { references: "user" }),
    ],
  },
  admin: {
    user: [
      col("role", "string", false),
      col("banned", "boolean", false, { default: false }),
      col("banReason", "string", false),
      col("banExpires", "date", false),
    ],
    session: [col("impersonatedBy", "string", false)],
  },
  anonymous: {
    user: [col("isAnonymous", "boolean", false, { default: false })],
  },
  "api-key": {
    apikey: [
      col("configId", "string", true, { default: "default", index: true }),
      col("name", "string", false),
      col("start", "string", false),
      col("referenceId", "string", true, { index: true }),
      col("prefix", "string", false),
      col("key", "string", true, { index: true }),
      col("refillInterval", "number", false),
      col("refillAmount", "number", false),
      col("lastRefillAt", "date", false),
      col("enabled", "boolean", false, { default: true }),
      col("rateLimitEnabled", "boolean", false, { default: true }),
      col("rateLimitTimeWindow", "number", false),
      col("rateLimitMax", "number", false),
      col("requestCount", "number", false, { default: 0 }),
      col("remaining", "number", false),
      col("lastRequest", "date", false),
      col("expiresAt", "date", false),
      ...timestamps(),
      col("permissions", "string", false),
      col("metadata", "string", false),
    ],
  },
  passkey: {
    passkey: [
      col("name", "string", false),
      col("publicKey", "string", true),
      userId(),
      col("credentialID", "string", true, { index: true }),
      col("counter", "number", true),
      col("deviceType", "string", true),
      col("backedUp", "boolean", true),
      col("transports", "string", false),
      col("createdAt", "date", false),
      col("aaguid", "string", false),
    ],
  },
};

/**
 * MySQL's length for a string column it needs bounded: varchar(255), or longer when the column
 * must hold longer values (an enum's longest value). Unique and indexed custom strings accept at
 * most 255 characters (see field-limits.ts), so they always fit.
 */
export const varcharLength = (c: AuthColumn) => Math.max(255, c.maxLength ?? 0);

export function customFieldColumn(field: CustomField): AuthColumn {
  return {
    name: field.name,
    ...(field.type === "enum" ? { type: "string", values: field.values } : { type: field.type }),
    ...(field.type === "enum" ? { maxLength: Math.max(...field.values!.map((v) => v.length)) } : field.type === "string" ? { maxLength: fieldMax(field) } : {}),
    required: field.required,
    ...(field.unique ? { unique: true } : {}),
    ...(field.index ? { index: true } : {}),
    ...(field.defaultValue !== undefined ? { default: field.defaultValue } : {}),
  };
}

/** Every table, in creation order (a table comes after the tables it references). */
export function authTables(config: { plugins: readonly Plugin[]; fields: readonly CustomField[] }): AuthTable[] {
  const tables = coreTables();
  const add = (table: string, columns: AuthColumn[]) => {
    const existing = tables.find((t) => t.name === table);
    if (existing) existing.columns.push(...columns);
    else tables.push({ name: table, columns: [...columns] });
  };
  for (const plugin of config.plugins) for (const [table, columns] of Object.entries(PLUGIN_TABLES[plugin] ?? {})) add(table, columns);
  add("user", config.fields.map(customFieldColumn));
  return tables;
}

/** The user columns each plugin adds (for checks against the plugin features' `userFields`). */
export function pluginUserColumns(plugin: Plugin): string[] {
  return (PLUGIN_TABLES[plugin]?.user ?? []).map((c) => c.name);
}

import type { Plugin } from "../config/catalog.js";
import { plugins } from "../features/plugins.js";
import { col, timestamps, userId, type AuthColumn, type AuthTable } from "./columns.js";
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
  for (const plugin of config.plugins) for (const [table, columns] of Object.entries(plugins[plugin].tables ?? {})) add(table, columns);
  add("user", config.fields.map(customFieldColumn));
  return tables;
}

export type { AuthColumn, AuthTable, ColumnType } from "./columns.js";

// The vocabulary of Better Auth's tables: column types and small builders, shared by the core
// tables (auth-tables.ts) and each plugin's own tables (features/plugins.ts).

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

/** Columns per table (`user` for columns on the user table). */
export type TableAdditions = { [table: string]: AuthColumn[] };

export const col = (name: string, type: ColumnType, required: boolean, extra: Partial<AuthColumn> = {}): AuthColumn => ({ name, type, required, ...extra });
export const userId = (extra: Partial<AuthColumn> = {}) => col("userId", "string", true, { references: "user", index: true, ...extra });
export const timestamps = () => [col("createdAt", "date", true), col("updatedAt", "date", true)];

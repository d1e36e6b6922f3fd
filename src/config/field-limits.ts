import type { CustomField } from "./field-spec.js";

/**
 * How big a custom field's value may be. Users fill these fields themselves (sign-up and
 * update-user), and every value is stored, sent back with each session and — when it is a claim —
 * signed into every JWT, so each one is bounded. The generated validators (`auth.fields.ts`) enforce
 * these limits; the database columns are sized from them.
 */

/** Characters in a string field unless `max=N` says otherwise. */
export const DEFAULT_STRING_MAX = 255;
/** `text`: the longest string a field may hold, in characters. */
export const TEXT_MAX = 65535;
/** Items in a `string[]` / `number[]` field unless `max=N` says otherwise. */
export const DEFAULT_ARRAY_MAX = 100;
export const ARRAY_MAX_LIMIT = 1000;
/** Bytes of a `json` field's value (serialized) unless `max=N` says otherwise. */
export const DEFAULT_JSON_MAX = 8192;
/** Any value, serialized as UTF-8 JSON, fits in 64 KiB: what a MySQL TEXT column holds. */
export const VALUE_MAX_BYTES = 65535;
/** Unique and indexed strings are varchar(255) on MySQL (Better Auth's own migrator makes them so). */
export const INDEXED_STRING_MAX = 255;
/** Numbers are integers: the columns are 32-bit integers on PostgreSQL and MySQL. */
export const INT_MIN = -2147483648;
export const INT_MAX = 2147483647;
/** Strings longer than this stay out of the JWT (read them from the session instead). */
export const CLAIM_STRING_MAX = 255;

type Limited = "string" | "string[]" | "number[]" | "json";

/** What `max=N` counts for each type that has one, and the range it may take. */
const MAX_RANGE: Record<Limited, { min: number; max: number; unit: string; default: number }> = {
  string: { min: 1, max: TEXT_MAX, unit: "characters", default: DEFAULT_STRING_MAX },
  "string[]": { min: 1, max: ARRAY_MAX_LIMIT, unit: "items", default: DEFAULT_ARRAY_MAX },
  "number[]": { min: 1, max: ARRAY_MAX_LIMIT, unit: "items", default: DEFAULT_ARRAY_MAX },
  json: { min: 2, max: VALUE_MAX_BYTES, unit: "bytes", default: DEFAULT_JSON_MAX },
};

const isLimited = (type: CustomField["type"]): type is Limited => type in MAX_RANGE;

/** The field's limit (its `max`, or its type's default), or undefined for types bounded otherwise. */
export function fieldMax(field: Pick<CustomField, "type" | "max">): number | undefined {
  return isLimited(field.type) ? (field.max ?? MAX_RANGE[field.type].default) : undefined;
}

/** Parse the N of `max=N`; why it cannot apply to the field, as a message, when it cannot. */
export function parseMax(type: CustomField["type"], raw: string): number | string {
  if (!isLimited(type)) return `max= applies to string, string[], number[] and json fields, not ${type}`;
  const range = MAX_RANGE[type];
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < range.min || n > range.max)
    return `max=${raw} must be a whole number of ${range.unit} from ${range.min} to ${range.max}`;
  return n;
}

/** Why a field's limit contradicts its other settings, or undefined. */
export function limitProblem(field: CustomField): string | undefined {
  const max = fieldMax(field);
  if (field.type === "string" && max! > INDEXED_STRING_MAX && (field.unique || field.index))
    return `a unique or indexed string holds at most ${INDEXED_STRING_MAX} characters (MySQL's index limit); drop max=/text or unique/index`;
  if (field.type === "string" && typeof field.defaultValue === "string" && field.defaultValue.length > max!)
    return `its default is longer than its ${max}-character limit`;
  if (field.type === "number" && typeof field.defaultValue === "number" && !(Number.isInteger(field.defaultValue) && field.defaultValue >= INT_MIN && field.defaultValue <= INT_MAX))
    return `default ${field.defaultValue} is not an integer from ${INT_MIN} to ${INT_MAX} (number fields hold integers)`;
  return undefined;
}

/**
 * Does the field go into the JWT? Long strings and JSON stay out: the token rides in the headers of
 * every request to a resource server, and those are capped at 8–16 KB.
 */
export function inJwt(field: CustomField): boolean {
  if (!field.returned || field.type === "json") return false;
  return field.type !== "string" || fieldMax(field)! <= CLAIM_STRING_MAX;
}

const q = (s: string) => JSON.stringify(s);

/** TypeScript source of the check `auth.fields.ts` runs on a value, built from its helpers. */
export function validatorSource(field: CustomField): string {
  switch (field.type) {
    case "string": return `check.text(${fieldMax(field)})`;
    case "enum": return `check.oneOf([${field.values!.map(q).join(", ")}])`;
    case "number": return "check.integer";
    case "boolean": return "check.boolean";
    case "date": return "check.date";
    case "json": return `check.json(${fieldMax(field)})`;
    case "string[]": return `check.list(${fieldMax(field)}, check.text(${DEFAULT_STRING_MAX}))`;
    case "number[]": return `check.list(${fieldMax(field)}, check.integer)`;
  }
}

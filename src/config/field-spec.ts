import { CORE_USER_FIELDS, FIELD_TYPES, PRIVILEGED_FIELD_NAMES, RESERVED_CLAIMS, type ScalarFieldType } from "./catalog.js";
import { UserError } from "../cli/errors.js";
import { limitProblem, parseMax, TEXT_MAX } from "./field-limits.js";

/**
 * A custom user field, as Better Auth's `user.additionalFields` needs it.
 *
 * Spec syntax: `name:type[:modifier…]`
 *   type      string | number | boolean | date | json | string[] | number[] | enum(a|b|c)
 *   modifiers optional | required | default=VALUE | unique | index
 *             input | no-input   (may users set it at sign-up?)
 *             no-return          (never sent back in responses)
 *             max=N              the limit: characters of a string (default 255, up to 65535),
 *                                items of an array (default 100, up to 1000), bytes of json (default 8192)
 *             text               a long string: max=65535 (long strings stay out of the JWT)
 */
export interface CustomField {
  name: string;
  type: ScalarFieldType | "enum";
  /** Only for `enum`. */
  values?: string[];
  required: boolean;
  defaultValue?: string | number | boolean;
  unique: boolean;
  index: boolean;
  /** Settable by the user at sign-up / update-user. */
  input: boolean;
  /** Included in API responses and JWT claims. */
  returned: boolean;
  /** `max=N`: characters, items or bytes (see field-limits.ts); absent means the type's default. */
  max?: number;
}

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;
const MODIFIERS = "optional, required, default=VALUE, unique, index, input, no-input, no-return, max=N, text";

export interface ParsedField {
  field: CustomField;
  /** Human notes about choices made for the user (e.g. privileged names). */
  notes: string[];
}

function fail(spec: string, what: string): never {
  throw new UserError(`Invalid field "${spec}": ${what}. Use name:type[:modifier…], e.g. "tier:enum(free|pro):default=free".`);
}

/** Split on ":" except inside enum(...) parentheses. */
function splitSpec(spec: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of spec) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === ":" && depth === 0) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

function parseDefault(spec: string, field: CustomField, raw: string): string | number | boolean {
  switch (field.type) {
    case "number": {
      const n = Number(raw);
      if (raw.trim() === "" || !Number.isFinite(n)) fail(spec, `default "${raw}" is not a number`);
      return n;
    }
    case "boolean":
      if (raw !== "true" && raw !== "false") fail(spec, `default "${raw}" must be true or false`);
      return raw === "true";
    case "enum":
      if (!field.values!.includes(raw)) fail(spec, `default "${raw}" is not one of ${field.values!.join("|")}`);
      return raw;
    case "string":
      return raw;
    default:
      fail(spec, `a default value is supported for string, number, boolean and enum fields, not ${field.type}`);
  }
}

export function parseFieldSpec(spec: string): ParsedField {
  const trimmed = spec.trim();
  if (!trimmed) fail(spec, "it is empty");
  const [name, rawType, ...mods] = splitSpec(trimmed);
  if (!IDENTIFIER.test(name)) fail(spec, `"${name}" is not a valid identifier (letters, digits and _, starting with a letter)`);
  if (CORE_USER_FIELDS.includes(name)) fail(spec, `"${name}" is a Better Auth core user field; pick another name`);
  if (RESERVED_CLAIMS.includes(name)) fail(spec, `"${name}" is a registered JWT claim and would clash in every token; pick another name`);
  if (rawType === undefined || rawType === "") fail(spec, `"${name}" has no type (one of ${FIELD_TYPES.join(", ")}, enum(a|b))`);

  const field: CustomField = { name, type: "string", required: true, unique: false, index: false, input: true, returned: true };
  const enumMatch = /^enum\((.*)\)$/.exec(rawType);
  if (enumMatch) {
    const values = enumMatch[1].split("|").map((v) => v.trim());
    if (values.length === 0 || values.some((v) => !/^[A-Za-z0-9_-]+$/.test(v)))
      fail(spec, `enum values "${enumMatch[1]}" must be non-empty words separated by |`);
    if (new Set(values).size !== values.length) fail(spec, `enum values "${enumMatch[1]}" repeat`);
    field.type = "enum";
    field.values = values;
  } else if ((FIELD_TYPES as readonly string[]).includes(rawType)) {
    field.type = rawType as ScalarFieldType;
  } else {
    fail(spec, `unknown type "${rawType}" (one of ${FIELD_TYPES.join(", ")}, enum(a|b))`);
  }

  let explicitInput: boolean | undefined;
  let explicitRequired: boolean | undefined;
  const seen = new Set<string>();
  for (const mod of mods) {
    const key = mod.startsWith("default=") ? "default" : mod.startsWith("max=") || mod === "text" ? "max=N/text" : mod;
    if (seen.has(key)) fail(spec, `modifier "${key}" is given twice`);
    seen.add(key);
    if (mod.startsWith("default=")) field.defaultValue = parseDefault(spec, field, mod.slice("default=".length));
    else if (mod === "optional") explicitRequired = false;
    else if (mod === "required") explicitRequired = true;
    else if (mod === "unique") field.unique = true;
    else if (mod === "index") field.index = true;
    else if (mod === "input") explicitInput = true;
    else if (mod === "no-input") explicitInput = false;
    else if (mod === "no-return") field.returned = false;
    else if (mod.startsWith("max=") || mod === "text") {
      if (mod === "text" && field.type !== "string") fail(spec, `text applies to string fields, not ${field.type}`);
      const max = parseMax(field.type, mod === "text" ? String(TEXT_MAX) : mod.slice("max=".length));
      if (typeof max === "string") fail(spec, max);
      field.max = max;
    } else fail(spec, `unknown modifier "${mod}" (one of ${MODIFIERS})`);
  }
  const limit = limitProblem(field);
  if (limit) fail(spec, limit);
  if (seen.has("optional") && seen.has("required")) fail(spec, `it is both optional and required`);
  if (seen.has("input") && seen.has("no-input")) fail(spec, `it is both input and no-input`);

  const notes: string[] = [];
  const privileged = PRIVILEGED_FIELD_NAMES.includes(name);
  field.input = explicitInput ?? !privileged;
  if (privileged && explicitInput === undefined)
    notes.push(`"${name}" looks privileged, so users cannot set it at sign-up (add :input to allow it).`);

  if (explicitRequired !== undefined) field.required = explicitRequired;
  else if (!field.input && field.defaultValue === undefined) {
    // Nobody could ever fill it at sign-up: a required column would make every sign-up fail.
    field.required = false;
    notes.push(`"${name}" has no default and users cannot set it, so it is optional (add :default=VALUE to fill it).`);
  }
  if (field.required && !field.input && field.defaultValue === undefined)
    fail(spec, `it is required, users cannot set it and it has no default, so every sign-up would fail; add :default=VALUE or :optional`);
  return { field, notes };
}

/** `--custom-fields "role:string tier:string"` holds several specs, separated by spaces or commas. */
export function splitFieldList(list: string): string[] {
  return list.split(/[\s,]+/).filter(Boolean);
}

export function parseFieldSpecs(specs: string[]): ParsedField[] {
  const parsed = specs.map(parseFieldSpec);
  const seen = new Set<string>();
  for (const { field } of parsed) {
    if (seen.has(field.name)) throw new UserError(`Field "${field.name}" is given twice; keep one --field for it.`);
    seen.add(field.name);
  }
  return parsed;
}

/** The canonical spec string of a field: what the manifest and the reproducible command use. */
export function formatFieldSpec(field: CustomField): string {
  const type = field.type === "enum" ? `enum(${field.values!.join("|")})` : field.type;
  const mods: string[] = [];
  if (!field.required) mods.push("optional");
  if (field.defaultValue !== undefined) mods.push(`default=${field.defaultValue}`);
  if (field.unique) mods.push("unique");
  if (field.index) mods.push("index");
  mods.push(field.input ? "input" : "no-input");
  if (!field.returned) mods.push("no-return");
  if (field.max !== undefined) mods.push(field.type === "string" && field.max === TEXT_MAX ? "text" : `max=${field.max}`);
  return [field.name, type, ...mods].join(":");
}

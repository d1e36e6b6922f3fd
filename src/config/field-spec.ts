import {
  CORE_USER_FIELDS, FIELD_TYPES, isPrivilegedName, MAX_FIELD_NAME_LENGTH, normalizeName, RESERVED_CLAIMS, RESERVED_FIELD_NAMES, type ScalarFieldType,
} from "./catalog.js";
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
  /** Risks the user asked for explicitly (a privileged field users may set): printed as warnings. */
  warnings: string[];
}

/**
 * Why `name` cannot be a custom field's name, or undefined. Case is ignored against the core
 * fields: MySQL and SQLite compare column names case-insensitively, so `Email` beside `email`
 * fails at migrate.
 */
export function fieldNameProblem(name: string): string | undefined {
  if (!IDENTIFIER.test(name)) return `"${name}" is not a valid identifier (letters, digits and _, starting with a letter)`;
  if (name.length > MAX_FIELD_NAME_LENGTH)
    return `"${name}" is ${name.length} characters long, over the ${MAX_FIELD_NAME_LENGTH}-character limit of database column names; pick a shorter name`;
  const core = CORE_USER_FIELDS.find((f) => normalizeName(f) === normalizeName(name));
  if (core) return `"${name}" ${core === name ? "is" : `differs only by case from "${core}", which is`} a Better Auth core user field; pick another name`;
  if (RESERVED_CLAIMS.includes(name)) return `"${name}" is a registered JWT claim and would clash in every token; pick another name`;
  const reserved = RESERVED_FIELD_NAMES.find((r) => r.toLowerCase() === name.toLowerCase());
  if (reserved)
    return `"${name}" is reserved (${reserved === "password" || reserved === "callbackURL" || reserved === "rememberMe" ? "Better Auth reads it from the sign-up body itself" : "a built-in property of every JavaScript object"}); pick another name`;
  return undefined;
}

function fail(spec: string, what: string): never {
  throw new UserError(`Invalid field "${spec}": ${what}. Use name:type[:modifier…], e.g. "tier:enum(free|pro):default=free".`, { code: "INVALID_FIELD" });
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
  const problem = fieldNameProblem(name);
  if (problem) fail(spec, problem);
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

  return settle(field, explicitInput, explicitRequired, (what) => fail(spec, what));
}

/**
 * The rules shared by specs and object-form fields: a privileged-looking name is not settable at
 * sign-up unless input was asked for explicitly (then a warning says what that allows), and a field
 * nobody can fill is optional.
 */
function settle(field: CustomField, explicitInput: boolean | undefined, explicitRequired: boolean | undefined, refuse: (what: string) => never): ParsedField {
  const { name } = field;
  const notes: string[] = [];
  const warnings: string[] = [];
  const privileged = isPrivilegedName(name);
  field.input = explicitInput ?? !privileged;
  if (privileged && explicitInput === undefined)
    notes.push(`"${name}" looks privileged, so users cannot set it at sign-up (add :input to allow it).`);
  if (privileged && explicitInput === true)
    warnings.push(`"${name}" looks privileged, yet it is marked input: any user can set their own "${name}" at sign-up and update-user. Drop input unless that is really intended.`);

  if (explicitRequired !== undefined) field.required = explicitRequired;
  else if (!field.input && field.defaultValue === undefined) {
    // Nobody could ever fill it at sign-up: a required column would make every sign-up fail.
    field.required = false;
    notes.push(`"${name}" has no default and users cannot set it, so it is optional (add :default=VALUE to fill it).`);
  }
  if (field.required && !field.input && field.defaultValue === undefined)
    refuse(`it is required, users cannot set it and it has no default, so every sign-up would fail; add :default=VALUE or :optional`);
  return { field, notes, warnings };
}

/** `--custom-fields "role:string tier:string"` holds several specs, separated by spaces or commas. */
export function splitFieldList(list: string): string[] {
  return list.split(/[\s,]+/).filter(Boolean);
}

export function parseFieldSpecs(specs: string[]): ParsedField[] {
  const parsed = specs.map(parseFieldSpec);
  checkDistinctNames(parsed.map((p) => p.field.name));
  return parsed;
}

/** Column names are compared without case by MySQL and SQLite: `tier` and `Tier` are one column. */
export function checkDistinctNames(names: string[]): void {
  const seen = new Map<string, string>();
  for (const name of names) {
    const other = seen.get(name.toLowerCase());
    if (other === name) throw new UserError(`Field "${name}" is given twice; keep one --field for it.`, { code: "INVALID_FIELD" });
    if (other !== undefined) throw new UserError(`Fields "${other}" and "${name}" differ only by case, which databases treat as one column; rename one of them.`, { code: "INVALID_FIELD" });
    seen.set(name.toLowerCase(), name);
  }
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

/** A field as a config file or the manifest writes it: a spec string, or an object. */
export interface FieldObject {
  name: string;
  type: CustomField["type"];
  values?: string[];
  required?: boolean;
  defaultValue?: string | number | boolean;
  unique?: boolean;
  index?: boolean;
  /** Absent: users may set it unless the name looks privileged. */
  input?: boolean;
  returned?: boolean;
  /** As `max=N` in a spec. */
  max?: number;
}

/**
 * The object form, checked like a spec but never through the spec syntax, so a default holding
 * ":" or enum values holding "|" stay exactly what the file says.
 */
export function fieldFromObject(object: FieldObject): ParsedField {
  const label = typeof object.name === "string" ? object.name : "?";
  const refuse = (what: string): never => {
    throw new UserError(`Invalid field "${label}": ${what}.`, { code: "INVALID_FIELD" });
  };
  const problem = fieldNameProblem(object.name);
  if (problem) refuse(problem);
  const field: CustomField = {
    name: object.name,
    type: object.type,
    required: object.required ?? true,
    unique: object.unique ?? false,
    index: object.index ?? false,
    input: true,
    returned: object.returned ?? true,
  };
  if (object.type === "enum") {
    const values = object.values ?? [];
    if (values.length === 0) throw new UserError(`Field "${label}" is an enum without "values"; list them.`, { code: "INVALID_FIELD" });
    const bad = values.find((v) => v.trim() === "" || v !== v.trim() || /[\u0000-\u001f\u007f'\\]/.test(v));
    if (bad !== undefined) refuse(`enum value ${JSON.stringify(bad)} must be non-empty text without surrounding spaces, single quotes, backslashes or control characters`);
    if (new Set(values).size !== values.length) refuse(`enum values repeat`);
    field.values = [...values];
  } else if (object.values !== undefined) refuse(`"values" is only for enum fields, not ${object.type}`);

  const value = object.defaultValue;
  if (value !== undefined) {
    const expected = field.type === "number" ? "number" : field.type === "boolean" ? "boolean" : field.type === "string" || field.type === "enum" ? "string" : undefined;
    if (!expected) refuse(`a default value is supported for string, number, boolean and enum fields, not ${field.type}`);
    if (typeof value !== expected || (typeof value === "number" && !Number.isFinite(value)))
      refuse(`default ${JSON.stringify(value)} is not a ${expected}`);
    if (field.type === "enum" && !field.values!.includes(value as string)) refuse(`default ${JSON.stringify(value)} is not one of ${field.values!.join("|")}`);
    if (typeof value === "string" && /[\u0000-\u001f\u007f]/.test(value)) refuse(`its default must not hold control characters (line breaks, tabs)`);
    field.defaultValue = value;
  }
  if (object.max !== undefined) {
    const max = parseMax(field.type, String(object.max));
    if (typeof max === "string") return refuse(max);
    field.max = max;
  }
  const limit = limitProblem(field);
  if (limit) refuse(limit);
  return settle(field, object.input, object.required, refuse);
}

/** How the manifest stores a field: the spec when the spec syntax says exactly the same, else the object. */
export function fieldToConfig(field: CustomField): string | CustomField {
  const spec = formatFieldSpec(field);
  try {
    if (canonical(parseFieldSpec(spec).field) === canonical(field)) return spec;
  } catch {
    // Not expressible as a spec: stored as an object below.
  }
  return { ...field, ...(field.values ? { values: [...field.values] } : {}) };
}

/** JSON with sorted keys: equal fields compare equal whatever order their keys were set in. */
const canonical = (field: CustomField) => JSON.stringify(Object.fromEntries(Object.entries(field).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1))));

/** A field from a config file or manifest entry (spec string or object). */
export function fieldFromConfig(entry: string | FieldObject): ParsedField {
  return typeof entry === "string" ? parseFieldSpec(entry) : fieldFromObject(entry);
}

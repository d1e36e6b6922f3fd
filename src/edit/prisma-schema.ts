import type { AuthColumn, AuthTable } from "../schema/auth-tables.js";
import { align, modelName, prismaDefault, prismaScalar, relationName, type PrismaProvider } from "../schema/prisma.js";
import type { SchemaEditResult } from "./drizzle-schema.js";
import { refusal } from "./refuse.js";
import { applySplices, detectEol, type Splice } from "./splice.js";

/**
 * Edits a project's own Prisma schema so that it has the models and fields Better Auth needs.
 * Better Auth's Prisma adapter reaches a model through the client (`prisma.twoFactor`) and a field
 * by its Prisma name, so names are Better Auth's; the SQL names follow the project (`@map` in a
 * snake_case project, `@@map` for tables when its models have one). Only lines are added.
 */

export interface EnsurePrismaOptions {
  /** The provider, when the datasource block lives in another file of a multi-file schema. */
  provider?: string;
  /** For messages. */
  fileName?: string;
}

interface Field {
  name: string;
  type: string;
  attributes: string;
  /** A trailing `// comment`, which `prisma format` does not align. */
  comment: string;
  /** Offsets of the line (without its line break). */
  start: number;
  end: number;
}

interface Block {
  kind: string;
  name: string;
  /** Offset of the line holding the closing `}`. */
  closeLine: number;
  /** Offset just after the `}`. */
  end: number;
  fields: Field[];
  /** `@@…` lines. */
  blockAttributes: { text: string; start: number }[];
  map?: string;
  indent: string;
}

const BLOCK_HEADER = /^[ \t]*(model|enum|datasource|generator|view|type)[ \t]+(\w+)[ \t]*\{[ \t]*(?:\/\/.*)?$/;
const FIELD_LINE = /^([ \t]*)(\w+)[ \t]+(\w+(?:\[\])?\??)(?:[ \t]+(\S.*?))?[ \t]*$/;

/**
 * Make `source` hold every model and field of `tables`: fields on existing models (the user model
 * found by `@@map("user")` or its name), new models after the last one, with their relations and
 * the back-relations on the models they point at. A second run changes nothing.
 */
export function ensurePrismaModels(source: string, tables: AuthTable[], options: EnsurePrismaOptions = {}): SchemaEditResult {
  const fileName = options.fileName ?? "schema.prisma";
  const eol = detectEol(source);
  const blocks = parseBlocks(source, fileName, () => ensurePrismaModels("", tables, { provider: options.provider }).code);
  const models = blocks.filter((b) => b.kind === "model");
  const datasource = blocks.find((b) => b.kind === "datasource");
  const provider = normalizeProvider(options.provider ?? (datasource ? providerOf(source, datasource) : undefined));
  const snake = usesSnakeFieldMaps(models);
  const userModel = findModelFor("user", models);
  const mapsTables = models.length > 0 && models.filter((m) => m.map !== undefined).length * 2 >= models.length;
  // Tables named in the plural (`@@map("users")`); the client still reaches `prisma.user`, so model names stay singular.
  const plural = userModel?.map?.toLowerCase() === "users";
  const snakeTables = snake || models.some((m) => m.map?.includes("_"));

  const names = new Map<string, string>(); // Better Auth model → Prisma model name
  for (const model of modelsNamed(tables)) {
    const m = findModelFor(model, models);
    if (m) names.set(model, m.name);
  }
  const r = new FieldRenderer(provider, snake, models, names);
  const splices: Splice[] = [];
  const added: string[] = [];
  const newModels: { name: string; rows: string[][]; attributes: string[] }[] = [];
  // Lines to add to existing models, by model name: fields and relations, then @@index lines.
  const extraFields = new Map<string, string[][]>();
  const extraIndexes = new Map<string, string[]>();
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => map.set(key, [...(map.get(key) ?? []), value]);
  const newForeignKeys: { from: string; column: AuthColumn }[] = [];

  for (const t of tables) {
    const model = findModelFor(t.name, models);
    if (model) {
      for (const c of t.columns.filter((col) => !hasField(model, col))) {
        push(extraFields, model.name, r.row(c));
        if (c.references) {
          push(extraFields, model.name, r.relationRow(c));
          newForeignKeys.push({ from: model.name, column: c });
        }
        if (c.index && !c.unique) push(extraIndexes, model.name, `@@index([${c.name}])`);
        added.push(`${t.name}.${c.name}`);
      }
      continue;
    }
    const name = modelName(t.name);
    names.set(t.name, name);
    const rows = [r.idRow(userModel), ...t.columns.map((c) => r.row(c)), ...t.columns.filter((c) => c.references).map((c) => r.relationRow(c))];
    const attributes = t.columns.filter((c) => c.index && !c.unique).map((c) => `@@index([${c.name}])`);
    if (mapsTables) {
      const table = snakeTables ? snakeCase(t.name) : t.name;
      attributes.push(`@@map("${plural ? `${table}s` : table}")`);
    }
    newModels.push({ name, rows, attributes });
    newForeignKeys.push(...t.columns.filter((c) => c.references).map((column) => ({ from: name, column })));
    added.push(`table ${t.name}`);
  }

  // Back-relations: the model a new foreign key points at lists the rows pointing at it.
  for (const { from, column } of newForeignKeys) {
    const target = names.get(column.references!);
    const existing = target ? models.find((m) => m.name === target) : undefined;
    const created = target ? newModels.find((m) => m.name === target) : undefined;
    if (!existing && !created) {
      const hintText = hint(newModels, extraFields);
      throw refusal(fileName, `model ${from} needs a relation to ${modelName(column.references!)}, which this schema does not define`, hintText);
    }
    const rows = created?.rows ?? extraFields.get(existing!.name) ?? [];
    const listed = rows.some((row) => row[1] === `${from}[]`) || existing?.fields.some((f) => f.type === `${from}[]`);
    if (listed) continue;
    const row = [`${lowerFirst(from)}s`, `${from}[]`, ""];
    if (created) created.rows.push(row);
    else push(extraFields, existing!.name, row);
  }

  for (const model of models) {
    const rows = extraFields.get(model.name) ?? [];
    const indexes = extraIndexes.get(model.name) ?? [];
    if (rows.length > 0) splices.push(insertFields(source, model, rows, eol));
    if (indexes.length > 0) splices.push(insertBlockAttributes(source, model, indexes, eol));
  }
  if (newModels.length > 0) {
    const last = models[models.length - 1] ?? blocks[blocks.length - 1];
    const at = last ? last.end : source.length;
    const text = newModels.map((m) => eol + eol + renderModel(m).replace(/\n/g, eol)).join("");
    splices.push({ start: at, end: at, text: last ? text : text.replace(/^(\r?\n)+/, "") + eol });
  }
  if (splices.length === 0) return { code: source, changed: false, added: [] };
  const code = applySplices(source, splices);
  return { code, changed: code !== source, added };
}

/** The models `tables` define or point at. */
function modelsNamed(tables: AuthTable[]): Set<string> {
  return new Set(tables.flatMap((t) => [t.name, ...t.columns.flatMap((c) => (c.references ? [c.references] : []))]));
}

function parseBlocks(source: string, fileName: string, hint: () => string): Block[] {
  const blocks: Block[] = [];
  let current: Omit<Block, "closeLine" | "end"> | null = null;
  let offset = 0;
  for (const rawLine of source.split("\n")) {
    const line = rawLine.replace(/\r$/, "");
    const start = offset;
    offset += rawLine.length + 1;
    if (!current) {
      const header = BLOCK_HEADER.exec(line);
      if (header) current = { kind: header[1], name: header[2], fields: [], blockAttributes: [], indent: "  " };
      continue;
    }
    const trimmed = line.trim();
    if (trimmed === "}") {
      blocks.push({ ...current, closeLine: start, end: start + line.indexOf("}") + 1 });
      current = null;
      continue;
    }
    if (trimmed.startsWith("@@")) {
      current.blockAttributes.push({ text: trimmed, start });
      const map = /^@@map\(\s*(?:name:\s*)?"([^"]+)"/.exec(trimmed);
      if (map) current.map = map[1];
      continue;
    }
    const field = current.kind === "model" ? FIELD_LINE.exec(line) : null;
    if (field) {
      if (current.fields.length === 0) current.indent = field[1];
      const [attributes, comment] = splitComment(field[4] ?? "");
      current.fields.push({ name: field[2], type: field[3], attributes, comment, start, end: start + line.length });
    }
  }
  if (current) throw refusal(fileName, `its ${current.kind} ${current.name} block has no closing brace`, hint());
  return blocks;
}

function providerOf(source: string, datasource: Block): string | undefined {
  const body = source.slice(source.lastIndexOf("{", datasource.closeLine), datasource.closeLine);
  return /^\s*provider\s*=\s*"([^"]+)"/m.exec(body)?.[1];
}

/** Prisma's other SQL providers write fields like one of ours: CockroachDB like PostgreSQL, the rest without native types. */
function normalizeProvider(provider: string | undefined): PrismaProvider | "other" {
  if (provider === "postgresql" || provider === "postgres" || provider === "cockroachdb") return "postgresql";
  if (provider === "mysql") return "mysql";
  if (provider === "sqlite") return "sqlite";
  return "other";
}

const norm = (name: string) => name.replace(/_/g, "").toLowerCase();
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/([A-Z])([A-Z][a-z])/g, "$1_$2").toLowerCase();
}

/** The model Better Auth's `model` maps to: by `@@map` (`user`, `users`, `two_factor`), else by name. */
export function findModelFor<T extends { name: string; map?: string }>(model: string, models: T[]): T | undefined {
  const wanted = [norm(model), `${norm(model)}s`];
  return models.find((m) => m.map !== undefined && wanted.includes(norm(m.map))) ?? models.find((m) => wanted.includes(norm(m.name)));
}

function hasField(model: Block, c: AuthColumn): boolean {
  const wanted = norm(c.name);
  return model.fields.some((f) => norm(f.name) === wanted || norm(/@map\(\s*"([^"]+)"/.exec(f.attributes)?.[1] ?? "") === wanted);
}

/** Do multi-word fields carry `@map("snake_case")`? */
function usesSnakeFieldMaps(models: Block[]): boolean {
  let snake = 0;
  let plain = 0;
  for (const f of models.flatMap((m) => m.fields)) {
    if (!/[A-Z]/.test(f.name) || /\[\]$/.test(f.type) || f.attributes.includes("@relation")) continue;
    const map = /@map\(\s*"([^"]+)"/.exec(f.attributes)?.[1];
    if (map === snakeCase(f.name)) snake++;
    else if (!map) plain++;
  }
  return snake > plain;
}

class FieldRenderer {
  constructor(
    private readonly provider: PrismaProvider | "other",
    private readonly snake: boolean,
    private readonly models: Block[],
    private readonly names: Map<string, string>,
  ) {}

  /** The native-type attributes (`@db.…`) of an existing field. */
  private natives(field: Field | undefined): string[] {
    return field ? (field.attributes.match(/@db\.\w+(?:\([^)]*\))?/g) ?? []) : [];
  }

  private existingField(model: string, name: string): Field | undefined {
    return findModelFor(model, this.models)?.fields.find((f) => f.name === name);
  }

  row(c: AuthColumn): string[] {
    const scalar = prismaScalar(this.provider === "other" ? "sqlite" : this.provider, c);
    let native: string[] = scalar.native ? [scalar.native] : [];
    // Foreign keys match the key they point at; dates follow the project's own date fields.
    // A new model's key is a copy of the user model's (see idRow).
    const id = c.references ? (this.existingField(c.references, "id") ?? this.existingField("user", "id")) : undefined;
    if (id) native = this.natives(id);
    else if (c.type === "date") native = this.natives(this.existingField("user", "createdAt"));
    // A foreign key has the type of the key it points at (`Int` where ids are serial).
    const type = id ? id.type.replace(/\?$/, "") : scalar.type;
    const optional = !c.required && !type.endsWith("[]") ? "?" : "";
    const mapped = this.snake && snakeCase(c.name) !== c.name ? `@map("${snakeCase(c.name)}")` : "";
    const attributes = [c.unique ? "@unique" : "", c.default !== undefined ? `@default(${prismaDefault(c.default)})` : "", mapped, ...native];
    return [c.name, `${type}${optional}`, attributes.filter(Boolean).join(" ")];
  }

  relationRow(c: AuthColumn): string[] {
    const target = this.names.get(c.references!) ?? modelName(c.references!);
    return [relationName(c.name), `${target}${c.required ? "" : "?"}`, `@relation(fields: [${c.name}], references: [id], onDelete: Cascade)`];
  }

  /** A new model's key: like the user model's (`@default(cuid())`, `@map("_id")`, `@db.Uuid` kept). */
  idRow(user: Block | undefined): string[] {
    const id = user?.fields.find((f) => f.attributes.includes("@id"));
    if (id) return [id.name, id.type, id.attributes].filter(Boolean);
    return ["id", "String", ["@id", this.provider === "mysql" ? "@db.VarChar(36)" : ""].filter(Boolean).join(" ")];
  }
}

/**
 * New lines after the model's last field. That field's group (the fields on the lines just above
 * it) is re-aligned with them, as `prisma format` would: only whitespace of those lines changes.
 */
function insertFields(source: string, model: Block, rows: string[][], eol: string): Splice {
  const fields = model.fields;
  if (fields.length === 0) {
    const text = align(rows, model.indent).map((l) => l + eol).join("");
    return { start: model.closeLine, end: model.closeLine, text };
  }
  let first = fields.length - 1;
  while (first > 0 && nextLineStart(source, fields[first - 1].end) === fields[first].start) first--;
  const group = fields.slice(first);
  const lines = align([...group.map(cellsOf), ...rows], model.indent);
  const start = group[0].start;
  const end = group[group.length - 1].end;
  return { start, end, text: lines.join(eol) };
}

/** A field's cells for alignment: a trailing comment follows the last non-empty cell, one space apart. */
function cellsOf(f: Field): string[] {
  if (!f.comment) return [f.name, f.type, f.attributes];
  return f.attributes ? [f.name, f.type, `${f.attributes} ${f.comment}`] : [f.name, `${f.type} ${f.comment}`];
}

/** `@default("a//b") // note` → [`@default("a//b")`, `// note`]. */
function splitComment(text: string): [string, string] {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\\" && inString) i++;
    else if (text[i] === '"') inString = !inString;
    else if (!inString && text.startsWith("//", i)) return [text.slice(0, i).trimEnd(), text.slice(i)];
  }
  return [text, ""];
}

function nextLineStart(source: string, lineEnd: number): number {
  return source[lineEnd] === "\r" ? lineEnd + 2 : lineEnd + 1;
}

/** `@@index` lines before the model's `@@map` (or last block attribute), else after a blank line. */
function insertBlockAttributes(source: string, model: Block, lines: string[], eol: string): Splice {
  const map = model.blockAttributes.find((a) => a.text.startsWith("@@map"));
  const indent = model.indent;
  if (map) return { start: map.start, end: map.start, text: lines.map((l) => indent + l + eol).join("") };
  if (model.blockAttributes.length > 0) {
    const lastAttribute = model.blockAttributes[model.blockAttributes.length - 1];
    const at = source.indexOf("\n", lastAttribute.start);
    const end = source[at - 1] === "\r" ? at - 1 : at;
    return { start: end, end, text: lines.map((l) => eol + indent + l).join("") };
  }
  const at = model.closeLine;
  return { start: at, end: at, text: eol + lines.map((l) => indent + l + eol).join("") };
}

function renderModel(m: { name: string; rows: string[][]; attributes: string[] }): string {
  const attributes = m.attributes.length ? `\n\n${m.attributes.map((a) => `  ${a}`).join("\n")}` : "";
  return `model ${m.name} {\n${align(m.rows).join("\n")}${attributes}\n}`;
}

function hint(newModels: { name: string; rows: string[][]; attributes: string[] }[], extraFields: Map<string, string[][]>): string {
  const fieldHints = [...extraFields].map(([model, rows]) => `In model ${model}, add:\n${align(rows).join("\n")}`);
  return [...fieldHints, ...newModels.map(renderModel)].join("\n\n");
}

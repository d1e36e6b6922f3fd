import path from "node:path";
import type { CallExpression, File, Node, ObjectExpression, Statement } from "@babel/types";
import { UserError } from "../cli/errors.js";
import type { AuthColumn, AuthTable } from "../schema/auth-tables.js";
import { columnHelper, mysqlStringLength, TABLE_FN, type DrizzleDialect } from "../schema/drizzle.js";
import { relationName } from "../schema/prisma.js";
import { ensureImports } from "./imports.js";
import { describeParseError, parseModule, unwrap, walk } from "./parse.js";
import { refusal } from "./refuse.js";
import { applySplices, detectStyle, endOfLineAfter, insertIntoList, listOf, skipTrivia, type EditContext, type FileStyle, type Layout, type Splice } from "./splice.js";

/**
 * Edits a project's own Drizzle schema so that it defines the tables and columns Better Auth needs,
 * written the way the file already writes them: its table builder (`pgTable`, a `pgTableCreator`
 * helper, …), its column helpers (imported `text(...)` or the callback's `d.text()`), the options
 * its existing columns pass (`{ withTimezone: true }`, `{ mode: "timestamp_ms" }`, …) and its
 * casing of SQL names. Better Auth's Drizzle adapter looks columns up by their JS key, so keys are
 * Better Auth's field names whatever the SQL names are.
 */

export interface SchemaEditResult {
  code: string;
  changed: boolean;
  /** What was added, e.g. ["user.company", "table twoFactor"]. */
  added: string[];
}

export type Casing = "snake" | "camel" | "none";

export interface DrizzleSchemaInfo {
  dialect: DrizzleDialect;
  tables: { key: string; sqlName: string; columns: { key: string; sqlName: string }[] }[];
  casing: Casing;
}

/**
 * The project's formatting settings (from its Prettier/Biome/.editorconfig), over what the file
 * itself shows. `trailingComma: "es5"` puts commas after the last item of objects and arrays but
 * not after the last argument of a call.
 */
export interface StyleSettings {
  indent?: string;
  quote?: '"' | "'";
  semi?: boolean;
  trailingComma?: boolean | "all" | "es5" | "none";
  eol?: "\n" | "\r\n";
  /** Where Prettier would wrap a line (80 unless set). */
  printWidth?: number;
}

export interface EnsureDrizzleOptions {
  style?: StyleSettings;
  /**
   * The dialect for a file that defines no table yet (e.g. an empty `auth-schema.ts` the project's
   * drizzle config already points at). Tables written there get snake_case SQL names, as Better
   * Auth's own generator writes them.
   */
  dialect?: DrizzleDialect;
  /**
   * Only add columns to tables this file defines; append no table. For schemas split over several
   * files: every file gets its columns, and the file holding the user table gets the new tables.
   */
  onlyExisting?: boolean;
}

const TABLE_BUILDERS: Record<string, DrizzleDialect> = { pgTable: "pg", mysqlTable: "mysql", sqliteTable: "sqlite" };
const TABLE_CREATORS: Record<string, DrizzleDialect> = { pgTableCreator: "pg", mysqlTableCreator: "mysql", sqliteTableCreator: "sqlite" };
const CORE_MODULE = /^drizzle-orm\/(pg|mysql|sqlite)-core$/;

interface Helper {
  fn: string;
  /** The inside of its options object (`withTimezone: true`), when it has one. */
  options?: string;
}

interface Column {
  key: string;
  sqlName: string;
  explicit: boolean;
  value: Node;
  helper?: Helper;
}

interface Table {
  key: string;
  sqlName: string;
  /** How the table is built: `pgTable`, `createTable`, `pg.pgTable`. */
  builder: string;
  dialect: DrizzleDialect;
  coreModule: string;
  call: CallExpression;
  statement: Statement;
  /** The columns literal, null when it is not one this tool can edit. */
  object: ObjectExpression | null;
  /** Columns written as `d.text()`: the callback's parameter (or a namespace import). */
  prefix?: string;
  columns: Column[];
}

interface Analysis {
  ast: File;
  ctx: EditContext;
  /** Whether the last argument of a multi-line call gets a trailing comma. */
  argumentComma: boolean;
  printWidth: number;
  dialect: DrizzleDialect;
  coreModule: string;
  tables: Table[];
  /** Table-builder calls outside a top-level `const` (loops, functions): tables this tool cannot see. */
  strays: CallExpression[];
  casing: Casing;
}

/** Detect dialect, tables, column-helper style and SQL-name casing of a Drizzle schema file. */
export function inspectDrizzleSchema(source: string, fileName: string): DrizzleSchemaInfo {
  let ast: File;
  try {
    ast = parseModule(source, fileName);
  } catch (error) {
    throw unreadable(fileName, `it does not parse (${describeParseError(error)})`);
  }
  const a = analyze(source, ast, (problem) => unreadable(fileName, problem));
  return {
    dialect: a.dialect,
    casing: a.casing,
    tables: a.tables.map((t) => ({ key: t.key, sqlName: t.sqlName, columns: t.columns.map((c) => ({ key: c.key, sqlName: c.sqlName })) })),
  };
}

/** The table of `tables` that Better Auth's model `model` maps to (`user` → `user` / `users`, `twoFactor` → `two_factor`). */
export function findTableFor<T extends { key: string; sqlName: string }>(model: string, tables: T[]): T | undefined {
  const wanted = [norm(model), `${norm(model)}s`];
  return tables.find((t) => wanted.includes(norm(t.key))) ?? tables.find((t) => wanted.includes(norm(t.sqlName)));
}

/** Enough of `fs` to search a project (node:fs and memfs both fit). */
export interface SearchFs {
  readdirSync(path: string): unknown[];
  statSync(path: string): { isDirectory(): boolean; isFile(): boolean };
  readFileSync(path: string, encoding: "utf8"): string;
}

const SKIPPED_DIRS = new Set(["node_modules", "dist", "build", "out", "coverage", "drizzle", "migrations", "generated"]);
const SOURCE_FILE = /\.(?:[mc]?[jt]s|tsx)$/;
const TEST_FILE = /\.(?:test|spec)\.[^.]+$|\.d\.[mc]?ts$/;
/** A schema is some KB; anything this big is generated or bundled. */
const MAX_SOURCE_CHARS = 512 * 1024;

/**
 * Files under `root` (all workspace packages; not node_modules, build output, dot-folders or tests)
 * that define Drizzle tables, as paths joined onto `root`: the ones defining Better Auth's user
 * table first, then the others, each group in path order.
 */
export function findDrizzleSchemaFiles(root: string, fs: SearchFs): string[] {
  const found: { file: string; hasUser: boolean }[] = [];
  const visit = (dir: string, depth: number) => {
    let names: string[];
    try {
      names = fs.readdirSync(dir).map(String).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const full = path.join(dir, name);
      let stat: { isDirectory(): boolean; isFile(): boolean };
      try {
        stat = fs.statSync(full);
      } catch {
        continue;
      }
      if (stat.isDirectory()) {
        if (!name.startsWith(".") && !SKIPPED_DIRS.has(name) && depth < 10) visit(full, depth + 1);
        continue;
      }
      if (!stat.isFile() || !SOURCE_FILE.test(name) || TEST_FILE.test(name)) continue;
      const source = fs.readFileSync(full, "utf8");
      if (source.length > MAX_SOURCE_CHARS || !source.includes("drizzle-orm/") || !/Table(?:Creator)?\s*[(<]/.test(source)) continue;
      try {
        const a = analyze(source, parseModule(source, full), (problem) => new Error(problem));
        if (a.tables.length > 0) found.push({ file: full, hasUser: findTableFor("user", a.tables) !== undefined });
      } catch {
        // Not a schema this tool can read (or no drizzle import after all): not a candidate.
      }
    }
  };
  visit(root, 0);
  return [...found.filter((f) => f.hasUser), ...found.filter((f) => !f.hasUser)].map((f) => f.file);
}

/**
 * Make `source` define every table and column of `tables`. Adds missing columns to the tables it
 * has, appends missing tables after the last one, and adds the imports they need. Never changes a
 * column that exists under the same key or SQL name; a second run changes nothing.
 */
export function ensureDrizzleTables(source: string, fileName: string, tables: AuthTable[], options: EnsureDrizzleOptions = {}): SchemaEditResult {
  let ast: File;
  try {
    ast = parseModule(source, fileName);
  } catch (error) {
    throw refusal(fileName, `it does not parse (${describeParseError(error)})`, fallbackHint(source, tables));
  }
  const a = analyze(source, ast, (problem) => refusal(fileName, problem, fallbackHint(source, tables)), options.style, options.dialect);
  const plan = planEdits(a, tables, options);
  if (plan.problem) throw refusal(fileName, plan.problem, plan.hint);
  if (plan.splices.length === 0) return { code: source, changed: false, added: [] };
  const code = applySplices(source, plan.splices);
  return { code, changed: code !== source, added: plan.added };
}

// ---------------------------------------------------------------------------------------------
// Reading the file

function unreadable(fileName: string, problem: string): UserError {
  return new UserError(`Cannot read ${fileName} as a Drizzle schema: ${problem}.`);
}

/** `fail` makes the error for a file that is not a Drizzle schema this tool can read. */
function analyze(source: string, ast: File, fail: (problem: string) => Error, settings: StyleSettings = {}, emptyDialect?: DrizzleDialect): Analysis {
  const detected = detectStyle(source, ast);
  const comma = settings.trailingComma ?? detected.trailingComma;
  const style: FileStyle = {
    indent: settings.indent ?? detected.indent,
    quote: settings.quote ?? detected.quote,
    semi: settings.semi ?? detected.semi,
    eol: settings.eol ?? detected.eol,
    trailingComma: comma !== false && comma !== "none",
  };
  const ctx: EditContext = { source, style };
  // Local names of the builders, with their dialect and the module they come from.
  const builders = new Map<string, { dialect: DrizzleDialect; module: string }>();
  const creators = new Map<string, { dialect: DrizzleDialect; module: string }>();
  const namespaces = new Map<string, { dialect: DrizzleDialect; module: string }>();
  for (const statement of ast.program.body) {
    if (statement.type !== "ImportDeclaration") continue;
    const match = CORE_MODULE.exec(statement.source.value);
    if (!match) continue;
    const origin = { dialect: match[1] as DrizzleDialect, module: statement.source.value };
    for (const spec of statement.specifiers) {
      if (spec.type === "ImportNamespaceSpecifier") {
        namespaces.set(spec.local.name, origin);
        for (const fn of Object.keys(TABLE_BUILDERS)) builders.set(`${spec.local.name}.${fn}`, origin);
        for (const fn of Object.keys(TABLE_CREATORS)) creators.set(`${spec.local.name}.${fn}`, origin);
        continue;
      }
      if (spec.type !== "ImportSpecifier") continue;
      const imported = spec.imported.type === "Identifier" ? spec.imported.name : spec.imported.value;
      if (TABLE_BUILDERS[imported]) builders.set(spec.local.name, origin);
      if (TABLE_CREATORS[imported]) creators.set(spec.local.name, origin);
    }
  }
  if (builders.size === 0 && creators.size === 0 && emptyDialect && !/\b(?:pg|mysql|sqlite)Table(?:Creator)?\b/.test(source))
    builders.set(TABLE_FN[emptyDialect], { dialect: emptyDialect, module: `drizzle-orm/${emptyDialect}-core` });
  if (builders.size === 0 && creators.size === 0)
    throw fail("it imports no Drizzle table builder (pgTable, mysqlTable or sqliteTable from drizzle-orm/*-core)");

  const declarations = topLevelConsts(ast);
  // `const createTable = pgTableCreator((name) => `app_${name}`)` makes a builder too.
  for (const { name, init } of declarations) {
    const callee = init.type === "CallExpression" ? calleeText(init.callee) : undefined;
    const origin = callee ? creators.get(callee) : undefined;
    if (origin) builders.set(name, origin);
  }

  const tables: Table[] = [];
  const seen = new Set<Node>();
  for (const { name, init, statement } of declarations) {
    if (init.type !== "CallExpression") continue;
    const builder = calleeText(init.callee);
    const origin = builder ? builders.get(builder) : undefined;
    if (!builder || !origin) continue;
    seen.add(init);
    tables.push(readTable(source, name, builder, origin, init, statement, namespaces));
  }
  const strays: CallExpression[] = [];
  walk(ast.program, (node) => {
    if (node.type !== "CallExpression" || seen.has(node)) return;
    const callee = calleeText(node.callee);
    if (callee && builders.has(callee)) strays.push(node);
  });

  const first = tables[0] ?? { dialect: [...builders.values()][0].dialect, coreModule: [...builders.values()][0].module };
  const userTable = findTableFor("user", tables);
  return {
    ast,
    ctx,
    argumentComma: settings.trailingComma !== undefined ? comma === true || comma === "all" : (detectArgumentComma(source, ast) ?? style.trailingComma),
    printWidth: settings.printWidth ?? 80,
    dialect: (userTable ?? first).dialect,
    coreModule: (userTable ?? first).coreModule,
    tables,
    strays,
    casing: tables.length > 0 ? detectCasing(tables) : "snake",
  };
}

/**
 * Does the file put a comma after the last argument of a call broken over several lines
 * (Prettier's "all"; "es5" does not)? Undefined when no such call shows it.
 */
function detectArgumentComma(source: string, ast: File): boolean | undefined {
  let withComma = 0;
  let without = 0;
  walk(ast.program, (node) => {
    if (node.type !== "CallExpression" || node.arguments.length === 0) return;
    const last = node.arguments[node.arguments.length - 1];
    const after = skipTrivia(source, last.end!);
    const comma = source[after] === ",";
    const close = comma ? skipTrivia(source, after + 1) : after;
    if (source[close] !== ")" || !source.slice(last.end!, close).includes("\n")) return;
    if (comma) withComma++;
    else without++;
  });
  return withComma + without === 0 ? undefined : withComma >= without;
}

function topLevelConsts(ast: File): { name: string; init: Node; statement: Statement }[] {
  const found: { name: string; init: Node; statement: Statement }[] = [];
  for (const statement of ast.program.body) {
    const declaration = statement.type === "ExportNamedDeclaration" ? statement.declaration : statement;
    if (declaration?.type !== "VariableDeclaration") continue;
    for (const d of declaration.declarations)
      if (d.id.type === "Identifier" && d.init) found.push({ name: d.id.name, init: unwrap(d.init), statement });
  }
  return found;
}

/** `pgTable` / `pg.pgTable` for a callee, undefined for anything else. */
function calleeText(callee: Node): string | undefined {
  if (callee.type === "Identifier") return callee.name;
  if (callee.type === "MemberExpression" && !callee.computed && callee.object.type === "Identifier" && callee.property.type === "Identifier")
    return `${callee.object.name}.${callee.property.name}`;
  return undefined;
}

function stringValue(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === "StringLiteral") return node.value;
  if (node.type === "TemplateLiteral" && node.expressions.length === 0) return node.quasis[0].value.cooked ?? undefined;
  return undefined;
}

function readTable(
  source: string,
  key: string,
  builder: string,
  origin: { dialect: DrizzleDialect; module: string },
  call: CallExpression,
  statement: Statement,
  namespaces: Map<string, unknown>,
): Table {
  const [nameArg, columnsArg] = call.arguments;
  let object: ObjectExpression | null = null;
  let prefix: string | undefined;
  const columnsNode = columnsArg ? unwrap(columnsArg) : undefined;
  if (columnsNode?.type === "ObjectExpression") object = columnsNode;
  else if (columnsNode?.type === "ArrowFunctionExpression" && columnsNode.params[0]?.type === "Identifier") {
    const body = unwrap(columnsNode.body);
    if (body.type === "ObjectExpression") {
      object = body;
      prefix = columnsNode.params[0].name;
    }
  }
  const prefixes = new Set<string>([...namespaces.keys(), ...(prefix ? [prefix] : [])]);
  const columns: Column[] = [];
  for (const prop of object?.properties ?? []) {
    if (prop.type !== "ObjectProperty" || prop.computed) continue;
    const k = prop.key.type === "Identifier" ? prop.key.name : prop.key.type === "StringLiteral" ? prop.key.value : undefined;
    if (k === undefined) continue;
    const found = readHelper(source, prop.value, prefixes);
    columns.push({ key: k, sqlName: found?.name ?? k, explicit: found?.name !== undefined, value: prop.value, helper: found?.helper });
    // The first column's helper tells whether a namespace import is used for columns.
    if (!prefix && found?.prefix) prefix = found.prefix;
  }
  return {
    key,
    sqlName: stringValue(nameArg) ?? key,
    builder,
    dialect: origin.dialect,
    coreModule: origin.module,
    call,
    statement,
    object,
    prefix,
    columns,
  };
}

/** Walk down `text("x").notNull().default(…)` to the helper call `text("x")`. */
function readHelper(source: string, value: Node, prefixes: Set<string>): { helper: Helper; name?: string; prefix?: string } | undefined {
  let node = unwrap(value);
  for (let hops = 0; hops < 50; hops++) {
    if (node.type !== "CallExpression") return undefined;
    const callee = node.callee;
    let fn: string | undefined;
    let prefix: string | undefined;
    if (callee.type === "Identifier") fn = callee.name;
    else if (callee.type === "MemberExpression" && !callee.computed && callee.property.type === "Identifier") {
      if (callee.object.type === "Identifier" && prefixes.has(callee.object.name)) {
        fn = callee.property.name;
        prefix = callee.object.name;
      } else {
        node = unwrap(callee.object);
        continue;
      }
    }
    if (!fn) return undefined;
    const name = stringValue(node.arguments[0]);
    const optionsNode = node.arguments.find((arg) => arg.type === "ObjectExpression");
    const options = optionsNode ? innerOf(source.slice(optionsNode.start!, optionsNode.end!)) : undefined;
    return { helper: { fn, options }, name, prefix };
  }
  return undefined;
}

/** `{ withTimezone: true }` → `withTimezone: true` (undefined when empty). */
function innerOf(objectText: string): string | undefined {
  const inner = objectText.slice(1, -1).replace(/\s*\n\s*/g, " ").trim().replace(/,$/, "");
  return inner || undefined;
}

function detectCasing(tables: Table[]): Casing {
  let snake = 0;
  let camel = 0;
  let explicit = 0;
  let implicit = 0;
  for (const c of tables.flatMap((t) => t.columns)) {
    if (!c.helper) continue;
    if (!c.explicit) implicit++;
    else explicit++;
    if (!c.explicit || !/[A-Z]/.test(c.key)) continue;
    if (c.sqlName === snakeCase(c.key)) snake++;
    else if (c.sqlName === c.key) camel++;
  }
  if (implicit > explicit) return "none";
  return camel > snake ? "camel" : "snake";
}

export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/([A-Z])([A-Z][a-z])/g, "$1_$2").toLowerCase();
}

const norm = (name: string) => name.replace(/_/g, "").toLowerCase();

// ---------------------------------------------------------------------------------------------
// Planning the edit

interface Plan {
  splices: Splice[];
  added: string[];
  problem?: string;
  hint: string;
}

function planEdits(a: Analysis, wanted: AuthTable[], options: EnsureDrizzleOptions): Plan {
  const { style } = a.ctx;
  const splices: Splice[] = [];
  const added: string[] = [];
  const hints: string[] = [];
  const problems: string[] = [];
  const imports = new Set<string>();
  const userTable = findTableFor("user", a.tables);
  const model = userTable ?? a.tables[0];
  const plural = userTable?.key === "users";
  const r = new Renderer(a, imports);
  // Where each Better Auth model lives (existing or appended), for `.references(() => user.id)`.
  const keys = new Map<string, Table | { key: string; idHelper: Helper | undefined }>();
  // The models the tables define or point at (a plugin table may be all that is asked for).
  for (const name of new Set(wanted.flatMap((t) => [t.name, ...t.columns.flatMap((c) => (c.references ? [c.references] : []))]))) {
    const table = findTableFor(name, a.tables);
    if (table) keys.set(name, table);
  }
  const newTables: string[] = [];
  const created: { table: AuthTable; key: string }[] = [];

  for (const t of wanted) {
    const table = findTableFor(t.name, a.tables);
    if (table) {
      const missing = t.columns.filter((c) => !hasColumn(table, c));
      if (missing.length === 0) continue;
      const lines = missing.map((c) => `${c.name}: ${r.column(table.prefix, c, keys)}`);
      hints.push(`In ${table.key} (${table.builder}("${table.sqlName}", …)), add:\n${lines.map((l) => `  ${l},`).join("\n")}`);
      if (!table.object) {
        problems.push(`the columns of table ${table.key} are not an object literal this tool can edit`);
        continue;
      }
      splices.push(...insertIntoList(a.ctx, listOf(table.object), table.object.properties.length, lines.map((l) => () => l)));
      added.push(...missing.map((c) => `${t.name}.${c.name}`));
      const indexed = missing.filter((c) => c.index && !c.unique);
      if (indexed.length > 0) {
        const result = addIndexes(a, r, table, indexed);
        if (typeof result === "string") problems.push(result);
        else splices.push(...result);
      }
      continue;
    }
    if (options.onlyExisting) continue;
    const key = plural ? `${t.name}s` : t.name;
    const sqlName = tableSqlName(a, t.name, plural);
    const refs = t.columns.filter((c) => c.references && !keys.has(c.references)).map((c) => c.references!);
    if (refs.length > 0) problems.push(`table ${t.name} references ${refs.join(", ")}, which this file does not define`);
    const text = r.table(model, userTable, key, sqlName, t, keys);
    keys.set(t.name, { key, idHelper: userTable ? idHelperOf(userTable) : r.defaultIdHelper() });
    newTables.push(text);
    created.push({ table: t, key });
    hints.push(text);
    added.push(`table ${t.name}`);
  }
  if (a.strays.length > 0 && (newTables.length > 0 || problems.length > 0)) {
    const lines = a.strays.map((c) => c.loc?.start.line).join(", ");
    problems.unshift(`it builds tables in a way this tool cannot follow (line ${lines}), so the tables it lacks may exist there`);
  }
  const hint = hints.join("\n\n");
  if (problems.length > 0) return { splices: [], added: [], problem: problems.join("; "), hint };

  if (newTables.length > 0) {
    const last = [...a.tables].sort((x, y) => x.statement.end! - y.statement.end!).pop();
    const anchor = last?.statement ?? [...a.ast.program.body].reverse().find((s) => s.type === "ImportDeclaration");
    const at = anchor ? (endOfLineAfter(a.ctx.source, anchor.end!) ?? anchor.end!) : a.ctx.source.length;
    let text = newTables.map((t) => style.eol + style.eol + t.replace(/\n/g, style.eol)).join("");
    // At the very end of a file that ends with a line break: one blank line before, a line break after.
    if (at === a.ctx.source.length && a.ctx.source.endsWith("\n")) text = text.slice(style.eol.length) + style.eol;
    splices.push({ start: at, end: at, text });
    splices.push(...relationSplices(a, created, keys, at), ...relationsPartSplices(a, created, keys));
  }
  const needsImport = [...imports].filter((name) => name !== "jsonText");
  if (needsImport.length > 0) splices.push(...ensureImports(a.ctx, a.ast, [{ from: a.coreModule, names: needsImport.sort() }]));
  return { splices, added, hint };
}

function hasColumn(table: Table, c: AuthColumn): boolean {
  const wanted = norm(c.name);
  return table.columns.some((col) => norm(col.key) === wanted || norm(col.sqlName) === wanted);
}

function tableSqlName(a: Analysis, model: string, plural: boolean): string {
  const snake = a.casing === "snake" || a.tables.some((t) => t.sqlName.includes("_") && /[A-Z]/.test(t.key));
  const name = snake ? snakeCase(model) : model;
  return plural ? `${name}s` : name;
}

function idHelperOf(table: Table): Helper | undefined {
  return table.columns.find((c) => c.key === "id")?.helper;
}

/** Index entries for new indexed columns, in the table's extra-config callback (made when there is none). */
function addIndexes(a: Analysis, r: Renderer, table: Table, columns: AuthColumn[]): Splice[] | string {
  const extras = table.call.arguments[2] ? unwrap(table.call.arguments[2]) : undefined;
  if (!extras) {
    const param = r.extrasParam();
    const entries = columns.map((c) => r.index(table.key, c, param));
    const text = `(${param}) => [${entries.join(", ")}]`;
    const open = skipTrivia(a.ctx.source, (table.call.typeParameters ?? table.call.callee).end!);
    const list = { open, close: table.call.end! - 1, items: table.call.arguments.map((n) => ({ start: n.start!, end: n.end! })), braces: false };
    return insertIntoList(a.ctx, list, list.items.length, [() => text]);
  }
  const problem = `the extra configuration of table ${table.key} (its indexes) is not a callback returning an array or object literal`;
  if (extras.type !== "ArrowFunctionExpression" && extras.type !== "FunctionExpression") return problem;
  const param = extras.params[0]?.type === "Identifier" ? extras.params[0].name : undefined;
  if (!param) return problem;
  let body: Node = unwrap(extras.body);
  if (body.type === "BlockStatement") {
    const last = body.body[body.body.length - 1];
    if (last?.type !== "ReturnStatement" || !last.argument) return problem;
    body = unwrap(last.argument);
  }
  if (body.type === "ArrayExpression")
    return insertIntoList(a.ctx, listOf(body), body.elements.length, columns.map((c) => () => r.index(table.key, c, param)));
  if (body.type === "ObjectExpression")
    return insertIntoList(a.ctx, listOf(body), body.properties.length, columns.map((c) => () => `${c.name}Idx: ${r.index(table.key, c, param)}`));
  return problem;
}

/**
 * When the file declares Drizzle `relations()` for its user table (as Better Auth's generator
 * writes them, for joins), new tables get theirs too and the tables they point at list them.
 */
function relationSplices(a: Analysis, created: { table: AuthTable; key: string }[], keys: KeyMap, tablesAt: number): Splice[] {
  const { source, style } = a.ctx;
  const relationsName = importedName(a.ast, "drizzle-orm", "relations");
  if (!relationsName) return [];
  const existing = new Map<string, { statement: Statement; many: boolean; body: ObjectExpression }>();
  for (const { init, statement } of topLevelConsts(a.ast)) {
    if (init.type !== "CallExpression" || calleeText(init.callee) !== relationsName) continue;
    const [target, callback] = init.arguments;
    if (target?.type !== "Identifier" || callback?.type !== "ArrowFunctionExpression") continue;
    const body = unwrap(callback.body);
    const pattern = callback.params[0];
    if (body.type !== "ObjectExpression" || pattern?.type !== "ObjectPattern") continue;
    const many = pattern.properties.some((p) => p.type === "ObjectProperty" && p.key.type === "Identifier" && p.key.name === "many");
    existing.set(target.name, { statement, many, body });
  }
  const userKey = keys.get("user")?.key;
  if (!userKey || !existing.has(userKey)) return [];

  const { indent, semi, trailingComma } = style;
  const tc = trailingComma ? "," : "";
  const plural = (key: string) => (key.endsWith("s") ? key : `${key}s`);
  const splices: Splice[] = [];
  const texts: string[] = [];
  for (const { table, key } of created) {
    const entries: string[] = [];
    const used = new Set<string>();
    for (const c of table.columns.filter((col) => col.references)) {
      const target = keys.get(c.references!)!.key;
      used.add("one");
      entries.push(`${relationName(c.name)}: one(${target}, {\n${indent}${indent}fields: [${key}.${c.name}],\n${indent}${indent}references: [${target}.id]${tc}\n${indent}})`);
      const targetRelations = existing.get(target);
      if (targetRelations?.many && !targetRelations.body.properties.some((p) => p.type === "ObjectProperty" && p.key.type === "Identifier" && p.key.name === plural(key)))
        splices.push(...insertIntoList(a.ctx, listOf(targetRelations.body), targetRelations.body.properties.length, [() => `${plural(key)}: many(${key})`]));
    }
    for (const other of created)
      if (other.table.columns.some((c) => c.references === table.name)) {
        used.add("many");
        entries.push(`${plural(other.key)}: many(${other.key})`);
      }
    if (entries.length === 0) continue;
    const helpers = ["one", "many"].filter((h) => used.has(h)).join(", ");
    const body = entries.map((e) => `${indent}${e}`).join(",\n");
    texts.push(`export const ${key}Relations = ${relationsName}(${key}, ({ ${helpers} }) => ({\n${body}${tc}\n}))${semi ? ";" : ""}`);
  }
  if (texts.length === 0) return splices;
  const lastRelations = [...existing.values()].map((r) => r.statement).sort((x, y) => x.end! - y.end!).pop()!;
  const at = lastRelations.end! > tablesAt ? (endOfLineAfter(source, lastRelations.end!) ?? lastRelations.end!) : tablesAt;
  splices.push({ start: at, end: at, text: texts.map((t) => style.eol + style.eol + t.replace(/\n/g, style.eol)).join("") });
  return splices;
}

/**
 * Drizzle's relations v2 (`defineRelationsPart({ user, session }, (r) => ({ user: { sessions: r.many.session({…}) } }))`,
 * as Better-T-Stack writes it): new tables join the part when it covers the user table.
 */
function relationsPartSplices(a: Analysis, created: { table: AuthTable; key: string }[], keys: KeyMap): Splice[] {
  const defineName = importedName(a.ast, "drizzle-orm", "defineRelationsPart");
  if (!defineName) return [];
  const userKey = keys.get("user")?.key;
  for (const { init } of topLevelConsts(a.ast)) {
    if (init.type !== "CallExpression" || calleeText(init.callee) !== defineName) continue;
    const [tablesArg, callback] = init.arguments.map((arg) => (arg ? unwrap(arg) : arg));
    if (tablesArg?.type !== "ObjectExpression" || callback?.type !== "ArrowFunctionExpression" || callback.params[0]?.type !== "Identifier") continue;
    const body = unwrap(callback.body);
    if (body.type !== "ObjectExpression") continue;
    const listed = new Set(tablesArg.properties.flatMap((p) => (p.type === "ObjectProperty" && p.key.type === "Identifier" ? [p.key.name] : [])));
    if (!userKey || !listed.has(userKey)) continue;
    const r = callback.params[0].name;
    const { style } = a.ctx;
    const tc = style.trailingComma ? "," : "";
    const plural = (key: string) => (key.endsWith("s") ? key : `${key}s`);
    const relation = (name: string, kind: "one" | "many", target: string, from: string, to: string) => (l: Layout) => {
      const inner = l.indent + style.indent;
      return `${name}: ${r}.${kind}.${target}({${style.eol}${inner}from: ${r}.${from},${style.eol}${inner}to: ${r}.${to}${tc}${style.eol}${l.indent}})`;
    };
    const entry = (key: string, relations: ((l: Layout) => string)[]) => (l: Layout) => {
      const inner: Layout = { ...l, indent: l.indent + style.indent };
      return `${key}: {${relations.map((rel) => `${style.eol}${inner.indent}${rel(inner)}`).join(",")}${tc}${style.eol}${l.indent}}`;
    };
    const newEntries: ((l: Layout) => string)[] = [];
    const extraOnExisting = new Map<string, ((l: Layout) => string)[]>();
    for (const { table, key } of created) {
      const own: ((l: Layout) => string)[] = [];
      for (const c of table.columns.filter((col) => col.references)) {
        const target = keys.get(c.references!)!.key;
        own.push(relation(relationName(c.name), "one", target, `${key}.${c.name}`, `${target}.id`));
        const back = relation(plural(key), "many", key, `${target}.id`, `${key}.${c.name}`);
        const targetCreated = created.find((n) => n.key === target);
        if (targetCreated) continue; // its own entry, below, lists it
        if (listed.has(target)) extraOnExisting.set(target, [...(extraOnExisting.get(target) ?? []), back]);
      }
      for (const other of created)
        for (const c of other.table.columns.filter((col) => col.references === table.name))
          own.push(relation(plural(other.key), "many", other.key, `${key}.id`, `${other.key}.${c.name}`));
      if (own.length > 0) newEntries.push(entry(key, own));
    }
    const splices = insertIntoList(a.ctx, listOf(tablesArg), tablesArg.properties.length, created.map(({ key }) => () => key));
    for (const [target, relations] of extraOnExisting) {
      const property = body.properties.find((p) => p.type === "ObjectProperty" && p.key.type === "Identifier" && p.key.name === target);
      const value = property?.type === "ObjectProperty" ? property.value : undefined;
      if (value?.type === "ObjectExpression") splices.push(...insertIntoList(a.ctx, listOf(value), value.properties.length, relations, { expandEmpty: true }));
      else newEntries.unshift(entry(target, relations));
    }
    splices.push(...insertIntoList(a.ctx, listOf(body), body.properties.length, newEntries, { expandEmpty: true }));
    return splices;
  }
  return [];
}

/** The local name under which `name` is imported from `module`, if it is. */
function importedName(ast: File, module: string, name: string): string | undefined {
  for (const statement of ast.program.body) {
    if (statement.type !== "ImportDeclaration" || statement.source.value !== module || statement.importKind === "type") continue;
    for (const spec of statement.specifiers) {
      if (spec.type !== "ImportSpecifier") continue;
      const imported = spec.imported.type === "Identifier" ? spec.imported.name : spec.imported.value;
      if (imported === name) return spec.local.name;
    }
  }
  return undefined;
}

/** When the file cannot be read: Better Auth's tables in the default style of the dialect it seems to use. */
function fallbackHint(source: string, tables: AuthTable[]): string {
  const dialect = (/drizzle-orm\/(pg|mysql|sqlite)-core/.exec(source)?.[1] ?? "pg") as DrizzleDialect;
  const fn = { pg: "pgTable", mysql: "mysqlTable", sqlite: "sqliteTable" }[dialect];
  return tables
    .map((t) => {
      const cols = t.columns.map((c) => {
        const { fn: helper, options } = columnHelper(dialect, c);
        let call = `${helper}("${snakeCase(c.name)}"${options ? `, { ${options} }` : ""})`;
        if (c.required) call += ".notNull()";
        if (c.unique) call += ".unique()";
        if (c.default !== undefined) call += `.default(${JSON.stringify(c.default)})`;
        if (c.references) call += `.references(() => ${c.references}.id, { onDelete: "cascade" })`;
        return `  ${c.name}: ${call},`;
      });
      return `${t.name} (${fn}("${t.name}", …)) needs:\n${cols.join("\n")}`;
    })
    .join("\n\n");
}

// ---------------------------------------------------------------------------------------------
// Writing columns and tables in the file's style

type KeyMap = Map<string, Table | { key: string; idHelper: Helper | undefined }>;

const DATE_TEMPLATES = ["createdAt", "updatedAt", "expiresAt"];
const BOOLEAN_TEMPLATES = ["emailVerified"];
const STRING_TEMPLATES = ["name", "image", "token", "identifier", "value", "accountId", "providerId", "accessToken", "password"];

class Renderer {
  private readonly style: FileStyle;
  constructor(
    private readonly a: Analysis,
    private readonly imports: Set<string>,
  ) {
    this.style = a.ctx.style;
  }

  quote(s: string): string {
    const q = this.style.quote;
    return q + s.replace(/\\/g, "\\\\").replace(new RegExp(q, "g"), `\\${q}`) + q;
  }

  literal(value: string | number | boolean): string {
    return typeof value === "string" ? this.quote(value) : String(value);
  }

  /** The helper an existing column of the file uses for one of `keys`, Better Auth's own tables first. */
  private template(keys: string[], accept: (h: Helper) => boolean = () => true): Helper | undefined {
    const auth = ["user", "session", "account", "verification"].map((m) => findTableFor(m, this.a.tables)).filter((t) => t !== undefined);
    const tables = [...auth, ...this.a.tables.filter((t) => !auth.includes(t))];
    for (const key of keys)
      for (const t of tables)
        for (const c of t.columns) if (c.key === key && c.helper && accept(c.helper)) return c.helper;
    return undefined;
  }

  private helperFor(c: AuthColumn, keys: KeyMap): Helper {
    const { dialect } = this.a;
    const fallback = (): Helper => {
      const h = columnHelper(dialect, c, (s) => this.quote(s));
      // Better Auth hands JSON to the MySQL driver as text already; text keeps it as it is.
      return h.fn === "jsonText" ? { fn: "text" } : h;
    };
    if (c.references) {
      const target = keys.get(c.references);
      const id = target ? ("columns" in target ? idHelperOf(target) : target.idHelper) : undefined;
      // A key the database generates (`serial`) is referenced by a plain integer of the same size.
      const plain: Record<string, string> = { serial: "integer", smallserial: "smallint", bigserial: "bigint" };
      return id ? { ...id, fn: plain[id.fn] ?? id.fn } : fallback();
    }
    if (c.type === "date") return this.template(DATE_TEMPLATES) ?? fallback();
    if (c.type === "boolean") return this.template(BOOLEAN_TEMPLATES) ?? fallback();
    if (c.type === "string") {
      // Only an unbounded text column is a safe model: tokens and backup codes outgrow varchar(255).
      const template = this.template(STRING_TEMPLATES, (h) => h.fn === "text" && !/enum/.test(h.options ?? ""));
      if (!template || (dialect === "mysql" && mysqlStringLength(c) > 0)) return fallback();
      if (!c.values) return template;
      const values = `enum: [${c.values.map((v) => this.quote(v)).join(", ")}]`;
      return { fn: template.fn, options: template.options ? `${template.options}, ${values}` : values };
    }
    return fallback();
  }

  /** `text("two_factor_enabled").notNull().default(false)` for a column, with the table's helper prefix. */
  column(prefix: string | undefined, c: AuthColumn, keys: KeyMap): string {
    const helper = this.helperFor(c, keys);
    if (!prefix) this.imports.add(helper.fn);
    const sqlName = this.a.casing === "none" ? undefined : this.a.casing === "snake" ? snakeCase(c.name) : c.name;
    const args = [sqlName !== undefined ? this.quote(sqlName) : "", helper.options ? `{ ${helper.options} }` : ""].filter(Boolean);
    let call = `${prefix ? `${prefix}.` : ""}${helper.fn}(${args.join(", ")})`;
    if (c.required) call += ".notNull()";
    if (c.unique) call += ".unique()";
    if (c.default !== undefined) call += `.default(${this.literal(c.default)})`;
    if (c.references) {
      const target = keys.get(c.references);
      call += `.references(() => ${target?.key ?? c.references}.id, { onDelete: ${this.quote("cascade")} })`;
    }
    return call;
  }

  /** The parameter name the file gives its extra-config callbacks (`table`, `t`). */
  extrasParam(): string {
    for (const t of this.a.tables) {
      const extras = t.call.arguments[2];
      if ((extras?.type === "ArrowFunctionExpression" || extras?.type === "FunctionExpression") && extras.params[0]?.type === "Identifier")
        return extras.params[0].name;
    }
    return "table";
  }

  index(tableKey: string, c: AuthColumn, param: string): string {
    const ns = this.a.tables.find((t) => t.builder.includes("."))?.builder.split(".")[0];
    if (!ns) this.imports.add("index");
    return `${ns ? `${ns}.` : ""}index(${this.quote(`${tableKey}_${c.name}_idx`)}).on(${param}.${c.name})`;
  }

  /**
   * A whole new table, laid out as Prettier would, built like `model` (the user table, else the
   * file's first table), with the user table's kind of id.
   */
  table(model: Table | undefined, userTable: Table | undefined, key: string, sqlName: string, t: AuthTable, keys: KeyMap): string {
    const { indent, semi, trailingComma } = this.style;
    const tc = trailingComma ? "," : "";
    const argComma = this.a.argumentComma ? "," : "";
    const prefix = model?.prefix;
    const builder = model?.builder ?? { pg: "pgTable", mysql: "mysqlTable", sqlite: "sqliteTable" }[this.a.dialect];
    if (!model) this.imports.add(builder);
    const callback = prefix !== undefined && model?.object !== null && model !== undefined && isCallbackTable(model);
    const idColumn = userTable?.columns.find((c) => c.key === "id");
    const id = idColumn ? oneLine(this.a.ctx.source.slice(idColumn.value.start!, idColumn.value.end!)) : this.defaultId(prefix);
    const columns = [`id: ${id}`, ...t.columns.map((c) => `${c.name}: ${this.column(prefix, c, keys)}`)];
    const open = callback ? `(${prefix}) => ({` : "{";
    const close = callback ? "})" : "}";
    const indexed = t.columns.filter((c) => c.index && !c.unique);
    const head = `export const ${key} = ${builder}(`;
    if (indexed.length === 0) {
      const body = columns.map((c) => `${indent}${c}`).join(",\n");
      return `${head}${this.quote(sqlName)}, ${open}\n${body}${tc}\n${close})${semi ? ";" : ""}`;
    }
    const param = this.extrasParam();
    const entries = indexed.map((c) => this.index(key, c, param));
    const single = `${indent}(${param}) => [${entries.join(", ")}]${argComma}`;
    const extras =
      single.replace(/\t/g, "  ").length <= this.a.printWidth
        ? single
        : `${indent}(${param}) => [\n${entries.map((e) => `${indent}${indent}${e}`).join(",\n")}${tc}\n${indent}]${argComma}`;
    const body = columns.map((c) => `${indent}${indent}${c}`).join(",\n");
    return `${head}\n${indent}${this.quote(sqlName)},\n${indent}${open}\n${body}${tc}\n${indent}${close},\n${extras}\n)${semi ? ";" : ""}`;
  }

  /** Better Auth's string ids: text, or varchar(36) on MySQL (a key cannot be TEXT there). */
  defaultIdHelper(): Helper {
    return this.a.dialect === "mysql" ? { fn: "varchar", options: "length: 36" } : { fn: "text" };
  }

  private defaultId(prefix: string | undefined): string {
    const { fn, options } = this.defaultIdHelper();
    if (!prefix) this.imports.add(fn);
    const name = this.a.casing === "none" ? "" : this.quote("id");
    const args = [name, options ? `{ ${options} }` : ""].filter(Boolean).join(", ");
    return `${prefix ? `${prefix}.` : ""}${fn}(${args}).primaryKey()`;
  }
}

function isCallbackTable(table: Table): boolean {
  const arg = table.call.arguments[1];
  return arg !== undefined && unwrap(arg).type === "ArrowFunctionExpression";
}

/** A copied column chain on one line (`text("id")\n    .primaryKey()` → `text("id").primaryKey()`). */
function oneLine(text: string): string {
  return text.includes("//") ? text : text.split(/\r?\n/).map((line) => line.trim()).join("");
}

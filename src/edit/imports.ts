import type { File, ImportDeclaration, ObjectPattern, Statement, VariableDeclaration } from "@babel/types";
import { topLevelBindings } from "./bindings.js";
import { endOfLineAfter, insertIntoList, skipTrivia, type EditContext, type ListTarget, type Splice } from "./splice.js";

export interface ImportRequest {
  from: string;
  names: string[];
  /** `import type { … }`: for names only used in types (e.g. the server's `auth` in a client file). */
  typeOnly?: boolean;
}

/**
 * Splices that import every requested name. Names already bound at the top level are left alone
 * (an existing import from another path, e.g. "better-auth/plugins/two-factor", is as good).
 * Merges into an existing import of the same module and kind, else adds a line after the last import.
 */
export function ensureImports(ctx: EditContext, ast: File, requests: ImportRequest[]): Splice[] {
  const bound = new Set(topLevelBindings(ast).keys());
  const groups = new Map<string, { from: string; typeOnly: boolean; names: string[] }>();
  for (const request of requests) {
    const typeOnly = request.typeOnly ?? false;
    const key = `${typeOnly ? "type " : ""}${request.from}`;
    const group = groups.get(key) ?? { from: request.from, typeOnly, names: [] };
    for (const name of request.names) {
      if (bound.has(name)) continue;
      bound.add(name);
      group.names.push(name);
    }
    if (group.names.length > 0) groups.set(key, group);
  }

  if (isCommonJs(ast)) return ensureRequires(ctx, ast, [...groups.values()].filter((g) => !g.typeOnly));
  const imports = ast.program.body.filter((s): s is ImportDeclaration => s.type === "ImportDeclaration");
  const splices: Splice[] = [];
  const newLines: string[] = [];
  for (const { from, typeOnly, names } of groups.values()) {
    const existing = imports.find((d) => d.source.value === from && (d.importKind === "type") === typeOnly && mergeable(d));
    if (existing) splices.push(...mergeInto(ctx, existing, names));
    else newLines.push(importLine(ctx, from, names, typeOnly));
  }
  if (newLines.length > 0) splices.push(placeNewImports(ctx, ast, imports, newLines));
  return splices;
}

function mergeable(decl: ImportDeclaration): boolean {
  return !decl.specifiers.some((s) => s.type === "ImportNamespaceSpecifier");
}

function mergeInto(ctx: EditContext, decl: ImportDeclaration, names: string[]): Splice[] {
  const { source } = ctx;
  const named = decl.specifiers.filter((s) => s.type === "ImportSpecifier");
  const defaultSpec = decl.specifiers.find((s) => s.type === "ImportDefaultSpecifier");
  const openAt = scanFor(source, defaultSpec?.end ?? decl.start!, "{", decl.source.start!);
  if (openAt === null) {
    // `import x from "m"` → `import x, { a } from "m"`
    return [{ start: defaultSpec!.end!, end: defaultSpec!.end!, text: `, { ${names.join(", ")} }` }];
  }
  const closeAt = scanFor(source, named.length > 0 ? named[named.length - 1].end! : openAt + 1, "}", decl.source.start!)!;
  const list: ListTarget = { open: openAt, close: closeAt, items: named.map((s) => ({ start: s.start!, end: s.end! })), braces: true };
  // (A one-line import pushed past the project's line width is wrapped by insertIntoList.)
  return insertIntoList(ctx, list, list.items.length, names.map((n) => () => n));
}

/** `{\n  a,\n  b,\n}` at top level, in the file's style. */
function wrappedList(items: string[], ctx: EditContext): string {
  const { style } = ctx;
  const comma = (i: number) => (i < items.length - 1 || style.trailingComma ? "," : "");
  return `{${items.map((item, i) => style.eol + style.indent + item + comma(i)).join("")}${style.eol}}`;
}

function visualWidth(text: string): number {
  return text.replace(/\t/g, "  ").length;
}

/** The offset of `char` between `from` and `limit`, skipping comments (no strings can occur there). */
function scanFor(source: string, from: number, char: string, limit: number): number | null {
  for (let pos = skipTrivia(source, from); pos < limit; pos = skipTrivia(source, pos + 1)) if (source[pos] === char) return pos;
  return null;
}

function importLine(ctx: EditContext, from: string, names: string[], typeOnly: boolean): string {
  const { quote, semi, printWidth } = ctx.style;
  const line = (list: string) => `import ${typeOnly ? "type " : ""}${list} from ${quote}${from}${quote}${semi ? ";" : ""}`;
  const oneLine = line(`{ ${names.join(", ")} }`);
  return printWidth !== undefined && visualWidth(oneLine) > printWidth && names.length > 1 ? line(wrappedList(names, ctx)) : oneLine;
}

function placeNewImports(ctx: EditContext, ast: File, imports: ImportDeclaration[], lines: string[]): Splice {
  const { source, style } = ctx;
  const last = imports[imports.length - 1];
  if (last) {
    const at = endOfLineAfter(source, last.end!) ?? last.end!;
    return { start: at, end: at, text: lines.map((l) => style.eol + l).join("") };
  }
  const directive = ast.program.directives[ast.program.directives.length - 1];
  if (directive) {
    const at = endOfLineAfter(source, directive.end!) ?? directive.end!;
    return { start: at, end: at, text: style.eol + lines.map((l) => style.eol + l).join("") };
  }
  // Below any header comment: that is where the first statement starts.
  const at = ast.program.body[0]?.start ?? source.length;
  return { start: at, end: at, text: lines.map((l) => l + style.eol).join("") + style.eol };
}

/** A CommonJS module: no `import`/`export`, and `require(...)` or `module.exports`/`exports.x` at the top level. */
function isCommonJs(ast: File): boolean {
  const body = ast.program.body;
  if (body.some((s) => s.type === "ImportDeclaration" || s.type.startsWith("Export"))) return false;
  return body.some((s) => requireOf(s) !== null || isExportsAssignment(s));
}

function isExportsAssignment(statement: Statement): boolean {
  if (statement.type !== "ExpressionStatement" || statement.expression.type !== "AssignmentExpression") return false;
  const left = statement.expression.left;
  if (left.type !== "MemberExpression" || left.object.type !== "Identifier") return false;
  return left.object.name === "exports" || (left.object.name === "module" && left.property.type === "Identifier" && left.property.name === "exports");
}

/** `const { a, b } = require("m")` → its pattern and module; `const x = require("m")` → module only. */
function requireOf(statement: Statement): { decl: VariableDeclaration; from: string; pattern: ObjectPattern | null } | null {
  if (statement.type !== "VariableDeclaration" || statement.declarations.length !== 1) return null;
  const d = statement.declarations[0];
  const init = d.init;
  if (init?.type !== "CallExpression" || init.callee.type !== "Identifier" || init.callee.name !== "require") return null;
  const arg = init.arguments[0];
  if (arg?.type !== "StringLiteral") return null;
  return { decl: statement, from: arg.value, pattern: d.id.type === "ObjectPattern" ? d.id : null };
}

/** The CommonJS twin of the import logic: merge into `const { … } = require("m")`, else add such a line after the last one. */
function ensureRequires(ctx: EditContext, ast: File, groups: { from: string; names: string[] }[]): Splice[] {
  const { source, style } = ctx;
  const requires = ast.program.body.map(requireOf).filter((r) => r !== null);
  const splices: Splice[] = [];
  const lines: string[] = [];
  for (const { from, names } of groups) {
    const existing = requires.find((r) => r.from === from && r.pattern && !r.pattern.properties.some((p) => p.type === "RestElement"));
    if (existing?.pattern) {
      const pattern = existing.pattern;
      const list: ListTarget = { open: pattern.start!, close: pattern.end! - 1, items: pattern.properties.map((p) => ({ start: p.start!, end: p.end! })), braces: true };
      splices.push(...insertIntoList(ctx, list, list.items.length, names.map((n) => () => n)));
    } else lines.push(`const { ${names.join(", ")} } = require(${style.quote}${from}${style.quote})${style.semi ? ";" : ""}`);
  }
  if (lines.length === 0) return splices;
  const last = requires[requires.length - 1];
  if (last) {
    const at = endOfLineAfter(source, last.decl.end!) ?? last.decl.end!;
    splices.push({ start: at, end: at, text: lines.map((l) => style.eol + l).join("") });
  } else {
    const at = ast.program.body[0]?.start ?? source.length;
    splices.push({ start: at, end: at, text: lines.map((l) => l + style.eol).join("") + style.eol });
  }
  return splices;
}

import type { ArrayExpression, CallExpression, File, Node, ObjectExpression } from "@babel/types";
import { declaratorsNamed, topLevelBindings } from "./bindings.js";
import { describeParseError, parseModule, unwrap, walk } from "./parse.js";
import { refusal } from "./refuse.js";

/** The options object of the one `betterAuth(...)` / `createAuthClient(...)` call of a file. */
export interface LocatedOptions {
  ast: File;
  call: CallExpression;
  /** The object literal to edit (possibly a `const` elsewhere in the file); null when the call has no argument. */
  object: ObjectExpression | null;
}

export type OptionsCallee = "betterAuth" | "createAuthClient";

export function parseOrRefuse(source: string, fileName: string, manualHint: string): File {
  try {
    return parseModule(source, fileName);
  } catch (error) {
    throw refusal(fileName, `it does not parse (${describeParseError(error)})`, manualHint);
  }
}

export function locateBetterAuthOptions(source: string, fileName: string, manualHint: string): LocatedOptions {
  return locateOptionsIn(parseOrRefuse(source, fileName, manualHint), source, "betterAuth", fileName, manualHint);
}

export function locateCreateAuthClientOptions(source: string, fileName: string, manualHint: string): LocatedOptions {
  return locateOptionsIn(parseOrRefuse(source, fileName, manualHint), source, "createAuthClient", fileName, manualHint);
}

export function locateOptionsIn(ast: File, source: string, callee: OptionsCallee, fileName: string, manualHint: string): LocatedOptions {
  const names = localNamesOf(ast, callee);
  const namespaces = namespacesOf(ast);
  const calls: CallExpression[] = [];
  walk(ast.program, (node) => {
    if (node.type !== "CallExpression") return;
    const target = node.callee;
    if (target.type === "Identifier" && names.has(target.name)) calls.push(node);
    // `import * as BA from "better-auth"` … `BA.betterAuth({...})`
    else if (target.type === "MemberExpression" && !target.computed && target.object.type === "Identifier" && namespaces.has(target.object.name) && target.property.type === "Identifier" && target.property.name === callee)
      calls.push(node);
  });
  if (calls.length === 0) throw refusal(fileName, `it has no ${callee}(...) call`, manualHint);
  if (calls.length > 1) {
    const lines = calls.map((c) => c.loc?.start.line).join(", ");
    throw refusal(fileName, `it has ${calls.length} ${callee}(...) calls (lines ${lines}), so it is unclear which one to change`, manualHint);
  }
  const call = calls[0];
  if (call.arguments.length === 0) return { ast, call, object: null };
  const object = resolveLiteral(ast, source, call.arguments[0], "ObjectExpression", `the argument of ${callee}(...)`);
  if (typeof object === "string") throw refusal(fileName, object, manualHint);
  // `{ ...base }` alone: everything lives in `base`, so any key we add could shadow one of its keys.
  if (object.properties.length > 0 && object.properties.every((p) => p.type === "SpreadElement"))
    throw refusal(fileName, `the options of ${callee}(...) are only a spread (\`${snippet(source, object)}\`), which this tool cannot look into`, manualHint);
  return { ast, call, object };
}

/**
 * `betterAuth` plus any alias it was imported under (`import { betterAuth as ba } from "better-auth"`,
 * `const { betterAuth: ba } = require("better-auth")`).
 */
function localNamesOf(ast: File, callee: OptionsCallee): Set<string> {
  const names = new Set<string>([callee]);
  for (const statement of ast.program.body) {
    if (statement.type === "VariableDeclaration") {
      for (const d of statement.declarations) {
        if (d.id.type !== "ObjectPattern" || !isBetterAuthRequire(d.init)) continue;
        for (const p of d.id.properties)
          if (p.type === "ObjectProperty" && p.key.type === "Identifier" && p.key.name === callee && p.value.type === "Identifier") names.add(p.value.name);
      }
    }
    if (statement.type !== "ImportDeclaration" || !statement.source.value.startsWith("better-auth")) continue;
    for (const spec of statement.specifiers) {
      const imported = spec.type === "ImportSpecifier" ? spec.imported : undefined;
      const importedName = imported?.type === "Identifier" ? imported.name : imported?.value;
      if (importedName === callee) names.add(spec.local.name);
    }
  }
  return names;
}

/** Names a Better Auth module is bound to as a whole: `import * as BA from "better-auth"`, `const BA = require("better-auth")`. */
function namespacesOf(ast: File): Set<string> {
  const names = new Set<string>();
  for (const statement of ast.program.body) {
    if (statement.type === "ImportDeclaration" && statement.source.value.startsWith("better-auth"))
      for (const spec of statement.specifiers) if (spec.type === "ImportNamespaceSpecifier") names.add(spec.local.name);
    if (statement.type === "VariableDeclaration")
      for (const d of statement.declarations) if (d.id.type === "Identifier" && isBetterAuthRequire(d.init)) names.add(d.id.name);
  }
  return names;
}

function isBetterAuthRequire(init: Node | null | undefined): boolean {
  const call = init && unwrap(init);
  return (
    call?.type === "CallExpression" &&
    call.callee.type === "Identifier" &&
    call.callee.name === "require" &&
    call.arguments[0]?.type === "StringLiteral" &&
    call.arguments[0].value.startsWith("better-auth")
  );
}

type LiteralType = "ObjectExpression" | "ArrayExpression";
type LiteralOf<T extends LiteralType> = T extends "ObjectExpression" ? ObjectExpression : ArrayExpression;

/**
 * Follow `expr` to the object/array literal that holds its value: through `satisfies`/`as`
 * wrappers and through identifiers bound by a single `const` in this file. Returns the literal,
 * or a sentence (starting with `subject`) saying why it cannot be followed.
 */
export function resolveLiteral<T extends LiteralType>(ast: File, source: string, expr: Node, type: T, subject: string): LiteralOf<T> | string {
  let node = unwrap(expr);
  for (let hops = 0; hops < 10; hops++) {
    if (node.type === type) return node as LiteralOf<T>;
    if (node.type === "SpreadElement") return `${subject} is a spread (\`${snippet(source, node)}\`), which this tool cannot follow`;
    if (node.type === "CallExpression" || node.type === "AwaitExpression" || node.type === "NewExpression")
      return `${subject} is \`${snippet(source, node)}\`, a computed value this tool cannot edit in place`;
    if (node.type !== "Identifier") return `${subject} is \`${snippet(source, node)}\`, not ${type === "ObjectExpression" ? "an object" : "an array"} literal`;
    const name = node.name;
    const binding = topLevelBindings(ast).get(name);
    if (binding?.kind === "import") return `${subject} is \`${name}\`, imported from "${binding.from}", which this tool does not edit`;
    const declarators = declaratorsNamed(ast, name);
    const only = declarators.length === 1 ? declarators[0] : undefined;
    if (!only || only.kind !== "const" || !only.declarator.init)
      return `${subject} is \`${name}\`, which is not a single \`const\` declared in this file`;
    node = unwrap(only.declarator.init);
  }
  return `${subject} goes through too many variables to follow`;
}

/** A short excerpt of the source for messages. */
export function snippet(source: string, node: Node): string {
  const text = source.slice(node.start ?? 0, node.end ?? 0).replace(/\s+/g, " ");
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/**
 * The object literal a module exports under `name` ("default" for `export default`): the options
 * module that `betterAuth(authConfig)` imports (`export const authConfig = {...} satisfies BetterAuthOptions`).
 */
export function locateExportedOptions(ast: File, source: string, name: string, fileName: string, manualHint: string): ObjectExpression {
  let value: Node | null = null;
  for (const statement of ast.program.body) {
    if (statement.type === "ExportDefaultDeclaration" && name === "default") value = statement.declaration;
    if (statement.type !== "ExportNamedDeclaration" || statement.source) continue;
    const declaration = statement.declaration;
    if (declaration?.type === "VariableDeclaration")
      for (const d of declaration.declarations) if (d.id.type === "Identifier" && d.id.name === name && d.init) value = d.init;
    for (const spec of statement.specifiers) {
      const exported = spec.type === "ExportSpecifier" ? (spec.exported.type === "Identifier" ? spec.exported.name : spec.exported.value) : null;
      if (spec.type === "ExportSpecifier" && exported === name) value = spec.local;
    }
  }
  if (!value) throw refusal(fileName, `it exports no \`${name}\``, manualHint);
  const object = resolveLiteral(ast, source, value, "ObjectExpression", `\`${name}\``);
  if (typeof object === "string") throw refusal(fileName, object, manualHint);
  return object;
}

import type { File, LVal, Node, VariableDeclarator } from "@babel/types";
import { walk } from "./parse.js";

/** How a top-level name is bound: imported (from which module, type-only or not) or declared here. */
export type Binding = { kind: "import"; from: string; typeOnly: boolean } | { kind: "local" };

/** Names bound at the top level of the module: what a new import could clash with. */
export function topLevelBindings(ast: File): Map<string, Binding> {
  const names = new Map<string, Binding>();
  for (const statement of ast.program.body) {
    if (statement.type === "ImportDeclaration") {
      for (const spec of statement.specifiers) {
        const typeOnly = statement.importKind === "type" || (spec.type === "ImportSpecifier" && spec.importKind === "type");
        names.set(spec.local.name, { kind: "import", from: statement.source.value, typeOnly });
      }
      continue;
    }
    // `const { a } = require("m")`: CommonJS's import.
    if (statement.type === "VariableDeclaration" && statement.declarations.length === 1) {
      const declarator = statement.declarations[0];
      const required = requiredModule(declarator);
      if (required !== null) {
        for (const name of patternNames(declarator.id)) names.set(name, { kind: "import", from: required, typeOnly: false });
        continue;
      }
    }
    const declaration =
      (statement.type === "ExportNamedDeclaration" || statement.type === "ExportDefaultDeclaration") && statement.declaration
        ? statement.declaration
        : statement;
    for (const name of declaredNames(declaration)) names.set(name, { kind: "local" });
  }
  return names;
}

function requiredModule(declarator: VariableDeclarator): string | null {
  const init = declarator.init;
  if (init?.type !== "CallExpression" || init.callee.type !== "Identifier" || init.callee.name !== "require") return null;
  const arg = init.arguments[0];
  return arg?.type === "StringLiteral" ? arg.value : null;
}

function declaredNames(node: Node): string[] {
  switch (node.type) {
    case "VariableDeclaration":
      return node.declarations.flatMap((d) => patternNames(d.id));
    case "FunctionDeclaration":
    case "ClassDeclaration":
    case "TSEnumDeclaration":
      return node.id ? [node.id.name] : [];
    default:
      return [];
  }
}

function patternNames(pattern: LVal | Node): string[] {
  switch (pattern.type) {
    case "Identifier":
      return [pattern.name];
    case "ObjectPattern":
      return pattern.properties.flatMap((p) => patternNames(p.type === "RestElement" ? p.argument : p.value));
    case "ArrayPattern":
      return pattern.elements.flatMap((e) => (e ? patternNames(e) : []));
    case "AssignmentPattern":
      return patternNames(pattern.left);
    case "RestElement":
      return patternNames(pattern.argument);
    default:
      return [];
  }
}

/** Every `name = …` declarator in the file, with its `const`/`let`/`var` kind. */
export function declaratorsNamed(ast: File, name: string): { declarator: VariableDeclarator; kind: string }[] {
  const found: { declarator: VariableDeclarator; kind: string }[] = [];
  walk(ast.program, (node) => {
    if (node.type !== "VariableDeclaration") return;
    for (const declarator of node.declarations)
      if (declarator.id.type === "Identifier" && declarator.id.name === name) found.push({ declarator, kind: node.kind });
  });
  return found;
}

/** Module specifiers that name the same file: "./auth.fields", "./auth.fields.js", "./auth.fields.ts". */
export function sameModule(a: string, b: string): boolean {
  const strip = (s: string) => s.replace(/\.(?:[mc]?[jt]s|tsx|jsx)$/, "");
  return a === b || (a.startsWith(".") && strip(a) === strip(b));
}

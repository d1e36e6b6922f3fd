import { parse } from "@babel/parser";
import type { Expression, File, Node, ObjectExpression, ObjectMethod, ObjectProperty } from "@babel/types";

/**
 * Parse a user's source file. `.ts` files get the TypeScript plugin only, because with JSX on,
 * `<T>value` type assertions stop parsing; every other extension gets TypeScript + JSX.
 */
export function parseModule(source: string, fileName: string): File {
  const tsOnly = /\.[mc]?ts$/.test(fileName);
  return parse(source, {
    sourceType: "module",
    sourceFilename: fileName,
    plugins: tsOnly ? ["typescript"] : ["typescript", "jsx"],
    errorRecovery: false,
    ranges: true,
  });
}

/** Where a parse failed, as "line:column reason" for messages. */
export function describeParseError(error: unknown): string {
  const e = error as { message?: string; loc?: { line: number; column: number } };
  const reason = (e.message ?? String(error)).replace(/\s*\(\d+:\d+\)$/, "");
  return e.loc ? `line ${e.loc.line}:${e.loc.column + 1}: ${reason}` : reason;
}

const SKIPPED_KEYS = new Set(["loc", "range", "extra", "leadingComments", "trailingComments", "innerComments", "comments", "tokens"]);

/** Visit every node depth-first (no @babel/traverse: we only need to look, never to mutate). */
export function walk(node: Node, visit: (node: Node, parent: Node | null) => void, parent: Node | null = null): void {
  visit(node, parent);
  for (const key of Object.keys(node)) {
    if (SKIPPED_KEYS.has(key)) continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const child of value) if (isNode(child)) walk(child, visit, node);
    } else if (isNode(value)) walk(value, visit, node);
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}

/** Strip wrappers that do not change the value: `x satisfies T`, `x as T`, `<T>x`, `x!`, `(x)`. */
export function unwrap(node: Node): Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case "TSSatisfiesExpression":
      case "TSAsExpression":
      case "TSTypeAssertion":
      case "TSNonNullExpression":
      case "ParenthesizedExpression":
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

/** The last non-computed property called `name` (the one JavaScript keeps when keys repeat). */
export function findProperty(object: ObjectExpression, name: string): ObjectProperty | ObjectMethod | undefined {
  let found: ObjectProperty | ObjectMethod | undefined;
  for (const prop of object.properties) {
    if (prop.type === "SpreadElement" || prop.computed) continue;
    const key = prop.key;
    if ((key.type === "Identifier" && key.name === name) || (key.type === "StringLiteral" && key.value === name)) found = prop;
  }
  return found;
}

/** The callee name of `name(...)` / `name<T>(...)`, or undefined for anything else. */
export function calleeName(node: Node): string | undefined {
  const inner = unwrap(node);
  if (inner.type !== "CallExpression") return undefined;
  return inner.callee.type === "Identifier" ? inner.callee.name : undefined;
}

export function hasSpread(object: ObjectExpression): boolean {
  return object.properties.some((p) => p.type === "SpreadElement");
}

export function lineOf(node: Node | Expression): number {
  return node.loc?.start.line ?? 0;
}

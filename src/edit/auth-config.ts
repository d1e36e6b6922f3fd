import type { ArrayExpression, File, ObjectExpression } from "@babel/types";
import { sameModule, topLevelBindings } from "./bindings.js";
import { ensureImports, type ImportRequest } from "./imports.js";
import { locateOptionsIn, parseOrRefuse, resolveLiteral, type OptionsCallee } from "./locate.js";
import { calleeName, describeParseError, findProperty, hasSpread, parseModule } from "./parse.js";
import { refusal } from "./refuse.js";
import { applySplices, detectStyle, insertIntoList, listOf, type EditContext, type Layout, type Render, type Splice } from "./splice.js";

export type { ImportRequest } from "./imports.js";

export interface PluginRequest {
  /** The factory identifier, e.g. `twoFactor`: the plugin counts as present if `plugins` calls it. */
  name: string;
  /** The source to insert, e.g. `twoFactor({ issuer: "Acme" })`. */
  call: string;
}

export interface ClientEdit {
  imports: ImportRequest[];
  plugins: PluginRequest[];
  /** The exact lines to add by hand, shown when the file cannot be edited safely. */
  manualHint: string;
}

export interface ServerEdit extends ClientEdit {
  /** The tool-owned module exporting `additionalFields`, to merge into `user.additionalFields`. */
  additionalFields?: { identifier: string; from: string };
}

export interface EditResult {
  code: string;
  changed: boolean;
}

/** `"twoFactor({ issuer })"` → `{ name: "twoFactor", call }`, for features that list plugin calls as strings. */
export function pluginFromCall(call: string): PluginRequest {
  const name = /^\s*([A-Za-z_$][\w$]*)/.exec(call)?.[1];
  if (!name) throw new Error(`Plugin call "${call}" does not start with an identifier`);
  return { name, call: call.trim() };
}

/** Make the `betterAuth({...})` options include the plugins and the generated additional fields. Idempotent. */
export function ensureServerConfig(source: string, fileName: string, edit: ServerEdit): EditResult {
  return ensureConfig(source, fileName, "betterAuth", edit);
}

/** Make the `createAuthClient({...})` options include the plugins. Idempotent. */
export function ensureClientConfig(source: string, fileName: string, edit: ClientEdit): EditResult {
  return ensureConfig(source, fileName, "createAuthClient", edit);
}

function ensureConfig(source: string, fileName: string, callee: OptionsCallee, edit: ServerEdit): EditResult {
  const hint = edit.manualHint;
  const ast = parseOrRefuse(source, fileName, hint);
  const located = locateOptionsIn(ast, source, callee, fileName, hint);
  if (!located.object) {
    // `createAuthClient()`: give it an empty options object, then edit that like any other.
    const at = located.call.end! - 1;
    const result = ensureConfig(applySplices(source, [{ start: at, end: at, text: "{}" }]), fileName, callee, edit);
    return result.changed ? result : { code: source, changed: false };
  }

  const ctx: EditContext = { source, style: detectStyle(source, ast) };
  const fail = (problem: string) => refusal(fileName, problem, hint);
  const options = located.object;
  const optionInserts: Render[] = [];
  const splices: Splice[] = [];
  const referenced: string[] = [];

  const pluginsProp = findProperty(options, "plugins");
  if (!pluginsProp) {
    if (edit.plugins.length > 0) optionInserts.push(renderPluginsProperty(edit.plugins.map((p) => p.call)));
    referenced.push(...edit.plugins.map((p) => p.name));
  } else {
    if (pluginsProp.type !== "ObjectProperty") throw fail("`plugins` is a method, not an array literal");
    const array = resolveLiteral(ast, source, pluginsProp.value, "ArrayExpression", "`plugins`");
    if (typeof array === "string") throw fail(array);
    const missing = missingPlugins(array, edit.plugins);
    splices.push(...insertIntoList(ctx, listOf(array), insertionIndex(array), missing.map((p) => () => p.call)));
    referenced.push(...missing.map((p) => p.name));
  }

  if (edit.additionalFields) {
    const fieldEdit = ensureUserFields(ctx, ast, options, edit.additionalFields, fail);
    if (fieldEdit.optionInsert) optionInserts.push(fieldEdit.optionInsert);
    splices.push(...fieldEdit.splices);
    // Checked even when nothing changes: a `user.additionalFields` of the user's own with our name is not ours.
    checkFieldsBinding(ast, edit.additionalFields, fail);
  }

  if (optionInserts.length > 0) {
    // `{ ...base }` may already hold `plugins`/`user`: a key added after it would silently replace them.
    if (hasSpread(options)) throw fail(`its options spread another object, which may already set \`plugins\` or \`user\``);
    splices.push(...insertIntoList(ctx, listOf(options), options.properties.length, optionInserts, { expandEmpty: true }));
  }
  if (splices.length === 0) return { code: source, changed: false };

  checkNoClash(ast, referenced, fail);
  const imports = [...edit.imports];
  if (edit.additionalFields) imports.push({ from: edit.additionalFields.from, names: [edit.additionalFields.identifier] });
  splices.push(...ensureImports(ctx, ast, imports));

  const code = applySplices(source, splices);
  try {
    parseModule(code, fileName);
  } catch (error) {
    throw fail(`the edited file would not parse (${describeParseError(error)}); this is a bug in create-auth-service`);
  }
  return { code, changed: code !== source };
}

function renderPluginsProperty(calls: string[]): Render {
  return ({ multiline, indent, style }: Layout) => {
    if (!multiline) return `plugins: [${calls.join(", ")}]`;
    const inner = indent + style.indent;
    const items = calls.map((c, i) => style.eol + inner + c + (i < calls.length - 1 || style.trailingComma ? "," : ""));
    return `plugins: [${items.join("")}${style.eol}${indent}]`;
  };
}

function missingPlugins(array: ArrayExpression, plugins: PluginRequest[]): PluginRequest[] {
  const present = new Set(array.elements.map((e) => (e ? calleeName(e) : undefined)));
  const seen = new Set<string>();
  return plugins.filter((p) => !present.has(p.name) && !seen.has(p.name) && seen.add(p.name));
}

/** Better Auth wants `nextCookies()` last, so new plugins go before it. */
function insertionIndex(array: ArrayExpression): number {
  const elements = array.elements.filter((e) => e !== null);
  const last = elements[elements.length - 1];
  return last && calleeName(last) === "nextCookies" ? elements.length - 1 : elements.length;
}

interface FieldEdit {
  optionInsert?: Render;
  splices: Splice[];
}

/** Make `user.additionalFields` include the generated fields; the user's own fields are listed after, so they win. */
function ensureUserFields(ctx: EditContext, ast: File, options: ObjectExpression, fields: { identifier: string }, fail: (p: string) => Error): FieldEdit {
  const id = fields.identifier;
  const property = id === "additionalFields" ? "additionalFields" : `additionalFields: ${id}`;
  const userProp = findProperty(options, "user");
  if (!userProp) return { optionInsert: () => `user: { ${property} }`, splices: [] };
  if (userProp.type !== "ObjectProperty") throw fail("`user` is a method, not an object literal");
  const user = resolveLiteral(ast, ctx.source, userProp.value, "ObjectExpression", "`user`");
  if (typeof user === "string") throw fail(user);

  const fieldsProp = findProperty(user, "additionalFields");
  if (!fieldsProp) {
    if (hasSpread(user)) throw fail("`user` spreads another object, which may already set `additionalFields`");
    return { splices: insertIntoList(ctx, listOf(user), user.properties.length, [() => property]) };
  }
  if (fieldsProp.type !== "ObjectProperty") throw fail("`user.additionalFields` is a method, not an object literal");
  if (fieldsProp.value.type === "Identifier" && fieldsProp.value.name === id) return { splices: [] };
  const object = resolveLiteral(ast, ctx.source, fieldsProp.value, "ObjectExpression", "`user.additionalFields`");
  if (typeof object === "string") throw fail(object);
  const spread = object.properties.some((p) => p.type === "SpreadElement" && p.argument.type === "Identifier" && p.argument.name === id);
  if (spread) return { splices: [] };
  return { splices: insertIntoList(ctx, listOf(object), 0, [() => `...${id}`]) };
}

/** The generated fields must come from the tool's module, not from a same-named variable of the user's. */
function checkFieldsBinding(ast: File, fields: { identifier: string; from: string }, fail: (p: string) => Error): void {
  const binding = topLevelBindings(ast).get(fields.identifier);
  if (binding && !(binding.kind === "import" && sameModule(binding.from, fields.from)))
    throw fail(`\`${fields.identifier}\` is already declared${binding.kind === "import" ? ` (imported from "${binding.from}")` : ""}, so the generated fields cannot be imported under that name; rename yours`);
}

/** A new `admin()` call must not end up calling the user's own `admin` variable. */
function checkNoClash(ast: File, names: string[], fail: (p: string) => Error): void {
  const bindings = topLevelBindings(ast);
  for (const name of names)
    if (bindings.get(name)?.kind === "local") throw fail(`\`${name}\` is already declared in this file, so the plugin cannot be imported under that name; rename yours`);
}

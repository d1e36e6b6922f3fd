import type { ArrayExpression, File, Node, ObjectExpression } from "@babel/types";
import { toFileStyle, type CodeStyle } from "./code-style.js";
import { declaratorsNamed, sameModule, topLevelBindings } from "./bindings.js";
import { ensureImports, type ImportRequest } from "./imports.js";
import { locateExportedOptions, locateOptionsIn, parseOrRefuse, resolveLiteral, type OptionsCallee } from "./locate.js";
import { describeParseError, findProperty, hasSpread, parseModule, unwrap } from "./parse.js";
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
  /** The project's formatting settings (see `projectCodeStyle`); without it, the style is inferred from the file. */
  style?: CodeStyle;
}

export interface ServerEdit extends ClientEdit {
  /** The tool-owned module exporting `additionalFields`, to merge into `user.additionalFields`. */
  additionalFields?: { identifier: string; from: string };
  /**
   * Edit the object literal this file exports under that name instead of the options of a
   * `betterAuth(...)` call here: the options module a config imports (see `FoundServer.optionsFrom`).
   */
  optionsExport?: string;
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
  const located = edit.optionsExport
    ? { ast, object: locateExportedOptions(ast, source, edit.optionsExport, fileName, hint), call: null }
    : locateOptionsIn(ast, source, callee, fileName, hint);
  if (!located.object) {
    // `createAuthClient()`: give it an empty options object, then edit that like any other.
    const at = located.call!.end! - 1;
    const result = ensureConfig(applySplices(source, [{ start: at, end: at, text: "{}" }]), fileName, callee, edit);
    return result.changed ? result : { code: source, changed: false };
  }

  const detected = detectStyle(source, ast);
  const ctx: EditContext = { source, style: edit.style ? toFileStyle(edit.style, source, detected) : detected };
  const fail = (problem: string) => refusal(fileName, problem, hint);
  const options = located.object;
  const optionInserts: Render[] = [];
  const splices: Splice[] = [];
  const referenced: string[] = [];

  // Plugins already there, also through spreads (`...authOptions.plugins`): never registered twice.
  const present = pluginsOfOptions(ast, options, 0);
  const missing = missingPlugins(present.names, edit.plugins);
  referenced.push(...missing.map((p) => p.name));
  const pluginsProp = findProperty(options, "plugins");
  if (!pluginsProp) {
    // (With a spread in the options, the check before adding keys below refuses.)
    if (missing.length > 0) optionInserts.push(renderPluginsProperty(missing.map((p) => p.call)));
  } else if (missing.length > 0) {
    if (pluginsProp.type !== "ObjectProperty") throw fail("`plugins` is a method, not an array literal");
    const array = resolveLiteral(ast, source, pluginsProp.value, "ArrayExpression", "`plugins`");
    if (typeof array === "string") throw fail(array);
    if (present.opaque)
      throw fail(`its plugins may come from \`${present.opaque}\`, which this tool cannot look into, so ${missing.map((p) => `${p.name}()`).join(", ")} may already be there`);
    splices.push(...insertIntoList(ctx, listOf(array), insertionIndex(array), missing.map((p) => () => p.call)));
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
    const oneLine = `plugins: [${calls.join(", ")}]`;
    // With the project's formatter settings known, lay it out as Prettier/Biome would: an array that
    // fits on its line (`],` included) stays on one line.
    if (!multiline || (style.printWidth !== undefined && !oneLine.includes("\n") && visualWidth(indent) + oneLine.length + 1 <= style.printWidth)) return oneLine;
    const inner = indent + style.indent;
    const items = calls.map((c, i) => style.eol + inner + c + (i < calls.length - 1 || style.trailingComma ? "," : ""));
    return `plugins: [${items.join("")}${style.eol}${indent}]`;
  };
}

function visualWidth(indent: string): number {
  return indent.replace(/\t/g, "  ").length;
}

function missingPlugins(present: string[], plugins: PluginRequest[]): PluginRequest[] {
  const seen = new Set<string>(present);
  return plugins.filter((p) => !seen.has(p.name) && seen.add(p.name));
}

/**
 * Plugins that stay at the end of `plugins: [...]`: the framework cookie helpers run after every
 * other plugin's hooks so that they see (and forward) the cookies those set, and the generated
 * audit log records the answer those hooks leave. (`expo()` is not one: Better Auth's Expo guide
 * sets no order for it.)
 */
export const LAST_PLUGINS: readonly string[] = ["auditLog", "nextCookies", "sveltekitCookies", "tanstackStartCookies", "reactStartCookies"];

/** New plugins go before the trailing run of must-stay-last plugins. */
function insertionIndex(array: ArrayExpression): number {
  const elements = array.elements.filter((e) => e !== null);
  let index = elements.length;
  while (index > 0) {
    const name = pluginFactoryName(elements[index - 1]);
    if (!name || !LAST_PLUGINS.includes(name)) break;
    index--;
  }
  return index;
}

/** `twoFactor(...)` → "twoFactor"; `plugins.twoFactor(...)` → "twoFactor". */
function pluginFactoryName(node: Node): string | undefined {
  const inner = unwrap(node);
  if (inner.type !== "CallExpression") return undefined;
  const callee = unwrap(inner.callee);
  if (callee.type === "Identifier") return callee.name;
  if (callee.type === "MemberExpression" && !callee.computed && callee.property.type === "Identifier") return callee.property.name;
  return undefined;
}

/** Plugin factory names found, and (when set) the first expression that could not be followed. */
interface PluginNames {
  names: string[];
  opaque: string | null;
}

const MAX_HOPS = 12;

/**
 * The factory names of the plugin calls a `plugins` value holds, following what a reader of this
 * file can follow: array literals, spreads and identifiers of single `const`s declared here,
 * `obj.plugins` of a local object literal, `cond && x()` / `cond ? a : b` (both sides), and
 * `[...].filter(...)` / `.concat(...)`.
 */
function pluginNamesIn(ast: File, node: Node, hops: number): PluginNames {
  const out: PluginNames = { names: [], opaque: null };
  const merge = (more: PluginNames) => {
    out.names.push(...more.names);
    out.opaque ??= more.opaque;
  };
  const opaque = (n: Node): PluginNames => ({ names: [], opaque: describe(n) });
  const value = unwrap(node);
  if (hops > MAX_HOPS) return opaque(value);
  switch (value.type) {
    case "ArrayExpression":
      for (const element of value.elements) {
        if (!element) continue;
        if (element.type === "SpreadElement") merge(pluginNamesIn(ast, element.argument, hops + 1));
        else merge(pluginElement(ast, element, hops + 1));
      }
      return out;
    case "Identifier":
    case "MemberExpression": {
      const resolved = resolveValue(ast, value, hops);
      return resolved ? pluginNamesIn(ast, resolved, hops + 1) : opaque(value);
    }
    case "ConditionalExpression":
      merge(pluginNamesIn(ast, value.consequent, hops + 1));
      merge(pluginNamesIn(ast, value.alternate, hops + 1));
      return out;
    case "LogicalExpression":
      // `cond && [a()]` holds `[a()]` or a falsy value; `x ?? [a()]` / `x || [a()]` may hold either.
      if (value.operator !== "&&") merge(pluginNamesIn(ast, value.left, hops + 1));
      merge(pluginNamesIn(ast, value.right, hops + 1));
      return out;
    case "CallExpression": {
      const callee = unwrap(value.callee);
      if (callee.type === "MemberExpression" && !callee.computed && callee.property.type === "Identifier") {
        const method = callee.property.name;
        if (method === "filter") return pluginNamesIn(ast, callee.object, hops + 1);
        if (method === "concat") {
          merge(pluginNamesIn(ast, callee.object, hops + 1));
          for (const arg of value.arguments) merge(arg.type === "SpreadElement" ? pluginNamesIn(ast, arg.argument, hops + 1) : pluginElementOrList(ast, arg, hops + 1));
          return out;
        }
      }
      return opaque(value);
    }
    default:
      return opaque(value);
  }
}

/** `concat` takes both plugins and arrays of plugins. */
function pluginElementOrList(ast: File, node: Node, hops: number): PluginNames {
  const value = unwrap(node);
  return value.type === "ArrayExpression" ? pluginNamesIn(ast, value, hops) : pluginElement(ast, value, hops);
}

/** One element of a plugins array: a factory call, or something that evaluates to one. */
function pluginElement(ast: File, node: Node, hops: number): PluginNames {
  const value = unwrap(node);
  const name = pluginFactoryName(value);
  if (name) return { names: [name], opaque: null };
  if (hops > MAX_HOPS) return { names: [], opaque: describe(value) };
  switch (value.type) {
    case "Identifier":
    case "MemberExpression": {
      if (value.type === "Identifier" && value.name === "undefined") return { names: [], opaque: null };
      const resolved = resolveValue(ast, value, hops);
      return resolved ? pluginElement(ast, resolved, hops + 1) : { names: [], opaque: describe(value) };
    }
    case "ConditionalExpression": {
      const a = pluginElement(ast, value.consequent, hops + 1);
      const b = pluginElement(ast, value.alternate, hops + 1);
      return { names: [...a.names, ...b.names], opaque: a.opaque ?? b.opaque };
    }
    case "LogicalExpression": {
      const right = pluginElement(ast, value.right, hops + 1);
      if (value.operator === "&&") return right;
      const left = pluginElement(ast, value.left, hops + 1);
      return { names: [...left.names, ...right.names], opaque: left.opaque ?? right.opaque };
    }
    case "NullLiteral":
    case "BooleanLiteral":
      return { names: [], opaque: null }; // `cond && x()` leaves `false` behind: no plugin
    default:
      return { names: [], opaque: describe(value) };
  }
}

/**
 * The initializer of a local single `const` (`name`), or the property of a local object literal
 * (`options.plugins`); null when the value comes from elsewhere (an import, a parameter, a call).
 */
function resolveValue(ast: File, node: Node, hops: number): Node | null {
  const value = unwrap(node);
  if (hops > MAX_HOPS) return null;
  if (value.type === "Identifier") {
    if (value.name === "undefined") return null;
    const declarators = declaratorsNamed(ast, value.name);
    const only = declarators.length === 1 ? declarators[0] : undefined;
    return only && only.kind === "const" && only.declarator.init ? only.declarator.init : null;
  }
  if (value.type === "MemberExpression" && !value.computed && value.property.type === "Identifier") {
    const object = objectLiteralOf(ast, value.object, hops + 1);
    if (!object) return null;
    const prop = findProperty(object, value.property.name);
    if (prop) return prop.type === "ObjectProperty" ? (prop.value as Node) : null;
    // Not set explicitly: it may come from a spread inside that object.
    for (let i = object.properties.length - 1; i >= 0; i--) {
      const p = object.properties[i];
      if (p.type !== "SpreadElement") continue;
      const inner = objectLiteralOf(ast, p.argument, hops + 1);
      const innerProp = inner && findProperty(inner, value.property.name);
      if (!inner) return null;
      if (innerProp) return innerProp.type === "ObjectProperty" ? (innerProp.value as Node) : null;
    }
    return null;
  }
  return null;
}

function objectLiteralOf(ast: File, node: Node, hops: number): ObjectExpression | null {
  let value: Node | null = unwrap(node);
  for (let i = hops; value && i <= MAX_HOPS; i++) {
    if (value.type === "ObjectExpression") return value;
    value = value.type === "Identifier" || value.type === "MemberExpression" ? resolveValue(ast, value, i) : null;
    if (value) value = unwrap(value);
  }
  return null;
}

function describe(node: Node): string {
  const e = node as Node & { name?: string };
  if (e.type === "Identifier") return e.name!;
  if (e.type === "MemberExpression" && !e.computed && e.property.type === "Identifier") return `${describe(e.object)}.${e.property.name}`;
  if (e.type === "CallExpression") return `${describe(e.callee)}(...)`;
  return e.type;
}

/**
 * Plugins the `betterAuth({...})` call of a file (or, with `optionsExport`, the options object it
 * exports under that name) already has: the factory names of the plugin calls
 * reachable through literals and spreads of local `const`s and objects (`...authOptions.plugins`,
 * `...options`). `opaque` is true when some part cannot be followed (an import, a parameter, a
 * function call), so a plugin may be there unseen; also when the options cannot be located.
 */
export function presentPluginCalls(source: string, fileName: string, optionsExport?: string): { names: string[]; opaque: boolean } {
  let ast: File;
  let object: ObjectExpression | null;
  try {
    ast = parseOrRefuse(source, fileName, "");
    object = optionsExport ? locateExportedOptions(ast, source, optionsExport, fileName, "") : locateOptionsIn(ast, source, "betterAuth", fileName, "").object;
  } catch {
    return { names: [], opaque: true };
  }
  if (!object) return { names: [], opaque: false };
  const found = pluginsOfOptions(ast, object, 0);
  return { names: [...new Set(found.names)], opaque: found.opaque !== null };
}

/** The plugins an options object ends up with: the last `plugins` key or spread that sets it wins. */
function pluginsOfOptions(ast: File, object: ObjectExpression, hops: number): PluginNames {
  let current: PluginNames = { names: [], opaque: null };
  for (const prop of object.properties) {
    if (prop.type === "SpreadElement") {
      const inner = objectLiteralOf(ast, prop.argument, hops + 1);
      if (!inner) current = { names: current.names, opaque: describe(unwrap(prop.argument)) };
      else if (hops < MAX_HOPS) {
        const fromSpread = pluginsOfOptions(ast, inner, hops + 1);
        const sets = fromSpread.names.length > 0 || fromSpread.opaque !== null || hasPluginsKey(inner);
        if (sets) current = fromSpread;
      }
      continue;
    }
    if (prop.computed) continue;
    const key = prop.key.type === "Identifier" ? prop.key.name : prop.key.type === "StringLiteral" ? prop.key.value : null;
    if (key !== "plugins") continue;
    current = prop.type === "ObjectProperty" ? pluginNamesIn(ast, prop.value, hops + 1) : { names: [], opaque: "plugins()" };
  }
  return current;
}

function hasPluginsKey(object: ObjectExpression): boolean {
  return findProperty(object, "plugins") !== undefined;
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

// Find a project's Better Auth server config and its auth clients the way a person would: look
// through every package of the repository for real `betterAuth(...)` / `createAuthClient(...)`
// calls, wherever the file is and whatever it is called.
import path from "node:path";
import type { CallExpression, File, Node } from "@babel/types";
import { parseModule, unwrap } from "./parse.js";

/** The slice of node:fs the scan needs (node:fs itself, or a memfs volume in tests). */
export interface MinimalFs {
  readdirSync(path: string, options: { withFileTypes: true }): { name: string; isDirectory(): boolean; isFile(): boolean }[];
  readFileSync(path: string, encoding: "utf8"): string;
  statSync(path: string): { size: number; isFile(): boolean };
  existsSync(path: string): boolean;
}

export interface FoundServer {
  /** Relative to the root, POSIX separators. */
  file: string;
  /** The name the auth instance (or its factory) is exported under; "default" for a default export; null when not exported. */
  exportName: string | null;
  /**
   * How the call is written, most specific first: "factory" (inside a function that returns it),
   * "wrapper" (an argument of another call), "satisfies" (options or call behind `satisfies`/`as`),
   * "variable" (`const auth = betterAuth(...)`), "call" (anything else, e.g. `export default betterAuth(...)`).
   */
  shape: "call" | "variable" | "satisfies" | "factory" | "wrapper";
  /** 1-based line of the `betterAuth(` call. */
  line: number;
  /** The workspace package holding the file (nearest folder with a package.json), relative to the root; "." for the root. */
  packageDir: string;
  /** The `name` in that package.json (what other packages import it as), or null. */
  packageName: string | null;
  /** The imported name `betterAuth` is called under in this file (an alias such as `ba`, or `ns.betterAuth`). */
  callee: string;
  /**
   * For a factory: where it is called to make the instance (`export const auth = createAuth(env, db)`
   * in another file or package, imported by relative path or by package name). Only `scanAuthProject` fills it.
   */
  instances?: { file: string; line: number; exportName: string | null }[];
  /**
   * When the options are an identifier imported from a relative module (`betterAuth(authConfig)` with
   * `import { authConfig } from "./config"`): that module's file, if it exists, and the imported name.
   */
  optionsFrom?: { file: string | null; specifier: string; name: string };
}

export interface FoundClient {
  file: string;
  line: number;
  packageDir: string;
  packageName: string | null;
  /** The name the client is exported under ("default", or null when not exported). */
  exportName: string | null;
  /** The module `createAuthClient` comes from, e.g. "better-auth/react". */
  from: string;
}

export interface ProjectScan {
  servers: FoundServer[];
  clients: FoundClient[];
  /** What was searched, for a "none found" message. */
  searched: string;
  /** Source files that could not be read, and files mentioning betterAuth/createAuthClient that do not parse, with why. */
  skipped: { file: string; reason: string }[];
  /** Folders holding a package.json (workspace packages), relative to the root; "." for the root. */
  packages: string[];
}

/**
 * Dependencies, build output, generated code (Prisma's client goes to `generated/`, megabytes of
 * runtime) and test folders: never the place of the project's own config.
 */
const SKIPPED_DIRS = new Set(["node_modules", "dist", "build", "out", "coverage", "generated", "__tests__", "__mocks__", "__fixtures__"]);
const SOURCE_FILE = /\.(?:[mc]?[jt]s|tsx|jsx)$/;
const DECLARATION_FILE = /\.d\.[mc]?ts$/;
/** Test files may hold throw-away configs; they are not the project's. */
const TEST_FILE = /\.(?:test|spec)\.[^.]+$/;
/** A config is a few KB; anything this big is generated or bundled. */
const MAX_FILE_BYTES = 256 * 1024;
const MAX_DEPTH = 12;
const MAX_FILES = 50_000;

const CLIENT_MODULES = new Set(["better-auth/react", "better-auth/client", "better-auth/svelte", "better-auth/vue", "better-auth/solid", "better-auth/lynx"]);
const isServerModule = (spec: string) => spec === "better-auth" || (spec.startsWith("better-auth/") && !CLIENT_MODULES.has(spec));

/**
 * Every `betterAuth(...)` call imported from "better-auth" (or a subpath such as "better-auth/minimal")
 * and every `createAuthClient(...)` from a Better Auth client module, in the root and every folder
 * below it (workspace packages included), skipping dependencies, build output, hidden folders and
 * test files. Files that only re-export `auth` are not reported: only the file with the call is.
 */
export function scanAuthProject(root: string, fs: MinimalFs): ProjectScan {
  const servers: FoundServer[] = [];
  const clients: FoundClient[] = [];
  const skipped: ProjectScan["skipped"] = [];
  const packages: string[] = [];
  let files = 0;
  const sources: { rel: string; source: string }[] = [];
  const names = new Map<string, string | null>();
  const nameOf = (packageDir: string) => {
    if (!names.has(packageDir)) names.set(packageDir, packageNameAt(fs, root, packageDir));
    return names.get(packageDir)!;
  };

  const visit = (dir: string, rel: string, packageDir: string, depth: number) => {
    let entries: ReturnType<MinimalFs["readdirSync"]>;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (entries.some((e) => e.name === "package.json" && e.isFile())) {
      packageDir = rel || ".";
      packages.push(packageDir);
    }
    for (const entry of entries) {
      const name = entry.name;
      const relPath = rel ? `${rel}/${name}` : name;
      // Symbolic links are neither: they are not followed (no cycles, no second copy of a package).
      if (entry.isDirectory()) {
        if (name.startsWith(".") || SKIPPED_DIRS.has(name) || depth >= MAX_DEPTH) continue;
        visit(path.join(dir, name), relPath, packageDir, depth + 1);
        continue;
      }
      if (!entry.isFile() || !SOURCE_FILE.test(name) || DECLARATION_FILE.test(name) || TEST_FILE.test(name)) continue;
      if (++files > MAX_FILES) return;
      const full = path.join(dir, name);
      let source: string;
      try {
        if (fs.statSync(full).size > MAX_FILE_BYTES) continue;
        source = fs.readFileSync(full, "utf8");
      } catch (error) {
        skipped.push({ file: relPath, reason: `it could not be read (${(error as Error).message})` });
        continue;
      }
      sources.push({ rel: relPath, source });
      const server = source.includes("betterAuth");
      const client = source.includes("createAuthClient");
      if (!server && !client) continue;
      let ast: File;
      try {
        ast = parseModule(source, name);
      } catch (error) {
        skipped.push({ file: relPath, reason: `it does not parse (${(error as Error).message})` });
        continue;
      }
      const found = findAuthCalls(ast);
      const packageName = nameOf(packageDir);
      for (const s of found.servers) servers.push({ ...s, file: relPath, packageDir, packageName, optionsFrom: s.optionsFrom && resolveOptionsFile(fs, root, rel, s.optionsFrom) });
      for (const c of found.clients) clients.push({ ...c, file: relPath, packageDir, packageName });
    }
  };
  visit(root, "", ".", 0);
  for (const server of servers)
    if (server.shape === "factory" && server.exportName && server.exportName !== "default") server.instances = factoryInstances(server, sources);

  const others = packages.filter((p) => p !== ".");
  const where =
    others.length === 0
      ? "the project folder"
      : `the project folder and its ${others.length} package${others.length === 1 ? "" : "s"} (${others.slice(0, 6).join(", ")}${others.length > 6 ? ", …" : ""})`;
  const searched = `${where}: .ts/.tsx/.mts/.cts/.js/.mjs/.cjs files, except node_modules, build output and generated code (dist, build, out, generated, .next, .svelte-kit, …), hidden folders and tests`;
  return { servers, clients, searched, skipped, packages };
}

/** The calls of one file (e.g. the one `--config` names, wherever it is), reported like `scanAuthProject` does. */
export function scanAuthFile(root: string, file: string, fs: MinimalFs): Pick<ProjectScan, "servers" | "clients" | "skipped"> {
  const rel = (path.isAbsolute(file) ? path.relative(root, file) : file).split(path.sep).join("/");
  const empty = { servers: [], clients: [], skipped: [] };
  let source: string;
  try {
    source = fs.readFileSync(path.join(root, rel), "utf8");
  } catch (error) {
    return { ...empty, skipped: [{ file: rel, reason: `it could not be read (${(error as Error).message})` }] };
  }
  let ast: File;
  try {
    ast = parseModule(source, rel);
  } catch (error) {
    return { ...empty, skipped: [{ file: rel, reason: `it does not parse (${(error as Error).message})` }] };
  }
  // The package: the nearest folder above the file with a package.json.
  let packageDir = ".";
  for (let dir = path.posix.dirname(rel); dir !== "." && dir !== "/" && !dir.startsWith(".."); dir = path.posix.dirname(dir)) {
    if (fs.existsSync(path.join(root, dir, "package.json"))) {
      packageDir = dir;
      break;
    }
  }
  const dir = path.posix.dirname(rel);
  const found = findAuthCalls(ast);
  const packageName = packageNameAt(fs, root, packageDir);
  return {
    servers: found.servers.map((s) => ({ ...s, file: rel, packageDir, packageName, optionsFrom: s.optionsFrom && resolveOptionsFile(fs, root, dir === "." ? "" : dir, s.optionsFrom) })),
    clients: found.clients.map((c) => ({ ...c, file: rel, packageDir, packageName })),
    skipped: [],
  };
}

/** Calls of an exported factory (`createAuth(...)`) in other files that import it from the config's file or package. */
function factoryInstances(server: FoundServer, sources: { rel: string; source: string }[]): NonNullable<FoundServer["instances"]> {
  const factory = server.exportName!;
  const mention = new RegExp(`\\b${factory.replace(/\$/g, "\\$")}\\b`);
  const configStem = server.file.replace(/\.[^./]+$/, "").replace(/\/index$/, "");
  const importsConfig = (fromFile: string, spec: string) => {
    if (spec.startsWith(".")) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), spec)).replace(/\.(?:[mc]?[jt]s|tsx|jsx)$/, "").replace(/\/index$/, "");
      return target === configStem;
    }
    return server.packageName !== null && spec === server.packageName;
  };
  const found: NonNullable<FoundServer["instances"]> = [];
  for (const { rel, source } of sources) {
    if (rel === server.file || !mention.test(source)) continue;
    let ast: File;
    try {
      ast = parseModule(source, rel);
    } catch {
      continue;
    }
    const locals = new Set<string>();
    for (const statement of ast.program.body) {
      if (statement.type !== "ImportDeclaration" || statement.importKind === "type" || !importsConfig(rel, statement.source.value)) continue;
      for (const spec of statement.specifiers) {
        const imported = spec.type === "ImportSpecifier" ? (spec.imported.type === "Identifier" ? spec.imported.name : spec.imported.value) : null;
        if (imported === factory && spec.type === "ImportSpecifier" && spec.importKind !== "type") locals.add(spec.local.name);
      }
    }
    if (locals.size === 0) continue;
    const exports = exportedNames(ast);
    visitWithAncestors(ast.program, [], (node, ancestors) => {
      if (node.type !== "CallExpression") return;
      const callee = unwrap(node.callee);
      if (callee.type === "Identifier" && locals.has(callee.name)) found.push({ file: rel, line: node.loc?.start.line ?? 0, exportName: exportNameFor(ancestors, exports) });
    });
  }
  return found;
}

type ServerCall = Omit<FoundServer, "file" | "packageDir" | "packageName" | "optionsFrom"> & { optionsFrom?: { specifier: string; name: string } };
type ClientCall = Omit<FoundClient, "file" | "packageDir" | "packageName">;

function packageNameAt(fs: MinimalFs, root: string, packageDir: string): string | null {
  try {
    const json = JSON.parse(fs.readFileSync(path.join(root, packageDir, "package.json"), "utf8")) as { name?: unknown };
    return typeof json.name === "string" ? json.name : null;
  } catch {
    return null;
  }
}

/** The `betterAuth(...)` and `createAuthClient(...)` calls of one parsed module, with how they are exported. */
export function findAuthCalls(ast: File): { servers: ServerCall[]; clients: ClientCall[] } {
  const imports = importedNames(ast);
  const servers: ServerCall[] = [];
  const clients: ClientCall[] = [];
  const exports = exportedNames(ast);
  visitWithAncestors(ast.program, [], (node, ancestors) => {
    if (node.type !== "CallExpression") return;
    const callee = calleeImport(node, imports);
    if (!callee) return;
    const exportName = exportNameFor(ancestors, exports);
    if (callee.imported === "betterAuth" && isServerModule(callee.from)) {
      servers.push({ exportName, shape: shapeOf(node, ancestors, ast), line: node.loc?.start.line ?? 0, callee: callee.local, optionsFrom: importedOptions(node, imports) });
    } else if (callee.imported === "createAuthClient" && CLIENT_MODULES.has(callee.from)) {
      clients.push({ exportName, line: node.loc?.start.line ?? 0, from: callee.from });
    }
  });
  return { servers, clients };
}

interface ImportedName {
  from: string;
  imported: string;
}

/** Local names bound by imports (and `require`): `{ local → (module, imported name) }`; "*" for namespaces. */
function importedNames(ast: File): Map<string, ImportedName> {
  const names = new Map<string, ImportedName>();
  for (const statement of ast.program.body) {
    if (statement.type === "ImportDeclaration") {
      if (statement.importKind === "type") continue;
      for (const spec of statement.specifiers) {
        if (spec.type === "ImportSpecifier") {
          if (spec.importKind === "type") continue;
          const imported = spec.imported.type === "Identifier" ? spec.imported.name : spec.imported.value;
          names.set(spec.local.name, { from: statement.source.value, imported });
        } else if (spec.type === "ImportNamespaceSpecifier") names.set(spec.local.name, { from: statement.source.value, imported: "*" });
        else names.set(spec.local.name, { from: statement.source.value, imported: "default" });
      }
    }
    // const { betterAuth } = require("better-auth")
    if (statement.type === "VariableDeclaration") {
      for (const d of statement.declarations) {
        const init = d.init && unwrap(d.init);
        if (init?.type !== "CallExpression" || init.callee.type !== "Identifier" || init.callee.name !== "require") continue;
        const arg = init.arguments[0];
        if (arg?.type !== "StringLiteral") continue;
        if (d.id.type === "Identifier") names.set(d.id.name, { from: arg.value, imported: "*" });
        if (d.id.type === "ObjectPattern")
          for (const p of d.id.properties)
            if (p.type === "ObjectProperty" && p.key.type === "Identifier" && p.value.type === "Identifier")
              names.set(p.value.name, { from: arg.value, imported: p.key.name });
      }
    }
  }
  return names;
}

/** What an imported callee is: `betterAuth(...)`, `ba(...)` (alias), `ns.betterAuth(...)`. */
function calleeImport(call: CallExpression, imports: Map<string, ImportedName>): (ImportedName & { local: string }) | null {
  const callee = unwrap(call.callee);
  if (callee.type === "Identifier") {
    const found = imports.get(callee.name);
    return found && found.imported !== "*" ? { ...found, local: callee.name } : null;
  }
  if (callee.type === "MemberExpression" && !callee.computed && callee.object.type === "Identifier" && callee.property.type === "Identifier") {
    const ns = imports.get(callee.object.name);
    return ns?.imported === "*" ? { from: ns.from, imported: callee.property.name, local: `${callee.object.name}.${callee.property.name}` } : null;
  }
  return null;
}

/** Local name → exported name, for `export const x`, `export function x`, `export { x as y }`, `export default x`. */
function exportedNames(ast: File): Map<string, string> {
  const map = new Map<string, string>();
  for (const statement of ast.program.body) {
    if (statement.type === "ExportNamedDeclaration") {
      const decl = statement.declaration;
      if (decl?.type === "VariableDeclaration") {
        for (const d of decl.declarations) if (d.id.type === "Identifier") map.set(d.id.name, d.id.name);
      } else if ((decl?.type === "FunctionDeclaration" || decl?.type === "ClassDeclaration") && decl.id) map.set(decl.id.name, decl.id.name);
      if (!statement.source)
        for (const spec of statement.specifiers)
          if (spec.type === "ExportSpecifier" && !map.has(spec.local.name))
            map.set(spec.local.name, spec.exported.type === "Identifier" ? spec.exported.name : spec.exported.value);
    } else if (statement.type === "ExportDefaultDeclaration") {
      const decl = statement.declaration;
      if (decl.type === "Identifier") map.set(decl.name, "default");
    }
  }
  return map;
}

/** The name the value holding the call is exported under: through the top-level statement that holds it. */
function exportNameFor(ancestors: Node[], exports: Map<string, string>): string | null {
  const top = ancestors[1]; // ancestors[0] is the Program
  if (!top) return null;
  if (top.type === "ExportDefaultDeclaration") return "default";
  const declaration = top.type === "ExportNamedDeclaration" && top.declaration ? top.declaration : top;
  let local: string | null = null;
  if (declaration.type === "VariableDeclaration") {
    const declarator = declaration.declarations.find((d) => ancestors.includes(d));
    if (declarator?.id.type === "Identifier") local = declarator.id.name;
  } else if (declaration.type === "FunctionDeclaration" && declaration.id) local = declaration.id.name;
  // `module.exports = betterAuth(...)` / `exports.auth = ...`
  if (declaration.type === "ExpressionStatement" && declaration.expression.type === "AssignmentExpression") {
    const left = declaration.expression.left;
    if (left.type === "MemberExpression" && left.object.type === "Identifier" && left.property.type === "Identifier") {
      if (left.object.name === "module" && left.property.name === "exports") return "default";
      if (left.object.name === "exports") return left.property.name;
    }
  }
  return local === null ? null : exports.get(local) ?? null;
}

function shapeOf(call: CallExpression, ancestors: Node[], ast: File): FoundServer["shape"] {
  // Innermost first: the nearest function or call decides.
  let behindSatisfies = false;
  for (let i = ancestors.length - 1; i >= 1; i--) {
    const node = ancestors[i];
    if (node.type === "ArrowFunctionExpression" || node.type === "FunctionDeclaration" || node.type === "FunctionExpression" || node.type === "ObjectMethod" || node.type === "ClassMethod")
      return "factory";
  }
  for (let i = ancestors.length - 1; i >= 1; i--) {
    const node = ancestors[i];
    if ((node.type === "CallExpression" || node.type === "NewExpression") && node !== call) return "wrapper";
    if (node.type === "TSSatisfiesExpression" || node.type === "TSAsExpression") behindSatisfies = true;
  }
  const arg = call.arguments[0];
  if (arg && (arg.type === "TSSatisfiesExpression" || arg.type === "TSAsExpression")) behindSatisfies = true;
  if (arg?.type === "Identifier") {
    for (const statement of ast.program.body) {
      const decl = statement.type === "ExportNamedDeclaration" ? statement.declaration : statement;
      if (decl?.type !== "VariableDeclaration") continue;
      for (const d of decl.declarations)
        if (d.id.type === "Identifier" && d.id.name === arg.name && d.init && (d.init.type === "TSSatisfiesExpression" || d.init.type === "TSAsExpression"))
          behindSatisfies = true;
    }
  }
  if (behindSatisfies) return "satisfies";
  const parent = ancestors[ancestors.length - 1];
  return parent?.type === "VariableDeclarator" ? "variable" : "call";
}

/** `betterAuth(authConfig)` with `authConfig` imported from a relative module. */
function importedOptions(call: CallExpression, imports: Map<string, ImportedName>): { specifier: string; name: string } | undefined {
  const arg = call.arguments[0] && unwrap(call.arguments[0]);
  if (arg?.type !== "Identifier") return undefined;
  const found = imports.get(arg.name);
  if (!found || found.imported === "*" || !found.from.startsWith(".")) return undefined;
  return { specifier: found.from, name: found.imported };
}

const RESOLVE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs"];

function resolveOptionsFile(fs: MinimalFs, root: string, fromDir: string, options: { specifier: string; name: string }): FoundServer["optionsFrom"] {
  const base = path.posix.normalize(path.posix.join(fromDir || ".", options.specifier));
  const stem = base.replace(/\.(?:[mc]?js|jsx)$/, "");
  const candidates = [base, ...RESOLVE_EXTENSIONS.map((e) => stem + e), ...RESOLVE_EXTENSIONS.map((e) => `${base}/index${e}`)];
  const file = candidates.find((c) => SOURCE_FILE.test(c) && isFile(fs, path.join(root, c))) ?? null;
  return { file, ...options };
}

function isFile(fs: MinimalFs, p: string): boolean {
  try {
    return fs.existsSync(p) && fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

const SKIPPED_KEYS = new Set(["loc", "range", "extra", "leadingComments", "trailingComments", "innerComments", "comments", "tokens", "typeAnnotation", "typeParameters", "returnType"]);

function visitWithAncestors(node: Node, ancestors: Node[], visit: (node: Node, ancestors: Node[]) => void): void {
  visit(node, ancestors);
  ancestors.push(node);
  for (const key of Object.keys(node)) {
    if (SKIPPED_KEYS.has(key)) continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const child of value) if (isNode(child)) visitWithAncestors(child, ancestors, visit);
    } else if (isNode(value)) visitWithAncestors(value, ancestors, visit);
  }
  ancestors.pop();
}

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}

// `add` in a project this tool did not make (Better-T-Stack, create-t3-app, SvelteKit, a hand-written
// `lib/auth.ts`): find its config, clients and ORM schema the way a person would, then build the
// desired tree — the owned fields module, splices into the user's files, env keys — and let the
// shared rule book (src/pipeline/apply.ts) turn it into the change.
import path from "node:path";
import type { ExportNamedDeclaration, File, Node } from "@babel/types";
import { UserError } from "../cli/errors.js";
import type { Plugin, Provider } from "../config/catalog.js";
import { formatFieldSpec, parseFieldSpec, parseFieldSpecs, type CustomField } from "../config/field-spec.js";
import { ensureClientConfig, ensureServerConfig, pluginFromCall, presentPluginCalls, type ImportRequest } from "../edit/auth-config.js";
import { formatGenerated, projectCodeStyle } from "../edit/code-style.js";
import { chooseServerConfig } from "../edit/find-config.js";
import { scanAuthProject, type FoundClient, type FoundServer, type MinimalFs, type ProjectScan } from "../edit/find-project.js";
import { locateBetterAuthOptions } from "../edit/locate.js";
import { configuredProviders, ensureSocialProviders } from "../edit/social-providers.js";
import { pluginUserFields } from "../features/plan.js";
import { pluginUserColumns, plugins as PLUGIN_FEATURES } from "../features/plugins.js";
import { MANIFEST_FILE } from "../manifest.js";
import { applyPolicies } from "../pipeline/apply.js";
import { fieldView } from "../render/context.js";
import { renderTemplateFile } from "../render/templates.js";
import { Tree } from "../render/tree.js";
import { detectAdapter, planOrmSchema } from "./orm-schema.js";
import {
  manualHint, mergeFields, readText, sortedRecord, validatePlugins, validateProviders,
  type AddDeps, type AddOptions, type AddPlan, type AddRequest,
} from "./common.js";

/** The small manifest written into a project the tool did not make: enough for the next run. */
export interface ExistingManifest {
  tool: "create-auth-service";
  version: string;
  kind: "existing";
  /** The Better Auth config the tool edits, relative to the project root. */
  authConfig: string;
  config: { fields: string[]; plugins: string[]; providers?: string[] };
  /** sha256 of the files the tool owns here (the generated fields modules). */
  files: Record<string, string>;
}

/** A plugin as a plain Better Auth call, or the lines to add by hand when it needs the user's own code. */
function pluginEdit(plugin: Plugin, configFile: string): { server: { imports: ImportRequest[]; calls: string[] }; client: { imports: ImportRequest[]; calls: string[] } } {
  const feature = PLUGIN_FEATURES[plugin];
  if (feature.byHand) throw new UserError(`The ${plugin} plugin needs more than a plugin call, which this tool cannot write into ${configFile}; add it by hand:\n${feature.byHand}`);
  const client = { imports: (feature.client?.imports ?? []).map((i) => ({ from: i.from, names: [...i.names] })), calls: feature.client?.plugins ?? [] };
  const { factory, from, source } = feature.call;
  return { server: { imports: [{ from, names: [factory] }], calls: [source ?? `${factory}()`] }, client };
}

/** How the file writes relative imports: `./x.js` (NodeNext), `./x.ts`, or `./x` (bundlers). */
export function importSuffixStyle(source: string, tsconfig: string | null): "js" | "ts" | "none" {
  const counts = { js: 0, ts: 0, none: 0 };
  for (const match of source.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
    const spec = match[1];
    if (/\.[mc]?js$/.test(spec)) counts.js++;
    else if (/\.[mc]?tsx?$/.test(spec)) counts.ts++;
    else if (!/\.(json|css|svg|png)$/.test(spec)) counts.none++;
  }
  const best = (Object.entries(counts) as [keyof typeof counts, number][]).sort((a, b) => b[1] - a[1])[0];
  if (best[1] > 0) return best[0];
  // No relative import to learn from: NodeNext/Node16 resolution needs the extension.
  return tsconfig && /"module(?:Resolution)?"\s*:\s*"node(?:16|next)"/i.test(tsconfig) ? "js" : "none";
}

function withSuffix(spec: string, ext: string, style: "js" | "ts" | "none"): string {
  if (style === "none") return spec;
  const js = ext === ".mts" ? ".mjs" : ".js";
  return spec + (style === "js" ? js : ext);
}

/** The name the `betterAuth(...)` instance is exported under (for `typeof auth` in the client). */
function authExportName(ast: File, callStart: number, callEnd: number): string | null {
  const contains = (node: Node | null | undefined) => !!node && node.start! <= callStart && callEnd <= node.end!;
  let local: string | null = null;
  for (const statement of ast.program.body) {
    const declaration = statement.type === "ExportNamedDeclaration" ? statement.declaration : statement;
    if (declaration?.type !== "VariableDeclaration") continue;
    for (const d of declaration.declarations) {
      if (d.id.type !== "Identifier" || !contains(d.init)) continue;
      if (statement.type === "ExportNamedDeclaration") return d.id.name;
      local = d.id.name;
    }
  }
  if (!local) return null;
  for (const statement of ast.program.body) {
    if (statement.type !== "ExportNamedDeclaration" || statement.source) continue;
    for (const spec of (statement as ExportNamedDeclaration).specifiers)
      if (spec.type === "ExportSpecifier" && spec.local.name === local && spec.exported.type === "Identifier") return spec.exported.name;
  }
  return null;
}

/** Plugins the config already has (through literals and spreads of local objects), as catalog names. */
function presentPlugins(source: string, fileName: string, optionsExport?: string): { plugins: Plugin[]; opaque: boolean } {
  const { names, opaque } = presentPluginCalls(source, fileName, optionsExport);
  return { plugins: (Object.keys(PLUGIN_FEATURES) as Plugin[]).filter((p) => names.includes(PLUGIN_FEATURES[p].call.factory)), opaque };
}

function readManifest(text: string | null): ExistingManifest | null {
  if (text === null) return null;
  const json = JSON.parse(text) as ExistingManifest;
  return json.kind === "existing" ? json : null;
}

const posix = (p: string) => p.split(path.sep).join("/");

/** The one server config to edit: `--config`, else the one the last run edited, else the only `betterAuth(...)` call found. */
async function locateConfig(root: string, manifest: ExistingManifest | null, opts: AddOptions, deps: AddDeps, scan: () => ProjectScan): Promise<{ file: string; found?: FoundServer }> {
  if (opts.config) {
    const abs = path.resolve(process.cwd(), opts.config);
    const file = posix(path.relative(root, abs));
    if (file.startsWith("..") || path.isAbsolute(file)) throw new UserError(`--config ${opts.config} is outside the project (${root}); pass --cwd <project dir>.`);
    if (!deps.fs.existsSync(abs)) throw new UserError(`--config ${opts.config} does not exist; pass the path of your Better Auth config file.`);
    return { file, found: scan().servers.find((s) => s.file === file) };
  }
  if (manifest && deps.fs.existsSync(path.join(root, manifest.authConfig)))
    return { file: manifest.authConfig, found: scan().servers.find((s) => s.file === manifest.authConfig) };
  const { servers } = scan();
  if (servers.length > 1 && opts.interactive && deps.choose) {
    const list = servers.map((s) => `${s.file}:${s.line}`);
    const picked = servers[list.indexOf(await deps.choose("Which Better Auth config should be changed?", list))];
    return { file: picked.file, found: picked };
  }
  const found = chooseServerConfig(scan());
  return { file: found.file, found };
}

/**
 * Where the service keeps its env: the env files of the package (or, in a monorepo, the app) whose
 * `.env` already holds Better Auth's settings; else the config's own package's.
 */
function providerEnvFiles(configPackage: string, packages: string[], read: (file: string) => string | null): string[] {
  const names = [".env", ".env.example", ".env.local"];
  const dirs = [...new Set([configPackage, ".", ...packages])];
  const files = (dir: string) => names.map((n) => path.posix.join(dir, n)).filter((f) => read(f) !== null);
  const withAuth = dirs.filter((dir) => files(dir).some((f) => /^\s*(?:export\s+)?BETTER_AUTH_(?:SECRET|URL)\s*=/m.test(read(f)!)));
  return (withAuth.length ? withAuth : [configPackage]).flatMap(files);
}

/** Env keys of a provider, as in generated projects. */
const providerKeys = (p: Provider) => [`${p.toUpperCase()}_CLIENT_ID`, `${p.toUpperCase()}_CLIENT_SECRET`];

export async function planExisting(root: string, manifestText: string | null, request: AddRequest, opts: AddOptions, deps: AddDeps): Promise<AddPlan> {
  const { fs } = deps;
  const read = (p: string) => readText(fs, root, p);
  const manifest = readManifest(manifestText);
  let scanned: ProjectScan | null = null;
  const scan = () => (scanned ??= scanAuthProject(root, fs as unknown as MinimalFs));

  const newPlugins = validatePlugins(request.plugins);
  const providers = validateProviders(request.providers);
  const located = await locateConfig(root, manifest, opts, deps, scan);
  const { found } = located;
  // `betterAuth(authConfig)` with the options imported from a module of the project: that module is edited.
  const optionsExport = found?.optionsFrom?.file ? found.optionsFrom.name : undefined;
  const configFile = found?.optionsFrom?.file ?? located.file;
  const ext = path.extname(configFile);
  if (![".ts", ".mts", ".tsx"].includes(ext))
    throw new UserError(`${configFile} is JavaScript; this tool writes TypeScript (auth.fields.ts) and only edits .ts configs. Add this by hand:\n${manualHint(configFile, [], [], [...((manifest?.config.fields ?? []).map((spec) => parseFieldSpec(spec).field)), ...parseFieldSpecs(request.fields).map((p) => p.field)])}`);
  const source = read(configFile)!;

  const knownFields: CustomField[] = (manifest?.config.fields ?? []).map((spec) => parseFieldSpec(spec).field);
  const present = presentPlugins(source, configFile, optionsExport);
  const existingPlugins = [...new Set([...present.plugins, ...((manifest?.config.plugins ?? []) as Plugin[])])];
  const owned = pluginUserFields({ plugins: [...existingPlugins, ...newPlugins] });
  const fields = mergeFields(knownFields, request.fields, owned);
  for (const p of newPlugins)
    for (const f of pluginUserColumns(p))
      for (const field of knownFields.filter((field) => field.name.toLowerCase() === f.toLowerCase()))
        throw new UserError(`The ${p} plugin adds a user column "${f}", which ${field.name === f ? "is already one of your custom fields" : `databases treat as the same column as your custom field "${field.name}"`}; rename or remove that field by hand first.`);
  const addedPlugins = newPlugins.filter((p) => !existingPlugins.includes(p));
  if (present.opaque && addedPlugins.length > 0) {
    const edits = addedPlugins.map((p) => pluginEdit(p, configFile));
    throw new UserError(
      `${configFile} takes some of its plugins from code this tool cannot follow (an import, a parameter or a function call), so ${addedPlugins.join(", ")} may already be there and adding ${addedPlugins.length === 1 ? "it" : "them"} again would register ${addedPlugins.length === 1 ? "its" : "their"} endpoints twice. If ${addedPlugins.length === 1 ? "it is" : "they are"} not there, add by hand:\n${manualHint(configFile, edits.flatMap((e) => e.server.imports), edits.flatMap((e) => e.server.calls))}`,
    );
  }
  const allFields = [...knownFields, ...fields.add];
  const haveProviders = configuredProviders(source, configFile);
  const addedProviders = providers.filter((p) => !haveProviders.includes(p));

  const plan: AddPlan = {
    root,
    kind: "existing",
    tree: new Tree(),
    before: new Map(),
    conflicts: [],
    forced: [],
    notes: [...fields.notes],
    added: [...fields.add.map((f) => `field "${f.name}"`), ...addedPlugins.map((p) => `plugin ${p}`), ...addedProviders.map((p) => `provider ${p}`)],
    present: [
      ...fields.present,
      ...newPlugins.filter((p) => existingPlugins.includes(p)).map((p) => `plugin ${p}`),
      ...providers.filter((p) => haveProviders.includes(p)).map((p) => `provider ${p}`),
    ],
    newFields: fields.add,
    schemaChanged: fields.add.length > 0 || addedPlugins.length > 0,
  };
  const desired = new Tree();

  // The generated fields module, next to the config.
  const configDir = path.posix.dirname(configFile);
  const fieldsFile = path.posix.join(configDir, `auth.fields${ext === ".tsx" ? ".ts" : ext}`);
  const style = importSuffixStyle(source, read("tsconfig.json"));
  const fieldsImport = { identifier: "additionalFields", from: withSuffix("./auth.fields", ext === ".tsx" ? ".ts" : ext, style) };
  // The project's own formatting (its Prettier/Biome/oxfmt/.editorconfig settings, else the config file's look).
  const minimalFs = fs as unknown as MinimalFs;
  const codeStyle = projectCodeStyle(root, configFile, minimalFs, source);
  const views = allFields.map(fieldView);
  const fieldsModule = allFields.length > 0 ? await renderTemplateFile("base", "src/auth.fields.ts", { fields: views, claimFields: views.filter((f) => f.returned) }) : undefined;
  if (fieldsModule !== undefined) desired.write(fieldsFile, formatGenerated(fieldsModule, projectCodeStyle(root, fieldsFile, minimalFs, source), fieldsFile));

  // The user's config: plugins, providers and the generated fields.
  const edits = addedPlugins.map((p) => pluginEdit(p, configFile));
  const serverImports = edits.flatMap((e) => e.server.imports);
  const serverCalls = edits.flatMap((e) => e.server.calls);
  const additionalFields = fields.add.length > 0 ? fieldsImport : undefined;
  const providerEntries = addedProviders.map((p) => {
    const [id, secret] = providerKeys(p);
    return { id: p, options: `{ clientId: process.env.${id} as string, clientSecret: process.env.${secret} as string }` };
  });
  if (serverCalls.length > 0 || additionalFields || providerEntries.length > 0) {
    // A refusal writes nothing, so the hint spells the fields out rather than pointing at auth.fields.ts.
    const hint = manualHint(configFile, serverImports, serverCalls, fields.add.length ? allFields : undefined, providerEntries);
    desired.write(configFile, source, {
      policy: {
        kind: "ast-edit",
        edit: (disk) => {
          let code = disk;
          if (serverCalls.length > 0 || additionalFields)
            code = ensureServerConfig(code, configFile, { imports: serverImports, plugins: serverCalls.map(pluginFromCall), additionalFields, manualHint: hint, style: codeStyle, optionsExport }).code;
          if (providerEntries.length > 0) code = ensureSocialProviders(code, configFile, providerEntries, hint, codeStyle).code;
          return { code, changed: code !== disk };
        },
      },
    });
  }

  // Env keys for new providers, wherever the config's package keeps its env files.
  if (addedProviders.length > 0) {
    const vars = addedProviders.flatMap((p) => providerKeys(p).map((key) => ({ key, value: "", comment: key.endsWith("_ID") ? `${p} OAuth app; callback URL: <BETTER_AUTH_URL>/api/auth/callback/${p}` : undefined })));
    const envFiles = providerEnvFiles(found?.packageDir ?? ".", opts.config ? [] : scan().packages, read);
    for (const file of envFiles) desired.write(file, "", { policy: { kind: "append-env", vars, envKind: file.endsWith(".example") ? "example" : "env", context: {} } });
    if (envFiles.length === 0) plan.notes.push(`Set ${addedProviders.flatMap(providerKeys).join(", ")} in the environment of ${configFile}'s service.`);
  }

  // The clients: their plugins, and the fields' types.
  const clientImports = edits.flatMap((e) => e.client.imports);
  const clientCalls = edits.flatMap((e) => e.client.calls);
  const ownedFiles = [fieldsFile];
  if (scan().clients.length === 0 && (clientCalls.length > 0 || fields.add.length > 0))
    plan.notes.push(`No createAuthClient(...) call was found, so no client was changed; in your client add:\n${manualHint("your auth client", [...clientImports, { from: "better-auth/client/plugins", names: ["inferAdditionalFields"] }], [...clientCalls, "inferAdditionalFields<typeof auth>()"])}`);
  for (const client of scan().clients) {
    if (clientCalls.length === 0 && allFields.length === 0) break;
    const clientFile = client.file;
    const imports = [...clientImports];
    const calls = [...clientCalls];
    if (fieldsModule !== undefined) {
      const typed = clientFieldTypes(client, configFile, source, ext, style, found);
      imports.push(...typed.imports);
      calls.push(typed.call);
      // The client's own copy of the fields module is regenerated on every run, like the server's.
      if (typed.fieldsFile && read(clientFile)!.includes("inferAdditionalFields")) {
        if (!/inferAdditionalFields\(\s*\{\s*user:\s*additionalFields/.test(read(clientFile)!)) typed.fieldsFile = undefined;
      }
      if (typed.fieldsFile) {
        desired.write(typed.fieldsFile, formatGenerated(fieldsModule, projectCodeStyle(root, typed.fieldsFile, minimalFs, read(clientFile) ?? undefined), typed.fieldsFile));
        ownedFiles.push(typed.fieldsFile);
      }
    }
    const hint = manualHint(clientFile, imports, calls);
    const clientSource = read(clientFile)!;
    const clientStyle = projectCodeStyle(root, clientFile, minimalFs, clientSource);
    try {
      // Tried now so that a client this tool cannot edit is a note, not a failed run: the server side is what matters.
      const edit = (disk: string) => ensureClientConfig(disk, clientFile, { imports, plugins: calls.map(pluginFromCall), manualHint: hint, style: clientStyle });
      edit(clientSource);
      desired.write(clientFile, clientSource, { policy: { kind: "ast-edit", edit } });
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      plan.notes.push(error.message);
    }
  }

  // The ORM schema: the new columns and plugin tables, in the project's own schema files.
  const adapter = detectAdapter(source);
  const orm = planOrmSchema(root, minimalFs, adapter, { knownFields, existingPlugins, allFields, addedPlugins }, read);
  plan.notes.push(...orm.notes);
  for (const [file, edit] of orm.edits) desired.write(file, read(file)!, { policy: { kind: "ast-edit", edit } });
  plan.orm = orm.describe;
  const exported = found?.shape !== "factory" && found?.exportName && found.exportName !== "default" ? found.exportName : null;
  // A factory's instance is made elsewhere (e.g. `export const auth = createAuth(env)` in the app).
  const instance = found?.shape === "factory" ? found.instances?.find((i) => i.exportName && i.exportName !== "default") : undefined;
  plan.authExport = exported ? { file: located.file, name: exported } : instance ? { file: instance.file, name: instance.exportName! } : null;

  const applied = applyPolicies(desired, read, { recorded: manifest?.files ?? {}, force: opts.force });
  for (const file of applied.changes.paths()) {
    plan.tree.write(file, applied.changes.read(file)!, { policy: applied.changes.entry(file)!.policy });
    plan.before.set(file, applied.before.get(file) ?? null);
  }
  plan.conflicts.push(...applied.conflicts);
  plan.forced.push(...applied.forced);
  plan.notes.push(...applied.notes);

  const hashes: Record<string, string> = { ...(manifest?.files ?? {}) };
  for (const file of ownedFiles) if (applied.hashes[file]) hashes[file] = applied.hashes[file];
  const nextManifest: ExistingManifest = {
    tool: "create-auth-service",
    version: manifest?.version ?? opts.toolVersion,
    kind: "existing",
    authConfig: located.file,
    config: {
      fields: allFields.map(formatFieldSpec),
      plugins: [...new Set([...(manifest?.config.plugins ?? []), ...addedPlugins])],
      ...(manifest?.config.providers || addedProviders.length ? { providers: [...new Set([...(manifest?.config.providers ?? []), ...addedProviders])] } : {}),
    },
    files: sortedRecord(hashes),
  };
  const manifestChanged = JSON.stringify({ ...nextManifest, version: "" }) !== JSON.stringify({ ...(manifest ?? {}), version: "" });
  if (plan.tree.size > 0 || (manifest !== null && manifestChanged)) {
    const text = JSON.stringify({ ...nextManifest, version: opts.toolVersion }, null, 2) + "\n";
    plan.tree.write(MANIFEST_FILE, text);
    plan.before.set(MANIFEST_FILE, manifestText);
  }
  return plan;
}

/**
 * Typed fields for a client: `inferAdditionalFields<typeof auth>()` when the client sits in the
 * server's package and the instance is exported; otherwise (another workspace package, a factory)
 * an owned copy of the fields module next to the client and `inferAdditionalFields({ user: additionalFields })`.
 */
function clientFieldTypes(
  client: FoundClient, configFile: string, source: string, ext: string, style: "js" | "ts" | "none", found: FoundServer | undefined,
): { imports: ImportRequest[]; call: string; fieldsFile?: string } {
  const infer = { from: "better-auth/client/plugins", names: ["inferAdditionalFields"] };
  const located = (() => {
    try {
      return locateBetterAuthOptions(source, configFile, "");
    } catch {
      return null;
    }
  })();
  const samePackage = !found || found.packageDir === client.packageDir;
  const name = found?.shape === "factory" ? null : (found?.exportName && found.exportName !== "default" ? found.exportName : null) ?? (located && authExportName(located.ast, located.call.start!, located.call.end!));
  const clientExt = path.extname(client.file) === ".mts" ? ".mts" : ".ts";
  if (samePackage && name) {
    let spec = path.posix.relative(path.posix.dirname(client.file), configFile).replace(/\.[mc]?tsx?$/, "");
    if (!spec.startsWith(".")) spec = `./${spec}`;
    return { imports: [infer, { from: withSuffix(spec, ext === ".tsx" ? ".ts" : ext, style), names: [name], typeOnly: true }], call: `inferAdditionalFields<typeof ${name}>()` };
  }
  const fieldsFile = path.posix.join(path.posix.dirname(client.file), `auth.fields${clientExt}`);
  return {
    imports: [infer, { from: withSuffix("./auth.fields", clientExt, style), names: ["additionalFields"] }],
    call: "inferAdditionalFields({ user: additionalFields })",
    fieldsFile,
  };
}


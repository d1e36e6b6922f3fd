// `add` in a project made by this tool: merge the request into the manifest's config, re-render
// the whole project in memory, and keep only the changes the tool may make.
import path from "node:path";
import { UserError } from "../cli/errors.js";
import { fieldToConfig } from "../config/field-spec.js";
import { parsePartial, resolveConfig } from "../config/resolve.js";
import { ensureClientConfig, ensureServerConfig, pluginFromCall, type ImportRequest } from "../edit/auth-config.js";
import { pluginUserFields, planProject } from "../features/plan.js";
import { pluginUserColumns, plugins as PLUGIN_FEATURES } from "../features/plugins.js";
import { MANIFEST_FILE, manifestConfig, serializableConfig, type Manifest } from "../manifest.js";
import { renderProject } from "../render/project.js";
import { Tree } from "../render/tree.js";
import { diffLines } from "./diff.js";
import { applyPolicies } from "../pipeline/apply.js";
import {
  manualHint, mergeFields, readText, sortedRecord, validatePlugins, validateProviders,
  type AddDeps, type AddOptions, type AddPlan, type AddRequest,
} from "./common.js";

/** Files that hold the user's secrets or the manifest itself: never hashed (as in manifest.ts). */
const UNTRACKED = new Set([".env", "backend/.env", MANIFEST_FILE]);
const SERVER_FILE = "src/auth.ts";
const CLIENT_FILE = "src/auth-client.ts";
const FIELDS_IMPORT = { identifier: "additionalFields", from: "./auth.fields.js" };

/** `KEY=value` from an env file's text (quotes removed). */
function envValue(text: string | null, key: string): string | undefined {
  for (const line of (text ?? "").split(/\r?\n/)) {
    const match = new RegExp(`^\\s*(?:export\\s+)?${key}\\s*=\\s*(.*)$`).exec(line);
    if (match) return match[1].trim().replace(/^(["'])(.*)\1$/, "$2");
  }
  return undefined;
}

const toRequests = (specs: { from: string; names: string[] }[]): ImportRequest[] => specs.map((s) => ({ from: s.from, names: [...s.names] }));

export async function planGenerated(root: string, manifest: Manifest, request: AddRequest, opts: AddOptions, deps: AddDeps): Promise<AddPlan> {
  const { fs } = deps;
  const read = (p: string) => readText(fs, root, p);
  const partial = parsePartial(manifestConfig(manifest), MANIFEST_FILE);
  const env = read(".env");
  // The manifest never stores the URL (it may hold a password): take it from .env, where it lives.
  // Without one in .env (kept in a secret store, say), a stand-in of the right scheme: only the render needs it, .env is never rewritten.
  const STAND_IN: Record<string, string> = { postgres: "postgres://user@localhost:5432/auth", mysql: "mysql://user@localhost:3306/auth", mongodb: "mongodb://localhost:27017/auth" };
  const databaseUrl = envValue(env, "DATABASE_URL") ?? (partial.database ? STAND_IN[partial.database] : undefined);
  const base = { ...partial, ...(databaseUrl ? { databaseUrl } : {}), install: false, migrate: false, git: false };
  const old = resolveConfig(base).config;

  const fields = mergeFields(old.fields, request.fields, pluginUserFields(old));
  const wantedPlugins = validatePlugins(request.plugins);
  const wantedProviders = validateProviders(request.providers);
  const newPlugins = wantedPlugins.filter((p) => !old.plugins.includes(p));
  const newProviders = wantedProviders.filter((p) => !old.providers.includes(p));
  for (const p of newPlugins)
    for (const f of pluginUserColumns(p))
      for (const field of old.fields.filter((field) => field.name.toLowerCase() === f.toLowerCase()))
        throw new UserError(`The ${p} plugin adds a user column "${f}", which ${field.name === f ? "is already one of your custom fields" : `databases treat as the same column as your custom field "${field.name}"`}; rename or remove that field by hand first.`);

  const { config: next, notes: resolveNotes } = resolveConfig({
    ...base,
    fields: [...old.fields, ...fields.add].map(fieldToConfig),
    plugins: [...old.plugins, ...newPlugins],
    providers: [...old.providers, ...newProviders],
  });

  const plan: AddPlan = {
    root,
    kind: "generated",
    tree: new Tree(),
    before: new Map(),
    conflicts: [],
    forced: [],
    notes: [...fields.notes, ...resolveNotes.filter((n) => !fields.notes.includes(n))],
    added: [
      ...fields.add.map((f) => `field "${f.name}"`),
      ...newPlugins.map((p) => `plugin ${p}`),
      ...newProviders.map((p) => `provider ${p}`),
    ],
    present: [
      ...fields.present,
      ...wantedPlugins.filter((p) => old.plugins.includes(p)).map((p) => `plugin ${p}`),
      ...wantedProviders.filter((p) => old.providers.includes(p)).map((p) => `provider ${p}`),
    ],
    newFields: fields.add,
    schemaChanged: fields.add.length > 0 || newPlugins.length > 0,
    generated: { database: next.database, orm: next.orm, packageManager: next.packageManager, dependenciesAdded: false },
  };



  const rendered = await renderProject(next, { toolVersion: opts.toolVersion, secret: deps.secret });
  rendered.delete(MANIFEST_FILE);
  const serverFile = opts.config ? path.relative(root, path.resolve(opts.config)).split(path.sep).join("/") : SERVER_FILE;
  if (serverFile.startsWith("..") || path.isAbsolute(serverFile)) throw new UserError(`--config ${opts.config} is outside the project (${root}); pass --cwd <project dir>.`);

  // Env files: append only the variables the new features bring (one the user removed stays removed).
  const oldEnv = planProject(old).env;
  const newEnv = planProject(next).env.filter((v) => !oldEnv.some((o) => o.key === v.key && (o.target ?? "service") === (v.target ?? "service")));
  const envContext = { port: next.port, databaseUrl: next.databaseUrl ?? "" };
  for (const file of [".env", ".env.example", "backend/.env", "backend/.env.example"]) {
    if (!rendered.has(file)) continue;
    const vars = newEnv.filter((v) => (v.target ?? "service") === (file.startsWith("backend/") ? "backend" : "service"));
    const whenMissing = vars.length ? `There is no ${file}; add ${vars.map((v) => v.key).join(", ")} to your environment.` : "";
    rendered.write(file, rendered.read(file)!, { policy: { kind: "append-env", vars, envKind: file.endsWith(".example") ? "example" : "env", context: envContext, whenMissing } });
  }

  // src/auth.ts and src/auth-client.ts belong to the user after creation: untouched → the new render; edited → spliced.
  const oldRendered = await renderProject(old, { toolVersion: opts.toolVersion, secret: deps.secret });
  const newRendered = new Map([SERVER_FILE, CLIENT_FILE].map((f) => [f, rendered.read(f)]));
  const features = newPlugins.map((p) => PLUGIN_FEATURES[p]);
  const serverImports = features.flatMap((f) => toRequests(f.server?.imports ?? []));
  const serverCalls = features.flatMap((f) => [...(f.server?.plugins ?? []), ...(f.server?.pluginsLast ?? [])]);
  const additionalFields = fields.add.length > 0 ? FIELDS_IMPORT : undefined;
  const serverHint = manualHint(serverFile, serverImports, serverCalls, additionalFields);
  const clientImports = features.flatMap((f) => toRequests(f.client?.imports ?? []));
  const clientCalls = features.flatMap((f) => f.client?.plugins ?? []);
  const clientHint = manualHint(CLIENT_FILE, clientImports, clientCalls);
  const splice = (file: string, renderedPath: string, edit: (source: string) => { code: string; changed: boolean }) => (disk: string) => {
    const result = edit(disk);
    missingLines(file, renderedPath, result.code);
    return result;
  };
  if (serverFile !== SERVER_FILE) rendered.delete(SERVER_FILE);
  if (read(serverFile) === null) throw new UserError(`${serverFile} is missing; pass the path of your Better Auth config with --config, or add this by hand:\n${serverHint}`);
  rendered.write(serverFile, serverFile === SERVER_FILE ? rendered.read(SERVER_FILE)! : "", {
    policy: {
      kind: "ast-edit",
      edit: splice(serverFile, SERVER_FILE, (source) =>
        serverCalls.length > 0 || additionalFields
          ? ensureServerConfig(source, serverFile, { imports: serverImports, plugins: serverCalls.map(pluginFromCall), additionalFields, manualHint: serverHint })
          : { code: source, changed: false },
      ),
    },
  });
  if (rendered.has(CLIENT_FILE))
    rendered.write(CLIENT_FILE, rendered.read(CLIENT_FILE)!, {
      policy: {
        kind: "ast-edit",
        whenMissing: clientCalls.length ? `${CLIENT_FILE} is missing, so its plugins were not added; in your client add:\n${clientHint}` : undefined,
        edit: splice(CLIENT_FILE, CLIENT_FILE, (source) =>
          clientCalls.length > 0 ? ensureClientConfig(source, CLIENT_FILE, { imports: clientImports, plugins: clientCalls.map(pluginFromCall), manualHint: clientHint }) : { code: source, changed: false },
        ),
      },
    });

  /** What the new render adds that a splice could not (e.g. option lines of a feature): say so. */
  function missingLines(file: string, renderedPath: string, code: string) {
    const before = oldRendered.read(renderedPath);
    const after = newRendered.get(renderedPath);
    if (after === undefined || before === undefined) return;
    const have = code.split(/\r?\n/).map((l) => l.trim());
    const imported = importedNames(code);
    const missing = diffLines(before.split(/(?<=\n)/), after.split(/(?<=\n)/))
      .filter((op) => op.kind === "+")
      .map((op) => op.line.replace(/\r?\n$/, ""))
      .filter((line) => line.trim() && !have.includes(line.trim()) && !importsOnly(line, imported));
    if (missing.length > 0)
      plan.notes.push(`${file} has your own edits, so only the new plugins and fields were merged into it. The generated version also has these lines; add them by hand if you want them:\n${missing.join("\n")}`);
  }

  const applied = applyPolicies(rendered, read, { recorded: manifest.files, force: opts.force, secret: deps.secret });
  for (const file of applied.changes.paths()) {
    plan.tree.write(file, applied.changes.read(file)!, { policy: applied.changes.entry(file)!.policy, mode: applied.changes.entry(file)!.mode });
    plan.before.set(file, applied.before.get(file) ?? null);
  }
  plan.conflicts.push(...applied.conflicts);
  plan.forced.push(...applied.forced);
  plan.notes.push(...applied.notes);
  plan.generated!.dependenciesAdded = applied.dependenciesAdded;

  const hashes: Record<string, string> = { ...manifest.files };
  for (const [file, hash] of Object.entries(applied.hashes)) if (!UNTRACKED.has(file) && !(file === serverFile && serverFile !== SERVER_FILE)) hashes[file] = hash;
  const configChanged = JSON.stringify(serializableConfig(old)) !== JSON.stringify(serializableConfig(next));
  if (plan.tree.size > 0 || configChanged) {
    const updated: Manifest = { ...manifest, version: opts.toolVersion, config: serializableConfig(next), files: sortedRecord(hashes) };
    const text = JSON.stringify(updated, null, 2) + "\n";
    const disk = read(MANIFEST_FILE);
    if (disk !== text) {
      plan.tree.write(MANIFEST_FILE, text);
      plan.before.set(MANIFEST_FILE, disk);
    }
  }
  return plan;
}

/** Names imported by the file's import statements. */
function importedNames(source: string): Set<string> {
  const names = new Set<string>();
  for (const match of source.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s*from/g))
    for (const name of match[1].split(",")) if (name.trim()) names.add(name.trim().split(/\s+as\s+/).pop()!.replace(/^type\s+/, ""));
  return names;
}

/** An import line whose names the file already imports (perhaps merged into another import). */
function importsOnly(line: string, imported: Set<string>): boolean {
  const match = /^\s*import\s+(?:type\s+)?\{([^}]*)\}\s*from/.exec(line);
  return !!match && match[1].split(",").map((n) => n.trim()).filter(Boolean).every((n) => imported.has(n.split(/\s+as\s+/).pop()!.replace(/^type\s+/, "")));
}

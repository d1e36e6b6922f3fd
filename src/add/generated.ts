// `add` in a project made by this tool: merge the request into the manifest's config, re-render
// the whole project in memory, and keep only the changes the tool may make.
import path from "node:path";
import { UserError } from "../cli/errors.js";
import { formatFieldSpec } from "../config/field-spec.js";
import { parsePartial, resolveConfig } from "../config/resolve.js";
import { ensureClientConfig, ensureServerConfig, pluginFromCall, type ImportRequest } from "../edit/auth-config.js";
import { pluginUserFields, planProject } from "../features/plan.js";
import { plugins as PLUGIN_FEATURES } from "../features/plugins.js";
import type { EnvVar } from "../features/types.js";
import { MANIFEST_FILE, serializableConfig, sha256, type Manifest } from "../manifest.js";
import { renderProject } from "../render/project.js";
import { Tree } from "../render/tree.js";
import { diffLines } from "./diff.js";
import { envKeys, appendEnv, mergePackageJson } from "./files.js";
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
  const partial = parsePartial(manifest.config, MANIFEST_FILE);
  const env = read(".env");
  // The manifest never stores the URL (it may hold a password): take it from .env, where it lives.
  const databaseUrl =
    envValue(env, "DATABASE_URL") ?? (partial.database === "postgres" ? "postgres://user:password@localhost:5432/auth" : undefined);
  const base = { ...partial, ...(databaseUrl ? { databaseUrl } : {}), install: false, migrate: false, git: false };
  const old = resolveConfig(base).config;

  const fields = mergeFields(old.fields, request.fields, pluginUserFields(old));
  const wantedPlugins = validatePlugins(request.plugins);
  const wantedProviders = validateProviders(request.providers);
  const newPlugins = wantedPlugins.filter((p) => !old.plugins.includes(p));
  const newProviders = wantedProviders.filter((p) => !old.providers.includes(p));
  for (const p of newPlugins)
    for (const f of PLUGIN_FEATURES[p].userFields ?? [])
      if (old.fields.some((field) => field.name === f))
        throw new UserError(`The ${p} plugin adds a user column "${f}", which is already one of your custom fields; rename or remove that field by hand first.`);

  const { config: next, notes: resolveNotes } = resolveConfig({
    ...base,
    fields: [...old.fields, ...fields.add].map(formatFieldSpec),
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

  const stage = (p: string, content: string) => {
    const disk = read(p);
    if (disk === content) return;
    plan.tree.write(p, content);
    plan.before.set(p, disk);
  };

  const rendered = await renderProject(next, { toolVersion: opts.toolVersion, secret: deps.secret });
  const hashes: Record<string, string> = { ...manifest.files };
  const serverFile = opts.config ? path.relative(root, path.resolve(opts.config)).split(path.sep).join("/") : SERVER_FILE;
  if (serverFile.startsWith("..") || path.isAbsolute(serverFile)) throw new UserError(`--config ${opts.config} is outside the project (${root}); pass --cwd <project dir>.`);
  const oldEnv = planProject(old).env;
  const newEnv = planProject(next).env.filter((v) => !oldEnv.some((o) => o.key === v.key && (o.target ?? "service") === (v.target ?? "service")));
  const envContext = { port: next.port, databaseUrl: next.databaseUrl };

  for (const [file, content] of rendered.entries()) {
    if (file === MANIFEST_FILE) continue;
    if (file === ".env" || file === "backend/.env") {
      appendEnvFile(file, newEnv, "env");
      continue;
    }
    if (file === "package.json") {
      const disk = read(file);
      if (disk === null) stage(file, content);
      else {
        const merged = mergePackageJson(disk, content);
        if (merged) {
          stage(file, merged.text);
          plan.generated!.dependenciesAdded = merged.added.some((a) => !a.startsWith("script "));
        }
      }
      continue;
    }
    if (file === SERVER_FILE || file === CLIENT_FILE) continue; // edited below, never replaced

    const disk = read(file);
    const recorded = manifest.files[file];
    const renderedHash = sha256(content);
    if (disk === null) {
      if (recorded === undefined) stage(file, content);
      else if (recorded !== renderedHash) plan.notes.push(`${file} was deleted, so it is not updated; restore it from git if you want the new version.`);
      continue;
    }
    if (disk === content) {
      if (!UNTRACKED.has(file)) hashes[file] = renderedHash;
      continue;
    }
    if (recorded === renderedHash) continue; // the tool has nothing new for it: the user's version stays
    if (recorded !== undefined && sha256(disk) === recorded) {
      stage(file, content); // untouched since the tool wrote it
      continue;
    }
    if ((file === ".env.example" || file === "backend/.env.example") && recorded !== undefined) {
      appendEnvFile(file, newEnv, "example"); // edited by the user: add the new keys, keep the rest
      continue;
    }
    if (opts.force) {
      stage(file, content);
      plan.forced.push(file);
    } else plan.conflicts.push(file);
  }

  function appendEnvFile(file: string, vars: EnvVar[], kind: "env" | "example") {
    const target = file.startsWith("backend/") ? "backend" : "service";
    const wanted = vars.filter((v) => (v.target ?? "service") === target);
    if (wanted.length === 0) return;
    const disk = read(file);
    if (disk === null) {
      const missing = wanted.map((v) => v.key);
      plan.notes.push(`There is no ${file}; add ${missing.join(", ")} to your environment.`);
      return;
    }
    const present = envKeys(disk);
    if (wanted.every((v) => present.has(v.key))) return;
    stage(file, appendEnv(disk, wanted, kind, envContext, deps.secret).text);
  }

  // src/auth.ts and src/auth-client.ts: the user's after creation. Untouched → the new render; edited → merged.
  const oldRendered = await renderProject(old, { toolVersion: opts.toolVersion, secret: deps.secret });
  const features = newPlugins.map((p) => PLUGIN_FEATURES[p]);
  const merged = new Set<string>();
  const serverImports = features.flatMap((f) => toRequests(f.server?.imports ?? []));
  const serverCalls = features.flatMap((f) => [...(f.server?.plugins ?? []), ...(f.server?.pluginsLast ?? [])]);
  const additionalFields = fields.add.length > 0 ? FIELDS_IMPORT : undefined;
  if (serverCalls.length > 0 || additionalFields) {
    const hint = manualHint(serverFile, serverImports, serverCalls, additionalFields);
    authFile(serverFile, SERVER_FILE, hint, (source) =>
      ensureServerConfig(source, serverFile, { imports: serverImports, plugins: serverCalls.map(pluginFromCall), additionalFields, manualHint: hint }),
    );
  }
  const clientImports = features.flatMap((f) => toRequests(f.client?.imports ?? []));
  const clientCalls = features.flatMap((f) => f.client?.plugins ?? []);
  if (clientCalls.length > 0) {
    const hint = manualHint(CLIENT_FILE, clientImports, clientCalls);
    authFile(CLIENT_FILE, CLIENT_FILE, hint, (source) =>
      ensureClientConfig(source, CLIENT_FILE, { imports: clientImports, plugins: clientCalls.map(pluginFromCall), manualHint: hint }),
    );
  }

  function authFile(file: string, renderedPath: string, hint: string, edit: (source: string) => { code: string; changed: boolean }) {
    const disk = read(file);
    const content = rendered.read(renderedPath);
    if (disk === null) {
      if (file === CLIENT_FILE) return void plan.notes.push(`${file} is missing, so its plugins were not added; in your client add:\n${hint}`);
      throw new UserError(`${file} is missing; pass the path of your Better Auth config with --config, or add this by hand:\n${hint}`);
    }
    const recorded = file === renderedPath ? manifest.files[file] : undefined;
    if (content !== undefined && recorded !== undefined && sha256(disk) === recorded) return stage(file, content); // untouched: take the new render whole
    const result = edit(disk);
    if (result.changed) stage(file, result.code);
    merged.add(file); // the user's content: its hash stays theirs, so the next run merges again
    // What the new render adds that the merge could not (e.g. option lines of a feature): say so.
    const before = oldRendered.read(renderedPath);
    if (content === undefined || before === undefined) return;
    const have = result.code.split(/\r?\n/).map((l) => l.trim());
    const imported = importedNames(result.code);
    const missing = diffLines(before.split(/(?<=\n)/), content.split(/(?<=\n)/))
      .filter((op) => op.kind === "+")
      .map((op) => op.line.replace(/\r?\n$/, ""))
      .filter((line) => line.trim() && !have.includes(line.trim()) && !importsOnly(line, imported));
    if (missing.length > 0)
      plan.notes.push(`${file} has your own edits, so only the new plugins and fields were merged into it. The generated version also has these lines; add them by hand if you want them:\n${missing.join("\n")}`);
  }

  for (const file of plan.tree.paths()) if (!UNTRACKED.has(file) && !merged.has(file)) hashes[file] = sha256(plan.tree.read(file)!);
  const configChanged = JSON.stringify(serializableConfig(old)) !== JSON.stringify(serializableConfig(next));
  if (plan.tree.size > 0 || configChanged) {
    const updated: Manifest = { ...manifest, version: opts.toolVersion, config: serializableConfig(next), files: sortedRecord(hashes) };
    stage(MANIFEST_FILE, JSON.stringify(updated, null, 2) + "\n");
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

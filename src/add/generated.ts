// `add` in a project made by this tool: merge the request into the manifest's config, re-render
// the whole project in memory, and keep only the changes the tool may make.
import path from "node:path";
import { UserError } from "../cli/errors.js";
import type { Plugin } from "../config/catalog.js";
import { formatFieldSpec } from "../config/field-spec.js";
import { parsePartial, resolveConfig } from "../config/resolve.js";
import { ensureClientConfig, ensureServerConfig, pluginFromCall, type ImportRequest } from "../edit/auth-config.js";
import { pluginUserFields, planProject } from "../features/plan.js";
import { plugins as PLUGIN_FEATURES } from "../features/plugins.js";
import type { EnvVar } from "../features/types.js";
import { MANIFEST_FILE, serializableConfig, sha256, type Manifest } from "../manifest.js";
import { renderProject } from "../render/project.js";
import { Tree } from "../render/tree.js";
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
    generated: { database: next.database, packageManager: next.packageManager, dependenciesAdded: false },
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

  editAuthFiles(plan, { read, stage, serverFile, newPlugins, fieldsAdded: fields.add.length > 0 });

  for (const file of plan.tree.paths()) if (!UNTRACKED.has(file)) hashes[file] = sha256(plan.tree.read(file)!);
  const configChanged = JSON.stringify(serializableConfig(old)) !== JSON.stringify(serializableConfig(next));
  if (plan.tree.size > 0 || configChanged) {
    const updated: Manifest = { ...manifest, version: opts.toolVersion, config: serializableConfig(next), files: sortedRecord(hashes) };
    stage(MANIFEST_FILE, JSON.stringify(updated, null, 2) + "\n");
  }
  return plan;
}

interface AuthFileEdit {
  read: (p: string) => string | null;
  stage: (p: string, content: string) => void;
  serverFile: string;
  newPlugins: Plugin[];
  fieldsAdded: boolean;
}

/** `src/auth.ts` and `src/auth-client.ts` belong to the user after creation: edit them in place. */
function editAuthFiles(plan: AddPlan, edit: AuthFileEdit): void {
  const features = edit.newPlugins.map((p) => PLUGIN_FEATURES[p]);
  const serverImports = features.flatMap((f) => toRequests(f.server?.imports ?? []));
  const serverCalls = features.flatMap((f) => f.server?.plugins ?? []);
  const additionalFields = edit.fieldsAdded ? FIELDS_IMPORT : undefined;
  if (serverCalls.length > 0 || additionalFields) {
    const source = edit.read(edit.serverFile);
    const hint = manualHint(edit.serverFile, serverImports, serverCalls, additionalFields);
    if (source === null) throw new UserError(`${edit.serverFile} is missing; pass the path of your Better Auth config with --config, or add this by hand:\n${hint}`);
    const result = ensureServerConfig(source, edit.serverFile, {
      imports: serverImports,
      plugins: serverCalls.map(pluginFromCall),
      additionalFields,
      manualHint: hint,
    });
    if (result.changed) edit.stage(edit.serverFile, result.code);
  }

  const clientImports = features.flatMap((f) => toRequests(f.client?.imports ?? []));
  const clientCalls = features.flatMap((f) => f.client?.plugins ?? []);
  if (clientCalls.length > 0) {
    const source = edit.read(CLIENT_FILE);
    const hint = manualHint(CLIENT_FILE, clientImports, clientCalls);
    if (source === null) {
      plan.notes.push(`${CLIENT_FILE} is missing, so its plugins were not added; in your client add:\n${hint}`);
      return;
    }
    const result = ensureClientConfig(source, CLIENT_FILE, { imports: clientImports, plugins: clientCalls.map(pluginFromCall), manualHint: hint });
    if (result.changed) edit.stage(CLIENT_FILE, result.code);
  }
}

// `add` in a project this tool did not make (a hand-written `src/lib/auth.ts`, a Next.js
// `lib/auth.ts`): the tool owns one generated file next to the config, `auth.fields.ts`, and edits
// the user's config (and client) with the parser-based engine so that it uses it.
import path from "node:path";
import type { ExportNamedDeclaration, File, Node } from "@babel/types";
import { UserError } from "../cli/errors.js";
import type { Plugin } from "../config/catalog.js";
import { formatFieldSpec, parseFieldSpec, type CustomField } from "../config/field-spec.js";
import { ensureClientConfig, ensureServerConfig, pluginFromCall, type ImportRequest } from "../edit/auth-config.js";
import { findAuthClientFile, findAuthConfigFile } from "../edit/find-config.js";
import { locateBetterAuthOptions, resolveLiteral } from "../edit/locate.js";
import { calleeName, findProperty } from "../edit/parse.js";
import { pluginUserFields } from "../features/plan.js";
import { plugins as PLUGIN_FEATURES } from "../features/plugins.js";
import { MANIFEST_FILE, sha256 } from "../manifest.js";
import { fieldView } from "../render/context.js";
import { renderTemplateFile } from "../render/templates.js";
import { Tree } from "../render/tree.js";
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
  config: { fields: string[]; plugins: string[] };
  /** sha256 of the files the tool owns here (the generated fields module). */
  files: Record<string, string>;
}

/** Server factory names as they appear in a hand-written `plugins: [...]`. */
const FACTORY_OF: Record<Plugin, string> = {
  jwt: "jwt",
  bearer: "bearer",
  "two-factor": "twoFactor",
  username: "username",
  "magic-link": "magicLink",
  organization: "organization",
  admin: "admin",
  "email-otp": "emailOTP",
  "multi-session": "multiSession",
  "api-key": "apiKey",
  passkey: "passkey",
  openapi: "openAPI",
  anonymous: "anonymous",
};

/** Plugins that need code or a package only the user can choose: refused with what to add by hand. */
const BY_HAND: Partial<Record<Plugin, string>> = {
  "email-otp": `  import { emailOTP } from "better-auth/plugins";\n  plugins: [emailOTP({ sendVerificationOTP: async ({ email, otp, type }) => { /* send otp to email */ } })],`,
  "api-key": `  npm install @better-auth/api-key (its peers may need npm "overrides" for your better-auth version)\n  import { apiKey } from "@better-auth/api-key";\n  plugins: [apiKey()],`,
  passkey: `  npm install @better-auth/passkey (its peers may need npm "overrides" for your better-auth version)\n  import { passkey } from "@better-auth/passkey";\n  plugins: [passkey({ rpID: "example.com", rpName: "My app", origin: "https://example.com" })],`,
};

interface PluginEdit {
  server: { imports: ImportRequest[]; calls: string[] };
  client: { imports: ImportRequest[]; calls: string[] };
}

/**
 * A plugin as a plain Better Auth call. The generated projects wrap some plugins in files of their
 * own (`./plugins/jwt.js`) or pass values only they have (`appName`); here they are the plain call.
 */
function pluginEdit(plugin: Plugin, configFile: string): PluginEdit {
  const feature = PLUGIN_FEATURES[plugin];
  const client = { imports: (feature.client?.imports ?? []).map((i) => ({ from: i.from, names: [...i.names] })), calls: feature.client?.plugins ?? [] };
  if (plugin === "magic-link")
    throw new UserError(
      `The magic-link plugin needs a function that sends the emails, which this tool cannot write into ${configFile}; add it by hand:\n` +
        `  import { magicLink } from "better-auth/plugins";\n  plugins: [magicLink({ sendMagicLink: async ({ email, url }) => { /* send url to email */ } })],`,
    );
  const byHand = BY_HAND[plugin];
  if (byHand) throw new UserError(`The ${plugin} plugin needs more than a plugin call, which this tool cannot write into ${configFile}; add it by hand:\n${byHand}`);
  const factory = FACTORY_OF[plugin];
  const call = feature.server!.plugins[0];
  const plain = call.startsWith(`${factory}(`) && !call.includes("appName") ? call : `${factory}()`;
  return { server: { imports: [{ from: "better-auth/plugins", names: [factory] }], calls: [plain] }, client };
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

/** Plugins already in the config's `plugins: [...]`, as catalog names (best effort: unreadable → none). */
function presentPlugins(source: string, fileName: string): Plugin[] {
  try {
    const { ast, object } = locateBetterAuthOptions(source, fileName, "");
    const prop = object && findProperty(object, "plugins");
    if (!prop || prop.type !== "ObjectProperty") return [];
    const array = resolveLiteral(ast, source, prop.value, "ArrayExpression", "plugins");
    if (typeof array === "string") return [];
    const names = new Set(array.elements.map((e) => (e ? calleeName(e) : undefined)));
    return (Object.keys(FACTORY_OF) as Plugin[]).filter((p) => names.has(FACTORY_OF[p]));
  } catch {
    return [];
  }
}

/** The commands that bring the user's database up to date, for the adapter their config uses. */
export function schemaCommands(configSource: string, configFile: string, packageJson: string | null): string[] {
  const deps = (() => {
    try {
      const pkg = JSON.parse(packageJson ?? "{}");
      return { ...pkg.dependencies, ...pkg.devDependencies } as Record<string, string>;
    } catch {
      return {} as Record<string, string>;
    }
  })();
  const cli = "npx auth@latest"; // Better Auth's CLI (the `auth` package; needs Node >= 22.12)
  if (/\bmongodbAdapter\s*\(/.test(configSource)) return [];
  if (/\bprismaAdapter\s*\(/.test(configSource) || (deps.prisma && !/\bdrizzleAdapter\s*\(/.test(configSource)))
    return [`${cli} generate --config ${configFile} --yes`, "npx prisma migrate dev --name auth-fields"];
  if (/\bdrizzleAdapter\s*\(/.test(configSource) || deps["drizzle-orm"])
    return [`${cli} generate --config ${configFile} --yes`, "npx drizzle-kit generate", "npx drizzle-kit migrate"];
  return [`${cli} migrate --config ${configFile} --yes`];
}

function readManifest(text: string | null): ExistingManifest | null {
  if (text === null) return null;
  const json = JSON.parse(text) as ExistingManifest;
  return json.kind === "existing" ? json : null;
}

const posix = (p: string) => p.split(path.sep).join("/");

export async function planExisting(root: string, manifestText: string | null, request: AddRequest, opts: AddOptions, deps: AddDeps): Promise<AddPlan> {
  const { fs } = deps;
  const read = (p: string) => readText(fs, root, p);
  const manifest = readManifest(manifestText);

  const newPlugins = validatePlugins(request.plugins);
  const providers = validateProviders(request.providers);
  if (providers.length > 0) {
    const lines = providers.map((p) => `    ${p}: { clientId: process.env.${p.toUpperCase()}_CLIENT_ID!, clientSecret: process.env.${p.toUpperCase()}_CLIENT_SECRET! },`);
    throw new UserError(
      `Adding social providers is only automatic in projects made by create-auth-service (${MANIFEST_FILE} is missing here). Add them to your betterAuth options by hand:\n  socialProviders: {\n${lines.join("\n")}\n  },\nand set ${providers.map((p) => `${p.toUpperCase()}_CLIENT_ID/_CLIENT_SECRET`).join(", ")} in your environment.`,
    );
  }

  // Where the config is: --config, else what the last run used, else Better Auth's own search.
  const recordedConfig = manifest && fs.existsSync(path.join(root, manifest.authConfig)) ? path.join(root, manifest.authConfig) : undefined;
  const fieldsHint = `  import { additionalFields } from "./auth.fields";\n  user: { additionalFields },`;
  let configAbs: string;
  try {
    configAbs = opts.config ? findAuthConfigFile(process.cwd(), { configPath: opts.config }) : recordedConfig ?? findAuthConfigFile(root);
  } catch (error) {
    if (error instanceof UserError)
      throw new UserError(`${error.message}\nOr add this by hand to your betterAuth({...}) options, with an auth.fields.ts you write yourself next to it:\n${fieldsHint}`);
    throw error;
  }
  const configFile = posix(path.relative(root, configAbs));
  if (configFile.startsWith("..")) throw new UserError(`--config ${opts.config} is outside the project (${root}); pass --cwd <project dir>.`);
  const ext = path.extname(configFile);
  if (ext !== ".ts" && ext !== ".mts")
    throw new UserError(`${configFile} is JavaScript; this tool writes TypeScript (auth.fields.ts) and only edits .ts configs. Add this by hand, with the fields in a module of your own:\n${fieldsHint}`);
  const source = read(configFile)!;

  const knownFields: CustomField[] = (manifest?.config.fields ?? []).map((spec) => parseFieldSpec(spec).field);
  const existingPlugins = [...new Set([...presentPlugins(source, configFile), ...((manifest?.config.plugins ?? []) as Plugin[])])];
  const owned = pluginUserFields({ plugins: [...existingPlugins, ...newPlugins] });
  const fields = mergeFields(knownFields, request.fields, owned);
  for (const p of newPlugins)
    for (const f of PLUGIN_FEATURES[p].userFields ?? [])
      if (knownFields.some((field) => field.name === f))
        throw new UserError(`The ${p} plugin adds a user column "${f}", which is already one of your custom fields; rename or remove that field by hand first.`);
  const addedPlugins = newPlugins.filter((p) => !existingPlugins.includes(p));
  const allFields = [...knownFields, ...fields.add];

  const plan: AddPlan = {
    root,
    kind: "existing",
    tree: new Tree(),
    before: new Map(),
    conflicts: [],
    forced: [],
    notes: [...fields.notes],
    added: [...fields.add.map((f) => `field "${f.name}"`), ...addedPlugins.map((p) => `plugin ${p}`)],
    present: [...fields.present, ...newPlugins.filter((p) => existingPlugins.includes(p)).map((p) => `plugin ${p}`)],
    newFields: fields.add,
    schemaChanged: fields.add.length > 0 || addedPlugins.length > 0,
    schemaCommands: schemaCommands(source, configFile, read("package.json")),
  };
  const stage = (p: string, content: string) => {
    const disk = read(p);
    if (disk === content) return;
    plan.tree.write(p, content);
    plan.before.set(p, disk);
  };

  // The generated fields module, next to the config.
  const configDir = path.posix.dirname(configFile);
  const fieldsFile = path.posix.join(configDir, `auth.fields${ext}`);
  const style = importSuffixStyle(source, read("tsconfig.json"));
  const fieldsImport = { identifier: "additionalFields", from: withSuffix("./auth.fields", ext, style) };
  const hashes: Record<string, string> = { ...(manifest?.files ?? {}) };
  if (allFields.length > 0) {
    const views = allFields.map(fieldView);
    const content = await renderTemplateFile("base", "src/auth.fields.ts", { fields: views, claimFields: views.filter((f) => f.returned) });
    const disk = read(fieldsFile);
    const recorded = manifest?.files[fieldsFile];
    if (disk === null || disk === content || (recorded !== undefined && sha256(disk) === recorded)) stage(fieldsFile, content);
    else if (opts.force) {
      stage(fieldsFile, content);
      plan.forced.push(fieldsFile);
    } else plan.conflicts.push(fieldsFile);
    hashes[fieldsFile] = sha256(content);
  }

  // The user's config: plugins and the generated fields.
  const edits = addedPlugins.map((p) => pluginEdit(p, configFile));
  const serverImports = edits.flatMap((e) => e.server.imports);
  const serverCalls = edits.flatMap((e) => e.server.calls);
  const additionalFields = fields.add.length > 0 ? fieldsImport : undefined;
  if (serverCalls.length > 0 || additionalFields) {
    const result = ensureServerConfig(source, configFile, {
      imports: serverImports,
      plugins: serverCalls.map(pluginFromCall),
      additionalFields,
      manualHint: manualHint(configFile, serverImports, serverCalls, additionalFields),
    });
    if (result.changed) stage(configFile, result.code);
  }

  // The client, if there is one: its plugins, and the fields' types through inferAdditionalFields.
  const clientAbs = findAuthClientFile(root, { optional: true });
  const clientImports = edits.flatMap((e) => e.client.imports);
  const clientCalls = edits.flatMap((e) => e.client.calls);
  if (clientAbs && (clientCalls.length > 0 || fields.add.length > 0)) {
    const clientFile = posix(path.relative(root, clientAbs));
    if (fields.add.length > 0) {
      const located = (() => {
        try {
          return locateBetterAuthOptions(source, configFile, "");
        } catch {
          return null;
        }
      })();
      const name = located && authExportName(located.ast, located.call.start!, located.call.end!);
      if (name) {
        let spec = posix(path.relative(path.dirname(clientAbs), configAbs)).replace(/\.[mc]?ts$/, "");
        if (!spec.startsWith(".")) spec = `./${spec}`;
        clientImports.push({ from: "better-auth/client/plugins", names: ["inferAdditionalFields"] });
        clientImports.push({ from: withSuffix(spec, ext, style), names: [name], typeOnly: true });
        clientCalls.push(`inferAdditionalFields<typeof ${name}>()`);
      } else plan.notes.push(`Could not tell under which name ${configFile} exports betterAuth(...); add inferAdditionalFields<typeof auth>() to ${clientFile} by hand for typed fields.`);
    }
    const hint = manualHint(clientFile, clientImports, clientCalls);
    try {
      const result = ensureClientConfig(read(clientFile)!, clientFile, { imports: clientImports, plugins: clientCalls.map(pluginFromCall), manualHint: hint });
      if (result.changed) stage(clientFile, result.code);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      plan.notes.push(`${error.message}`); // the server side is what matters; the client lines are printed to add by hand
    }
  }

  const nextManifest: ExistingManifest = {
    tool: "create-auth-service",
    version: manifest?.version ?? opts.toolVersion,
    kind: "existing",
    authConfig: configFile,
    config: {
      fields: allFields.map(formatFieldSpec),
      plugins: [...new Set([...(manifest?.config.plugins ?? []), ...addedPlugins])],
    },
    files: sortedRecord(hashes),
  };
  const manifestChanged = JSON.stringify({ ...nextManifest, version: "" }) !== JSON.stringify({ ...(manifest ?? {}), version: "" });
  if (plan.tree.size > 0 || (manifest !== null && manifestChanged)) stage(MANIFEST_FILE, JSON.stringify({ ...nextManifest, version: opts.toolVersion }, null, 2) + "\n");
  return plan;
}

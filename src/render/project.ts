import type { ResolvedConfig } from "../config/resolve.js";
import { sqliteGitignore } from "../config/database-rules.js";
import { installScripts, PACKAGE_MANAGER_SPECS } from "../features/package-managers.js";
import { planProject } from "../features/plan.js";
import { buildManifest, MANIFEST_FILE } from "../manifest.js";
import { toolInvocation } from "../cli/invocation.js";
import { buildContext } from "./context.js";
import { newSecret, renderEnvFile } from "./env-file.js";
import { loadTemplates, renderFolder } from "./templates.js";
import { Tree } from "./tree.js";

export interface RenderOptions {
  toolVersion: string;
  /** How the generated docs name this tool; defaults to the command that is running now. */
  toolCommand?: string;
  /** Injected by tests for reproducible output; defaults to the CSPRNG. */
  secret?: () => string;
}

/** The generated project's guide for coding agents (and people): what the tool owns, which commands change it. */
export const AGENTS_FILE = "AGENTS.md";

/** Config → the whole project as an in-memory tree (nothing touches the disk here). */
export async function renderProject(config: ResolvedConfig, options: RenderOptions): Promise<Tree> {
  const plan = planProject(config);
  const context = buildContext(config, plan, options.toolVersion, options.toolCommand ?? toolInvocation(options.toolVersion));
  const templates = await loadTemplates();
  const tree = new Tree();
  for (const folder of plan.templates) renderFolder(tree, folder, context, templates);
  for (const feature of plan.features) for (const [path, text] of Object.entries(feature.files?.(config) ?? {})) tree.write(path, text);
  // Policies as the features declare them; `add` attaches the actual splice to each ast-edit file.
  for (const feature of plan.features)
    for (const [path, kind] of Object.entries(feature.policies ?? {}))
      if (tree.has(path)) tree.write(path, tree.read(path)!, { policy: kind === "user" ? { kind } : { kind, edit: (disk) => ({ code: disk, changed: false }) } });

  // A custom SQLite file inside the project is data, like data/: never committed.
  const ignoreDatabase = config.database === "sqlite" ? sqliteGitignore(config.databaseUrl) : undefined;
  if (ignoreDatabase && tree.has(".gitignore")) tree.write(".gitignore", `${tree.read(".gitignore")!.replace(/\n?$/, "\n")}${ignoreDatabase}\n`);

  // Peer overrides and allowed install scripts, spelled the way the chosen package manager reads them.
  const managerSettings = PACKAGE_MANAGER_SPECS[config.packageManager].settings(
    plan.overrides,
    installScripts([...Object.keys(plan.dependencies), ...Object.keys(plan.devDependencies)]),
  );
  for (const [path, text] of Object.entries(managerSettings.files)) if (text) tree.write(path, text);
  tree.write("package.json", JSON.stringify({
    name: config.projectName,
    version: "0.1.0",
    private: true,
    type: "module",
    engines: { node: plan.engines },
    scripts: plan.scripts,
    dependencies: plan.dependencies,
    devDependencies: plan.devDependencies,
    ...managerSettings.packageJson,
  }, null, 2) + "\n", { policy: { kind: "merge-json" } });

  const vars = { port: config.port, databaseUrl: config.databaseUrl };
  const secret = options.secret ?? newSecret;
  const service = plan.env.filter((v) => (v.target ?? "service") === "service");
  const backend = plan.env.filter((v) => v.target === "backend");
  const env = (path: string, list: typeof service, envKind: "env" | "example") =>
    tree.write(path, renderEnvFile(list, envKind, vars, secret), {
      policy: { kind: "append-env", vars: list, envKind, context: vars },
      // Real values (secrets, database passwords): readable by the owner only.
      mode: envKind === "env" ? 0o600 : undefined,
    });
  env(".env", service, "env");
  env(".env.example", service, "example");
  if (backend.length) {
    env("backend/.env", backend, "env");
    env("backend/.env.example", backend, "example");
  }

  // AGENTS.md names the files the tool owns, so it is rendered last, when every file and its policy is known.
  const agents = templates("base").find((f) => f.path === AGENTS_FILE);
  if (agents) {
    const byPolicy = (kinds: string[]) => tree.paths().filter((p) => kinds.includes(tree.entry(p)!.policy.kind));
    const ownedFiles = [...byPolicy(["owned"]), MANIFEST_FILE].sort();
    tree.write(AGENTS_FILE, agents.render({ ...context, ownedFiles, sharedFiles: byPolicy(["ast-edit", "merge-json", "append-env", "user"]) }));
  }

  const manifest = buildManifest(options.toolVersion, config, tree.entries());
  tree.write(MANIFEST_FILE, JSON.stringify(manifest, null, 2) + "\n");
  return tree;
}

import type { ResolvedConfig } from "../config/resolve.js";
import { planProject } from "../features/plan.js";
import { buildManifest, MANIFEST_FILE } from "../manifest.js";
import { GENERATED_NODE_ENGINES } from "../versions.js";
import { buildContext } from "./context.js";
import { newSecret, renderEnvFile } from "./env-file.js";
import { loadTemplates, renderFolder } from "./templates.js";
import { Tree } from "./tree.js";

export interface RenderOptions {
  toolVersion: string;
  /** Injected by tests for reproducible output; defaults to the CSPRNG. */
  secret?: () => string;
}

/** Config → the whole project as an in-memory tree (nothing touches the disk here). */
export async function renderProject(config: ResolvedConfig, options: RenderOptions): Promise<Tree> {
  const plan = planProject(config);
  const context = buildContext(config, plan, options.toolVersion);
  const templates = await loadTemplates();
  const tree = new Tree();
  for (const folder of plan.templates) renderFolder(tree, folder, context, templates);
  for (const feature of plan.features) for (const [path, text] of Object.entries(feature.files?.(config) ?? {})) tree.write(path, text);

  tree.write("package.json", JSON.stringify({
    name: config.projectName,
    version: "0.1.0",
    private: true,
    type: "module",
    engines: { node: GENERATED_NODE_ENGINES },
    scripts: plan.scripts,
    dependencies: plan.dependencies,
    devDependencies: plan.devDependencies,
    ...(Object.keys(plan.overrides).length ? { overrides: plan.overrides } : {}),
  }, null, 2) + "\n");

  const vars = { port: config.port, databaseUrl: config.databaseUrl };
  const secret = options.secret ?? newSecret;
  const service = plan.env.filter((v) => (v.target ?? "service") === "service");
  const backend = plan.env.filter((v) => v.target === "backend");
  tree.write(".env", renderEnvFile(service, "env", vars, secret));
  tree.write(".env.example", renderEnvFile(service, "example", vars, secret));
  if (backend.length) {
    tree.write("backend/.env", renderEnvFile(backend, "env", vars, secret));
    tree.write("backend/.env.example", renderEnvFile(backend, "example", vars, secret));
  }

  const manifest = buildManifest(options.toolVersion, config, tree.entries());
  tree.write(MANIFEST_FILE, JSON.stringify(manifest, null, 2) + "\n");
  return tree;
}

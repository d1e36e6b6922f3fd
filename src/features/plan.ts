import type { ResolvedConfig } from "../config/resolve.js";
import { VERSIONS, type PackageName } from "../versions.js";
import { base } from "./base.js";
import { databases, orms } from "./databases.js";
import { apiClients, backends, providerFeature } from "./extras.js";
import { frameworks } from "./frameworks.js";
import { plugins } from "./plugins.js";
import type { EnvVar, Feature, ImportSpec } from "./types.js";

export interface Plan {
  features: Feature[];
  templates: string[];
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
  env: EnvVar[];
  serverImports: string[];
  serverPlugins: string[];
  clientImports: string[];
  clientPlugins: string[];
}

/** The features a config selects, in the order their templates render. */
export function selectFeatures(config: ResolvedConfig): Feature[] {
  return [
    base,
    frameworks[config.framework],
    databases[config.database],
    orms[config.orm],
    ...config.plugins.map((p) => plugins[p]),
    ...config.providers.map(providerFeature),
    backends[config.backend],
    apiClients[config.apiClient],
  ].filter((f): f is Feature => f !== null);
}

function versions(names: PackageName[]): Record<string, string> {
  return Object.fromEntries([...new Set(names)].sort().map((n) => [n, VERSIONS[n]]));
}

/** Merge imports by module so each module is imported once. */
export function renderImports(specs: ImportSpec[]): string[] {
  const byModule = new Map<string, Set<string>>();
  for (const { from, names } of specs) {
    const set = byModule.get(from) ?? new Set();
    names.forEach((n) => set.add(n));
    byModule.set(from, set);
  }
  return [...byModule].map(([from, names]) => `import { ${[...names].join(", ")} } from "${from}";`);
}

export function planProject(config: ResolvedConfig): Plan {
  const features = selectFeatures(config);
  const all = <T>(pick: (f: Feature) => T[] | undefined) => features.flatMap((f) => pick(f) ?? []);
  return {
    features,
    templates: [...new Set(all((f) => f.templates))],
    dependencies: versions(all((f) => f.dependencies)),
    devDependencies: versions(all((f) => f.devDependencies)),
    scripts: Object.assign({}, ...features.map((f) => f.scripts ?? {})),
    env: all((f) => f.env),
    serverImports: renderImports(all((f) => f.server?.imports)),
    serverPlugins: all((f) => f.server?.plugins),
    clientImports: renderImports(all((f) => f.client?.imports)),
    clientPlugins: all((f) => f.client?.plugins),
  };
}

/** User columns that plugins add themselves (custom fields may not collide with them). */
export function pluginUserFields(config: Pick<ResolvedConfig, "plugins">): Map<string, string> {
  const owners = new Map<string, string>();
  for (const p of config.plugins) for (const f of plugins[p].userFields ?? []) owners.set(f, p);
  return owners;
}

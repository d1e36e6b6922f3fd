import type { ResolvedConfig } from "../config/resolve.js";
import { PEER_OVERRIDES, VERSIONS, type PackageName } from "../versions.js";
import { base } from "./base.js";
import { databases, orms } from "./databases.js";
import { apiClients, backends, providerFeature } from "./extras.js";
import { frameworks } from "./frameworks.js";
import { pluginUserColumns, plugins } from "./plugins.js";
import { secondaryStorages } from "./secondary-storage.js";
import { SERVER_OPTION_SECTIONS, type EnvVar, type Feature, type ImportSpec, type ServerOptionSection } from "./types.js";

export interface Plan {
  features: Feature[];
  templates: string[];
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  /** npm `overrides` for the package.json (empty when no dependency needs one). */
  overrides: Record<string, Record<string, string>>;
  scripts: Record<string, string>;
  env: EnvVar[];
  serverImports: string[];
  serverPlugins: string[];
  /** Lines features add to betterAuth()'s options, by section (every section present, maybe empty). */
  serverOptions: Record<ServerOptionSection, string[]>;
  clientImports: string[];
  clientPlugins: string[];
}

/** Each feature once, preceded by the features it requires (depth first, first mention wins). */
export function withRequirements(features: Feature[]): Feature[] {
  const seen = new Set<string>();
  const out: Feature[] = [];
  const visit = (f: Feature) => {
    if (seen.has(f.id)) return;
    seen.add(f.id);
    f.requires?.forEach(visit);
    out.push(f);
  };
  features.forEach(visit);
  return out;
}

/** The features a config selects, in the order their templates render. */
export function selectFeatures(config: ResolvedConfig): Feature[] {
  return withRequirements([
    base,
    frameworks[config.framework],
    databases[config.database],
    orms[config.orm](config.database),
    secondaryStorages[config.secondaryStorage],
    ...config.plugins.map((p) => plugins[p]),
    ...config.providers.map(providerFeature),
    backends[config.backend],
    apiClients[config.apiClient],
  ].filter((f): f is Feature => f !== null));
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
  const dependencies = versions(all((f) => f.dependencies));
  return {
    features,
    templates: [...new Set(all((f) => f.templates))],
    dependencies,
    overrides: Object.fromEntries(Object.keys(dependencies).flatMap((n) => (PEER_OVERRIDES[n as PackageName] ? [[n, PEER_OVERRIDES[n as PackageName]!]] : []))),
    devDependencies: versions(all((f) => f.devDependencies)),
    scripts: Object.assign({}, ...features.map((f) => f.scripts ?? {})),
    env: all((f) => f.env),
    serverImports: renderImports(all((f) => f.server?.imports)),
    serverPlugins: [...all((f) => f.server?.plugins), ...all((f) => f.server?.pluginsLast)],
    serverOptions: Object.fromEntries(SERVER_OPTION_SECTIONS.map((s) => [s, all((f) => f.server?.options?.[s])])) as Plan["serverOptions"],
    clientImports: renderImports(all((f) => f.client?.imports)),
    clientPlugins: all((f) => f.client?.plugins),
  };
}

/** User columns that plugins add themselves (custom fields may not collide with them). */
export function pluginUserFields(config: Pick<ResolvedConfig, "plugins">): Map<string, string> {
  const owners = new Map<string, string>();
  for (const p of config.plugins) for (const f of pluginUserColumns(p)) owners.set(f, p);
  return owners;
}

import type { ResolvedConfig } from "../config/resolve.js";
import { GENERATED_NODE_ENGINES, PEER_OVERRIDES, VERSIONS, type PackageName } from "../versions.js";
import { base } from "./base.js";
import { crossSiteCookies } from "./cross-site-cookies.js";
import { databaseFeature, orms } from "./databases.js";
import { doctor, secretRotation } from "./doctor.js";
import { dockerFeature } from "./docker.js";
import { apiClients, backends, providerFeature } from "./extras.js";
import { frameworks } from "./frameworks.js";
import { operations } from "./operations.js";
import { pluginUserColumns, plugins } from "./plugins.js";
import { secondaryStorages } from "./secondary-storage.js";
import { REPLACED_SECTIONS, SERVER_OPTION_SECTIONS, type EnvVar, type Feature, type ImportSpec, type ServerOptionSection } from "./types.js";

export interface Plan {
  features: Feature[];
  templates: string[];
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  /** The package.json's `engines.node`. */
  engines: string;
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
    doctor,
    secretRotation,
    operations,
    frameworks[config.framework],
    databaseFeature(config),
    orms[config.orm](config.database, config.sqliteDriver),
    secondaryStorages[config.secondaryStorage],
    ...config.plugins.map((p) => plugins[p]),
    ...config.providers.map(providerFeature),
    backends[config.backend],
    apiClients[config.apiClient],
    config.crossSiteCookies ? crossSiteCookies : null,
    config.docker ? dockerFeature(config) : null,
  ].filter((f): f is Feature => f !== null));
}

function versions(names: PackageName[], pinned: Partial<Record<PackageName, string>>): Record<string, string> {
  return Object.fromEntries([...new Set(names)].sort().map((n) => [n, pinned[n] ?? VERSIONS[n]]));
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
  const pinned: Partial<Record<PackageName, string>> = Object.assign({}, ...features.map((f) => f.versions ?? {}));
  const dependencies = versions(all((f) => f.dependencies), pinned);
  return {
    features,
    engines: all((f) => (f.engines ? [f.engines] : [])).at(-1) ?? GENERATED_NODE_ENGINES,
    templates: [...new Set(all((f) => f.templates))],
    dependencies,
    overrides: Object.fromEntries(Object.keys(dependencies).flatMap((n) => (PEER_OVERRIDES[n as PackageName] ? [[n, PEER_OVERRIDES[n as PackageName]!]] : []))),
    devDependencies: versions(all((f) => f.devDependencies), pinned),
    scripts: Object.assign({}, ...features.map((f) => f.scripts ?? {})),
    env: all((f) => f.env),
    serverImports: renderImports(all((f) => f.server?.imports)),
    serverPlugins: [...all((f) => f.server?.plugins), ...all((f) => f.server?.pluginsLast)],
    serverOptions: Object.fromEntries(SERVER_OPTION_SECTIONS.map((s) => [s, REPLACED_SECTIONS.includes(s) ? [...features].reverse().find((f) => f.server?.options?.[s])?.server?.options?.[s] ?? [] : all((f) => f.server?.options?.[s])])) as Plan["serverOptions"],
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

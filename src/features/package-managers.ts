import type { PackageManager } from "../config/catalog.js";

/** Per dependency, the versions its stale peers are pinned to (src/versions.ts PEER_OVERRIDES). */
export type PeerOverrides = Record<string, Record<string, string>>;

/** What a package manager needs in the project so the install resolves and builds as npm's does. */
export interface ManagerSettings {
  /** Keys added to package.json. */
  packageJson: Record<string, unknown>;
  /** Files beside package.json (paths relative to the project). */
  files: Record<string, string>;
}

export interface PackageManagerSpec {
  /** Prefix to run a package.json script: `${run} dev`. */
  run: string;
  /** Runs a binary of the project's own dependencies. */
  exec: string;
  /** Runs a package without adding it to the project (the tool's own commands). */
  dlx: string;
  /** Environment for `<pm> install` run by the tool. */
  installEnv: Record<string, string>;
  settings: (overrides: PeerOverrides, builds: string[]) => ManagerSettings;
  /** A line for the generated README: what the manager's own files are for. */
  readme?: string;
}

const none = <T extends object>(o: T) => Object.keys(o).length === 0;
const flat = (overrides: PeerOverrides, join: string) =>
  Object.fromEntries(Object.entries(overrides).flatMap(([parent, pins]) => Object.entries(pins).map(([child, v]) => [`${parent}${join}${child}`, v])));
const yamlMap = (key: string, entries: Record<string, string | boolean>) =>
  none(entries) ? "" : `${key}:\n${Object.entries(entries).map(([k, v]) => `  ${JSON.stringify(k)}: ${typeof v === "string" ? JSON.stringify(v) : v}`).join("\n")}\n`;

/**
 * One row per package manager. `builds` are dependencies whose install scripts must run
 * (better-sqlite3 compiles its native module; esbuild, under tsx, checks its binary):
 * pnpm >= 10, yarn 4 and bun run none unless the project allows them.
 */
export const PACKAGE_MANAGER_SPECS: Record<PackageManager, PackageManagerSpec> = {
  npm: {
    run: "npm run",
    exec: "npx",
    dlx: "npx",
    installEnv: {},
    // npm applies nested `overrides` to peers too.
    settings: (overrides) => ({ packageJson: none(overrides) ? {} : { overrides }, files: {} }),
  },
  pnpm: {
    run: "pnpm run",
    exec: "pnpm exec",
    dlx: "pnpm dlx",
    installEnv: {},
    readme: "pnpm: `pnpm-workspace.yaml` holds the `overrides` that point the plugins' stale peer pins at better-auth's own versions, and `allowBuilds` (pnpm 10: `onlyBuiltDependencies`), the packages whose install scripts may run",
    // pnpm 10 moved install settings to pnpm-workspace.yaml and pnpm 11+ ignores package.json's
    // `pnpm` field; `parent>child` applies to peers there. `allowBuilds` is pnpm 11+'s list,
    // `onlyBuiltDependencies` pnpm 10's (later versions ignore it).
    settings: (overrides, builds) => ({
      packageJson: {},
      files: {
        "pnpm-workspace.yaml":
          yamlMap("overrides", flat(overrides, ">")) +
          yamlMap("allowBuilds", Object.fromEntries(builds.map((b) => [b, true]))) +
          (builds.length ? `onlyBuiltDependencies:\n${builds.map((b) => `  - ${JSON.stringify(b)}`).join("\n")}\n` : ""),
      },
    }),
  },
  yarn: {
    run: "yarn run",
    exec: "yarn exec",
    dlx: "yarn dlx",
    // Yarn makes installs immutable on CI; a new project has no lockfile to keep.
    installEnv: { YARN_ENABLE_IMMUTABLE_INSTALLS: "false" },
    readme: "Yarn 2+: `.yarnrc.yml` sets `nodeLinker: node-modules` (tsx, tsc and the migration tools find packages in `node_modules`; Plug'n'Play is not set up), `resolutions` pin the plugins' stale peers, and `dependenciesMeta` lets the listed packages run their install scripts",
    // Yarn 2+ (berry): `parent/child` resolutions; node_modules rather than Plug'n'Play, so tsx,
    // tsc, drizzle-kit and prisma find packages as they do under npm. Yarn 4 runs no install
    // scripts unless `dependenciesMeta` marks the package as built.
    settings: (overrides, builds) => ({
      packageJson: {
        ...(none(overrides) ? {} : { resolutions: flat(overrides, "/") }),
        ...(builds.length ? { dependenciesMeta: Object.fromEntries(builds.map((b) => [b, { built: true }])) } : {}),
      },
      files: { ".yarnrc.yml": "nodeLinker: node-modules\n" },
    }),
  },
  bun: {
    run: "bun run",
    exec: "bunx",
    dlx: "bunx",
    installEnv: {},
    readme: "Bun: the scripts run the TypeScript with tsx under Node; `bun src/server.ts` runs the service under Bun itself with PostgreSQL, MySQL and MongoDB (better-sqlite3 does not load in Bun). `overrides` are top-level (Bun has no nested ones), `trustedDependencies` lists the packages whose install scripts may run",
    // Bun supports top-level `overrides` only (nested ones are not documented to apply), so the
    // pins apply project-wide: they are the versions better-auth itself depends on, so one copy
    // of each serves everyone. `trustedDependencies` replaces Bun's default list of packages
    // whose install scripts run.
    settings: (overrides, builds) => {
      const topLevel = Object.assign({}, ...Object.values(overrides)) as Record<string, string>;
      return {
        packageJson: { ...(none(topLevel) ? {} : { overrides: topLevel }), ...(builds.length ? { trustedDependencies: builds } : {}) },
        files: {},
      };
    },
  },
};

/** Direct dependencies → the packages under them whose install scripts the project needs. */
const INSTALL_SCRIPTS: Record<string, string[]> = {
  "better-sqlite3": ["better-sqlite3"],
  tsx: ["esbuild"],
  "drizzle-kit": ["esbuild"],
  prisma: ["prisma", "@prisma/engines"],
};

/** Packages whose install scripts must run for these dependencies, sorted. */
export function installScripts(dependencies: string[]): string[] {
  return [...new Set(dependencies.flatMap((d) => INSTALL_SCRIPTS[d] ?? []))].sort();
}

/** package.json keys whose entries `add` merges one by one (the user's own entries win). */
export const MERGED_OBJECT_SETTINGS = ["overrides", "resolutions", "dependenciesMeta"] as const;
export const MERGED_LIST_SETTINGS = ["trustedDependencies"] as const;

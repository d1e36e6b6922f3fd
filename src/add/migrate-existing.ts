// How a project the tool did not make brings its database up to date after `add`: with its own
// tool and, where it has them, its own scripts (drizzle-kit generate + migrate, or push when the
// project pushes; prisma migrate; Better Auth's migrator through the project's tsx otherwise).
// Nothing here needs Better Auth's CLI, so no step needs Node >= 22.12.
import path from "node:path";
import type { MinimalFs } from "../edit/find-project.js";
import type { Adapter } from "./orm-schema.js";

export interface MigrationStep {
  /** Folder to run in, relative to the project root ("." for the root). */
  cwd: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  /** How to show the step when its arguments are not worth printing. */
  display?: string;
  /** Set when the tool asks for confirmation on its terminal (why), so it only runs in one. */
  needsTerminal?: string;
}

export interface MigrationPlan {
  steps: MigrationStep[];
  /** Why the steps cannot run here (dependencies missing, no engine); null when they can. */
  blocked: string | null;
}

export const displayStep = (s: MigrationStep) => {
  const command = s.display ?? [s.command, ...s.args].join(" ");
  return s.cwd === "." ? command : `(cd ${s.cwd} && ${command})`;
};

const exists = (fs: MinimalFs, p: string) => fs.existsSync(p);

function readJson(fs: MinimalFs, file: string): Record<string, unknown> | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

/** The package manager the project uses, from its lockfile (npm when unsure). */
export function projectPackageManager(root: string, fs: MinimalFs): "npm" | "pnpm" | "yarn" | "bun" {
  if (exists(fs, path.join(root, "bun.lock")) || exists(fs, path.join(root, "bun.lockb"))) return "bun";
  if (exists(fs, path.join(root, "pnpm-lock.yaml"))) return "pnpm";
  if (exists(fs, path.join(root, "yarn.lock"))) return "yarn";
  const declared = readJson(fs, path.join(root, "package.json"))?.packageManager;
  if (typeof declared === "string") for (const pm of ["pnpm", "yarn", "bun"] as const) if (declared.startsWith(`${pm}@`)) return pm;
  return "npm";
}

/** Nearest folder from `file`'s up to the root holding one of `names`. */
function nearestWith(root: string, fs: MinimalFs, file: string, names: string[]): string | null {
  let dir = path.dirname(path.join(root, file));
  for (;;) {
    if (names.some((n) => exists(fs, path.join(dir, n)))) return dir;
    if (path.relative(root, dir) === "" || !dir.startsWith(root)) return null;
    dir = path.dirname(dir);
  }
}

/** The major version of a package the project has installed (its own node_modules or a workspace root's). */
function installedMajor(root: string, fs: MinimalFs, dir: string, name: string): number | null {
  for (let d = dir; ; d = path.dirname(d)) {
    const manifest = readJson(fs, path.join(d, "node_modules", name, "package.json"));
    if (manifest && typeof manifest.version === "string") return Number.parseInt(manifest.version, 10);
    if (path.relative(root, d) === "" || !d.startsWith(root)) return null;
  }
}

/** A bin of the project (its own node_modules or a workspace root's). */
function hasBin(root: string, fs: MinimalFs, dir: string, bin: string): boolean {
  for (let d = dir; ; d = path.dirname(d)) {
    if (exists(fs, path.join(d, "node_modules", ".bin", bin))) return true;
    if (path.relative(root, d) === "" || !d.startsWith(root)) return false;
  }
}

function scriptFor(scripts: Record<string, string>, pattern: RegExp): string | undefined {
  return Object.keys(scripts).find((name) => pattern.test(scripts[name]));
}

/** The string or array literal of a drizzle config's `tablesFilter`, if it has one. */
export function tablesFilter(config: string): string[] | null {
  const match = /\btablesFilter\s*:\s*(\[[^\]]*\]|["'`][^"'`]*["'`])/.exec(config);
  if (!match) return null;
  return [...match[1].matchAll(/["'`]([^"'`]*)["'`]/g)].map((m) => m[1]);
}

const globToRegExp = (glob: string) => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);

const DRIZZLE_CONFIGS = ["drizzle.config.ts", "drizzle.config.js", "drizzle.config.mjs", "drizzle.config.mts", "drizzle.config.cjs", "drizzle.config.json"];

export function planMigration(root: string, fs: MinimalFs, adapter: Adapter, schemaFile: string | undefined, authExport?: { file: string; name: string } | null): MigrationPlan {
  const pm = projectPackageManager(root, fs);
  const rel = (dir: string) => path.relative(root, dir).split(path.sep).join("/") || ".";
  const run = (dir: string, script: string): MigrationStep => ({ cwd: rel(dir), command: pm, args: ["run", script] });
  const npx = (dir: string, bin: string, args: string[]): MigrationStep => ({ cwd: rel(dir), command: "npx", args: ["--no-install", bin, ...args] });

  if (adapter === "drizzle" && schemaFile) {
    const dir = nearestWith(root, fs, schemaFile, DRIZZLE_CONFIGS) ?? root;
    const scripts = (readJson(fs, path.join(dir, "package.json"))?.scripts ?? {}) as Record<string, string>;
    const configFile = DRIZZLE_CONFIGS.map((n) => path.join(dir, n)).find((p) => exists(fs, p));
    const config = configFile ? fs.readFileSync(configFile, "utf8") : "";
    const out = /\bout\s*:\s*["'`]([^"'`]+)["'`]/.exec(config)?.[1] ?? "drizzle";
    // A project that keeps migration files migrates; one without them pushes its schema.
    const migrates = exists(fs, path.join(dir, out, "meta", "_journal.json"));
    const generate = scriptFor(scripts, /drizzle-kit\s+generate/);
    const migrate = scriptFor(scripts, /drizzle-kit\s+migrate/);
    const push = scriptFor(scripts, /drizzle-kit\s+push/);
    const pushStep = push ? run(dir, push) : npx(dir, "drizzle-kit", ["push"]);
    // drizzle-kit before 1.0 confirms a push on its terminal (with `strict: true`, or when a change
    // could lose data) and, without one, exits 0 having applied nothing.
    const major = installedMajor(root, fs, dir, "drizzle-kit");
    if (major !== null && major < 1) pushStep.needsTerminal = "drizzle-kit 0.x asks on its terminal before it pushes";
    const steps = migrates
      ? [generate ? run(dir, generate) : npx(dir, "drizzle-kit", ["generate"]), migrate ? run(dir, migrate) : npx(dir, "drizzle-kit", ["migrate"])]
      : [pushStep];
    // A `tablesFilter` that hides Better Auth's tables makes drizzle-kit believe they do not exist:
    // push would try to create them again and fail, so say so instead of running it.
    const filters = tablesFilter(config);
    if (!migrates && filters && !filters.some((glob) => globToRegExp(glob).test("user")))
      return {
        steps,
        blocked: `${path.relative(root, configFile!)}'s tablesFilter (${filters.join(", ")}) hides the "user" table from drizzle-kit, so push would try to create it again; add "user" and the other auth tables to tablesFilter first (or apply the new columns yourself)`,
      };
    return { steps, blocked: hasBin(root, fs, dir, "drizzle-kit") ? null : "drizzle-kit is not installed (install the dependencies first)" };
  }
  if (adapter === "prisma" && schemaFile) {
    const dir = nearestWith(root, fs, schemaFile, ["package.json"]) ?? root;
    const scripts = (readJson(fs, path.join(dir, "package.json"))?.scripts ?? {}) as Record<string, string>;
    const migrationsDir = path.join(path.dirname(path.join(root, schemaFile)), "migrations");
    const migrates = exists(fs, migrationsDir) || exists(fs, path.join(path.dirname(path.dirname(path.join(root, schemaFile))), "migrations"));
    const migrate = scriptFor(scripts, /prisma\s+migrate\s+dev/);
    const push = scriptFor(scripts, /prisma\s+db\s+push/);
    const generate = scriptFor(scripts, /prisma\s+generate/);
    const steps = migrates
      ? [migrate ? run(dir, migrate) : npx(dir, "prisma", ["migrate", "dev", "--name", "auth-fields"])]
      : [push ? run(dir, push) : npx(dir, "prisma", ["db", "push"])];
    steps.push(generate ? run(dir, generate) : npx(dir, "prisma", ["generate"]));
    const engines = path.join(root, "node_modules", "@prisma", "engines");
    const hasEngine = exists(fs, engines) && fs.readdirSync(engines, { withFileTypes: true }).some((e) => /schema-engine/.test(e.name));
    return { steps, blocked: !hasBin(root, fs, dir, "prisma") ? "prisma is not installed (install the dependencies first)" : hasEngine ? null : "Prisma's schema engine is not installed here" };
  }
  if (adapter === "kysely" && authExport) {
    // Better Auth's own migrator, as a library, through the project's tsx: the same one its CLI uses.
    const dir = nearestWith(root, fs, authExport.file, ["package.json"]) ?? root;
    const script = [
      `const m = await import(${JSON.stringify(path.join(root, authExport.file))});`,
      `const { getMigrations } = await import("better-auth/db/migration");`,
      `const { runMigrations } = await getMigrations(m[${JSON.stringify(authExport.name)}].options);`,
      `await runMigrations(); process.exit(0);`,
    ].join("\n");
    return {
      steps: [{ cwd: rel(dir), command: "npx", args: ["--no-install", "tsx", "--eval", script], display: `npx tsx: getMigrations(${authExport.name}.options).runMigrations() from better-auth/db/migration` }],
      blocked: hasBin(root, fs, dir, "tsx") ? null : "tsx is not installed in the project",
    };
  }
  return { steps: [], blocked: adapter === "mongodb" ? null : "the config's auth instance is not exported, so its migrations cannot be run" };
}

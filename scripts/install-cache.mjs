// Shared by the e2e harness and the matrix runner: `npm install` once per dependency set, then
// copy node_modules for later cases with the same set. The first SQLite install compiles
// better-sqlite3 from source (no prebuilt binary can be downloaded here, ~2 min); that build is
// packed as a local prebuild so later installs of other sets unpack it instead of recompiling.
// Every case still runs a plain `npm install` of its own package.json at least once per set.
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";

const ROOT = new URL("..", import.meta.url).pathname;
export const INSTALL_CACHE = join(ROOT, ".tmp/install-cache");
const PREBUILDS = join(ROOT, ".tmp/prebuilds");

/** Environment for any `npm install` of a generated project (also the CLI's own install step). */
export function installEnv() {
  return { npm_config_better_sqlite3_local_prebuilds: PREBUILDS };
}

export function installKey(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  return createHash("sha256").update(JSON.stringify([pkg.dependencies, pkg.devDependencies, pkg.overrides, process.version])).digest("hex").slice(0, 16);
}

/** Pack a freshly built better-sqlite3 the way prebuild-install names its downloads. */
function savePrebuild(dir) {
  const pkgDir = join(dir, "node_modules/better-sqlite3");
  if (!existsSync(join(pkgDir, "build/Release/better_sqlite3.node"))) return;
  const { version } = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  if (existsSync(join(PREBUILDS, name))) return;
  mkdirSync(PREBUILDS, { recursive: true });
  const temp = join(PREBUILDS, `${name}.${randomBytes(3).toString("hex")}.tmp`);
  execFileSync("tar", ["-czf", temp, "-C", pkgDir, "build/Release/better_sqlite3.node"]);
  renameSync(temp, join(PREBUILDS, name));
}

/** After a real install: keep its node_modules (and native builds) for later cases. */
export function fillInstallCache(dir) {
  savePrebuild(dir);
  const cached = join(INSTALL_CACHE, installKey(dir));
  if (existsSync(cached)) return;
  const temp = `${cached}.${process.pid}.${randomBytes(3).toString("hex")}.tmp`;
  cpSync(join(dir, "node_modules"), join(temp, "node_modules"), { recursive: true, verbatimSymlinks: true });
  try {
    renameSync(temp, cached);
  } catch {
    rmSync(temp, { recursive: true, force: true }); // another case filled it first
  }
}

/**
 * node_modules for `dir`: a copy from an earlier case with the same dependency set, or a real
 * `npm install` (through `install(env)`, which must throw when npm fails) that then fills the cache.
 */
export async function installCached(dir, install) {
  const cached = join(INSTALL_CACHE, installKey(dir));
  if (existsSync(join(cached, "node_modules"))) {
    cpSync(join(cached, "node_modules"), join(dir, "node_modules"), { recursive: true, verbatimSymlinks: true });
    return "cached";
  }
  await install(installEnv());
  fillInstallCache(dir);
  return "installed";
}

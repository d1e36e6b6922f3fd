import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { UserError } from "../cli/errors.js";
import type { FoundServer, ProjectScan } from "./find-project.js";

/** The folders Better Auth's own CLI searches for `auth.ts`, each also under `src/` and `app/`. */
const FOLDERS = ["", "lib/server/", "server/auth/", "server/", "auth/", "lib/", "utils/"];
const ROOTS = ["", "src/", "app/"];
const EXTENSIONS = [".ts", ".js", ".mts", ".mjs"];

export interface FindOptions {
  /** An explicit path (from `--config`), relative to cwd; skips the search. */
  configPath?: string;
  /** The flag to suggest in messages. */
  flag?: string;
}

/** Relative paths (posix) where a file called `baseName` may live. */
export function candidatePaths(baseName: string): string[] {
  return ROOTS.flatMap((root) => FOLDERS.flatMap((folder) => EXTENSIONS.map((ext) => `${root}${folder}${baseName}${ext}`)));
}

/** The absolute path of the project's Better Auth server config (`auth.ts`). */
export function findAuthConfigFile(cwd: string, opts: FindOptions = {}): string {
  return findOne(cwd, "auth", "Better Auth config", opts.flag ?? "--config", opts)!;
}

/** The absolute path of the project's `auth-client.ts`; with `optional`, null when there is none. */
export function findAuthClientFile(cwd: string, opts: FindOptions & { optional: true }): string | null;
export function findAuthClientFile(cwd: string, opts?: FindOptions & { optional?: false }): string;
export function findAuthClientFile(cwd: string, opts: FindOptions & { optional?: boolean } = {}): string | null {
  return findOne(cwd, "auth-client", "Better Auth client", opts.flag ?? "--client-config", opts);
}

function findOne(cwd: string, baseName: string, what: string, flag: string, opts: FindOptions & { optional?: boolean }): string | null {
  if (opts.configPath) {
    const explicit = path.resolve(cwd, opts.configPath);
    if (!isFile(explicit)) throw new UserError(`${flag} ${opts.configPath} does not exist; pass the path of your ${what} file.`);
    return explicit;
  }
  const found = candidatePaths(baseName).filter((p) => isFile(path.join(cwd, p)));
  if (found.length === 1) return path.join(cwd, found[0]);
  if (found.length > 1)
    throw new UserError(`Found several ${what} files (${found.join(", ")}); pick one with ${flag} <path>.`);
  if (opts.optional) return null;
  const where = ["", "lib/", "src/lib/"].map((d) => `${d}${baseName}.ts`).join(", ");
  throw new UserError(`No ${what} file found (looked for ${where} and similar); pass its path with ${flag} <path>.`);
}

function isFile(p: string): boolean {
  return existsSync(p) && statSync(p).isFile();
}

/**
 * The project's one Better Auth server config from a scan (`scanAuthProject`). Several → a user
 * error listing them (file:line) and naming the flag; none → one saying what was searched.
 */
export function chooseServerConfig(scan: Pick<ProjectScan, "servers" | "searched" | "skipped">, flag = "--config"): FoundServer {
  if (scan.servers.length === 1) return scan.servers[0];
  if (scan.servers.length > 1) {
    const list = scan.servers.map((s) => `${s.file}:${s.line}`).join(", ");
    throw new UserError(`Found ${scan.servers.length} betterAuth(...) configs (${list}); pick one with ${flag} <path>.`);
  }
  const unreadable = scan.skipped.length > 0 ? ` (${scan.skipped.length} file${scan.skipped.length === 1 ? "" : "s"} could not be parsed: ${scan.skipped.map((s) => s.file).join(", ")})` : "";
  throw new UserError(`No Better Auth config found: no betterAuth(...) call imported from "better-auth" in ${scan.searched}${unreadable}; pass its path with ${flag} <path>.`);
}

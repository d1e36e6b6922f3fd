// Runs one matrix case for real: scaffold with the built CLI, install (node_modules cached per
// dependency set, like test/e2e/harness.ts), migrate a fresh database, type-check, build, start,
// and run the project's own smoke test against it. Every case ends in exactly one status:
//   passed        every step passed
//   failed        a step failed (the result names it and keeps its output)
//   refused       the CLI refused the combination (exit 2): a rule, not a bug
//   not-runnable  this machine cannot run it (named reason); never counted as passed
//   typechecked   no server for its database here: scaffolded, installed and type-checked only
import { execa } from "execa";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { installCached as sharedInstallCached } from "../install-cache.mjs";
import { caseFlags, caseLabel } from "./select.mjs";

export const ROOT = resolve(import.meta.dirname, "../..");
/** The CLI under test: the built one, unless MATRIX_CLI names another (e.g. an installed package's bin). */
const CLI = process.env.MATRIX_CLI ?? join(ROOT, "bin/create-auth-service.js");
/** Outside the repository, so a generated project is never inside our git work tree. */
const WORK = join(tmpdir(), "create-auth-service-matrix");
const MINUTE = 60_000;

/** The built CLI, as CI would run it: no TTY, stdin closed. */
export function runCli(args, options = {}) {
  return execa("node", [CLI, ...args], { cwd: options.cwd ?? tmpdir(), reject: false, all: true, stdin: "ignore", env: { CI: "true" } });
}

/** The CLI's closed sets of choices and defaults (its hidden `catalog --json` command). */
export async function loadCatalog() {
  const result = await runCli(["catalog", "--json"]);
  if (result.exitCode !== 0) throw new Error(`create-auth-service catalog --json failed (build first: npm run build):\n${result.all}`);
  return JSON.parse(result.stdout);
}

/** Is something listening on this local port? */
function listening(port) {
  return new Promise((done) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.setTimeout(1000);
    socket.once("connect", () => (socket.destroy(), done(true)));
    socket.once("error", () => done(false));
    socket.once("timeout", () => (socket.destroy(), done(false)));
  });
}

const psql = (sql) => execa("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", sql]);
const mysql = (sql) => execa("mysql", ["-h", "127.0.0.1", "-P", "3306", "-u", "root", "-e", sql]);

/**
 * Database servers on this machine that a case gets a fresh database on, dropped afterwards. A
 * database missing here (other than the embedded ones) is reported as not runnable.
 */
const DATABASE_SERVERS = {
  sqlite: { embedded: true },
  postgres: {
    port: 5432,
    url: (name) => `postgres://postgres@127.0.0.1:5432/${name}`,
    create: (name) => psql(`CREATE DATABASE ${name}`),
    drop: (name) => psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  },
  mysql: {
    port: 3306,
    url: (name) => `mysql://root@127.0.0.1:3306/${name}`,
    create: (name) => mysql(`CREATE DATABASE \`${name}\``),
    drop: (name) => mysql(`DROP DATABASE IF EXISTS \`${name}\``),
  },
  mongodb: {
    port: 27017,
    url: (name) => `mongodb://127.0.0.1:27017/${name}`,
    create: async () => {}, // MongoDB creates a database on its first write
    // With the project's own driver: the runner has no MongoDB client of its own.
    drop: (name, dir) =>
      execa("node", ["--input-type=module", "-e", `import { MongoClient } from "mongodb"; const c = new MongoClient(${JSON.stringify(`mongodb://127.0.0.1:27017/${name}`)}); await c.db().dropDatabase(); await c.close();`], { cwd: dir }),
  },
};

/** Secondary storages: the env a case's service gets, and how its own keys are removed afterwards. */
const STORAGE_SERVERS = {
  none: { env: () => ({}), cleanup: async () => {} },
  redis: {
    port: 6379,
    env: (id) => ({ REDIS_URL: "redis://127.0.0.1:6379", REDIS_KEY_PREFIX: `cas-matrix-${id}:` }),
    cleanup: async (id) => {
      const keys = (await execa("redis-cli", ["-h", "127.0.0.1", "--scan", "--pattern", `cas-matrix-${id}:*`])).stdout.split("\n").filter(Boolean);
      if (keys.length) await execa("redis-cli", ["-h", "127.0.0.1", "DEL", ...keys]);
    },
  },
};

/** Choices whose own tools cannot run on this machine: reported as such, never as passed. */
function notRunnableHere(config) {
  if (config.orm === "prisma" && !process.env.PRISMA_SCHEMA_ENGINE_BINARY)
    return "Prisma's schema engine (needed by prisma generate and migrate) cannot be downloaded on this machine; set PRISMA_SCHEMA_ENGINE_BINARY to a local schema-engine to run it";
  if (!DATABASE_SERVERS[config.database]) return `the matrix runner has no ${config.database} server to give a case (add one to DATABASE_SERVERS in scripts/matrix/run.mjs)`;
  if (!STORAGE_SERVERS[config.secondaryStorage ?? "none"]) return `the matrix runner has no ${config.secondaryStorage} server (add one to STORAGE_SERVERS in scripts/matrix/run.mjs)`;
  return undefined;
}

/** npm install, or a copy of node_modules from an earlier case with the same dependency set. */
function installCached(dir, run) {
  return sharedInstallCached(dir, (env) => run("install", "npm", ["install", "--no-audit", "--no-fund"], 10 * MINUTE, env));
}

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
    server.on("error", fail);
  });
}

class StepFailed extends Error {
  constructor(step, output) {
    super(`${step} failed`);
    this.step = step;
    this.output = output;
  }
}

/** `npm start` in its own process group, so stopping it ends every process it started and nothing else. */
async function startService(dir, env, log) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = execa("npm", ["run", "start"], {
    cwd: dir, reject: false, all: true, buffer: false, detached: true, stdin: "ignore",
    env: { ...env, PORT: String(port), BETTER_AUTH_URL: url, JWT_AUDIENCE: url },
  });
  let output = "";
  child.all?.on("data", (chunk) => (output += chunk));
  const stop = async () => {
    if (child.exitCode !== null) return;
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch { /* already gone */ }
    const timer = setTimeout(() => { try { process.kill(-child.pid, "SIGKILL"); } catch { /* gone */ } }, 10_000);
    await child;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 2 * MINUTE;
  for (;;) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${url}/health`)).ok) return { url, stop, output: () => output };
    } catch { /* not up yet */ }
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  log(`$ npm run start\n${output}`);
  throw new StepFailed("start (GET /health)", output);
}

const tail = (text, lines = 40) => String(text ?? "").trim().split("\n").slice(-lines).join("\n");

/** The CLI's one-sentence refusal out of its output. */
function refusal(output) {
  const lines = String(output ?? "").replace(/\x1b\[[0-9;]*m/g, "").trim().split("\n");
  const error = lines.find((l) => /^error:/i.test(l.trim()));
  return (error ?? lines.at(-1) ?? "").trim().replace(/^error:\s*/i, "");
}

/** Scaffold, install, migrate, build, start and smoke-test one case; always cleans up after itself. */
export async function runCase(c, { keep = false, defaults = {} } = {}) {
  const started = Date.now();
  const id = randomBytes(4).toString("hex");
  const dir = join(WORK, `case-${id}`);
  const logs = [];
  const log = (text) => logs.push(text);
  const result = (status, message = "", extra = {}) => ({ case: c, label: caseLabel(c), status, message, seconds: Math.round((Date.now() - started) / 1000), dir, logs: logs.join("\n"), ...extra });
  const cleanups = [];
  mkdirSync(WORK, { recursive: true });
  let env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  const run = async (step, command, args, timeout = 5 * MINUTE, extraEnv = {}) => {
    const r = await execa(command, args, { cwd: dir, env: { ...env, ...extraEnv }, reject: false, all: true, stdin: "ignore", timeout });
    log(`$ ${command} ${args.join(" ")}\n${r.all ?? ""}`);
    if (r.exitCode !== 0) throw new StepFailed(step, r.timedOut ? `timed out after ${timeout / 1000} s\n${r.all ?? ""}` : r.all);
    return r.all ?? "";
  };

  try {
    // 1. Scaffold. Servers take a fresh database name now; it is created once the CLI accepted the case.
    const database = c.database ?? defaults.database;
    const server = DATABASE_SERVERS[database];
    const dbName = `cas_matrix_${id}`;
    const urlFlag = server?.url ? ["--database-url", server.url(dbName)] : [];
    const scaffold = await runCli([dir, ...caseFlags(c), ...urlFlag, ...(c.extraFlags ?? []), "--no-install", "--no-git", "--yes"]);
    log(`$ create-auth-service ${caseFlags(c).join(" ")}\n${scaffold.all}`);
    if (scaffold.exitCode === 2) return result("refused", refusal(scaffold.all));
    if (scaffold.exitCode !== 0) throw new StepFailed("scaffold", scaffold.all);
    const config = JSON.parse(readFileSync(join(dir, "create-auth-service.json"), "utf8")).config;

    // 2. What this machine cannot run is said so, before anything is installed.
    const why = notRunnableHere(config);
    if (why) return result("not-runnable", why);
    const storage = STORAGE_SERVERS[config.secondaryStorage ?? "none"];
    if (storage.port && !(await listening(storage.port))) return result("not-runnable", `no ${config.secondaryStorage} server on 127.0.0.1:${storage.port}`);
    env = { ...env, ...storage.env(id) };
    cleanups.push(() => storage.cleanup(id));
    const serverUp = server.embedded || (await listening(server.port));

    // 3. Install; without a database server, a type-check is as far as the case can go.
    const install = await installCached(dir, run);
    const scripts = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).scripts ?? {};
    if (!serverUp) {
      await run("typecheck", "npm", ["run", "typecheck"]);
      return result("typechecked", `install + typecheck only: no ${database} server on 127.0.0.1:${server.port}`, { install });
    }
    if (!server.embedded) {
      await server.create(dbName);
      cleanups.push(() => server.drop(dbName, dir));
    }

    // 4. The same schema steps the CLI runs after its own install, then type-check, build, start, smoke.
    for (const script of ["db:generate", "db:migrate", "db:check"]) if (scripts[script]) await run(script, "npm", ["run", script]);
    if (scripts.typecheck) await run("typecheck", "npm", ["run", "typecheck"]);
    await run("build", "npm", ["run", "build"], 10 * MINUTE);
    const service = await startService(dir, env, log);
    try {
      const smoke = await execa("npm", ["run", "smoke"], { cwd: dir, env: { ...env, BASE_URL: service.url }, reject: false, all: true, stdin: "ignore", timeout: 2 * MINUTE });
      log(`$ npm run smoke\n${smoke.all}`);
      if (smoke.exitCode !== 0 || !smoke.all?.includes("Smoke test passed")) throw new StepFailed("smoke", `${smoke.all}\n--- service output ---\n${tail(service.output())}`);
    } finally {
      await service.stop();
    }
    return result("passed", "", { install });
  } catch (error) {
    if (error instanceof StepFailed) return result("failed", `${error.step} failed:\n${tail(error.output)}`);
    return result("failed", error instanceof Error ? error.stack ?? error.message : String(error));
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((e) => log(`cleanup failed: ${e.message}`));
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** One line per result: "<case>  passed (31 s, cached)", "<case>  refused: <the CLI's message>", … */
export function describeResult(r) {
  const time = `${r.seconds} s${r.install ? `, ${r.install}` : ""}`;
  const first = r.message.split("\n")[0];
  const text = {
    passed: `passed (${time})`,
    failed: `FAILED (${time}): ${first}`,
    refused: `refused: ${first}`,
    "not-runnable": `not runnable here: ${first}`,
    typechecked: `typechecked only (${time}): ${first.replace(/^install \+ typecheck only: /, "")}`,
  }[r.status];
  return `${r.label}  ${text ?? r.status}`;
}

/** Run cases `jobs` at a time (each has its own directory, port, database and key prefix). */
export async function runCases(cases, { jobs = 1, keep = false, defaults = {}, onResult = () => {} } = {}) {
  const results = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const index = next++;
      results[index] = await runCase(cases[index], { keep, defaults });
      onResult(results[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
  return results;
}

/** Does the CLI accept this case? true, or its refusal (a --dry-run writes nothing). */
export async function isAllowed(c, defaults = {}) {
  const server = DATABASE_SERVERS[c.database ?? defaults.database];
  const urlFlag = server?.url ? ["--database-url", server.url("cas_matrix_probe")] : [];
  const r = await runCli([join(WORK, `probe-${randomBytes(4).toString("hex")}`), ...caseFlags(c), ...urlFlag, ...(c.extraFlags ?? []), "--no-install", "--no-git", "--yes", "--dry-run"]);
  if (r.exitCode === 0) return true;
  if (r.exitCode === 2) return refusal(r.all);
  throw new Error(`create-auth-service --dry-run ${caseFlags(c).join(" ")} exited ${r.exitCode}:\n${r.all}`);
}

/** The databases a case can really use here: embedded ones, and servers that answer on their port. */
export async function reachableDatabases() {
  const up = await Promise.all(Object.entries(DATABASE_SERVERS).map(async ([name, s]) => [name, s.embedded || (await listening(s.port))]));
  return new Set(up.filter(([, ok]) => ok).map(([name]) => name));
}

/** Would this case go all the way here (not stop at "not runnable" or a type-check)? Plugins are best spread over these. */
export function runsFully(c, reachable, defaults = {}) {
  const config = { ...defaults, ...c };
  return reachable.has(config.database) && !notRunnableHere(config);
}

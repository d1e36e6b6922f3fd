// Load on generated services, side by side in one run with Better Auth set up the way its docs
// show (betterAuth({ database, emailAndPassword, plugins: [jwt(), bearer()] }) on Hono): req/s
// and p50/p99 latency for get-session, token, JWKS and sign-in at 20 connections (autocannon),
// the server's own CPU time per request (what a busy machine cannot distort), and the FastAPI
// module's token verifications per second on one core with its JWKS cache warm.
// Not a test: numbers are printed, nothing passes or fails.
// Usage: npm run bench:service [-- --duration 10 --connections 20 --no-postgres]
import autocannon from "autocannon";
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installCached } from "./install-cache.mjs";

const root = new URL("..", import.meta.url).pathname;
const arg = (name, fallback) => (process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : fallback);
const duration = Number(arg("duration", 10));
const connections = Number(arg("connections", 20));
const withPostgres = !process.argv.includes("--no-postgres");
const work = join(tmpdir(), "cas-bench-service");
const origin = "http://localhost:3000"; // the generated TRUSTED_ORIGINS
const password = "Correct-horse-battery-9";
const PYTHON = "/usr/bin/python3";

const run = (cmd, args, cwd, env = {}) => execFileSync(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] }).toString();

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A generated project, installed (from the shared install cache when it can), migrated and built. */
async function generate(name, args) {
  const dir = join(work, name);
  rmSync(dir, { recursive: true, force: true });
  run("node", [join(root, "bin/create-auth-service.js"), dir, ...args, "--no-install", "--no-git", "--yes"], work, { CI: "true" });
  await installCached(dir, (env) => run("npm", ["install", "--no-audit", "--no-fund"], dir, env));
  run("npm", ["run", "db:migrate"], dir);
  run("npm", ["run", "build"], dir);
  return dir;
}

// Better Auth as its documentation sets it up, in the generated project's node_modules.
const BASELINE = `import { serve } from "@hono/node-server";
import { betterAuth } from "better-auth";
import { getMigrations } from "better-auth/db/migration";
import { bearer, jwt } from "better-auth/plugins";
import { Hono } from "hono";
const url = process.env.DATABASE_URL;
const database = url.startsWith("postgres") ? new (await import("pg")).default.Pool({ connectionString: url }) : new (await import("better-sqlite3")).default(url.replace(/^file:/, ""));
const auth = betterAuth({
  baseURL: process.env.BETTER_AUTH_URL,
  secret: process.env.BETTER_AUTH_SECRET,
  database,
  emailAndPassword: { enabled: true },
  trustedOrigins: ["${origin}"],
  plugins: [jwt(), bearer()],
});
await (await getMigrations(auth.options)).runMigrations();
const app = new Hono();
app.get("/health", (c) => c.json({ status: "ok" }));
app.on(["GET", "POST"], "/api/auth/*", (c) => auth.handler(c.req.raw));
serve({ fetch: app.fetch, port: Number(process.env.PORT) });
`;

async function start(dir, script, env) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn("node", [script], { cwd: dir, env: { ...process.env, PORT: String(port), BETTER_AUTH_URL: `http://localhost:${port}`, JWT_AUDIENCE: `http://localhost:${port}`, ...env }, stdio: ["ignore", "ignore", "pipe"] });
  let errors = "";
  child.stderr.on("data", (d) => (errors += d));
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`${script} in ${dir} exited:\n${errors}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {}
    if (i > 240) throw new Error(`${script} in ${dir} did not start:\n${errors}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, pid: child.pid, stop: () => new Promise((r) => (child.once("exit", r), child.kill("SIGTERM"))) };
}

/** utime + stime of a process and all its threads, in ms. */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function signUp(url) {
  const email = `bench-${randomBytes(6).toString("hex")}@example.com`;
  const res = await fetch(`${url}/api/auth/sign-up/email`, { method: "POST", headers: { origin, "content-type": "application/json" }, body: JSON.stringify({ email, password, name: "Bench" }) });
  if (!res.ok) throw new Error(`sign-up: ${res.status} ${await res.text()}`);
  return { email, cookie: res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ") };
}

async function load(service, name, options) {
  const before = cpuMs(service.pid);
  const result = await autocannon({ connections, duration, ...options, headers: { origin, ...options.headers } });
  const cpu = cpuMs(service.pid) - before;
  const ok = result["2xx"];
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, ok, other: result.non2xx + result.errors, cpuPerRequest: ok ? (cpu * 1000) / (ok + result.non2xx) : NaN };
}

/** The four endpoints; sign-in from a new client address each time (X-Forwarded-For from a trusted proxy), so no limit applies. */
async function measure(service) {
  const { email, cookie } = await signUp(service.url);
  const rows = [];
  rows.push(await load(service, "get-session", { url: `${service.url}/api/auth/get-session`, headers: { cookie } }));
  rows.push(await load(service, "token", { url: `${service.url}/api/auth/token`, headers: { cookie } }));
  rows.push(await load(service, "jwks", { url: `${service.url}/api/auth/jwks` }));
  let n = 0;
  rows.push(
    await load(service, "sign-in (password hash)", {
      url: `${service.url}/api/auth/sign-in/email`,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
      requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, "x-forwarded-for": `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n++ & 255}` } }) }],
    }),
  );
  const token = (await (await fetch(`${service.url}/api/auth/token`, { headers: { origin, cookie } })).json()).token;
  return { rows, token };
}

/** The generated FastAPI module's verify_token on one thread, keys already cached. */
function fastapiVerifications(dir, service, token) {
  const script = `
import os, sys, time
sys.path.insert(0, ${JSON.stringify(join(dir, "backend"))})
base = ${JSON.stringify(`http://localhost:${new URL(service.url).port}`)}
os.environ.update(AUTH_BASE_URL=base, AUTH_JWKS_URL=${JSON.stringify(`${service.url}/api/auth/jwks`)}, AUTH_ISSUER=base, AUTH_AUDIENCE=base)
token = ${JSON.stringify(token)}
try:
    from auth_security.security import verify_token
    what = "auth_security.verify_token"
except ImportError as missing:  # the module's own dependencies (fastapi, httpx) are not installed here
    import json, urllib.request, jwt
    keys = {k["kid"]: jwt.PyJWK(k).key for k in json.load(urllib.request.urlopen(${JSON.stringify(`${service.url}/api/auth/jwks`)}))["keys"]}
    def verify_token(t):
        kid = jwt.get_unverified_header(t)["kid"]
        return jwt.decode(t, keys[kid], algorithms=["EdDSA"], audience=base, issuer=base, leeway=5, options={"require": ["exp", "iat", "sub", "iss", "aud"]})
    what = f"the same PyJWT calls ({missing.name} missing)"
verify_token(token)  # warms the JWKS cache
n, start = 0, time.perf_counter()
while time.perf_counter() - start < 3:
    for _ in range(200):
        verify_token(token)
    n += 200
print(f"{n / (time.perf_counter() - start):.0f} {what}")
`;
  const out = run("taskset", ["-c", "0", PYTHON, "-c", script], dir).trim().split(" ");
  return { perSecond: Number(out[0]), what: out.slice(1).join(" ") };
}

function table(title, columns) {
  const names = Object.keys(columns);
  const endpoints = columns[names[0]].rows.map((r) => r.name);
  console.log(`\n${title}`);
  console.log(`${"endpoint".padEnd(24)}${names.map((n) => n.padStart(40)).join("")}`);
  for (const [i, endpoint] of endpoints.entries()) {
    const cells = names.map((n) => {
      const r = columns[n].rows[i];
      return `${r.rps.toFixed(0).padStart(6)} req/s ${String(r.p50).padStart(4)}/${String(r.p99).padStart(4)} ms ${r.cpuPerRequest.toFixed(0).padStart(5)} µs cpu${r.other ? ` (${r.other} non-2xx)` : ""}`.padStart(40);
    });
    console.log(`${endpoint.padEnd(24)}${cells.join("")}`);
  }
}

rmSync(work, { recursive: true, force: true });
execFileSync("mkdir", ["-p", work]);
console.log(`node ${process.version}, ${connections} connections, ${duration} s per endpoint; columns: req/s, p50/p99 latency, server CPU per request`);

const cases = [{ name: "SQLite", args: [] }];
let db;
if (withPostgres) {
  db = `cas_bench_${randomBytes(4).toString("hex")}`;
  run("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c", `CREATE DATABASE ${db}`], work);
  cases.push({ name: "PostgreSQL", args: ["--database", "postgres", "--database-url", `postgres://postgres@127.0.0.1:5432/${db}`] });
}
try {
  for (const c of cases) {
    const dir = await generate(`service-${c.name.toLowerCase()}`, c.args);
    const env = Object.fromEntries(readFileSync(join(dir, ".env"), "utf8").split("\n").filter((l) => /^[A-Z_]+=/.test(l)).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
    writeFileSync(join(dir, "bench-baseline.mjs"), BASELINE);
    const columns = {};
    const services = {
      "generated service": () => start(dir, "dist/server.js", { TRUSTED_PROXIES: "127.0.0.1,::1" }),
      "Better Auth as documented": () => start(dir, "bench-baseline.mjs", { BETTER_AUTH_SECRET: env.BETTER_AUTH_SECRET, DATABASE_URL: c.name === "SQLite" ? `file:${join(dir, "data/baseline.db")}` : env.DATABASE_URL.replace(/\/[^/]+$/, `/${db}_base`) }),
    };
    if (c.name === "PostgreSQL") run("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c", `CREATE DATABASE ${db}_base`], work);
    for (const [label, launch] of Object.entries(services)) {
      const service = await launch();
      try {
        const result = await measure(service);
        columns[label] = result;
        if (label === "generated service") columns[label].fastapi = fastapiVerifications(dir, service, result.token);
      } finally {
        await service.stop();
      }
    }
    table(`${c.name} (Hono)`, columns);
    const f = columns["generated service"].fastapi;
    console.log(`FastAPI module, one core, JWKS cached: ${f.perSecond} token verifications/s (${f.what})`);
  }
} finally {
  if (db) for (const name of [db, `${db}_base`]) run("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], work);
  if (!existsSync(join(work, "keep"))) rmSync(work, { recursive: true, force: true });
}

// The generated service's defences, tried against started services the way an attacker would:
// rate limits behind a proxy (forged X-Forwarded-For, two real client addresses), oversized and
// endless request bodies, the port without PORT, weak secrets in production, file modes, ignored
// SQLite files and .env values that Node and python-dotenv must read alike.
import { execa } from "execa";
import { readFileSync, statSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { Browser, cleanup, cli, freePort, freshPostgres, installCached, PYTHON, sh, sleep, startService, workDir, type Service } from "./harness.js";

const TEN_MINUTES = 10 * 60_000;
const origin = "http://localhost:3000"; // the generated TRUSTED_ORIGINS
const password = "Correct-horse-battery-9";

async function scaffoldAndBuild(dir: string, args: string[]): Promise<void> {
  const run = await cli([dir, ...args, "--no-install", "--no-git", "--yes"]);
  expect(run.exitCode, run.all).toBe(0);
  await installCached(dir);
  const migrate = await cli(["migrate", "--cwd", dir]);
  expect(migrate.exitCode, migrate.all).toBe(0);
  await sh(dir, "npm", ["run", "build"]);
}

/** Statuses of four failed sign-ins (the limit is 3 per 10 s) from `baseURL`, each with its own headers. */
async function fourSignIns(baseURL: string, headers: (i: number) => Record<string, string>): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++)
    statuses.push((await new Browser(baseURL).request("POST", "/api/auth/sign-in/email", { email: "nobody@example.com", password }, headers(i))).status);
  return statuses;
}

/**
 * POST a body that is never finished, over a raw socket, and report the status the server answers
 * with while it is still being sent. A server that waits for the whole body never answers: the
 * guard fails the test. (Node's HTTP client drops an early answer once a later write fails.)
 */
function answerBeforeBodyEnds(port: number, path: string, headers: Record<string, string>, total: number): Promise<{ status: number; sent: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    let sent = 0;
    let done = false;
    const settle = (error?: Error) => {
      if (done) return;
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received);
      if (!status && !error) return;
      done = true;
      clearTimeout(guard);
      socket.destroy();
      if (status) resolve({ status: Number(status[1]), sent });
      else reject(error);
    };
    const guard = setTimeout(() => settle(new Error(`no answer after ${sent} bytes of a body that never ends: the server waits for the whole body`)), 30_000);
    socket.on("data", (data) => {
      received += data.toString("latin1");
      settle();
    });
    socket.on("error", () => {}); // EPIPE or ECONNRESET once the server has answered and closed
    socket.on("close", () => settle(new Error(`connection closed without an answer after ${sent} bytes:\n${received}`)));
    socket.on("connect", async () => {
      const chunked = !("content-length" in headers);
      const head = { host: `127.0.0.1:${port}`, origin, "content-type": "application/json", ...headers, ...(chunked ? { "transfer-encoding": "chunked" } : {}) };
      socket.write(`POST ${path} HTTP/1.1\r\n${Object.entries(head).map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n`);
      const chunk = Buffer.alloc(16 * 1024, 0x61);
      while (!done && sent < total && !socket.destroyed) {
        socket.write(chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]) : chunk);
        sent += chunk.length;
        await sleep(1); // let an answer be read before the next write
      }
    });
  });
}

/** The rate-limit and body-size checks both frameworks must pass; the service trusts 127.0.0.1 as its proxy. */
async function provesProxyAndBodyLimits(service: Service, maxBody: number): Promise<void> {
  const v4 = `http://127.0.0.1:${service.port}`;
  const v6 = `http://[::1]:${service.port}`;

  // Through the trusted proxy (127.0.0.1), each forwarded client has its own bucket.
  expect(await fourSignIns(v4, () => ({ "x-forwarded-for": "198.51.100.1" }))).toEqual([401, 401, 401, 429]);
  const other = await new Browser(v4).request("POST", "/api/auth/sign-in/email", { email: "nobody@example.com", password }, { "x-forwarded-for": "198.51.100.2" });
  expect(other.status, "another forwarded client is not limited by the first").toBe(401);
  // A client the proxy forwarded, who wrote its own X-Forwarded-For first: the proxy's entry counts.
  expect(await fourSignIns(v4, (i) => ({ "x-forwarded-for": `203.0.113.${i + 1}, 198.51.100.3` }))).toEqual([401, 401, 401, 429]);

  // A direct client (::1 is not a proxy) rotating X-Forwarded-For is still limited by its socket address.
  expect(await fourSignIns(v6, (i) => ({ "x-forwarded-for": `192.0.2.${i + 10}` }))).toEqual([401, 401, 401, 429]);
  // …and requests without the header are never one shared bucket: the proxy's own requests are separate.
  const noHeader = await new Browser(v4).request("POST", "/api/auth/sign-in/email", { email: "nobody@example.com", password });
  expect(noHeader.status, "a request without X-Forwarded-For is not in the ::1 client's bucket").toBe(401);
  // The private header the server sets cannot be forged either.
  const forged = await new Browser(v6).request("POST", "/api/auth/sign-in/email", { email: "nobody@example.com", password }, { "x-auth-service-client-ip": "203.0.113.77" });
  expect(forged.status).toBe(429);

  // Body size: an announced 200 MB body is refused before it is sent, a chunked one at the cap.
  const declared = await answerBeforeBodyEnds(service.port, "/api/auth/sign-up/email", { "content-length": String(200 * 1024 * 1024) }, 16 * 1024);
  expect(declared.status, "announced 200 MB").toBe(413);
  const chunked = await answerBeforeBodyEnds(service.port, "/api/auth/sign-up/email", {}, 8 * maxBody);
  expect(chunked.status, "chunked upload past the cap").toBe(413);
  expect(chunked.sent, "answered before the upload ended").toBeLessThan(8 * maxBody);
  // A complete body just over the cap gets 413 as JSON; a normal sign-up still works.
  const big = await fetch(`${v4}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { origin, "content-type": "application/json" },
    body: JSON.stringify({ email: "big@example.com", password, name: "x".repeat(maxBody) }),
  });
  expect(big.status).toBe(413);
  expect((await big.json()).code).toBe("PAYLOAD_TOO_LARGE");
  const ok = await new Browser(v6).request("POST", "/api/auth/sign-up/email", { email: `ok-${Date.now()}@example.com`, password, name: "Ok" });
  expect(ok.status, ok.text).toBe(200);
}

/** Start `node dist/server.js` with exactly these variables over .env and wait for its first line. */
async function startRaw(dir: string, env: Record<string, string>) {
  const child = execa("node", ["dist/server.js"], { cwd: dir, reject: false, all: true, buffer: false, timeout: 60_000, env: { ...env } });
  let logs = "";
  child.all?.on("data", (chunk: Buffer) => (logs += chunk.toString()));
  return { child, logs: () => logs };
}

describe("hono on PostgreSQL", () => {
  const dir = workDir("hardening-hono");
  let db: Awaited<ReturnType<typeof freshPostgres>>;
  afterAll(async () => {
    await db?.drop();
    cleanup(dir);
  });

  it("limits by the real client behind a proxy, caps bodies, keeps its port, refuses weak secrets, protects its files", { timeout: TEN_MINUTES }, async () => {
    const projectPort = await freePort();
    db = await freshPostgres("cas_e2e_hardening_hono");
    await scaffoldAndBuild(dir, ["--framework", "hono", "--database", "postgres", "--database-url", db.url, "--port", String(projectPort)]);

    // Files: secrets readable by the owner only; SQLite's side files are never committed.
    expect(statSync(join(dir, ".env")).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, "backend/.env")).mode & 0o777).toBe(0o600);
    await sh(dir, "git", ["init", "-q"]);
    for (const file of ["data/auth.db", "data/auth.db-wal", "data/auth.db-shm", "data/auth.db-journal", "other.db-wal", "other.db-shm"])
      expect((await execa("git", ["check-ignore", "-q", file], { cwd: dir, reject: false })).exitCode, file).toBe(0);

    const service = await startService(dir, ["node", "dist/server.js"], { TRUSTED_PROXIES: "127.0.0.1" });
    try {
      await provesProxyAndBodyLimits(service, 1024 * 1024);
    } finally {
      expect(await service.stop(), `graceful shutdown\n${service.logs()}`).toBe(0);
    }

    // No PORT and a BETTER_AUTH_URL without a port: the project's port, not a random one.
    const portless = await startRaw(dir, { PORT: "", BETTER_AUTH_URL: "http://localhost", JWT_AUDIENCE: "http://localhost" });
    try {
      let healthy = false;
      for (let i = 0; i < 120 && !healthy && portless.child.exitCode === null; i++) {
        healthy = await fetch(`http://localhost:${projectPort}/health`).then((r) => r.ok, () => false);
        if (!healthy) await sleep(250);
      }
      expect(healthy, `listening on the project's port ${projectPort}\n${portless.logs()}`).toBe(true);
      expect(portless.logs()).toContain(`listening on http://localhost:${projectPort}`);
    } finally {
      portless.child.kill("SIGTERM");
      await portless.child;
    }

    // Production refuses weak secrets that are long enough, and starts with a real one.
    for (const weak of ["a".repeat(48), "change-me-change-me-change-me-change-me", "correct horse battery staple correct horse"]) {
      const port = await freePort();
      const run = await execa("node", ["dist/server.js"], {
        cwd: dir, reject: false, all: true, timeout: 30_000,
        env: { NODE_ENV: "production", BETTER_AUTH_SECRET: weak, PORT: String(port), BETTER_AUTH_URL: `http://localhost:${port}` },
      });
      expect(run.exitCode, `${weak}\n${run.all}`).not.toBe(0);
      expect(run.timedOut, `${weak}: the service started`).toBe(false);
      expect(run.all).toMatch(/BETTER_AUTH_SECRET .* not safe in production/);
    }
    const strong = await startService(dir, ["node", "dist/server.js"], { NODE_ENV: "production" });
    expect(await strong.stop()).toBe(0);
  });
});

describe("express on PostgreSQL with magic links", () => {
  const dir = workDir("hardening-express");
  let db: Awaited<ReturnType<typeof freshPostgres>>;
  let role = "";
  afterAll(async () => {
    await db?.drop();
    if (role) await execa("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c", `DROP ROLE IF EXISTS ${role}`], { reject: false });
    cleanup(dir);
  });

  it("limits by the real client, caps bodies, and writes its env files and outbox privately", { timeout: TEN_MINUTES }, async () => {
    db = await freshPostgres("cas_e2e_hardening");
    // A database password with characters .env readers treat specially, in a URL as a user writes it.
    role = `cas_app_${db.name.slice(-8)}`;
    const dbPassword = `p$ss 'w0rd' #1 \\x`;
    const psql = (sql: string) => execa("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", sql]);
    await psql(`CREATE ROLE ${role} LOGIN PASSWORD '${dbPassword.replace(/'/g, "''")}'`);
    await psql(`ALTER DATABASE ${db.name} OWNER TO ${role}`);
    const url = `postgres://${role}:${encodeURIComponent(dbPassword)}@127.0.0.1:5432/${db.name}`;

    await scaffoldAndBuild(dir, ["--framework", "express", "--database", "postgres", "--database-url", url, "--plugins", "jwt,bearer,magic-link"]);
    expect(statSync(join(dir, ".env")).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, "backend/.env")).mode & 0o777).toBe(0o600);
    // Node and python-dotenv read the same DATABASE_URL, and it opens the database (migrate ran).
    const nodeValue = parseEnv(readFileSync(join(dir, ".env"), "utf8")).DATABASE_URL;
    const pyValue = (await execa(PYTHON, ["-c", "import dotenv; print(dotenv.dotenv_values('.env')['DATABASE_URL'], end='')"], { cwd: dir })).stdout;
    expect(nodeValue).toBe(url);
    expect(pyValue).toBe(url);

    const service = await startService(dir, ["node", "dist/server.js"], { TRUSTED_PROXIES: "127.0.0.1", MAX_BODY_BYTES: "65536" });
    try {
      await provesProxyAndBodyLimits(service, 65536);

      // The development outbox holds sign-in links: owner-only file in an owner-only folder.
      const link = await new Browser(service.url).request("POST", "/api/auth/sign-in/magic-link", { email: "link@example.com", callbackURL: "/" });
      expect(link.status, link.text).toBe(200);
      expect(statSync(join(dir, ".outbox/mail.jsonl")).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, ".outbox")).mode & 0o777).toBe(0o700);
    } finally {
      expect(await service.stop(), `graceful shutdown\n${service.logs()}`).toBe(0);
    }
  });
});

describe("nextjs on PostgreSQL", () => {
  const dir = workDir("hardening-next");
  let db: Awaited<ReturnType<typeof freshPostgres>>;
  afterAll(async () => {
    await db?.drop();
    cleanup(dir);
  });

  it("counts clients apart without a socket in sight and caps bodies in the route handler", { timeout: TEN_MINUTES }, async () => {
    db = await freshPostgres("cas_e2e_hardening_next");
    const run = await cli([dir, "--framework", "nextjs", "--database", "postgres", "--database-url", db.url, "--no-install", "--no-git", "--yes"]);
    expect(run.exitCode, run.all).toBe(0);
    await installCached(dir);
    const quiet = { NEXT_TELEMETRY_DISABLED: "1" };
    await sh(dir, "npm", ["run", "db:migrate"]);
    await sh(dir, "npm", ["run", "build"], quiet);

    const service = await startService(dir, ["node", "scripts/next.mjs", "start"], quiet);
    try {
      const v4 = `http://127.0.0.1:${service.port}`;
      const v6 = `http://[::1]:${service.port}`;
      // `next start` fills X-Forwarded-For from the socket: two clients, two buckets, not one shared by all.
      expect(await fourSignIns(v4, () => ({}))).toEqual([401, 401, 401, 429]);
      const second = await new Browser(v6).request("POST", "/api/auth/sign-in/email", { email: "nobody@example.com", password });
      expect(second.status, "another client is not limited by the first").toBe(401);
      // The private header is replaced, never believed.
      const forged = await new Browser(v4).request("POST", "/api/auth/sign-in/email", { email: "nobody@example.com", password }, { "x-auth-service-client-ip": "203.0.113.77" });
      expect(forged.status).toBe(429);

      const declared = await answerBeforeBodyEnds(service.port, "/api/auth/sign-up/email", { "content-length": String(200 * 1024 * 1024) }, 16 * 1024);
      expect(declared.status, "announced 200 MB").toBe(413);
      const chunked = await answerBeforeBodyEnds(service.port, "/api/auth/sign-up/email", {}, 8 * 1024 * 1024);
      expect(chunked.status, "chunked upload past the cap").toBe(413);
      const ok = await new Browser(v6).request("POST", "/api/auth/sign-up/email", { email: `ok-${Date.now()}@example.com`, password, name: "Ok" });
      expect(ok.status, ok.text).toBe(200);
      // CORS now answered by the route handler (the proxy no longer runs on /api/auth).
      expect(ok.headers.get("access-control-allow-origin")).toBe(origin);
      expect(ok.headers.get("access-control-expose-headers")).toContain("set-auth-jwt");
      const preflight = (from: string) => fetch(`${v4}/api/auth/sign-in/email`, { method: "OPTIONS", headers: { origin: from, "access-control-request-method": "POST" } });
      const trusted = await preflight(origin);
      expect(trusted.status).toBe(204);
      expect(trusted.headers.get("access-control-allow-origin")).toBe(origin);
      expect(trusted.headers.get("access-control-allow-credentials")).toBe("true");
      expect((await preflight("http://evil.example")).headers.get("access-control-allow-origin")).toBeNull();
    } finally {
      await service.stop();
    }
  });
});

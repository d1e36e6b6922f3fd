// What running the generated service asks for after day one, on started services: route guards
// (401, 403, 200) on Hono, Express and Fastify; several replicas migrating at once on PostgreSQL,
// MariaDB and SQLite, and MIGRATE_ON_START; the audit log (every event, no secret in the whole
// log); /ready while the database is cut off and after it is back. Installs reuse the dependency sets of plugins.test.ts
// (every plugin, Hono, PostgreSQL), databases.test.ts (Express, MySQL) and frameworks.test.ts
// (Fastify, SQLite): the admin plugin adds no package.
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { PLUGINS } from "../../src/config/catalog.js";
import { Browser, cleanup, cli, freshMysql, freshPostgres, installCached, PG_ADMIN, readEnv, sh, sleep, startService, workDir, type Service } from "./harness.js";
import { mailTo, openLink, totp } from "./outbox.js";
import { tcpProxy, type TcpProxy } from "./tcp-proxy.js";

const TEN_MINUTES = 10 * 60_000;
const password = "Correct-horse-battery-9";

async function scaffold(dir: string, args: string[]): Promise<void> {
  const run = await cli([dir, ...args, "--no-install", "--no-migrate", "--no-git", "--yes"]);
  expect(run.exitCode, run.all).toBe(0);
  await installCached(dir);
}

/** Four replicas run db:migrate at the same moment on an empty database: one migrates, the others wait. */
async function fourMigrateAtOnce(dir: string, env: Record<string, string> = {}): Promise<void> {
  const runs = await Promise.all([1, 2, 3, 4].map(() => execa("npm", ["run", "db:migrate"], { cwd: dir, reject: false, all: true, stdin: "ignore", env })));
  const outputs = runs.map((r) => r.all ?? "");
  for (const run of runs) expect(run.exitCode, run.all).toBe(0);
  for (const output of outputs) expect(output).not.toMatch(/already exists|duplicate/i);
  expect(outputs.filter((o) => /Migrated: \d+ table\(s\) created/.test(o)), outputs.join("\n----\n")).toHaveLength(1);
  expect(outputs.filter((o) => o.includes("Schema is up to date")), outputs.join("\n----\n")).toHaveLength(3);
  expect(await sh(dir, "npm", ["run", "db:check"], env)).toContain("Schema is up to date");
}

/** The example routes: 401 without a session, 403 without the role, 200 once admin:grant gave it. */
async function provesGuards(dir: string, service: Service): Promise<void> {
  const anonymous = new Browser(service.url);
  expect((await anonymous.request("GET", "/api/me")).status).toBe(401);
  expect((await anonymous.request("GET", "/api/admin/ping")).status).toBe(401);
  const user = new Browser(service.url);
  const email = `guard-${Date.now()}@example.com`;
  const up = await user.request("POST", "/api/auth/sign-up/email", { email, password, name: "Guard" });
  expect(up.status, up.text).toBe(200);
  const me = await user.request("GET", "/api/me");
  expect(me.status, me.text).toBe(200);
  expect(me.json.user.email).toBe(email);
  const refused = await user.request("GET", "/api/admin/ping");
  expect(refused.status, refused.text).toBe(403);
  expect(refused.json.code).toBe("FORBIDDEN");
  // Same session: the role is read fresh, not from a cached cookie.
  expect(await sh(dir, "npm", ["run", "admin:grant", "--", email])).toContain("is now an admin");
  const ping = await user.request("GET", "/api/admin/ping");
  expect(ping.status, ping.text).toBe(200);
  expect(ping.json).toEqual({ ok: true, admin: up.json.user.id });
}

interface AuditLine {
  event: string;
  outcome: string;
  userId: string | null;
  ip: string | null;
  userAgent: string | null;
  reason?: string;
  detail?: Record<string, string>;
}

const auditLines = (logs: string): AuditLine[] =>
  logs.split("\n").filter((l) => l.startsWith('{"audit":true')).map((l) => JSON.parse(l));

async function waitFor(url: string, status: number): Promise<{ status: number; json: any }> {
  let last = { status: 0, json: null as any };
  for (let i = 0; i < 60; i++) {
    const res = await fetch(url);
    last = { status: res.status, json: await res.json().catch(() => null) };
    if (last.status === status) return last;
    await sleep(250);
  }
  return last;
}

describe("Hono on PostgreSQL with every plugin: migrations, guards, audit log, readiness", () => {
  const dir = workDir("day-two-hono");
  let db: Awaited<ReturnType<typeof freshPostgres>> | undefined;
  let proxy: TcpProxy | undefined;
  let service: Service | undefined;
  afterAll(async () => {
    if (service) await service.stop();
    await proxy?.close();
    await db?.drop();
    cleanup(dir);
  });

  it("migrates once from four replicas, guards routes, audits every event without a secret, and reports readiness", { timeout: TEN_MINUTES }, async () => {
    db = await freshPostgres("cas_e2e_day_two");
    await scaffold(dir, ["--database", "postgres", "--database-url", db.url, "--plugins", PLUGINS.join(","), "--backend", "none", "--api-client", "none"]);
    await fourMigrateAtOnce(dir);
    await sh(dir, "npm", ["run", "build"]);

    // The service reaches PostgreSQL through a proxy the test can cut.
    proxy = await tcpProxy({ host: PG_ADMIN.host, port: PG_ADMIN.port });
    const viaProxy = `postgres://${PG_ADMIN.user}@127.0.0.1:${proxy.port}/${db.name}`;
    service = await startService(dir, ["node", "dist/server.js"], { DATABASE_URL: viaProxy });
    const url = service.url;

    await provesGuards(dir, service);

    // ---- Audit: a scripted flow, then the events it must have produced.
    const tag = Date.now();
    const aliceEmail = `alice-${tag}@example.com`;
    const bobEmail = `bob-${tag}@example.com`;
    const alice = new Browser(url);
    const bob = new Browser(url);
    const ua = { "user-agent": "day-two-test/1.0" };
    const aliceUp = await alice.request("POST", "/api/auth/sign-up/email", { email: aliceEmail, password, name: "Alice" }, ua);
    expect(aliceUp.status, aliceUp.text).toBe(200);
    const aliceId: string = aliceUp.json.user.id;
    const bobUp = await bob.request("POST", "/api/auth/sign-up/email", { email: bobEmail, password, name: "Bob" });
    expect(bobUp.status, bobUp.text).toBe(200);
    const bobId: string = bobUp.json.user.id;
    const secrets: string[] = [password, readEnv(dir).BETTER_AUTH_SECRET, aliceUp.json.token, bobUp.json.token];

    const wrong = await new Browser(url).request("POST", "/api/auth/sign-in/email", { email: aliceEmail, password: "Wrong-horse-battery-1" }, ua);
    expect(wrong.status).toBe(401);
    secrets.push("Wrong-horse-battery-1");
    alice.cookies.clear();
    const signIn = await alice.request("POST", "/api/auth/sign-in/email", { email: aliceEmail, password }, ua);
    expect(signIn.status, signIn.text).toBe(200);
    secrets.push(signIn.json.token, ...alice.cookies.values());

    expect((await openLink(new Browser(url), (await mailTo(dir, aliceEmail, /Verify your email/)).data!.url)).status).toBe(302);

    const newPassword = "Another-horse-battery-7";
    secrets.push(newPassword);
    const changed = await alice.request("POST", "/api/auth/change-password", { currentPassword: password, newPassword }, ua);
    expect(changed.status, changed.text).toBe(200);

    const key = await alice.request("POST", "/api/auth/api-key/create", { name: "ci" }, ua);
    expect(key.status, key.text).toBe(200);
    secrets.push(key.json.key);

    const enable = await alice.request("POST", "/api/auth/two-factor/enable", { password: newPassword }, ua);
    expect(enable.status, enable.text).toBe(200);
    const totpSecret = new URL(enable.json.totpURI).searchParams.get("secret")!;
    secrets.push(totpSecret, ...enable.json.backupCodes);
    const verified = await alice.request("POST", "/api/auth/two-factor/verify-totp", { code: totp(totpSecret) }, ua);
    expect(verified.status, verified.text).toBe(200);
    // With two-factor on, the right password only earns a challenge (two-factor's hook decides it).
    const challenged = await new Browser(url).request("POST", "/api/auth/sign-in/email", { email: aliceEmail, password: newPassword }, ua);
    expect(challenged.json?.twoFactorRedirect, challenged.text).toBe(true);
    const disabled = await alice.request("POST", "/api/auth/two-factor/disable", { password: newPassword }, ua);
    expect(disabled.status, disabled.text).toBe(200);

    const jwt = await alice.request("GET", "/api/auth/token", undefined, ua);
    expect(jwt.status, jwt.text).toBe(200);
    secrets.push(jwt.json.token);

    expect(await sh(dir, "npm", ["run", "admin:grant", "--", aliceEmail])).toContain("is now an admin");
    const setRole = await alice.request("POST", "/api/auth/admin/set-role", { userId: bobId, role: "support" }, ua);
    expect(setRole.status, setRole.text).toBe(200);
    const revoke = await alice.request("POST", "/api/auth/admin/revoke-user-sessions", { userId: bobId }, ua);
    expect(revoke.status, revoke.text).toBe(200);

    await new Browser(url).request("POST", "/api/auth/request-password-reset", { email: bobEmail, redirectTo: "/reset" });
    const resetHop = await openLink(new Browser(url), (await mailTo(dir, bobEmail, /Reset your password/)).data!.url);
    // (The reset token is left out of the search: without SMTP_URL the development mailer prints
    // each mail, link included, to the console; production refuses to start without SMTP.)
    const resetToken = new URL(resetHop.headers.get("location")!, url).searchParams.get("token")!;
    const reset = await new Browser(url).request("POST", "/api/auth/reset-password", { token: resetToken, newPassword: "Third-horse-battery-5" }, ua);
    expect(reset.status, reset.text).toBe(200);
    secrets.push("Third-horse-battery-5");

    expect((await alice.request("POST", "/api/auth/sign-out", {}, ua)).status).toBe(200);

    const lines = auditLines(service.logs());
    const find = (event: string, userId: string | null, outcome = "success") => lines.find((l) => l.event === event && l.userId === userId && l.outcome === outcome);
    expect(find("sign_up", aliceId), JSON.stringify(lines, null, 1)).toBeDefined();
    expect(find("sign_up", bobId)).toBeDefined();
    expect(find("sign_in", null, "failure")?.reason).toBe("INVALID_EMAIL_OR_PASSWORD");
    expect(find("sign_in", aliceId)).toBeDefined();
    expect(find("sign_in", aliceId, "challenge"), JSON.stringify(lines.filter((l) => l.event === "sign_in"))).toBeDefined();
    expect(lines.filter((l) => l.event === "sign_in" && l.userId === aliceId).map((l) => l.outcome), "the challenged sign-in is no success").toEqual(["success", "challenge"]);
    expect(find("email_verified", aliceId)).toBeDefined();
    expect(find("password_changed", aliceId)).toBeDefined();
    expect(find("api_key_created", aliceId)?.detail?.keyId).toBe(key.json.id);
    expect(find("two_factor_enabled", aliceId)).toBeDefined();
    expect(find("two_factor_disabled", aliceId)).toBeDefined();
    expect(find("role_changed", bobId)?.detail).toEqual({ role: "support", by: aliceId });
    expect(find("session_revoked", bobId)?.detail?.by).toBe(aliceId);
    expect(find("password_reset", bobId)).toBeDefined();
    expect(find("sign_out", aliceId)).toBeDefined();
    // Time, address and client on every line; the user agent where the client sent one.
    for (const line of lines) expect(line, JSON.stringify(line)).toMatchObject({ time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), ip: expect.any(String) });
    expect(find("password_changed", aliceId)?.userAgent).toBe("day-two-test/1.0");
    // No password, secret, session token, cookie, JWT, API key or TOTP secret anywhere in the log.
    const logs = service.logs();
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(5);
      const at = logs.indexOf(secret);
      expect(at, `the log contains a secret: …${logs.slice(Math.max(0, at - 80), at)}[secret]`).toBe(-1);
    }

    // ---- Readiness: 503 while the database is unreachable (liveness stays 200), 200 once it is back.
    expect((await waitFor(`${url}/ready`, 200)).json).toEqual({ ready: true, checks: { database: "ok" } });
    proxy.cut();
    const down = await waitFor(`${url}/ready`, 503);
    expect(down.status).toBe(503);
    expect(down.json.checks.database).not.toBe("ok");
    expect((await fetch(`${url}/health`)).status).toBe(200);
    proxy.restore();
    expect((await waitFor(`${url}/ready`, 200)).status).toBe(200);
    expect(service.process.exitCode, "no restart").toBeNull();
  });
});

describe("Express on MariaDB: migrations from four replicas, route guards", () => {
  const dir = workDir("day-two-express");
  let db: Awaited<ReturnType<typeof freshMysql>> | undefined;
  afterAll(async () => {
    await db?.drop();
    cleanup(dir);
  });

  it("migrates once under GET_LOCK and answers 401, 403 and 200 on the example routes", { timeout: TEN_MINUTES }, async () => {
    db = await freshMysql("cas_e2e_day_two");
    await scaffold(dir, ["--framework", "express", "--database", "mysql", "--database-url", db.url, "--plugins", "jwt,bearer,admin"]);
    await fourMigrateAtOnce(dir);
    await sh(dir, "npm", ["run", "build"]);
    const service = await startService(dir, ["node", "dist/server.js"]);
    try {
      await provesGuards(dir, service);
      expect((await fetch(`${service.url}/ready`)).status).toBe(200);
    } finally {
      expect(await service.stop(), service.logs()).toBe(0);
    }
  });
});

describe("Fastify on SQLite: migrations from four processes, MIGRATE_ON_START, route guards", () => {
  const dir = workDir("day-two-fastify");
  afterAll(() => cleanup(dir));

  it("migrates once from four processes, migrates before serving when MIGRATE_ON_START=true, and answers 401, 403 and 200 on the example routes", { timeout: TEN_MINUTES }, async () => {
    await scaffold(dir, ["--framework", "fastify", "--database", "sqlite", "--plugins", "jwt,bearer,admin"]);
    // Four processes on one new file take turns through the lock file (another file than the service's).
    await fourMigrateAtOnce(dir, { DATABASE_URL: "file:./data/replicas.db" });
    await sh(dir, "npm", ["run", "build"]);
    const failing = await execa("npm", ["run", "db:check"], { cwd: dir, reject: false, all: true });
    expect(failing.exitCode, "nothing migrated yet").toBe(1);
    const service = await startService(dir, ["node", "dist/server.js"], { MIGRATE_ON_START: "true" });
    try {
      expect(service.logs()).toMatch(/Migrated: \d+ table\(s\) created/);
      await provesGuards(dir, service);
      expect((await fetch(`${service.url}/ready`)).status).toBe(200);
    } finally {
      expect(await service.stop(), service.logs()).toBe(0);
    }
  });
});

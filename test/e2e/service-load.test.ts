// Real traffic on started services: many users behind one address poll their session without a
// 429 while a fourth bad sign-in is still refused; sign-out ends the session at once for the
// browser that signed out, and a stale copy of its cookie only until the 60 s cookie cache runs
// out; with Redis the credential limit holds across two instances; while PostgreSQL is cut off
// (a TCP proxy in front of it, so the shared server stays up) the service answers 503 with
// Retry-After, and 200 again by itself once the database is back. Installs reuse the dependency
// sets of create.test.ts (default) and redis.test.ts (PostgreSQL + Redis).
import { execa } from "execa";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { Browser, cleanup, cli, freshPostgres, installCached, PG_ADMIN, sh, sleep, startService, workDir, type Service } from "./harness.js";
import { tcpProxy, type TcpProxy } from "./tcp-proxy.js";

const TEN_MINUTES = 10 * 60_000;
const password = "Correct-horse-battery-9";

async function scaffoldAndBuild(dir: string, args: string[]): Promise<void> {
  const run = await cli([dir, ...args, "--no-install", "--no-git", "--yes"]);
  expect(run.exitCode, run.all).toBe(0);
  await installCached(dir);
  await sh(dir, "npm", ["run", "db:migrate"]);
  await sh(dir, "npm", ["run", "build"]);
}

/** Statuses of four sign-ins with a wrong password from `baseURL` (the limit is 3 per 10 s). */
async function fourBadSignIns(baseURL: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) statuses.push((await new Browser(baseURL).request("POST", "/api/auth/sign-in/email", { email: "nobody@example.com", password })).status);
  return statuses;
}

/** `total` GET requests, `parallel` at a time, from one client address; their statuses and bodies. */
async function burst(browser: Browser, path: string, total: number, parallel: number) {
  const results: { status: number; json: any; jwtHeader: string | null }[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < total) {
        next++;
        const res = await browser.request("GET", path);
        results.push({ status: res.status, json: res.json, jwtHeader: res.headers.get("set-auth-jwt") });
      }
    }),
  );
  return results;
}

describe("the default service under a polling front-end behind one NAT", () => {
  const dir = workDir("load-default");
  let service: Service | undefined;
  afterAll(async () => {
    await service?.stop();
    cleanup(dir);
  });

  it("answers 300 session checks from one address, still refuses the 4th bad sign-in, and honours sign-out", { timeout: TEN_MINUTES }, async () => {
    await scaffoldAndBuild(dir, []);
    service = await startService(dir, ["node", "dist/server.js"]);
    const v4 = `http://127.0.0.1:${service.port}`;
    const v6 = `http://[::1]:${service.port}`;

    // A user signs up from another address (::1), so 127.0.0.1's sign-in budget stays untouched.
    const alice = new Browser(v6);
    const email = `nat-${Date.now()}@example.com`;
    const up = await alice.request("POST", "/api/auth/sign-up/email", { email, password, name: "Nat" });
    expect(up.status, up.text).toBe(200);
    const names = [...alice.cookies.keys()];
    expect(names.some((n) => n.endsWith("session_token")) && names.some((n) => n.endsWith("session_data")), `a signed session cache cookie beside the session token: ${names}`).toBe(true);

    // 300 checks within seconds from 127.0.0.1 (the old limit was 100 a minute per address).
    const office = new Browser(v4);
    office.cookies = new Map(alice.cookies);
    const checks = await burst(office, "/api/auth/get-session", 300, 10);
    expect(checks.map((c) => c.status).filter((s) => s !== 200), "every check answered").toEqual([]);
    expect(checks.every((c) => c.json?.user?.email === email)).toBe(true);
    expect(checks.filter((c) => c.jwtHeader !== null), "no JWT signed for a session check").toEqual([]);
    // …and credentials from that same address are still limited.
    expect(await fourBadSignIns(v4)).toEqual([401, 401, 401, 429]);

    // Sign-out: the browser that signed out has no session at once. (An authoritative read first
    // renews the cache cookie, so the copy below is well inside its 60 s however slow the machine.)
    expect((await alice.request("GET", "/api/auth/get-session?disableCookieCache=true")).json?.user?.email).toBe(email);
    const copy = new Map(alice.cookies);
    const stale = () => Object.assign(new Browser(v6), { cookies: new Map(copy) });
    const out = await alice.request("POST", "/api/auth/sign-out", {});
    expect(out.status, out.text).toBe(200);
    const after = await alice.request("GET", "/api/auth/get-session");
    expect(after.status, after.text).toBe(200);
    expect(after.json, "signed out at once").toBeNull();
    // A copy of the cookie taken before: the session is gone from the database at once (an
    // authoritative read says so); its signed cache copy alone still passes, for at most 60 s.
    const authoritative = await stale().request("GET", "/api/auth/get-session?disableCookieCache=true");
    expect(authoritative.json, "the database no longer has the session").toBeNull();
    const cached = await stale().request("GET", "/api/auth/get-session");
    expect(cached.json?.user?.email, "the documented cookie-cache window").toBe(email);

    expect(await service.stop(), `graceful shutdown\n${service.logs()}`).toBe(0);
    service = undefined;
  });
});

describe("PostgreSQL + Redis: two instances, the database behind a proxy that can be cut", () => {
  const dir = workDir("load-pg-redis");
  const prefix = `cas-load-${randomBytes(4).toString("hex")}:`;
  let db: Awaited<ReturnType<typeof freshPostgres>> | undefined;
  let proxy: TcpProxy | undefined;
  let redisProxy: TcpProxy | undefined;
  const services: Service[] = [];
  afterAll(async () => {
    for (const s of services) await s.stop().catch(() => undefined);
    await proxy?.close();
    await redisProxy?.close();
    const keys = (await execa("redis-cli", ["--scan", "--pattern", `${prefix}*`])).stdout.split("\n").filter(Boolean);
    if (keys.length) await execa("redis-cli", ["DEL", ...keys]);
    await db?.drop();
    cleanup(dir);
  });

  it("limits credentials across instances, answers 503 while PostgreSQL is unreachable and recovers by itself", { timeout: TEN_MINUTES }, async () => {
    db = await freshPostgres("cas_e2e_load");
    await scaffoldAndBuild(dir, ["--database", "postgres", "--database-url", db.url, "--secondary-storage", "redis"]);
    proxy = await tcpProxy({ host: PG_ADMIN.host, port: PG_ADMIN.port });
    redisProxy = await tcpProxy({ host: "127.0.0.1", port: 6379 });
    const viaProxy = `postgres://${PG_ADMIN.user}@127.0.0.1:${proxy.port}/${db.name}`;
    const deps = { DATABASE_URL: viaProxy, REDIS_URL: `redis://127.0.0.1:${redisProxy.port}`, REDIS_KEY_PREFIX: prefix };
    const a = await startService(dir, ["node", "dist/server.js"], deps);
    services.push(a);
    const b = await startService(dir, ["node", "dist/server.js"], { ...deps, BETTER_AUTH_URL: a.url, JWT_AUDIENCE: a.url });
    services.push(b);
    const urlA = a.url.replace("localhost", "127.0.0.1");
    const urlB = b.url.replace("localhost", "127.0.0.1");

    // The credential limit is counted in Redis: 2 bad sign-ins on A, 1 on B, the 4th on B is refused.
    const bad = (url: string) => new Browser(url).request("POST", "/api/auth/sign-in/email", { email: "nobody@example.com", password });
    expect([(await bad(urlA)).status, (await bad(urlA)).status, (await bad(urlB)).status]).toEqual([401, 401, 401]);
    expect((await bad(urlB)).status).toBe(429);

    // A user and a token while everything is up; session checks from one address are not limited.
    const user = new Browser(urlA);
    const up = await user.request("POST", "/api/auth/sign-up/email", { email: `cut-${Date.now()}@example.com`, password, name: "Cut" });
    expect(up.status, up.text).toBe(200);
    const onB = new Browser(urlB);
    onB.cookies = new Map(user.cookies);
    const checks = await burst(onB, "/api/auth/get-session", 150, 10);
    expect(checks.map((c) => c.status).filter((s) => s !== 200)).toEqual([]);
    expect((await user.request("GET", "/api/auth/token")).status).toBe(200);

    // Cut: every request that needs the database gets 503 with Retry-After on both instances.
    proxy.cut();
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      for (const [browser, path] of [[user, "/api/auth/token"], [onB, "/api/auth/jwks"]] as const) {
        const res = await browser.request("GET", path);
        statuses.push(res.status);
        expect(res.status, `${path} while the database is cut off: ${res.text}`).toBe(503);
        expect(res.headers.get("retry-after")).toBe("5");
        expect(res.json?.code).toBe("SERVICE_UNAVAILABLE");
      }
    }

    // Restore: both instances answer 200 again within 5 s, with nothing but 503s before.
    proxy.restore();
    for (const browser of [user, onB]) {
      for (let attempt = 1; ; attempt++) {
        const res = await browser.request("GET", "/api/auth/jwks");
        statuses.push(res.status);
        if (res.status === 200) break;
        expect(attempt, "answers again within 50 tries 100 ms apart (5 s)").toBeLessThan(50);
        await sleep(100);
      }
    }
    expect((await user.request("GET", "/api/auth/token")).status).toBe(200);

    // Redis cut off: sessions live there, so session checks get 503 (not a hang, not a 500 or a
    // wrong "no session"), and 200 with the same user again once Redis is back.
    redisProxy.cut();
    for (const browser of [user, onB]) {
      const res = await browser.request("GET", "/api/auth/get-session");
      statuses.push(res.status);
      expect(res.status, `get-session while Redis is cut off: ${res.text}`).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
    }
    redisProxy.restore();
    for (const browser of [user, onB]) {
      for (let attempt = 1; ; attempt++) {
        const res = await browser.request("GET", "/api/auth/get-session");
        statuses.push(res.status);
        if (res.status === 200) {
          expect(res.json?.user?.name, res.text).toBe("Cut");
          break;
        }
        expect(attempt, "answers again within 50 tries 100 ms apart (5 s)").toBeLessThan(50);
        await sleep(100);
      }
    }
    expect(statuses.filter((s) => s !== 503 && s !== 200), "no other 5xx").toEqual([]);

    for (const s of services.splice(0)) expect(await s.stop(), `graceful shutdown\n${s.logs()}`).toBe(0);
  });
});

// --secondary-storage redis: two instances of one generated service, sharing PostgreSQL and Redis,
// behave as one service: a session made on either is valid on both, a sign-out on one ends it on
// both, and the sign-in limit counts requests to both together.
import { execa } from "execa";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { provesAuthFlow, typechecksAndBuilds } from "./auth-flow.js";
import { Browser, cleanup, cli, freshPostgres, installCached, sh, sleep, startService, workDir, type Service } from "./harness.js";

const TEN_MINUTES = 10 * 60_000;
const password = "Correct-horse-battery-9";

/** Keys under one prefix in the machine's Redis: this test's own, and nobody else's. */
function redisKeys(prefix: string) {
  const cli = async (...args: string[]) => (await execa("redis-cli", ["-h", "127.0.0.1", "-p", "6379", ...args])).stdout.trim();
  const list = async () => (await cli("--scan", "--pattern", `${prefix}*`)).split("\n").filter(Boolean);
  return {
    list,
    exists: async (key: string) => (await cli("EXISTS", `${prefix}${key}`)) === "1",
    flush: async () => {
      const keys = await list();
      if (keys.length) await cli("DEL", ...keys);
    },
  };
}

/** Rows in the service's session table with this token (sessions are kept in the database too). */
async function sessionRows(databaseUrl: string, token: string): Promise<number> {
  const { stdout } = await execa("psql", [databaseUrl, "-tAc", `SELECT count(*) FROM session WHERE token = '${token.replace(/'/g, "")}'`]);
  return Number(stdout.trim());
}

describe("Redis secondary storage across two instances", () => {
  const dir = workDir("redis");
  const prefix = `cas-e2e-${randomBytes(4).toString("hex")}:`;
  const redis = redisKeys(prefix);
  let db: Awaited<ReturnType<typeof freshPostgres>> | undefined;
  const services: Service[] = [];
  afterAll(async () => {
    for (const s of services) await s.stop().catch(() => undefined);
    await redis.flush();
    await db?.drop();
    cleanup(dir);
  });

  it("shares sessions, sign-out and rate limits between instances, and passes the auth flow", { timeout: TEN_MINUTES }, async () => {
    db = await freshPostgres("cas_e2e_redis");
    const run = await cli([dir, "--database", "postgres", "--database-url", db.url, "--secondary-storage", "redis", "--no-install", "--no-git", "--yes"]);
    expect(run.exitCode, run.all).toBe(0);
    expect(run.all).toContain("--secondary-storage redis");
    const auth = readFileSync(join(dir, "src/auth.ts"), "utf8");
    expect(auth).toMatch(/^ {2}secondaryStorage,$/m);
    expect(auth).toMatch(/storage: "secondary-storage"/);
    expect(readFileSync(join(dir, ".env"), "utf8")).toMatch(/^REDIS_URL=redis:\/\/127\.0\.0\.1:6379$/m);

    await installCached(dir);
    expect(await sh(dir, "npm", ["run", "db:migrate"])).toMatch(/Migrated: \d+ table/);
    await typechecksAndBuilds(dir);

    // Two instances behind one public URL: A's. Both write under this test's own key prefix.
    const a = await startService(dir, ["node", "dist/server.js"], { REDIS_KEY_PREFIX: prefix });
    services.push(a);
    const b = await startService(dir, ["node", "dist/server.js"], { REDIS_KEY_PREFIX: prefix, BETTER_AUTH_URL: a.url, JWT_AUDIENCE: a.url });
    services.push(b);
    // 127.0.0.1 on both, so both see the same client IP for the rate limiter.
    const urlA = a.url.replace("localhost", "127.0.0.1");
    const urlB = b.url.replace("localhost", "127.0.0.1");

    // 1. A session made on A is in Redis (and the database) and valid on B.
    const onA = new Browser(urlA);
    const email = `redis-${Date.now()}@example.com`;
    const signUp = await onA.request("POST", "/api/auth/sign-up/email", { email, password, name: "Redis" });
    expect(signUp.status, signUp.text).toBe(200);
    const token: string = signUp.json.token;
    expect(await redis.exists(token), "session is stored in Redis under the prefix").toBe(true);
    expect(await sessionRows(db.url, token)).toBe(1);
    const onB = new Browser(urlB);
    onB.cookies = new Map(onA.cookies);
    const seenOnB = await onB.request("GET", "/api/auth/get-session");
    expect(seenOnB.status, seenOnB.text).toBe(200);
    expect(seenOnB.json?.user?.email).toBe(email);

    // 2. Sign-out on A ends the session on B, for a copy of the cookie taken before it.
    const signOut = await onA.request("POST", "/api/auth/sign-out", {});
    expect(signOut.status, signOut.text).toBe(200);
    const afterSignOut = await onB.request("GET", "/api/auth/get-session");
    expect(afterSignOut.status, afterSignOut.text).toBe(200);
    expect(afterSignOut.json, "the session is gone on B").toBeNull();
    expect(await redis.exists(token)).toBe(false);
    expect(await sessionRows(db.url, token)).toBe(0);

    // 3. 3 sign-ins per 10 s, counted across both: 2 on A, 1 on B pass; the 4th, on B, is refused.
    // Neither instance alone has seen more than 2, so only a shared counter can refuse it.
    const signIn = (url: string) => new Browser(url).request("POST", "/api/auth/sign-in/email", { email: "nobody@example.com", password });
    const statuses = [(await signIn(urlA)).status, (await signIn(urlA)).status, (await signIn(urlB)).status];
    expect(statuses, "the first three are answered (401: no such user)").toEqual([401, 401, 401]);
    const fourth = await signIn(urlB);
    expect(fourth.status, fourth.text).toBe(429);

    // 4. The whole auth flow on one instance (its own rate-limit windows first).
    await sleep(10_500);
    await provesAuthFlow(dir, a, { signUpExtras: {}, expectedClaims: {} });

    for (const s of services.splice(0)) expect(await s.stop(), `graceful shutdown\n${s.logs()}`).toBe(0);
    expect((await redis.list()).length, "the services wrote under the prefix").toBeGreaterThan(0);
  });
});

// The frameworks that need more than a Node handler: Fastify (a hand-written bridge to Better
// Auth's fetch handler) and Next.js (route handler, pages, proxy.ts, nextCookies()). Each is
// scaffolded without install, installed from the shared cache, migrated, built and run for real.
import { execa } from "execa";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { provesAuthFlow, typechecksAndBuilds } from "./auth-flow.js";
import { Browser, cleanup, cli, freshPostgres, installCached, PG_ADMIN, sh, startService, workDir } from "./harness.js";

const TEN_MINUTES = 10 * 60_000;
const password = "Correct-horse-battery-9";
const origin = "http://localhost:3000"; // the generated TRUSTED_ORIGINS

/**
 * Right after provesAuthFlow has used up the sign-in limit: a client that invents its own address
 * in the client-IP header the servers trust is still refused (it would get 401, not 429, if the
 * header were believed).
 */
async function stillLimitedWithForgedIp(url: string): Promise<void> {
  const forged = await new Browser(url).request("POST", "/api/auth/sign-in/email", { email: "nobody@example.com", password }, { "x-auth-service-client-ip": "203.0.113.7" });
  expect(forged.status, forged.text).toBe(429);
}

describe("fastify on SQLite", () => {
  const dir = workDir("fastify-sqlite");
  afterAll(() => cleanup(dir));

  it("installs, migrates, builds, bridges Better Auth faithfully and passes the auth flow", { timeout: TEN_MINUTES }, async () => {
    const run = await cli([
      dir, "--framework", "fastify", "--database", "sqlite", "--no-install", "--no-git", "--yes",
      "--custom-fields", "role:string:default=user tier:enum(free|pro):default=free nickname:string:optional",
    ]);
    expect(run.exitCode, run.all).toBe(0);
    await installCached(dir);
    const migrate = await cli(["migrate", "--cwd", dir]);
    expect(migrate.exitCode, migrate.all).toBe(0);
    await typechecksAndBuilds(dir);

    const service = await startService(dir, ["node", "dist/server.js"]);
    try {
      // Sign-in without "remember me" sets three cookies (session, its signed cache, dont_remember):
      // each must reach the client as its own Set-Cookie header, not folded into one.
      const email = `twocookies-${Date.now()}@example.com`;
      const up = await new Browser(service.url).request("POST", "/api/auth/sign-up/email", { email, password, name: "Two Cookies" });
      expect(up.status, up.text).toBe(200);
      const res = await fetch(`${service.url}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { origin, "content-type": "application/json" },
        body: JSON.stringify({ email, password, rememberMe: false }),
      });
      expect(res.status, await res.clone().text()).toBe(200);
      const names = res.headers.getSetCookie().map((c) => c.slice(0, c.indexOf("=")));
      expect(names).toEqual(expect.arrayContaining(["better-auth.session_token", "better-auth.session_data", "better-auth.dont_remember"]));
      expect(names).toHaveLength(3);
      expect((await res.json()).user.email).toBe(email);
      // CORS for the trusted front-end, with credentials.
      expect(res.headers.get("access-control-allow-origin")).toBe(origin);
      expect(res.headers.get("access-control-allow-credentials")).toBe("true");

      await provesAuthFlow(dir, service, {
        signUpExtras: { tier: "pro", nickname: "ally" },
        expectedClaims: { role: "user", tier: "free", nickname: "ally" },
      });

      await stillLimitedWithForgedIp(service.url);
    } finally {
      expect(await service.stop(), `graceful shutdown\n${service.logs()}`).toBe(0);
    }
  });
});

describe("nextjs on PostgreSQL", () => {
  const dir = workDir("nextjs-pg");
  let db: Awaited<ReturnType<typeof freshPostgres>>;
  afterAll(async () => {
    await db?.drop();
    cleanup(dir);
  });

  it("builds with next build, protects /dashboard, and passes the auth flow through the route handler", { timeout: TEN_MINUTES }, async () => {
    db = await freshPostgres("cas_e2e_next");
    const run = await cli([
      dir, "--framework", "nextjs", "--database", "postgres", "--database-url", db.url, "--plugins", "jwt,bearer,admin",
      "--field", "nickname:string:optional", "--no-install", "--no-git", "--yes",
    ]);
    expect(run.exitCode, run.all).toBe(0);
    expect(readFileSync(join(dir, "src/auth.ts"), "utf8")).toMatch(/admin\(\),\s*secretRotation\(env\.PREVIOUS_SECRETS\),\s*auditLog\(\),\s*nextCookies\(\),\s*\]/);
    await installCached(dir);
    const quiet = { NEXT_TELEMETRY_DISABLED: "1" };
    await sh(dir, "npm", ["run", "db:migrate"]);
    await sh(dir, "npm", ["run", "db:check"]);
    const build = await sh(dir, "npm", ["run", "build"], quiet);
    expect(build).toMatch(/\/dashboard/);

    const service = await startService(dir, ["node", "scripts/next.mjs", "start"], quiet);
    try {
      const page = (path: string, cookie = "") => fetch(`${service.url}${path}`, { redirect: "manual", headers: cookie ? { cookie } : {} });

      // The pages render.
      for (const path of ["/sign-in", "/sign-up"]) {
        const res = await page(path);
        expect(res.status, path).toBe(200);
        expect(await res.text(), path).toContain('name="password"');
      }
      expect(await (await page("/sign-up")).text(), "custom fields on the sign-up form").toContain('name="nickname"');

      // No session: proxy.ts redirects to the sign-in page; a made-up cookie gets past the
      // optimistic check but not past the page's own session check.
      for (const cookie of ["", "__Secure-better-auth.session_token=made-up.signature"]) {
        const res = await page("/dashboard", cookie);
        expect(res.status, cookie || "no cookie").toBe(307);
        expect(new URL(res.headers.get("location")!, service.url).pathname, cookie || "no cookie").toBe("/sign-in");
      }

      // Sign-up and sign-in through the route handler; the session cookie opens the dashboard.
      const alice = new Browser(service.url);
      const email = `next-${Date.now()}@example.com`;
      const up = await alice.request("POST", "/api/auth/sign-up/email", { email, password, name: "Alice" });
      expect(up.status, up.text).toBe(200);
      alice.cookies.clear();
      const signIn = await alice.request("POST", "/api/auth/sign-in/email", { email, password, rememberMe: false });
      expect(signIn.status, signIn.text).toBe(200);
      expect(signIn.headers.getSetCookie(), "session, session cache and dont_remember cookies").toHaveLength(3);
      const cookie = [...alice.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
      const dashboard = await page("/dashboard", cookie);
      expect(dashboard.status).toBe(200);
      const html = await dashboard.text();
      expect(html).toContain(email);
      expect(html, "RoleGuard hides admin tools from a user").not.toContain("Admin tools go here");

      // RoleGuard shows them once the admin plugin's role says admin.
      await execa("psql", ["-h", PG_ADMIN.host, "-U", PG_ADMIN.user, "-d", db.name, "-v", "ON_ERROR_STOP=1", "-c", `UPDATE "user" SET role = 'admin' WHERE email = '${email}'`]);
      expect(await (await page("/dashboard", cookie)).text()).toContain("Admin tools go here");

      // CORS preflight from a trusted front-end, and none for others.
      const preflight = (from: string) =>
        fetch(`${service.url}/api/auth/sign-in/email`, { method: "OPTIONS", headers: { origin: from, "access-control-request-method": "POST" } });
      const trusted = await preflight(origin);
      expect(trusted.status).toBe(204);
      expect(trusted.headers.get("access-control-allow-origin")).toBe(origin);
      expect(trusted.headers.get("access-control-allow-credentials")).toBe("true");
      expect((await preflight("http://evil.example")).headers.get("access-control-allow-origin")).toBeNull();

      // The shared flow: smoke script, forged fields, FastAPI against the live JWKS, rate limit.
      // (The sign-up and sign-in above fall out of the 10 s window during its own pause.)
      await provesAuthFlow(dir, service, { signUpExtras: { nickname: "ally" }, expectedClaims: { nickname: "ally" } });
      await stillLimitedWithForgedIp(service.url);

      // nextCookies() is last: Better Auth warns on get-session when it is not.
      expect(service.logs()).not.toContain("should be placed last");
    } finally {
      await service.stop();
    }
  });
});

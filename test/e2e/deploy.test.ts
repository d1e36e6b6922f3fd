// One generated PostgreSQL service made with --cross-site-cookies (and the default --docker):
// 1. the running service sets SameSite=None; Secure; Partitioned cookies on sign-in, answers CORS
//    preflights from TRUSTED_ORIGINS with credentials and refuses other origins, and will not start
//    with a wildcard origin;
// 2. the Dockerfile's steps run in a clean copy of the project (no Docker daemon here: see
//    dockerfile-runner.ts), the runtime stage holds production dependencies only, starts, and passes
//    its own HEALTHCHECK; compose.yaml parses and agrees with .env.example.
// Not run: an image build, `docker compose up`.
import { execa } from "execa";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseYaml } from "../unit/mini-yaml.js";
import { runDockerfile } from "./dockerfile-runner.js";
import { cleanup, cli, freshPostgres, installCached, installEnv, readEnv, sh, startService, workDir, type Service } from "./harness.js";

const TEN_MINUTES = 10 * 60_000;
const password = "Correct-horse-battery-9";
const TRUSTED = "http://localhost:3000"; // the generated .env's TRUSTED_ORIGINS
const UNTRUSTED = "https://evil.example";

const envKeys = (text: string) => new Set(text.split("\n").flatMap((l) => /^([A-Z0-9_]+)=/.exec(l)?.[1] ?? []));

async function post(url: string, path: string, origin: string, body: unknown) {
  return fetch(`${url}${path}`, { method: "POST", headers: { origin, "content-type": "application/json" }, body: JSON.stringify(body) });
}

async function preflight(url: string, origin: string) {
  return fetch(`${url}/api/auth/sign-in/email`, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
  });
}

describe("cross-site cookies and the Docker files on a generated PostgreSQL service", () => {
  const dir = workDir("deploy");
  const stagesDir = workDir("deploy-stages");
  let db: Awaited<ReturnType<typeof freshPostgres>> | undefined;
  const services: Service[] = [];
  afterAll(async () => {
    for (const s of services) await s.stop().catch(() => undefined);
    await db?.drop();
    cleanup(dir);
    cleanup(stagesDir);
  });

  it("sets SameSite=None; Secure; Partitioned cookies for trusted origins only, and the Dockerfile's steps build a runnable image folder", { timeout: TEN_MINUTES }, async () => {
    db = await freshPostgres("cas_e2e_deploy");
    const run = await cli([dir, "--database", "postgres", "--database-url", db.url, "--cross-site-cookies", "--no-install", "--no-git", "--yes"]);
    expect(run.exitCode, run.all).toBe(0);
    expect(run.all).toContain("--cross-site-cookies");

    // compose.yaml as the CLI wrote it: parses, and agrees with .env.example and the Dockerfile.
    const compose = parseYaml(readFileSync(join(dir, "compose.yaml"), "utf8")) as { services: Record<string, any> };
    expect(Object.keys(compose.services)).toEqual(["auth", "migrate", "db"]);
    const example = envKeys(readFileSync(join(dir, ".env.example"), "utf8"));
    for (const service of ["auth", "migrate"])
      for (const key of Object.keys(compose.services[service].environment).filter((k) => k !== "NODE_ENV")) expect(example, `${service}: ${key}`).toContain(key);
    const port = new URL(readEnv(dir).BETTER_AUTH_URL).port;
    expect(compose.services.auth.ports).toEqual([`${port}:${port}`]);
    expect(readFileSync(join(dir, "Dockerfile"), "utf8")).toContain(`EXPOSE ${port}`);
    expect(compose.services.auth.environment.DATABASE_URL).toMatch(/@db:5432\//);
    expect(readEnv(dir).DB_PASSWORD).toMatch(/^[\w-]{43}$/);

    await installCached(dir);
    await sh(dir, "npm", ["run", "db:migrate"]);
    await sh(dir, "npm", ["run", "build"]);

    // 1. Cookies and CORS on the running service.
    const service = await startService(dir, ["node", "dist/server.js"]);
    services.push(service);
    const url = service.url.replace("localhost", "127.0.0.1");
    const email = `cross-site-${Date.now()}@example.com`;
    const signUp = await post(url, "/api/auth/sign-up/email", TRUSTED, { email, password, name: "Cross Site" });
    expect(signUp.status, await signUp.text()).toBe(200);
    const signIn = await post(url, "/api/auth/sign-in/email", TRUSTED, { email, password });
    expect(signIn.status).toBe(200);
    const cookies = signIn.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith("__Secure-better-auth.session_token="));
    expect(session, cookies.join("\n")).toBeDefined();
    for (const cookie of cookies) {
      expect(cookie).toMatch(/;\s*Secure(;|$)/i);
      expect(cookie).toMatch(/;\s*SameSite=None(;|$)/i);
      expect(cookie).toMatch(/;\s*Partitioned(;|$)/i);
      expect(cookie).toMatch(/;\s*HttpOnly(;|$)/i);
    }
    expect(signIn.headers.get("access-control-allow-origin")).toBe(TRUSTED);
    expect(signIn.headers.get("access-control-allow-credentials")).toBe("true");

    const trusted = await preflight(url, TRUSTED);
    expect(trusted.status).toBeLessThan(300);
    expect(trusted.headers.get("access-control-allow-origin")).toBe(TRUSTED);
    expect(trusted.headers.get("access-control-allow-credentials")).toBe("true");
    const untrusted = await preflight(url, UNTRUSTED);
    expect(untrusted.headers.get("access-control-allow-origin")).not.toBe(UNTRUSTED);
    expect(untrusted.headers.get("access-control-allow-origin")).not.toBe("*");
    // What CSRF would be: a page on another site making the browser send the cookie. Better Auth
    // checks the Origin of every POST that carries cookies (or a browser's Sec-Fetch headers).
    const cookie = session!.split(";")[0];
    const forged = await fetch(`${url}/api/auth/update-user`, { method: "POST", headers: { origin: UNTRUSTED, cookie, "content-type": "application/json" }, body: JSON.stringify({ name: "Forged" }) });
    expect(forged.status).toBe(403);
    const honest = await fetch(`${url}/api/auth/update-user`, { method: "POST", headers: { origin: TRUSTED, cookie, "content-type": "application/json" }, body: JSON.stringify({ name: "Honest" }) });
    expect(honest.status, await honest.text()).toBe(200);
    const browserSignIn = await fetch(`${url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { origin: UNTRUSTED, "sec-fetch-site": "cross-site", "sec-fetch-mode": "cors", "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
    expect(browserSignIn.status).toBe(403);
    expect(browserSignIn.headers.getSetCookie()).toEqual([]);

    // A wildcard would let any matching site act as the signed-in user: the service refuses to start.
    await expect(startService(dir, ["node", "dist/server.js"], { TRUSTED_ORIGINS: "https://app.example.com,*" })).rejects.toThrow(/exited early[\s\S]*wildcard/);

    // 2. The Dockerfile's steps in a clean copy of the build context (.env, node_modules, dist left out).
    const stages = await runDockerfile(dir, stagesDir, { ...installEnv(), npm_config_prefer_offline: "true" });
    expect(stages.map((s) => s.name)).toEqual(["build", "runtime"]);
    const [build, image] = stages;
    expect(existsSync(join(build.dir, ".env")), "no .env in the build context").toBe(false);
    expect(existsSync(join(build.dir, "dist/server.js"))).toBe(true);
    expect(existsSync(join(image.dir, "dist/server.js"))).toBe(true);
    expect(existsSync(join(image.dir, "node_modules/better-auth/package.json"))).toBe(true);
    const devDependencies = Object.keys(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).devDependencies);
    expect(devDependencies).toContain("typescript");
    for (const dev of devDependencies) expect(existsSync(join(image.dir, "node_modules", dev)), `devDependency ${dev} in the image`).toBe(false);
    for (const absent of ["src", ".env", "data", "backend"]) expect(existsSync(join(image.dir, absent)), absent).toBe(false);
    expect(image.user).toBe("node");
    expect(image.env.NODE_ENV).toBe("production");

    // The image's CMD with the image's ENV and compose-style variables (no .env file), then its HEALTHCHECK.
    const secret = readEnv(dir).BETTER_AUTH_SECRET;
    const running = await startService(image.dir, image.cmd!, { ...image.env, DATABASE_URL: db.url, BETTER_AUTH_SECRET: secret, TRUSTED_ORIGINS: "https://app.example.com" });
    services.push(running);
    const healthcheck = () => execa(image.healthcheck![0], image.healthcheck!.slice(1), { reject: false, env: { PORT: String(running.port) } });
    expect((await healthcheck()).exitCode).toBe(0);
    expect(await running.stop()).toBe(0);
    services.pop();
    expect((await healthcheck()).exitCode, "the health check fails once the service is gone").toBe(1);
  });
});

// A generated service started with nothing but its own .env: the port given at create time is said
// once (BETTER_AUTH_URL) and everything follows it, and the README's Node client snippet (Better
// Auth's client with an Origin header) signs in and buys a JWT, while the same client without the
// header gets 403 MISSING_OR_NULL_ORIGIN.
import { execa, type ResultPromise } from "execa";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Browser, cleanup, cli, freePort, installCached, PYTHON, sh, sleep, workDir } from "./harness.js";

const TEN_MINUTES = 10 * 60_000;

/** The ```ts block under the README heading `heading`. */
function snippetUnder(readme: string, heading: string): string {
  const section = readme.slice(readme.indexOf(heading));
  const code = /```ts\n([\s\S]*?)```/.exec(section);
  if (!code) throw new Error(`no TypeScript block under "${heading}"`);
  return code[1];
}

/**
 * The environment of a shell that has none of the service's variables, so .env alone decides; and
 * none of vitest's (NODE_ENV=test, TEST, VITEST…): with those Better Auth thinks it runs under
 * test and turns its origin check off.
 */
function bareEnv(): Record<string, string> {
  const env: Record<string, string> = { ...(process.env as Record<string, string>) };
  for (const key of Object.keys(env))
    if (["PORT", "BETTER_AUTH_URL", "JWT_AUDIENCE", "BASE_URL", "TRUSTED_ORIGINS", "NODE_ENV", "TEST"].includes(key) || key.startsWith("VITEST")) delete env[key];
  return env;
}

describe("one port value, and Better Auth's client from Node", () => {
  const dir = workDir("node-client");
  let service: ResultPromise | undefined;
  afterAll(async () => {
    service?.kill("SIGTERM");
    await service?.catch(() => undefined);
    cleanup(dir);
  });

  it("serves on the created port from .env alone; the README snippet signs in with Origin, not without", { timeout: TEN_MINUTES }, async () => {
    const port = await freePort();
    const url = `http://localhost:${port}`;
    const created = await cli([dir, "--yes", "--no-install", "--no-git", "--port", String(port)]);
    expect(created.exitCode, created.all).toBe(0);
    await installCached(dir);
    await sh(dir, "npm", ["run", "db:migrate"]);

    // The README's snippet, as a script of the project: type-checked with it, then run for real.
    const readme = readFileSync(join(dir, "README.md"), "utf8");
    writeFileSync(join(dir, "scripts/readme-node-client.ts"), snippetUnder(readme, "## Calling the service from Node"));
    // Better Auth's client without the header, as people first write it.
    writeFileSync(
      join(dir, "scripts/no-origin.ts"),
      [
        'import { createAuthClient } from "better-auth/client";',
        "const authClient = createAuthClient({ baseURL: process.env.AUTH_URL! });",
        "const { error } = await authClient.signIn.email({ email: process.env.AUTH_EMAIL!, password: process.env.AUTH_PASSWORD! });",
        "console.log(JSON.stringify({ status: error?.status, code: error?.code }));",
        "",
      ].join("\n"),
    );
    await sh(dir, "npm", ["run", "typecheck"]);

    service = execa(join(dir, "node_modules/.bin/tsx"), ["src/server.ts"], { cwd: dir, reject: false, all: true, buffer: false, env: bareEnv(), extendEnv: false });
    let logs = "";
    service.all?.on("data", (chunk: Buffer) => (logs += chunk.toString()));
    let healthy = false;
    for (let i = 0; i < 240 && !healthy && service.exitCode === null; i++) {
      healthy = await fetch(`${url}/health`).then((r) => r.ok, () => false);
      if (!healthy) await sleep(250);
    }
    expect(healthy, `listening on ${url} from .env alone\n${logs}`).toBe(true);

    // The smoke test finds the service through .env too, and signs in through Better Auth's client.
    const smoke = await execa("npm", ["run", "smoke"], { cwd: dir, reject: false, all: true, env: bareEnv(), extendEnv: false });
    expect(smoke.exitCode, smoke.all).toBe(0);
    expect(smoke.all).toContain("ok   sign-in (Better Auth client from Node)");
    expect(smoke.all).toContain(`Smoke test passed against ${url}`);

    const email = `node-${Date.now()}@example.com`;
    const password = "Correct-horse-battery-9";
    const signUp = await new Browser(url, url).request("POST", "/api/auth/sign-up/email", { email, password, name: "Node" });
    expect(signUp.status, signUp.text).toBe(200);
    const credentials = { AUTH_URL: url, AUTH_EMAIL: email, AUTH_PASSWORD: password };

    const tsx = join(dir, "node_modules/.bin/tsx");
    const withOrigin = await execa(tsx, ["scripts/readme-node-client.ts"], { cwd: dir, reject: false, all: true, env: { ...bareEnv(), ...credentials }, extendEnv: false });
    expect(withOrigin.exitCode, withOrigin.all).toBe(0);
    expect(withOrigin.all).toContain(`signed in as ${email}`);
    expect(withOrigin.all).toMatch(/JWT: eyJ/);

    const withoutOrigin = await execa(tsx, ["scripts/no-origin.ts"], { cwd: dir, reject: false, all: true, env: { ...bareEnv(), ...credentials }, extendEnv: false });
    expect(JSON.parse(withoutOrigin.stdout.trim().split("\n").at(-1)!), withoutOrigin.all).toEqual({ status: 403, code: "MISSING_OR_NULL_ORIGIN" });

    // Issuer and audience follow BETTER_AUTH_URL (JWT_AUDIENCE is empty), here and in the FastAPI settings.
    const token = await new Browser(url, url).request("GET", "/api/auth/token", undefined, { authorization: `Bearer ${signUp.json.token}` });
    expect(token.status, token.text).toBe(200);
    const claims = JSON.parse(Buffer.from(token.json.token.split(".")[1], "base64url").toString());
    expect({ iss: claims.iss, aud: claims.aud }).toEqual({ iss: url, aud: url });
    const settings = await execa(PYTHON, [
        "-c",
        // settings.py alone (standard library only), without the package's pydantic-based modules.
        "import importlib.util as u; spec = u.spec_from_file_location('settings', 'auth_security/settings.py'); m = u.module_from_spec(spec); " +
          "spec.loader.exec_module(m); s = m.Settings.from_env(); print(s.base_url, s.issuer, s.audience)",
      ], {
      cwd: join(dir, "backend"),
      reject: false,
      all: true,
    });
    expect(settings.stdout.trim(), settings.all).toBe(`${url} ${url} ${url}`);
  });
});

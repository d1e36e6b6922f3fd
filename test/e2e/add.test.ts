// `add-field` and `add plugin` on a real generated service with real users in PostgreSQL: the
// files change, the database migrates, old users keep working, new fields reach the session,
// the JWT and the Python claims model.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Browser, cleanup, cli, fillInstallCache, freshPostgres, sh, sleep, startService, workDir, type Service } from "./harness.js";

const TEN_MINUTES = 10 * 60_000;
const password = "Correct-horse-battery-9";

/** The service as a developer runs it: `npx tsx src/server.ts` (the project's own tsx, so SIGTERM reaches it). */
const start = (dir: string) => startService(dir, [join(dir, "node_modules/.bin/tsx"), "src/server.ts"]);

function decode(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString());
}

async function signUp(service: Service, body: Record<string, unknown>) {
  const browser = new Browser(service.url);
  const res = await browser.request("POST", "/api/auth/sign-up/email", { password, ...body });
  expect(res.status, res.text).toBe(200);
  return { browser, res };
}

describe("add-field and add plugin on a running PostgreSQL project", () => {
  const dir = workDir("add-pg");
  let db: Awaited<ReturnType<typeof freshPostgres>> | undefined;
  let service: Service | undefined;
  afterAll(async () => {
    await service?.stop();
    await db?.drop();
    cleanup(dir);
  });

  it("migrates the new columns, keeps old users, and carries the fields into the session, the JWT and claims.py", { timeout: TEN_MINUTES }, async () => {
    // PostgreSQL is part of CI: if it is unreachable this fails loudly here.
    db = await freshPostgres("cas_add");
    const created = await cli([dir, "--database", "postgres", "--database-url", db.url, "--yes", "--no-git"]);
    expect(created.exitCode, created.all).toBe(0);
    fillInstallCache(dir);

    // Two users before the change.
    service = await start(dir);
    const alice = { email: `alice-${Date.now()}@example.com`, name: "Alice" };
    const bob = { email: `bob-${Date.now()}@example.com`, name: "Bob" };
    await signUp(service, alice);
    await signUp(service, bob);
    expect(await service.stop()).toBe(0);
    service = undefined;

    // A required field without a default cannot be backfilled for Alice and Bob: refused before writing,
    // after a real count through the project's own src/db.ts.
    const manifestBefore = readFileSync(join(dir, "create-auth-service.json"), "utf8");
    const refused = await cli(["add-field", "code:string", "--cwd", dir, "--yes"]);
    expect(refused.exitCode, refused.all).toBe(2);
    expect(refused.all).toMatch(/the user table has 2 row\(s\)[\s\S]*add :default=VALUE or :optional to "code"/);
    expect(readFileSync(join(dir, "create-auth-service.json"), "utf8")).toBe(manifestBefore);

    const dry = await cli(["add-field", "company:string:optional", "level:number:default=1", "--cwd", dir, "--dry-run"]);
    expect(dry.exitCode, dry.all).toBe(0);
    expect(dry.all).toContain("+++ b/src/auth.fields.ts");
    expect(readFileSync(join(dir, "create-auth-service.json"), "utf8")).toBe(manifestBefore);

    const fields = await cli(["add-field", "company:string:optional", "level:number:default=1", "--cwd", dir, "--yes"]);
    expect(fields.exitCode, fields.all).toBe(0);
    expect(fields.all).toMatch(/Added field "company", field "level"/);
    expect(fields.all).toMatch(/Migrated: 0 table\(s\) created, 2 column\(s\) added/);

    const plugin = await cli(["add", "plugin", "username", "--cwd", dir, "--yes"]);
    expect(plugin.exitCode, plugin.all).toBe(0);
    expect(plugin.all).toMatch(/Migrated: .* column\(s\) added/);
    expect(readFileSync(join(dir, "src/auth.ts"), "utf8")).toMatch(/import \{ bearer, username \} from "better-auth\/plugins";[\s\S]*username\(\),/);

    // Idempotent, and the project still type-checks and matches its database.
    const again = await cli(["add-field", "company:string:optional", "level:number:default=1", "--cwd", dir, "--yes"]);
    expect(again.exitCode, again.all).toBe(0);
    expect(again.all).toContain("Nothing changed");
    await sh(dir, "npm", ["run", "typecheck"]);
    await sh(dir, "npm", ["run", "db:check"]);

    const claims = readFileSync(join(dir, "backend/auth_security/claims.py"), "utf8");
    expect(claims).toContain(`"company": (str | None, None),`);
    expect(claims).toContain(`"level": (int, 1),`);

    service = await start(dir);
    // Old users still sign in, and got the default for the new required column.
    for (const user of [alice, bob]) {
      const browser = new Browser(service.url);
      const res = await browser.request("POST", "/api/auth/sign-in/email", { email: user.email, password });
      expect(res.status, res.text).toBe(200);
      const session = await browser.request("GET", "/api/auth/get-session");
      expect(session.json.user).toMatchObject({ email: user.email, level: 1 });
      expect(session.json.user.company ?? null).toBeNull();
    }

    // A new user with the new fields and the new plugin's username.
    const carol = { email: `carol-${Date.now()}@example.com`, name: "Carol", company: "Acme", username: `carol${Date.now() % 100000}` };
    const { browser, res } = await signUp(service, carol);
    expect(res.json.user).toMatchObject({ company: "Acme", level: 1, username: carol.username });
    const session = await browser.request("GET", "/api/auth/get-session");
    expect(session.json.user).toMatchObject({ company: "Acme", level: 1 });
    const token = await browser.request("GET", "/api/auth/token");
    expect(token.status, token.text).toBe(200);
    expect(decode(token.json.token)).toMatchObject({ email: carol.email, company: "Acme", level: 1 });

    // The username plugin works: sign in with the username.
    await sleep(200);
    const byName = await new Browser(service.url).request("POST", "/api/auth/sign-in/username", { username: carol.username, password });
    expect(byName.status, byName.text).toBe(200);

    // The regenerated smoke test (it now sends and expects company and level) passes too.
    await sleep(10_500); // let the sign-in/sign-up rate-limit windows pass
    const smoke = await sh(dir, "npm", ["run", "smoke"], { BASE_URL: service.url });
    expect(smoke).toContain("ok   token claims: company");
    expect(smoke).toContain("Smoke test passed");

    expect(await service.stop(), `graceful shutdown\n${service.logs()}`).toBe(0);
    service = undefined;
  });
});

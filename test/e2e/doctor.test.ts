// `doctor` and `rotate-secret` on one generated SQLite project: healthy, then one problem at a time
// (each must fail exactly its own check, in text and in --json), then a secret rotation that keeps
// sessions and tokens working, then the old secret removed, which only the JWKS check notices.
import { execa } from "execa";
import { createPublicKey, verify } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Browser, cleanup, cli, installCached, PYTHON, sh, startService, workDir, type Service } from "./harness.js";

const FIVE_MINUTES = 5 * 60_000;
const password = "Correct-horse-battery-9";

interface Report {
  ok: boolean;
  checks: { id: string; ok: boolean; message: string; fix: string }[];
}

/** Set (or with null, remove) KEY=value lines in the project's .env; writing in place keeps its mode. */
function editEnv(dir: string, changes: Record<string, string | null>): void {
  const path = join(dir, ".env");
  let lines = readFileSync(path, "utf8").split("\n");
  for (const [key, value] of Object.entries(changes)) {
    const at = lines.findIndex((l) => l.startsWith(`${key}=`));
    if (value === null) lines = lines.filter((_, i) => i !== at);
    else if (at >= 0) lines[at] = `${key}=${value}`;
    else lines.push(`${key}=${value}`);
  }
  writeFileSync(path, lines.join("\n"));
}

async function doctor(dir: string): Promise<{ exitCode: number; text: string; report: Report }> {
  const [text, json] = await Promise.all([cli(["doctor", "--cwd", dir]), cli(["doctor", "--cwd", dir, "--json"])]);
  expect(json.exitCode, json.all).toBe(text.exitCode);
  return { exitCode: text.exitCode ?? -1, text: text.stdout, report: JSON.parse(json.stdout) as Report };
}

/** Exit 1, and the failing checks are exactly `id`, in the text and in the JSON. */
async function failsOnly(dir: string, id: string, mentions: RegExp): Promise<void> {
  const run = await doctor(dir);
  expect(run.exitCode, run.text).toBe(1);
  const failedLines = run.text.split("\n").filter((l) => l.startsWith("FAIL"));
  expect(failedLines.length, run.text).toBeGreaterThan(0);
  for (const line of failedLines) expect(line, run.text).toMatch(new RegExp(`^FAIL  ${id}: .* Fix: \\S`));
  expect(run.text).toMatch(mentions);
  expect(run.report.ok).toBe(false);
  expect([...new Set(run.report.checks.filter((c) => !c.ok).map((c) => c.id))], JSON.stringify(run.report)).toEqual([id]);
  for (const c of run.report.checks.filter((c) => !c.ok)) expect(c.fix.length, c.message).toBeGreaterThan(0);
}

describe("doctor and rotate-secret", () => {
  const dir = workDir("doctor");
  afterAll(() => cleanup(dir));

  it("passes a healthy project, names each broken check, and rotates the secret without signing anyone out", { timeout: FIVE_MINUTES }, async () => {
    const created = await cli([dir, "--yes", "--providers", "github", "--no-install", "--no-migrate", "--no-git"]);
    expect(created.exitCode, created.all).toBe(0);
    await installCached(dir);
    await sh(dir, "npm", ["run", "db:migrate"]);
    editEnv(dir, { GITHUB_CLIENT_ID: "github-app-id", GITHUB_CLIENT_SECRET: "github-app-secret" });
    const healthyEnv = readFileSync(join(dir, ".env"), "utf8");

    // Healthy: through the CLI and through the project's own script (no CLI needed).
    const healthy = await doctor(dir);
    expect(healthy.exitCode, healthy.text).toBe(0);
    expect(healthy.text).toContain("All checks passed.");
    expect(healthy.report.ok).toBe(true);
    expect(healthy.report.checks.map((c) => c.id)).toEqual(["env", "database", "jwks", "versions"]);
    for (const c of healthy.report.checks) expect(Object.keys(c).sort()).toEqual(["fix", "id", "message", "ok"]);
    const own = await execa("npm", ["run", "-s", "doctor", "--", "--json"], { cwd: dir, reject: false });
    expect(own.exitCode, own.stderr).toBe(0);
    expect(JSON.parse(own.stdout)).toEqual(healthy.report);

    // One problem at a time.
    editEnv(dir, { BETTER_AUTH_SECRET: "too-short-secret-12345" });
    await failsOnly(dir, "env", /BETTER_AUTH_SECRET is shorter than 32 characters/);
    writeFileSync(join(dir, ".env"), healthyEnv);

    editEnv(dir, { GITHUB_CLIENT_SECRET: null });
    await failsOnly(dir, "env", /github sign-in is off: GITHUB_CLIENT_SECRET is not set/);
    writeFileSync(join(dir, ".env"), healthyEnv);

    // A database that cannot be opened: a SQLite path under a file (/dev/null), not a directory.
    editEnv(dir, { DATABASE_URL: "file:/dev/null/auth.db" });
    await failsOnly(dir, "database", /db:check failed/);
    writeFileSync(join(dir, ".env"), healthyEnv);

    await sh(dir, "node", ["-e", "require('better-sqlite3')('data/auth.db').exec('ALTER TABLE [user] DROP COLUMN image')"]);
    await failsOnly(dir, "database", /user\.image/);
    await sh(dir, "npm", ["run", "db:migrate"]);
    expect((await doctor(dir)).exitCode).toBe(0);

    // Rotation: a session and a JWT signing key made with the first secret.
    const tsx = ["node_modules/.bin/tsx", "src/server.ts"];
    let service: Service = await startService(dir, tsx);
    const alice = new Browser(service.url);
    let signedBearer = "";
    try {
      const up = await alice.request("POST", "/api/auth/sign-up/email", { email: `alice-${Date.now()}@example.com`, password, name: "Alice" });
      expect(up.status, up.text).toBe(200);
      signedBearer = up.headers.get("set-auth-token") ?? "";
      expect(signedBearer).toContain(".");
      const first = await alice.request("GET", "/api/auth/token");
      expect(first.status, first.text).toBe(200);
    } finally {
      await service.stop();
    }

    const envPath = join(dir, ".env");
    const modeBefore = statSync(envPath).mode & 0o777;
    const firstSecret = /^BETTER_AUTH_SECRET=(.+)$/m.exec(readFileSync(envPath, "utf8"))![1];
    const rotated = await cli(["rotate-secret", "--cwd", dir]);
    expect(rotated.exitCode, rotated.all).toBe(0);
    expect(rotated.all).toContain("Added secret version 2");
    const versions = /^BETTER_AUTH_SECRETS=(.+)$/m.exec(readFileSync(envPath, "utf8"))![1].split(",");
    expect(versions.map((v) => v.split(":")[0])).toEqual(["2", "1"]);
    expect(versions[1]).toBe(`1:${firstSecret}`);
    expect(versions[0]).toMatch(/^2:[A-Za-z0-9_-]{43}$/);
    expect(statSync(envPath).mode & 0o777).toBe(modeBefore);
    expect((await doctor(dir)).exitCode).toBe(0);

    service = await startService(dir, tsx);
    try {
      // The cookie and the signed bearer token from before the rotation still open the session.
      const aliceAgain = new Browser(service.url);
      aliceAgain.cookies = alice.cookies;
      const session = await aliceAgain.request("GET", "/api/auth/get-session");
      expect(session.status, session.text).toBe(200);
      expect(session.json?.user?.name, session.text).toBe("Alice");
      const viaBearer = await new Browser(service.url).request("GET", "/api/auth/get-session", undefined, { authorization: `Bearer ${signedBearer}` });
      expect(viaBearer.json?.user?.name, viaBearer.text).toBe("Alice");

      // A new token is signed with a key the JWKS publishes: its signature verifies with that key,
      // in Node here and in the generated FastAPI module below.
      const token = await aliceAgain.request("GET", "/api/auth/token");
      expect(token.status, token.text).toBe(200);
      const [header, payload, signature] = (token.json.token as string).split(".");
      const { kid, alg } = JSON.parse(Buffer.from(header, "base64url").toString());
      expect(alg).toBe("EdDSA");
      const jwks = await aliceAgain.request("GET", "/api/auth/jwks");
      const jwk = jwks.json.keys.find((k: { kid: string }) => k.kid === kid);
      expect(jwk, jwks.text).toBeDefined();
      const publicKey = createPublicKey({ key: jwk, format: "jwk" });
      expect(verify(null, Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, "base64url"))).toBe(true);
      expect(verify(null, Buffer.from(`${header}.${payload}x`), publicKey, Buffer.from(signature, "base64url"))).toBe(false);
      const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
      expect(claims.iss).toBe(service.url);
      expect(claims.exp * 1000).toBeGreaterThan(Date.now());
      const newSecret = versions[0].slice("2:".length);
      const live = await execa(PYTHON, ["tests/live_check.py", "--base-url", service.url, "--token", token.json.token, `--secret=${newSecret}`], { cwd: join(dir, "backend"), reject: false, all: true });
      expect(live.exitCode, live.all).toBe(0);
      expect(live.all?.toLowerCase()).toContain("hs256");
    } finally {
      await service.stop();
    }

    // The first secret removed: the env is fine, but the signing key it encrypted is now unreadable.
    editEnv(dir, { BETTER_AUTH_SECRETS: versions[0], BETTER_AUTH_SECRET: null });
    await failsOnly(dir, "jwks", /decrypt with no configured secret.*needs the BETTER_AUTH_SECRET it was created with/);
  });
});

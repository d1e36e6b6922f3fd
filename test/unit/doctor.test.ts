// The pure parts of `doctor` and `rotate-secret`: the env rules, BETTER_AUTH_SECRETS, the .env
// rewrite, version ranges, cookie re-signing, the Redis probe against an in-process fake, and the
// checks doctor runs in a Better Auth project this tool did not make.
import { createHmac, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { envChecks } from "../../src/doctor/checks/env.js";
import { redisCheck } from "../../src/doctor/checks/redis.js";
import { satisfies, versionsCheck } from "../../src/doctor/checks/versions.js";
import { formatReport, report } from "../../src/doctor/report.js";
import { rotateEnvText, rotateSecret } from "../../src/doctor/rotate-secret.js";
import { runDoctor } from "../../src/doctor/run-doctor.js";
import { formatSecretVersions, parseSecretVersions } from "../../templates/base/src/secret-versions.js";
import { resign, sign } from "../../templates/base/src/signed-value.js";

const strong = () => randomBytes(32).toString("base64url");
const healthy = () => ({ BETTER_AUTH_SECRET: strong(), BETTER_AUTH_URL: "http://localhost:3001", TRUSTED_ORIGINS: "http://localhost:3000", DATABASE_URL: "file:./data/auth.db" });
const none = { providers: [], sendsMail: false };
const failures = (checks: ReturnType<typeof envChecks>) => checks.filter((c) => !c.ok).map((c) => c.message);

describe("env check", () => {
  it("passes a generated .env and fails each broken rule with its own fix", () => {
    expect(envChecks(healthy(), none)).toEqual([expect.objectContaining({ id: "env", ok: true, fix: "" })]);
    expect(failures(envChecks({ ...healthy(), BETTER_AUTH_SECRET: "short" }, none))).toEqual(["BETTER_AUTH_SECRET is shorter than 32 characters."]);
    expect(failures(envChecks({ ...healthy(), BETTER_AUTH_SECRET: "change-me-change-me-change-me-change-me" }, none))).toEqual(["BETTER_AUTH_SECRET looks like a placeholder."]);
    expect(failures(envChecks({ ...healthy(), BETTER_AUTH_SECRET: undefined }, none))).toEqual(["BETTER_AUTH_SECRET is not set."]);
    expect(failures(envChecks({ ...healthy(), BETTER_AUTH_URL: "not a url" }, none))[0]).toMatch(/BETTER_AUTH_URL="not a url" is not a valid URL/);
    expect(failures(envChecks({ ...healthy(), PORT: "70000" }, none))).toEqual(['PORT="70000" is not a port number.']);
    for (const check of envChecks({ ...healthy(), BETTER_AUTH_SECRET: "short", PORT: "x" }, none)) expect(check.fix.length).toBeGreaterThan(0);
  });

  it("checks every secret version, and BETTER_AUTH_SECRETS alone is enough", () => {
    const secrets = formatSecretVersions([{ version: 2, value: strong() }, { version: 1, value: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" }]);
    expect(failures(envChecks({ ...healthy(), BETTER_AUTH_SECRETS: secrets }, none))).toEqual(["BETTER_AUTH_SECRETS version 1 is a short pattern repeated."]);
    expect(envChecks({ ...healthy(), BETTER_AUTH_SECRET: undefined, BETTER_AUTH_SECRETS: `3:${strong()}` }, none)[0].ok).toBe(true);
    expect(failures(envChecks({ ...healthy(), BETTER_AUTH_SECRETS: "no-version-here" }, none))[0]).toMatch(/entry 1 is not "<version>:<secret>"/);
  });

  it("asks for HTTPS, trusted origins and SMTP in production, and both credentials of each provider", () => {
    const production = { ...healthy(), NODE_ENV: "production", TRUSTED_ORIGINS: "" };
    expect(failures(envChecks(production, { providers: [], sendsMail: true }))).toEqual([
      "BETTER_AUTH_URL is not HTTPS with NODE_ENV=production.",
      "TRUSTED_ORIGINS is empty with NODE_ENV=production.",
      "SMTP_URL is not set with NODE_ENV=production, and this service sends email.",
    ]);
    const ready = { ...production, BETTER_AUTH_URL: "https://auth.example.com", TRUSTED_ORIGINS: "https://app.example.com", SMTP_URL: "smtps://u:p@mail.example.com:465" };
    expect(envChecks(ready, { providers: [], sendsMail: true })[0].ok).toBe(true);
    expect(failures(envChecks({ ...ready, TRUSTED_ORIGINS: "http://app.example.com" }, none))[0]).toMatch(/"http:\/\/app.example.com" is not HTTPS/);
    expect(failures(envChecks({ ...healthy(), GITHUB_CLIENT_ID: "id" }, { providers: ["github"], sendsMail: false }))).toEqual([
      "github sign-in is off: GITHUB_CLIENT_SECRET is not set.",
    ]);
    expect(envChecks({ ...healthy(), GITHUB_CLIENT_ID: "id", GITHUB_CLIENT_SECRET: "s" }, { providers: ["github"], sendsMail: false })[0].ok).toBe(true);
  });
});

describe("BETTER_AUTH_SECRETS and rotate-secret", () => {
  it("parses Better Auth's format strictly and writes it back", () => {
    expect(parseSecretVersions(" 2:abc , 1:def")).toEqual([{ version: 2, value: "abc" }, { version: 1, value: "def" }]);
    expect(formatSecretVersions(parseSecretVersions("2:abc,1:def"))).toBe("2:abc,1:def");
    expect(() => parseSecretVersions("1:a,1:b")).toThrow(/version 1 twice/);
    expect(() => parseSecretVersions("x:a")).toThrow(/entry 1/);
    expect(() => parseSecretVersions("1:")).toThrow(/version 1 has no secret/);
  });

  it("adds a new current version after BETTER_AUTH_SECRET, then in front of the others; the rest of .env stays", () => {
    const first = "# secret\nBETTER_AUTH_SECRET=old-secret\nPORT=3001\n";
    const once = rotateEnvText(first, "new-one");
    expect(once.version).toBe(2);
    expect(once.kept).toEqual([1]);
    expect(parseEnv(once.text)).toEqual({ BETTER_AUTH_SECRET: "old-secret", BETTER_AUTH_SECRETS: "2:new-one,1:old-secret", PORT: "3001" });
    expect(once.text.startsWith("# secret\nBETTER_AUTH_SECRET=old-secret\n# Versioned secrets")).toBe(true);
    const twice = rotateEnvText(once.text, "newer");
    expect(parseEnv(twice.text).BETTER_AUTH_SECRETS).toBe("3:newer,2:new-one,1:old-secret");
    expect(twice.text.split("\n").filter((l) => l.startsWith("BETTER_AUTH_SECRETS="))).toHaveLength(1);
    expect(() => rotateEnvText("PORT=1\n", "x")).toThrow(/neither BETTER_AUTH_SECRET nor BETTER_AUTH_SECRETS/);
  });
});

describe("signed session values across a rotation", () => {
  it("re-signs only what a previous secret signed, in better-call's signature format", () => {
    const [old, current] = [strong(), strong()];
    expect(sign("token", old)).toBe(createHmac("sha256", old).update("token").digest("base64"));
    expect(sign("token", old)).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(resign(`token.${sign("token", old)}`, current, [old])).toBe(`token.${sign("token", current)}`);
    expect(resign(`token.${sign("token", current)}`, current, [old])).toBeNull();
    expect(resign(`token.${sign("token", strong())}`, current, [old])).toBeNull();
    expect(resign("unsigned", current, [old])).toBeNull();
  });
});

describe("version ranges", () => {
  it("reads the forms Better Auth's packages use", () => {
    expect(satisfies("1.7.25", "1.7.25")).toBe(true);
    expect(satisfies("1.7.24", "1.7.25")).toBe(false);
    expect(satisfies("1.7.25", "^1.7.5")).toBe(true);
    expect(satisfies("2.0.0", "^1.7.5")).toBe(false);
    expect(satisfies("0.5.1", "^0.4.2")).toBe(false);
    expect(satisfies("0.29.1", "^0.28.17 || ^0.29.0")).toBe(true);
    expect(satisfies("1.8.0", "~1.7.0")).toBe(false);
    expect(satisfies("1.7.0", ">=1.6.0 <2")).toBe(true);
  });
});

describe("checks on a project folder", () => {
  let dir = "";
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function project(packages: Record<string, object>, env = healthy()): void {
    dir = mkdtempSync(join(tmpdir(), "doctor-"));
    writeFileSync(join(dir, "package.json"), JSON.stringify({ dependencies: { "better-auth": "1.7.25", "@better-auth/passkey": "1.7.6" } }));
    for (const [name, pkg] of Object.entries(packages)) {
      mkdirSync(join(dir, "node_modules", name), { recursive: true });
      writeFileSync(join(dir, "node_modules", name, "package.json"), JSON.stringify(pkg));
    }
    writeFileSync(join(dir, ".env"), Object.entries(env).map(([k, v]) => `${k}=${v}`).join("\n"), { mode: 0o600 });
  }

  const betterAuth = { version: "1.7.25", dependencies: { "@better-auth/core": "1.7.25" } };

  it("versions: pinned companions and plugin peers must match the installed better-auth", () => {
    project({ "better-auth": betterAuth, "@better-auth/core": { version: "1.7.25" }, "@better-auth/passkey": { version: "1.7.6", peerDependencies: { "better-auth": "^1.7.6" } } });
    expect(versionsCheck(dir)).toMatchObject({ id: "versions", ok: true });
    rmSync(dir, { recursive: true, force: true });
    project({ "better-auth": betterAuth, "@better-auth/core": { version: "1.7.24" } });
    const mixed = versionsCheck(dir);
    expect(mixed.ok).toBe(false);
    expect(mixed.message).toContain("@better-auth/core 1.7.24 but better-auth 1.7.25 needs 1.7.25");
    expect(mixed.message).toContain("@better-auth/passkey is in package.json but not installed");
  });

  it("runDoctor outside a generated project: the env, Redis and version checks; refuses a folder without Better Auth", async () => {
    project({ "better-auth": betterAuth, "@better-auth/core": { version: "1.7.25" }, "@better-auth/passkey": { version: "1.7.6" } }, { ...healthy(), BETTER_AUTH_SECRET: "short" });
    const result = await runDoctor(dir);
    expect(result.ok).toBe(false);
    expect(result.checks.map((c) => [c.id, c.ok])).toEqual([["env", false], ["versions", true]]);
    expect(formatReport(result)).toMatch(/^FAIL {2}env: BETTER_AUTH_SECRET is shorter than 32 characters\. Fix: /m);
    const empty = mkdtempSync(join(tmpdir(), "doctor-empty-"));
    await expect(runDoctor(empty)).rejects.toThrow(/is not a Better Auth project/);
    rmSync(empty, { recursive: true });
  });

  it("rotate-secret keeps the .env file's mode", async () => {
    project({});
    const { statSync, readFileSync } = await import("node:fs");
    const rotation = rotateSecret(dir);
    expect(rotation.version).toBe(2);
    expect(statSync(join(dir, ".env")).mode & 0o777).toBe(0o600);
    expect(parseEnv(readFileSync(join(dir, ".env"), "utf8")).BETTER_AUTH_SECRETS).toMatch(/^2:[A-Za-z0-9_-]{43},1:/);
  });
});

describe("redis check", () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  async function fakeRedis(reply: (command: string) => string): Promise<number> {
    server = createServer((socket) => socket.on("data", (d) => socket.write(reply(d.toString()))));
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    return (server.address() as { port: number }).port;
  }

  it("is skipped without REDIS_URL, passes on PONG, fails on refusal, a closed port or a bad URL", async () => {
    expect(await redisCheck(undefined)).toBeNull();
    const port = await fakeRedis((c) => (c.includes("AUTH") ? "-WRONGPASS invalid password\r\n" : "+PONG\r\n"));
    expect(await redisCheck(`redis://127.0.0.1:${port}`)).toMatchObject({ id: "redis", ok: true });
    expect(await redisCheck(`redis://:bad@127.0.0.1:${port}`)).toMatchObject({ ok: false, message: expect.stringContaining("WRONGPASS") });
    server!.close();
    expect(await redisCheck(`redis://127.0.0.1:${port}`, 1000)).toMatchObject({ ok: false, message: expect.stringContaining("unreachable") });
    expect(await redisCheck("http://127.0.0.1:6379")).toMatchObject({ ok: false, message: "REDIS_URL must start with redis:// or rediss://." });
    expect(report([]).ok).toBe(true);
  });
});

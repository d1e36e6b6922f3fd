// doctor and rotate-secret through the built CLI, where they need no install: a folder that is not
// a Better Auth project (exit 2, one sentence, and with --json the report shape saying why), a
// project this tool did not make (the checks that need no project code), and rotate-secret on .env.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const BIN = join(resolve(dirname(fileURLToPath(import.meta.url)), "../.."), "bin", "create-auth-service.js");
const work = mkdtempSync(join(tmpdir(), "cas-doctor-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) =>
    execFile(process.execPath, [BIN, ...args], { cwd: work, env: { ...process.env, CI: "true" } }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

const secret = "q7Vx2mR9tLw4Kp8Zs3Nf6Hj1Bc5Dg0YeXuAiOr_-Ta";

describe("doctor and rotate-secret without an install", () => {
  it("refuses a folder without Better Auth: exit 2, one sentence; --json keeps the report shape", async () => {
    const empty = join(work, "empty");
    mkdirSync(empty);
    const text = await cli(["doctor", "--cwd", empty]);
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(/is not a Better Auth project \(no better-auth in package\.json\); pass --cwd <project dir>\./);
    const json = await cli(["doctor", "--cwd", empty, "--json"]);
    expect(json.code).toBe(2);
    const parsed = JSON.parse(json.stdout);
    expect(parsed).toMatchObject({ ok: false, checks: [], error: { code: "NOT_A_PROJECT" } });
  });

  it("checks env and versions of a Better Auth project it did not make, and says what it left out", async () => {
    const dir = join(work, "other");
    mkdirSync(join(dir, "node_modules/better-auth"), { recursive: true });
    writeFileSync(join(dir, "package.json"), JSON.stringify({ dependencies: { "better-auth": "1.7.25" } }));
    writeFileSync(join(dir, "node_modules/better-auth/package.json"), JSON.stringify({ version: "1.7.25" }));
    writeFileSync(join(dir, ".env"), `BETTER_AUTH_SECRET=${secret}\nBETTER_AUTH_URL=http://localhost:3001\nDATABASE_URL=file:./auth.db\nGITHUB_CLIENT_ID=abc\n`);
    const text = await cli(["doctor", "--cwd", dir]);
    expect(text.code, text.stdout + text.stderr).toBe(1);
    expect(text.stdout).toContain("FAIL  env: github sign-in is off: GITHUB_CLIENT_SECRET is not set. Fix: set GITHUB_CLIENT_SECRET");
    expect(text.stdout).toContain("ok    versions: better-auth 1.7.25");
    expect(text.stdout).toContain("Database and JWKS keys were not checked");
    const json = await cli(["doctor", "--cwd", dir, "--json"]);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(Object.keys(report)).toEqual(["ok", "checks"]);
    expect(report.checks.map((c: { id: string; ok: boolean }) => [c.id, c.ok])).toEqual([["env", false], ["versions", true]]);
    writeFileSync(join(dir, ".env"), `BETTER_AUTH_SECRET=${secret}\nBETTER_AUTH_URL=http://localhost:3001\nDATABASE_URL=file:./auth.db\n`);
    expect((await cli(["doctor", "--cwd", dir])).code).toBe(0);
  });

  it("rotate-secret adds version 2 in front, keeps the old secret and the file's mode; without .env it refuses", async () => {
    const dir = join(work, "rotate");
    mkdirSync(dir);
    writeFileSync(join(dir, ".env"), `BETTER_AUTH_SECRET=${secret}\nPORT=3001\n`, { mode: 0o600 });
    const run = await cli(["rotate-secret", "--cwd", dir]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("Added secret version 2");
    const env = parseEnv(readFileSync(join(dir, ".env"), "utf8"));
    expect(env.BETTER_AUTH_SECRET).toBe(secret);
    expect(env.BETTER_AUTH_SECRETS).toMatch(new RegExp(`^2:[A-Za-z0-9_-]{43},1:${secret}$`));
    expect(statSync(join(dir, ".env")).mode & 0o777).toBe(0o600);
    const missing = await cli(["rotate-secret", "--cwd", join(work, "empty")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/\.env does not exist; run rotate-secret in the service's folder or pass --cwd <project dir>\./);
  });
});

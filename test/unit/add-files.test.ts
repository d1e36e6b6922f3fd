import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { UserError } from "../../src/cli/errors.js";
import { backfillProblem, countUsers } from "../../src/add/backfill.js";
import { appendEnv, envKeys, mergePackageJson } from "../../src/add/files.js";
import { parseFieldSpec } from "../../src/config/field-spec.js";

const github = [
  { key: "GITHUB_CLIENT_ID", value: "", comment: "github OAuth app" },
  { key: "GITHUB_CLIENT_SECRET", value: "" },
];

describe("env files: append only", () => {
  it("reads assigned keys, not commented ones", () => {
    expect([...envKeys("A=1\n# B=2\nexport C=3\n  D = 4\n")]).toEqual(["A", "C", "D"]);
  });

  it("appends the missing keys after the existing bytes", () => {
    const existing = "# mine\nSECRET=abc\nGITHUB_CLIENT_ID=set-by-me\n";
    const { text, added } = appendEnv(existing, github, "env", {});
    expect(added).toEqual(["GITHUB_CLIENT_SECRET"]);
    expect(text).toBe(`${existing}GITHUB_CLIENT_SECRET=\n`);
  });

  it("adds a newline when the file lacks a final one, and keeps CRLF", () => {
    expect(appendEnv("A=1", github, "env", {}).text).toBe("A=1\n# github OAuth app\nGITHUB_CLIENT_ID=\nGITHUB_CLIENT_SECRET=\n");
    expect(appendEnv("A=1\r\n", github.slice(1), "env", {}).text).toBe("A=1\r\nGITHUB_CLIENT_SECRET=\r\n");
  });

  it("returns the same text when nothing is missing", () => {
    const existing = "GITHUB_CLIENT_ID=x\nGITHUB_CLIENT_SECRET=y";
    expect(appendEnv(existing, github, "env", {})).toEqual({ text: existing, added: [] });
  });

  it("draws a fresh secret for a missing secret key, and none in the example", () => {
    const vars = [{ key: "S", value: { secret: true as const }, example: "" }];
    expect(appendEnv("", vars, "env", {}, () => "fresh").text).toBe("S=fresh\n");
    expect(appendEnv("", vars, "example", {}, () => "fresh").text).toBe("S=\n");
  });
});

describe("package.json: add what is missing", () => {
  const rendered = JSON.stringify({ scripts: { dev: "tsx watch src/server.ts", "db:migrate": "tsx scripts/migrate.ts" }, dependencies: { "better-auth": "1.7.25", hono: "^4" }, devDependencies: { tsx: "^4" } });

  it("keeps the user's versions, scripts and other keys; adds the rest sorted", () => {
    const existing = JSON.stringify({ name: "x", scripts: { dev: "my dev" }, dependencies: { zod: "^4", "better-auth": "^1.7.0" }, custom: { keep: true } }, null, 2) + "\n";
    const merged = mergePackageJson(existing, rendered)!;
    const pkg = JSON.parse(merged.text);
    expect(pkg.scripts).toEqual({ dev: "my dev", "db:migrate": "tsx scripts/migrate.ts" });
    expect(pkg.dependencies).toEqual({ zod: "^4", "better-auth": "^1.7.0", hono: "^4" }); // not sorted before: appended
    expect(pkg.devDependencies).toEqual({ tsx: "^4" });
    expect(pkg.custom).toEqual({ keep: true });
    expect(merged.text).toMatch(/^\{\n {2}"name": "x",\n/);
    expect(merged.text.endsWith("}\n")).toBe(true);
    expect(merged.added).toEqual(["hono@^4", "tsx@^4", "script db:migrate"]);
  });

  it("keeps sorted sections sorted, and a dependency in another section counts as present", () => {
    const existing = JSON.stringify({ dependencies: { "better-auth": "1.7.25", zod: "^4" }, peerDependencies: { tsx: "*" }, scripts: { dev: "x", "db:migrate": "y" } }, null, 2);
    const merged = mergePackageJson(existing, rendered)!;
    expect(Object.keys(JSON.parse(merged.text).dependencies)).toEqual(["better-auth", "hono", "zod"]);
    expect(merged.added).toEqual(["hono@^4"]);
    expect(merged.text.endsWith("}")).toBe(true); // no final newline before, none after
  });

  it("returns null (file untouched) when nothing is missing", () => {
    const existing = JSON.stringify({ scripts: { dev: "a", "db:migrate": "b" }, dependencies: { "better-auth": "1", hono: "2" }, devDependencies: { tsx: "3" } });
    expect(mergePackageJson(existing, rendered)).toBeNull();
  });

  it("refuses a package.json that does not parse", () => {
    expect(() => mergePackageJson("{ nope", rendered)).toThrow(UserError);
    expect(() => mergePackageJson("{ nope", rendered)).toThrow(/package.json is not valid JSON/);
  });
});

describe("backfill problems", () => {
  const problem = (spec: string) => backfillProblem(parseFieldSpec(spec).field);
  it("allows optional fields and required scalar fields with a default", () => {
    expect(problem("company:string:optional")).toBeNull();
    expect(problem("level:number:default=1")).toBeNull();
    expect(problem("beta:boolean:default=false")).toBeNull();
  });
  it("flags required fields without a default, and required enums (no SQL default)", () => {
    expect(problem("code:string")).toMatch(/required and has no default/);
    expect(problem("tier:enum(free|pro):default=free")).toMatch(/no column default for enum/);
  });
});

describe("counting users through the project", () => {
  it("a SQLite file that does not exist yet has no rows (and is not created by asking)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cas-count-"));
    writeFileSync(join(dir, ".env"), "DATABASE_URL=file:./data/auth.db\n");
    const runner = vi.fn();
    expect(await countUsers(dir, "sqlite", runner)).toEqual({ count: 0 });
    expect(runner).not.toHaveBeenCalled();
    expect(existsSync(join(dir, "data"))).toBe(false);
  });

  it("without the project's tsx the count cannot run; with it, the project's src/db.ts answers", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cas-count-"));
    expect(await countUsers(dir, "postgres")).toEqual({ error: "the dependencies are not installed" });
    mkdirSync(join(dir, "node_modules/.bin"), { recursive: true });
    mkdirSync(join(dir, "src"));
    writeFileSync(join(dir, "node_modules/.bin/tsx"), "");
    writeFileSync(join(dir, "src/db.ts"), "");
    const runner = vi.fn(async () => ({ ok: true, output: "noise\nCAS_USER_COUNT=7\n" }));
    expect(await countUsers(dir, "postgres", runner)).toEqual({ count: 7 });
    const [command, args, cwd, env] = runner.mock.calls[0] as unknown as [string, string[], string, Record<string, string>];
    expect(command).toBe(join(dir, "node_modules/.bin/tsx"));
    expect(args[0]).toBe("-e");
    expect(cwd).toBe(dir);
    expect(env).toEqual({ CAS_DB_MODULE: `file://${join(dir, "src/db.ts")}`, CAS_DB_DIALECT: "postgres" });
    const failing = vi.fn(async () => ({ ok: false, output: "connect ECONNREFUSED 127.0.0.1:5432" }));
    expect(await countUsers(dir, "postgres", failing)).toEqual({ error: "counting the users failed: connect ECONNREFUSED 127.0.0.1:5432" });
  });
});

describe("package.json: npm overrides a new plugin needs", () => {
  it("adds missing overrides, keeps the user's own, and is idempotent", () => {
    const existing = JSON.stringify({ name: "x", dependencies: { "better-auth": "1.7.25" }, overrides: { "better-call": "1.4.5-user" } }, null, 2) + "\n";
    const rendered = JSON.stringify({ dependencies: { "@better-auth/api-key": "1.7.5" }, overrides: { "better-call": "1.4.5", "@better-auth/utils": "0.5.1" } });
    const merged = mergePackageJson(existing, rendered)!;
    const pkg = JSON.parse(merged.text);
    expect(pkg.overrides).toEqual({ "better-call": "1.4.5-user", "@better-auth/utils": "0.5.1" });
    expect(merged.added).toContain("override @better-auth/utils@0.5.1");
    expect(mergePackageJson(merged.text, rendered)).toBeNull();
  });
});

// The built CLI, spawned as a user would run it: no TTY, CI=true, in throwaway folders.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliResult, ROOT, runCli } from "./run-cli.js";

/** Every run that could succeed skips the slow steps. */
const FAST = ["--no-install", "--no-git"];

let work: string;
let counter = 0;

beforeAll(() => {
  // The CLI runs from dist/, which the suite's global setup (test/setup/build-dist.ts) built from src/.
  work = mkdtempSync(join(tmpdir(), "cas-cli-"));
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A fresh folder to run in. */
function sandbox(): string {
  const dir = join(work, `t${++counter}`);
  mkdirSync(dir);
  return dir;
}

type Result = CliResult;

function cli(args: string[], cwd: string): Promise<Result> {
  return runCli(args, cwd, { NO_COLOR: "1", FORCE_COLOR: "0" });
}

const noStack = (r: Result) => expect(r.stderr).not.toMatch(/^\s{4}at /m);
const errorLines = (r: Result) => r.stderr.split("\n").filter((l) => l.trim() !== "");
const json = (path: string) => JSON.parse(readFileSync(path, "utf8"));

describe.concurrent("create-auth-service CLI", () => {
  it("--help exits 0 and lists the options", async () => {
    const r = await cli(["--help"], sandbox());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--framework");
    expect(r.stdout).toContain("--custom-fields");
    expect(r.stdout).toContain("Exit codes");
  });

  it("help lists the other commands", async () => {
    const r = await cli(["help"], sandbox());
    expect(r.code).toBe(0);
    for (const command of ["create", "generate", "migrate", "schema"]) expect(r.stdout).toContain(command);
  });

  it("--version prints the package version", async () => {
    const r = await cli(["--version"], sandbox());
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(json(join(ROOT, "package.json")).version);
  });

  it("an unknown option exits 2", async () => {
    const cwd = sandbox();
    const r = await cli(["svc", "--frameworx", "hono", "--yes", ...FAST], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--frameworx");
    expect(existsSync(join(cwd, "svc"))).toBe(false);
  });

  it("--framework nope exits 2 with one line naming --framework, no stack", async () => {
    const cwd = sandbox();
    const r = await cli(["svc", "--framework", "nope", "--yes", ...FAST], cwd);
    expect(r.code).toBe(2);
    expect(errorLines(r)).toHaveLength(1);
    expect(r.stderr).toContain("--framework");
    expect(r.stderr).toContain("nope");
    noStack(r);
    expect(existsSync(join(cwd, "svc"))).toBe(false);
  });

  it("without a TTY and without --yes, missing answers exit 2 naming --framework and --database; nothing written", async () => {
    const cwd = sandbox();
    const r = await cli(["svc", ...FAST], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--framework");
    expect(r.stderr).toContain("--database");
    expect(r.stderr).toContain("--yes");
    noStack(r);
    expect(existsSync(join(cwd, "svc"))).toBe(false);
  });

  it("without a TTY, a missing target directory is named too", async () => {
    const cwd = sandbox();
    const r = await cli(["--framework", "hono", "--database", "sqlite", ...FAST], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--project-dir");
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("without --yes, answering everything by flags is enough", async () => {
    const cwd = sandbox();
    const r = await cli(["svc", "--framework", "express", "--database", "sqlite", ...FAST], cwd);
    expect(r.code).toBe(0);
    expect(json(join(cwd, "svc", "package.json")).dependencies).toHaveProperty("express");
  });

  it("--yes --no-install --no-git writes the project and prints the reproducible command", async () => {
    const cwd = sandbox();
    const r = await cli(["my-svc", "--yes", ...FAST], cwd);
    expect(r.code).toBe(0);
    const dir = join(cwd, "my-svc");
    const pkg = json(join(dir, "package.json"));
    expect(pkg.name).toBe("my-svc");
    expect(pkg.dependencies).toHaveProperty("hono");
    expect(readFileSync(join(dir, ".env"), "utf8")).toMatch(/^BETTER_AUTH_SECRET=\S{43,}$/m);
    expect(existsSync(join(dir, "create-auth-service.json"))).toBe(true);
    expect(existsSync(join(dir, "node_modules"))).toBe(false);
    expect(existsSync(join(dir, ".git"))).toBe(false);
    // Run from this checkout, the command names this checkout's script, not a registry package.
    const command = r.stdout.split("\n").find((l) => l.includes("create-auth-service.js my-svc"));
    expect(command?.trim().startsWith(`node ${join(ROOT, "bin/create-auth-service.js")} my-svc`), r.stdout).toBe(true);
    expect(command).toContain("--yes");
    expect(command).toContain("--framework hono");
    expect(r.stdout).toContain("cd my-svc");
    expect(r.stderr).toBe("");
  });

  it("the printed command recreates the same manifest config", async () => {
    const cwd = sandbox();
    const first = await cli(["a", "--yes", "--framework", "express", "--field", "tier:enum(free|pro):default=free", "--providers", "github", ...FAST], cwd);
    expect(first.code).toBe(0);
    const line = first.stdout.split("\n").find((l) => l.includes("create-auth-service.js a "))!.trim();
    // Re-run the printed words (shell-unquote the single-quoted field spec).
    const words = line.match(/'[^']*'|\S+/g)!.map((w) => w.replace(/^'(.*)'$/, "$1")).slice(2);
    words[0] = "b";
    const again = await cli([...words, ...FAST], cwd);
    expect(again.code).toBe(0);
    const config = (d: string) => ({ ...json(join(cwd, d, "create-auth-service.json")).config, projectName: "x" });
    expect(config("b")).toEqual(config("a"));
  });

  it("--dry-run writes nothing and lists the files", async () => {
    const cwd = sandbox();
    const r = await cli(["svc", "--yes", "--dry-run", ...FAST], cwd);
    expect(r.code).toBe(0);
    expect(existsSync(join(cwd, "svc"))).toBe(false);
    expect(r.stdout).toContain("+ package.json");
    expect(r.stdout).toContain("+ src/auth.ts");
    expect(r.stdout).toContain("Nothing was written");
  });

  it("a non-empty target without --force exits 2, leaves the file and adds nothing", async () => {
    const cwd = sandbox();
    const dir = join(cwd, "svc");
    mkdirSync(dir);
    writeFileSync(join(dir, "notes.txt"), "mine\n");
    const r = await cli(["svc", "--yes", ...FAST], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("not empty");
    expect(r.stderr).toContain("--force");
    noStack(r);
    expect(readdirSync(dir)).toEqual(["notes.txt"]);
    expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("mine\n");
  });

  it("a target holding only .git counts as empty", async () => {
    const cwd = sandbox();
    mkdirSync(join(cwd, "svc", ".git"), { recursive: true });
    const r = await cli(["svc", "--yes", ...FAST], cwd);
    expect(r.code).toBe(0);
    expect(existsSync(join(cwd, "svc", "package.json"))).toBe(true);
  });

  it("--force with a different README.md exits 2, README untouched, nothing else written", async () => {
    const cwd = sandbox();
    const dir = join(cwd, "svc");
    mkdirSync(dir);
    writeFileSync(join(dir, "README.md"), "# my own readme\n");
    const r = await cli(["svc", "--yes", "--force", ...FAST], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("README.md");
    expect(r.stderr).toContain("nothing was written");
    noStack(r);
    expect(readdirSync(dir)).toEqual(["README.md"]);
    expect(readFileSync(join(dir, "README.md"), "utf8")).toBe("# my own readme\n");
  });

  it("--force next to an unrelated file succeeds and keeps it", async () => {
    const cwd = sandbox();
    const dir = join(cwd, "svc");
    mkdirSync(dir);
    writeFileSync(join(dir, "notes.txt"), "mine\n");
    const r = await cli(["svc", "--yes", "--force", ...FAST], cwd);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("mine\n");
    expect(existsSync(join(dir, "package.json"))).toBe(true);
    expect(existsSync(join(dir, "src", "auth.ts"))).toBe(true);
  });

  it("a bad field spec exits 2 and shows the bad part", async () => {
    const cwd = sandbox();
    const r = await cli(["svc", "--yes", "--field", "tier:enum(free|pro):default=gold", ...FAST], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"tier:enum(free|pro):default=gold"');
    expect(r.stderr).toContain('default "gold"');
    expect(errorLines(r)).toHaveLength(1);
    noStack(r);
    expect(existsSync(join(cwd, "svc"))).toBe(false);
  });

  it("--database postgres without a URL exits 2 naming --database-url", async () => {
    const cwd = sandbox();
    const r = await cli(["svc", "--yes", "--database", "postgres", ...FAST], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--database-url");
    noStack(r);
    expect(existsSync(join(cwd, "svc"))).toBe(false);
  });

  it("--plugins bearer with the default backend exits 2 mentioning jwt", async () => {
    const cwd = sandbox();
    const r = await cli(["svc", "--yes", "--plugins", "bearer", ...FAST], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("jwt");
    noStack(r);
    expect(existsSync(join(cwd, "svc"))).toBe(false);
  });

  it("--plugins none works with --backend none --api-client none", async () => {
    const cwd = sandbox();
    const r = await cli(["svc", "--yes", "--plugins", "none", "--backend", "none", "--api-client", "none", ...FAST], cwd);
    expect(r.code).toBe(0);
    expect(existsSync(join(cwd, "svc", "backend"))).toBe(false);
    expect(json(join(cwd, "svc", "create-auth-service.json")).config.plugins).toEqual([]);
  });

  it("a config file is overridden by flags: file framework express + --port 4000", async () => {
    const cwd = sandbox();
    writeFileSync(join(cwd, "cas.json"), JSON.stringify({ framework: "express", port: 3500, providers: ["github"] }));
    const r = await cli(["svc", "--yes", "--config", "cas.json", "--port", "4000", ...FAST], cwd);
    expect(r.code).toBe(0);
    const pkg = json(join(cwd, "svc", "package.json"));
    expect(pkg.dependencies).toHaveProperty("express");
    expect(pkg.dependencies).not.toHaveProperty("hono");
    const env = readFileSync(join(cwd, "svc", ".env"), "utf8");
    expect(env).toMatch(/^BETTER_AUTH_URL=http:\/\/localhost:4000$/m);
    expect(env).toMatch(/^GITHUB_CLIENT_ID=/m);
  });

  it("a flag beats the config file: file framework express, --framework hono", async () => {
    const cwd = sandbox();
    writeFileSync(join(cwd, "cas.json"), JSON.stringify({ framework: "express" }));
    const r = await cli(["svc", "--yes", "--config", "cas.json", "--framework", "hono", ...FAST], cwd);
    expect(r.code).toBe(0);
    const pkg = json(join(cwd, "svc", "package.json"));
    expect(pkg.dependencies).toHaveProperty("hono");
    expect(pkg.dependencies).not.toHaveProperty("express");
  });

  it("a config file answers the questions a missing TTY cannot ask", async () => {
    const cwd = sandbox();
    writeFileSync(join(cwd, "cas.json"), JSON.stringify({ framework: "express", database: "sqlite" }));
    const r = await cli(["svc", "--config", "cas.json", ...FAST], cwd);
    expect(r.code).toBe(0);
    expect(json(join(cwd, "svc", "package.json")).dependencies).toHaveProperty("express");
  });

  it("a config file with an unknown key exits 2 naming the key and the file", async () => {
    const cwd = sandbox();
    writeFileSync(join(cwd, "cas.json"), JSON.stringify({ framwork: "express" }));
    const r = await cli(["svc", "--yes", "--config", "cas.json", ...FAST], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"framwork"');
    expect(r.stderr).toContain("cas.json");
    noStack(r);
    expect(existsSync(join(cwd, "svc"))).toBe(false);
  });

  it("a missing config file exits 2", async () => {
    const cwd = sandbox();
    const r = await cli(["svc", "--yes", "--config", "nope.json", ...FAST], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"nope.json"');
    noStack(r);
  });

  it("--project-dir works like the positional argument", async () => {
    const cwd = sandbox();
    const r = await cli(["--project-dir", "other", "--yes", ...FAST], cwd);
    expect(r.code).toBe(0);
    expect(json(join(cwd, "other", "package.json")).name).toBe("other");
  });

  it("a positional and a different --project-dir exit 2", async () => {
    const cwd = sandbox();
    const r = await cli(["one", "--project-dir", "two", "--yes", ...FAST], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--project-dir");
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("--custom-fields holds several specs; the manifest lists both", async () => {
    const cwd = sandbox();
    const r = await cli(["svc", "--yes", "--custom-fields", "role:string tier:string", ...FAST], cwd);
    expect(r.code).toBe(0);
    const manifest = json(join(cwd, "svc", "create-auth-service.json"));
    expect(manifest.config.fields).toEqual(["role:string:optional:no-input", "tier:string:optional:no-input"]);
    expect(readFileSync(join(cwd, "svc", "src", "auth.fields.ts"), "utf8")).toMatch(/role: \{[\s\S]*tier: \{/);
    // The privileged-name notes are printed.
    expect(r.stdout).toContain('"role" looks privileged');
  });

  it("schema prints the JSON Schema with the framework enum", async () => {
    const r = await cli(["schema"], sandbox());
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).properties.framework.enum).toEqual(["hono", "express", "fastify", "nextjs"]);
  });
});

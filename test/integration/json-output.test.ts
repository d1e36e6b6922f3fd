// `--json` on every command, through the built CLI: exactly one JSON object on stdout, whose `ok`
// and error code agree with the exit code, for successes and failures alike.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, type CliResult, runCli } from "./run-cli.js";

const work = mkdtempSync(join(tmpdir(), "cas-json-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Envelope {
  ok: boolean;
  command?: string;
  files?: { path: string; action: string; diff?: string }[];
  steps?: { name: string; ok: boolean; durationMs: number; output?: string }[];
  warnings?: string[];
  nextSteps?: string[];
  error?: { code: string; message: string; flag?: string; path?: string };
  [key: string]: unknown;
}

function cli(args: string[], cwd = work): Promise<CliResult> {
  return runCli(args, cwd, { FORCE_COLOR: "1" });
}

/** Run with --json; stdout must be one JSON object and nothing else (no colours, no progress lines). */
async function json(args: string[], cwd = work): Promise<{ code: number | null; body: Envelope; stderr: string }> {
  const r = await cli([...args, "--json"], cwd);
  const lines = r.stdout.split("\n").filter((l) => l !== "");
  expect(lines, `stdout: ${r.stdout}\nstderr: ${r.stderr}`).toHaveLength(1);
  expect(r.stdout).not.toMatch(/\x1b\[/);
  const body = JSON.parse(lines[0]) as Envelope;
  expect(typeof body).toBe("object");
  // ok and the exit code always agree; a failure names a stable code and no stack.
  if (body.ok) expect(r.code).toBe(0);
  else {
    expect(r.code).toBe(body.error!.code === "STEP_FAILED" ? 1 : 2);
    expect(body.error!.message).not.toMatch(/^\s+at /m);
  }
  return { code: r.code, body, stderr: r.stderr };
}

function expectSuccessShape(body: Envelope, command: string) {
  expect(body).toMatchObject({ ok: true, command });
  for (const key of ["files", "steps", "warnings", "nextSteps"]) expect(Array.isArray(body[key]), key).toBe(true);
}

/** A folder that looks like a generated project with installed dependencies, whose db scripts are tiny shell commands. */
function fakeProject(name: string, scripts: Record<string, string>): string {
  const dir = join(work, name);
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, private: true, scripts }));
  writeFileSync(join(dir, "create-auth-service.json"), JSON.stringify({ tool: "create-auth-service", config: { packageManager: "npm" }, files: {} }));
  return dir;
}

describe.concurrent("--json", () => {
  it("create: the files, no steps skipped into the output, next steps; a dry run writes nothing", async () => {
    const dir = join(work, "created");
    const { body } = await json([dir, "--yes", "--no-install", "--no-git"]);
    expectSuccessShape(body, "create");
    expect(body.files).toContainEqual({ path: "src/auth.ts", action: "created" });
    expect(body.files!.every((f) => existsSync(join(dir, f.path)))).toBe(true);
    expect(body.steps).toEqual([]);
    expect(body.nextSteps).toContain("npm install");

    const dry = await json([join(work, "dry"), "--yes", "--dry-run"]);
    expectSuccessShape(dry.body, "create");
    expect(dry.body.files).toContainEqual({ path: "src/auth.ts", action: "would-create" });
    expect(existsSync(join(work, "dry"))).toBe(false);
  });

  it("create failures: a bad field spec, a value a flag does not take, a non-empty directory, a missing answer", async () => {
    const field = await json([join(work, "f1"), "--yes", "--field", "bad spec!"]);
    expect(field.body.error).toMatchObject({ code: "INVALID_FIELD" });
    expect(field.body.error!.message).toContain("bad spec!");
    expect(existsSync(join(work, "f1"))).toBe(false);

    const choice = await json([join(work, "f2"), "--yes", "--framework", "nope"]);
    expect(choice.body.error).toMatchObject({ code: "INVALID_OPTION", flag: "--framework" });

    const port = await json([join(work, "f3"), "--yes", "--port", "99999"]);
    expect(port.body.error).toMatchObject({ code: "INVALID_OPTION", flag: "--port" });

    const full = join(work, "full");
    mkdirSync(full);
    writeFileSync(join(full, "notes.txt"), "mine\n");
    const conflict = await json([full, "--yes", "--no-install", "--no-git"]);
    expect(conflict.body.error).toMatchObject({ code: "CONFLICT", path: full });

    // --json never prompts: without --yes, what only a prompt could supply is an error, as without a terminal.
    const missing = await json([join(work, "f4")]);
    expect(missing.body.error).toMatchObject({ code: "USAGE" });
    expect(missing.body.error!.message).toContain("--framework");
  });

  it("add-field and add plugin: changed files, diffs in a dry run, the migration as a next step; conflicts and unknown names fail", async () => {
    const dir = join(work, "grown");
    await json([dir, "--yes", "--no-install", "--no-git"]);
    const added = await json(["add-field", "company:string:optional", "--cwd", dir, "--yes", "--no-migrate"]);
    expectSuccessShape(added.body, "add-field");
    expect(added.body.files).toContainEqual({ path: "src/auth.fields.ts", action: "changed" });
    expect(added.body.nextSteps).toEqual(["npm run db:migrate"]);
    expect(readFileSync(join(dir, "src/auth.fields.ts"), "utf8")).toContain("company");

    const noYes = await json(["add-field", "level:number:optional", "--cwd", dir]);
    expect(noYes.body.error).toMatchObject({ code: "USAGE" });
    expect(noYes.body.error!.message).toContain("--yes");

    const changed = await json(["add-field", "company:number", "--cwd", dir, "--yes"]);
    expect(changed.body.error).toMatchObject({ code: "CONFLICT" });

    const badSpec = await json(["add-field", "2fa:string", "--cwd", dir, "--yes"]);
    expect(badSpec.body.error).toMatchObject({ code: "INVALID_FIELD" });

    const dry = await json(["add", "plugin", "two-factor", "--cwd", dir, "--dry-run"]);
    expectSuccessShape(dry.body, "add");
    const auth = dry.body.files!.find((f) => f.path === "src/auth.ts");
    expect(auth).toMatchObject({ action: "would-change" });
    expect(auth!.diff).toContain("+");
    expect(auth!.diff).toContain("twoFactor");

    const unknown = await json(["add", "plugin", "teleport", "--cwd", dir, "--yes"]);
    expect(unknown.body.error).toMatchObject({ code: "INVALID_OPTION" });
    const notProject = await json(["add", "provider", "github", "--cwd", join(work, "nowhere"), "--yes"]);
    expect(notProject.body.error).toMatchObject({ code: "NOT_A_PROJECT" });
  });

  it("generate and migrate: a step with its duration and output; a failing script is STEP_FAILED, exit 1", async () => {
    const dir = fakeProject("scripted", { "db:generate": "echo generated-sql", "db:migrate": "echo migrated-ok", "db:check": "exit 0" });
    const generated = await json(["generate", "--cwd", dir]);
    expectSuccessShape(generated.body, "generate");
    expect(generated.body.steps).toHaveLength(1);
    expect(generated.body.steps![0]).toMatchObject({ name: "npm run db:generate", ok: true });
    expect(generated.body.steps![0].durationMs).toBeGreaterThanOrEqual(0);
    expect(generated.body.steps![0].output).toContain("generated-sql");
    const migrated = await json(["migrate", "--cwd", dir]);
    expect(migrated.body.steps![0]).toMatchObject({ name: "npm run db:migrate", ok: true });

    const broken = fakeProject("broken", { "db:migrate": "echo cannot-connect && exit 3" });
    const failed = await json(["migrate", "--cwd", broken]);
    expect(failed.code).toBe(1);
    expect(failed.body.error).toMatchObject({ code: "STEP_FAILED" });
    expect(failed.body.error!.message).toContain("cannot-connect");
    expect(failed.body.steps).toEqual([expect.objectContaining({ name: "npm run db:migrate", ok: false })]);

    const none = await json(["generate", "--cwd", join(work, "missing")]);
    expect(none.body.error).toMatchObject({ code: "NOT_A_PROJECT" });
  });

  it("Ctrl-C during a step: one object with CANCELLED, exit 130", async () => {
    const dir = fakeProject("slow", { "db:migrate": "node -e \"require('fs').writeFileSync('started', '')\" && sleep 5" });
    const env: NodeJS.ProcessEnv = { ...process.env, CI: "true" };
    const child = spawn(process.execPath, [BIN, "migrate", "--cwd", dir, "--json"], { cwd: work, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    const closed = new Promise<number | null>((done) => child.on("close", done));
    while (!existsSync(join(dir, "started"))) await new Promise((r) => setTimeout(r, 50));
    child.kill("SIGINT");
    expect(await closed).toBe(130);
    const lines = stdout.split("\n").filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ ok: false, command: "migrate", error: { code: "CANCELLED" } });
  });

  it("schema: the JSON Schema under `schema`; an unknown option is USAGE", async () => {
    const { body } = await json(["schema"]);
    expectSuccessShape(body, "schema");
    expect((body.schema as { properties: { framework: { enum: string[] } } }).properties.framework.enum).toContain("hono");
    const bad = await json(["schema", "--pretty"]);
    expect(bad.body).toMatchObject({ ok: false, command: "schema", error: { code: "USAGE" } });
  });

  it("doctor outside a project: { ok: false, checks: [], error } and exit 2", async () => {
    const empty = join(work, "not-a-project");
    mkdirSync(empty);
    const { body } = await json(["doctor", "--cwd", empty]);
    expect(body).toMatchObject({ ok: false, checks: [], error: { code: "NOT_A_PROJECT" } });
  });
});

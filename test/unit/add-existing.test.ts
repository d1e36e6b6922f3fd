// `add-field` / `add plugin` in projects this tool did not make. Every folder under
// test/fixtures/add/ with a case.json is a case: input/ is copied to a temp dir, the request runs,
// and the result must equal input/ overlaid with expected/ (a second run must change nothing).
// An "error" case must refuse (exit 2) with a message matching it, and write nothing.
// UPDATE_FIXTURES=1 writes expected/ from the result (review it!).
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { runAdd } from "../../src/add/run.js";
import { UserError } from "../../src/cli/errors.js";
import { MANIFEST_FILE } from "../../src/manifest.js";
import { captureOutput, changedPaths, fakeDeps, failingRenameFs, options, removeTempDirs, snapshot, tempDir } from "../fixtures/add/helpers.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/add/", import.meta.url));
const cases = readdirSync(FIXTURES).filter((name) => existsSync(join(FIXTURES, name, "case.json")));

interface Case {
  request: { fields?: string[]; plugins?: string[]; providers?: string[] };
  config?: string;
  error?: string;
  output?: string[];
}

let output: ReturnType<typeof captureOutput>;
beforeEach(() => (output = captureOutput()));
afterEach(() => output.restore());
afterAll(removeTempDirs);

function setUp(name: string): { dir: string; spec: Case; run: () => ReturnType<typeof runAdd> } {
  const spec = JSON.parse(readFileSync(join(FIXTURES, name, "case.json"), "utf8")) as Case;
  const dir = tempDir("cas-add-existing-");
  cpSync(join(FIXTURES, name, "input"), dir, { recursive: true });
  const request = { fields: spec.request.fields ?? [], plugins: spec.request.plugins ?? [], providers: spec.request.providers ?? [] };
  const opts = options(dir, spec.config ? { config: join(dir, spec.config) } : {});
  return { dir, spec, run: () => runAdd(request, opts, fakeDeps()) };
}

describe("add in projects not made by the tool (fixtures)", () => {
  it("has cases", () => expect(cases.length).toBeGreaterThanOrEqual(5));

  for (const name of cases) {
    it(name, async () => {
      const { dir, spec, run } = setUp(name);
      const before = snapshot(dir);

      if (spec.error) {
        const error = await run().then(() => null, (e: unknown) => e);
        expect(error, "expected a refusal").toBeInstanceOf(UserError);
        expect((error as UserError).exitCode).toBe(2);
        expect((error as UserError).message).toMatch(new RegExp(spec.error));
        expect(snapshot(dir)).toEqual(before);
        return;
      }

      await run();
      const after = snapshot(dir);
      const expectedDir = join(FIXTURES, name, "expected");
      if (process.env.UPDATE_FIXTURES) {
        rmSync(expectedDir, { recursive: true, force: true });
        for (const path of changedPaths(before, after)) {
          mkdirSync(dirname(join(expectedDir, path)), { recursive: true });
          writeFileSync(join(expectedDir, path), after.get(path)!);
        }
      }
      const expected = new Map(before);
      for (const [path, content] of snapshot(expectedDir)) expected.set(path, content);
      expect(after).toEqual(expected);
      for (const line of spec.output ?? []) expect(output.text()).toContain(line);

      // Idempotent: the same command again changes nothing and says so.
      const second = await run();
      expect(second.written).toEqual([]);
      expect(snapshot(dir)).toEqual(after);
      expect(output.text()).toContain("Nothing changed");
    });
  }
});

describe("add in projects not made by the tool", () => {
  it("the manifest remembers the fields: a later add-field keeps them and edits nothing twice", async () => {
    const { dir, run } = setUp("hand-written-lib");
    await run();
    const first = snapshot(dir);
    const manifest = JSON.parse(first.get(MANIFEST_FILE)!);
    expect(manifest).toMatchObject({ kind: "existing", authConfig: "src/lib/auth.ts", config: { fields: ["company:string:optional:input", "level:number:default=1:input"], plugins: ["two-factor"] } });

    await runAdd({ fields: ["nickname:string:optional"], plugins: [], providers: [] }, options(dir), fakeDeps());
    const after = snapshot(dir);
    expect(changedPaths(first, after)).toEqual([MANIFEST_FILE, "src/lib/auth.fields.ts"]);
    expect(after.get("src/lib/auth.fields.ts")).toMatch(/company:[\s\S]*level:[\s\S]*nickname:/);
  });

  it("a hand edit of the generated auth.fields.ts is a conflict; --force replaces it", async () => {
    const { dir, run } = setUp("hand-written-lib");
    await run();
    writeFileSync(join(dir, "src/lib/auth.fields.ts"), "// mine\n");
    const before = snapshot(dir);
    const error = await runAdd({ fields: ["nickname:string:optional"], plugins: [], providers: [] }, options(dir), fakeDeps()).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toContain("src/lib/auth.fields.ts");
    expect(snapshot(dir)).toEqual(before);
    const { plan } = await runAdd({ fields: ["nickname:string:optional"], plugins: [], providers: [] }, options(dir, { force: true }), fakeDeps());
    expect(plan.forced).toEqual(["src/lib/auth.fields.ts"]);
  });

  it("an auth.fields.ts of the user's own (no manifest) is a conflict", async () => {
    const { dir, run } = setUp("hand-written-lib");
    writeFileSync(join(dir, "src/lib/auth.fields.ts"), "export const mine = 1;\n");
    const error = await run().catch((e) => e);
    expect(error.message).toMatch(/You edited these files.*src\/lib\/auth\.fields\.ts/);
  });

  it("no config found: refused with the lines to add by hand", async () => {
    const dir = tempDir("cas-add-existing-");
    writeFileSync(join(dir, "package.json"), "{}\n");
    const error = await runAdd({ fields: ["company:string:optional"], plugins: [], providers: [] }, options(dir), fakeDeps()).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toMatch(/No Better Auth config found: no betterAuth\(\.\.\.\) call imported from "better-auth" in the project folder[\s\S]*--config <path>/);
  });

  it("several configs in a terminal: the user picks one from the list, and that one is edited", async () => {
    const dir = tempDir("cas-add-existing-");
    cpSync(join(FIXTURES, "hand-written-lib", "input"), dir, { recursive: true });
    mkdirSync(join(dir, "admin"), { recursive: true });
    writeFileSync(join(dir, "admin/auth.ts"), 'import { betterAuth } from "better-auth";\n\nexport const adminAuth = betterAuth({ emailAndPassword: { enabled: true } });\n');
    const offered: string[][] = [];
    const choose = async (_message: string, list: string[]) => (offered.push(list), list.find((l) => l.startsWith("admin/"))!);
    await runAdd({ fields: ["company:string:optional"], plugins: [], providers: [] }, options(dir, { interactive: true }), fakeDeps({ choose }));
    expect(offered).toEqual([["admin/auth.ts:3", "src/lib/auth.ts:6"]]);
    expect(readFileSync(join(dir, "admin/auth.ts"), "utf8")).toContain("user: { additionalFields }");
    expect(existsSync(join(dir, "admin/auth.fields.ts"))).toBe(true);
    expect(existsSync(join(dir, "src/lib/auth.fields.ts"))).toBe(false);
  });

  it("a refused edit's hint spells the fields out and never points at a file that was not written", async () => {
    const { dir } = setUp("two-betterauth-calls");
    const before = snapshot(dir);
    const request = { fields: ["company:string:optional", "plan:enum(free|pro):default=free"], plugins: [], providers: [] };
    const error = await runAdd(request, options(dir, { config: join(dir, "src/lib/auth.ts") }), fakeDeps()).catch((e) => e);
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toMatch(/it has 2 betterAuth\(\.\.\.\) calls/);
    expect(error.message).toMatch(/additionalFields: \{\n {6}company: \{ type: "string", required: false, input: true \},\n {6}plan: \{ type: \["free", "pro"\], required: true, defaultValue: "free", input: false \},/);
    expect(error.message).not.toContain("auth.fields");
    expect(snapshot(dir)).toEqual(before);
  });

  it("refuses a field a plugin in the config already adds (admin's role)", async () => {
    const { dir } = setUp("nextjs-prisma");
    const error = await runAdd({ fields: ["role:string:default=user"], plugins: ["admin"], providers: [] }, options(dir), fakeDeps()).catch((e) => e);
    expect(error.message).toMatch(/Field "role" is already added by the admin plugin/);
  });

  it("a required field without a default is refused (the rows cannot be counted here) unless --force", async () => {
    const { dir } = setUp("hand-written-lib");
    const request = { fields: ["code:string"], plugins: [], providers: [] };
    const error = await runAdd(request, options(dir), fakeDeps()).catch((e) => e);
    expect(error.message).toMatch(/"code" is required and has no default[\s\S]*not made by create-auth-service[\s\S]*add :default=VALUE or :optional/);
    await runAdd(request, options(dir, { force: true }), fakeDeps());
    expect(snapshot(dir).get("src/lib/auth.fields.ts")).toContain("code:");
  });

  it("providers go into socialProviders and the env files; one already configured is left alone; magic-link is refused with the lines to add", async () => {
    const { dir } = setUp("hand-written-lib");
    writeFileSync(join(dir, ".env.example"), "DATABASE_URL=\n");
    await runAdd({ fields: [], plugins: [], providers: ["github"] }, options(dir), fakeDeps());
    const after = snapshot(dir);
    expect(after.get("src/lib/auth.ts")).toMatch(/socialProviders: \{\n {4}github: \{ clientId: process\.env\.GITHUB_CLIENT_ID as string, clientSecret: process\.env\.GITHUB_CLIENT_SECRET as string \},?\n {2}\}/);
    expect(after.get(".env.example")).toMatch(/^DATABASE_URL=\n[\s\S]*GITHUB_CLIENT_ID=\nGITHUB_CLIENT_SECRET=\n$/);
    const again = await runAdd({ fields: [], plugins: [], providers: ["github", "google"] }, options(dir), fakeDeps());
    expect(again.plan.present).toEqual(["provider github"]);
    expect(snapshot(dir).get("src/lib/auth.ts")!.match(/github:/g)).toHaveLength(1);
    expect(snapshot(dir).get("src/lib/auth.ts")).toMatch(/google: \{ clientId: process\.env\.GOOGLE_CLIENT_ID/);
    const magic = await runAdd({ fields: [], plugins: ["magic-link"], providers: [] }, options(dir), fakeDeps()).catch((e) => e);
    expect(magic.message).toMatch(/magicLink\(\{ sendMagicLink/);
  });

  it("--dry-run prints the diff (a new auth.fields.ts against /dev/null) and writes nothing", async () => {
    const { dir } = setUp("hand-written-lib");
    const before = snapshot(dir);
    await runAdd({ fields: ["company:string:optional"], plugins: [], providers: [] }, options(dir, { dryRun: true }), fakeDeps());
    expect(snapshot(dir)).toEqual(before);
    expect(output.text()).toContain("--- /dev/null\n+++ b/src/lib/auth.fields.ts\n@@ -0,0 +1,");
    expect(output.text()).toContain("+  user: { additionalFields },");
  });

  it("a failing write leaves every file byte-identical", async () => {
    for (const n of [1, 2, 3]) {
      const { dir } = setUp("hand-written-lib");
      const before = snapshot(dir);
      const error = await runAdd({ fields: ["company:string:optional"], plugins: [], providers: [] }, options(dir), fakeDeps({ fs: failingRenameFs(n) })).catch((e) => e);
      expect(error?.message).toBe(`injected renameSync failure #${n}`);
      expect(snapshot(dir)).toEqual(before);
    }
  });
});

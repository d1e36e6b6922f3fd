// `add-field` / `add plugin` / `add provider` in a project made by this tool (it has the manifest).
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { runAdd } from "../../src/add/run.js";
import { StepError, UserError } from "../../src/cli/errors.js";
import { formatFieldSpec, parseFieldSpec } from "../../src/config/field-spec.js";
import { resolveConfig } from "../../src/config/resolve.js";
import { MANIFEST_FILE, sha256 } from "../../src/manifest.js";
import { renderProject } from "../../src/render/project.js";
import {
  BASE_CONFIG, captureOutput, changedPaths, failingRenameFs, fakeDeps, generatedProject, options, removeTempDirs, SECRET, snapshot, VERSION,
} from "../fixtures/add/helpers.js";

const field = (fields: string[]) => ({ fields, plugins: [], providers: [] });
const plugin = (plugins: string[]) => ({ fields: [], plugins, providers: [] });
const provider = (providers: string[]) => ({ fields: [], plugins: [], providers });

let output: ReturnType<typeof captureOutput>;
beforeEach(() => (output = captureOutput()));
afterEach(() => output.restore());
afterAll(removeTempDirs);

/** The paths whose render differs between two configs: what add-field may touch (an independent oracle). */
async function renderDifference(before: object, after: object): Promise<string[]> {
  const render = async (partial: object) => {
    const tree = await renderProject(resolveConfig({ ...BASE_CONFIG, ...partial }).config, { toolVersion: VERSION, secret: SECRET });
    return new Map(tree.entries());
  };
  return changedPaths(await render(before), await render(after));
}

async function expectUserError(promise: Promise<unknown>, pattern: RegExp): Promise<UserError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(UserError);
  expect((error as UserError).exitCode).toBe(2);
  expect((error as UserError).message).toMatch(pattern);
  return error as UserError;
}

describe("add-field in a generated project", () => {
  it("changes only the files whose render changes, and a second run changes nothing", async () => {
    const dir = await generatedProject();
    const before = snapshot(dir);
    const deps = fakeDeps();
    const { written } = await runAdd(field(["company:string:optional", "level:number:default=1"]), options(dir), deps);

    const after = snapshot(dir);
    const changed = changedPaths(before, after);
    expect(changed).toEqual(written);
    const oracle = await renderDifference({}, { fields: [...(BASE_CONFIG.fields as string[]), "company:string:optional", "level:number:default=1"] });
    expect(changed).toEqual(oracle);
    for (const path of ["src/auth.fields.ts", "backend/auth_security/claims.py", "api-client/user.ts", "scripts/smoke.ts", "README.md", MANIFEST_FILE])
      expect(changed).toContain(path);
    for (const path of ["src/auth.ts", "src/auth-client.ts", ".env", "package.json"]) expect(changed).not.toContain(path);

    expect(after.get("src/auth.fields.ts")).toMatch(/company: \{\n {4}type: "string",\n {4}required: false,/);
    expect(after.get("backend/auth_security/claims.py")).toContain(`"company": (str | None, None),`);
    expect(after.get("backend/auth_security/claims.py")).toContain(`"level": (int, 1),`);
    expect(after.get("api-client/user.ts")).toContain("level: number;");

    // The manifest knows the fields and the new hashes, so the next run sees these files as untouched.
    const manifest = JSON.parse(after.get(MANIFEST_FILE)!);
    expect(manifest.config.fields).toEqual([
      formatFieldSpec(parseFieldSpec("tier:enum(free|pro):default=free").field),
      "company:string:optional:input",
      "level:number:default=1:input",
    ]);
    for (const path of written.filter((p) => p !== MANIFEST_FILE)) expect(manifest.files[path]).toBe(sha256(after.get(path)!));
    expect(output.text()).toContain(`Added field "company", field "level"`);
    expect(output.text()).toMatch(/Dependencies are not installed[\s\S]*npm install[\s\S]*npm run db:migrate/);
    expect(deps.run).not.toHaveBeenCalled();

    const second = await runAdd(field(["company:string:optional", "level:number:default=1"]), options(dir), deps);
    expect(second.written).toEqual([]);
    expect(snapshot(dir)).toEqual(after);
    expect(output.text()).toMatch(/Nothing changed: field "company", field "level" are already there/);
  });

  it("accepts a spec that canonicalises to the existing one, refuses another spec for the same name", async () => {
    const dir = await generatedProject();
    const before = snapshot(dir);
    const same = await runAdd(field(["tier:enum(free|pro):default=free:no-input"]), options(dir), fakeDeps());
    expect(same.written).toEqual([]);
    await expectUserError(runAdd(field(["tier:enum(free|pro|team):default=free"]), options(dir), fakeDeps()), /Field "tier" already exists as "tier:enum\(free\|pro\):default=free:no-input"/);
    expect(snapshot(dir)).toEqual(before);
  });

  it("refuses a field that a plugin already adds, and a plugin whose column is a custom field", async () => {
    const dir = await generatedProject({ plugins: ["jwt", "bearer", "username"] });
    await expectUserError(runAdd(field(["username:string:optional"]), options(dir), fakeDeps()), /already added by the username plugin/);
    const other = await generatedProject({ fields: ["twoFactorEnabled:boolean:default=false"] });
    await expectUserError(runAdd(plugin(["two-factor"]), options(other), fakeDeps()), /two-factor plugin adds a user column "twoFactorEnabled"/);
  });

  it("refuses unknown plugin and provider names with the valid choices", async () => {
    const dir = await generatedProject();
    await expectUserError(runAdd(plugin(["carrier-pigeon"]), options(dir), fakeDeps()), /Unknown plugin "carrier-pigeon"; use one of jwt, bearer, two-factor/);
    await expectUserError(runAdd(provider(["myspace"]), options(dir), fakeDeps()), /Unknown provider "myspace"; use one of apple/);
  });
});

describe("add plugin / provider in a generated project", () => {
  it("adds two-factor to an auth.ts the user edited: their comment and option survive; second run is a no-op", async () => {
    const dir = await generatedProject();
    const authPath = join(dir, "src/auth.ts");
    const edited = readFileSync(authPath, "utf8")
      .replace(`export const appName`, `// Our team's note: keep sessions short.\nexport const appName`)
      .replace(`  emailAndPassword: {`, `  telemetry: { enabled: false }, // ours\n  emailAndPassword: {`);
    writeFileSync(authPath, edited);
    const before = snapshot(dir);

    const { written } = await runAdd(plugin(["two-factor"]), options(dir), fakeDeps());
    const auth = readFileSync(authPath, "utf8");
    expect(auth).toContain("// Our team's note: keep sessions short.");
    expect(auth).toContain("telemetry: { enabled: false }, // ours");
    expect(auth).toMatch(/import \{ bearer, twoFactor \} from "better-auth\/plugins";/);
    expect(auth).toMatch(/ {4}bearer\(\),\n {4}secretRotation\(env\.PREVIOUS_SECRETS\),\n {4}twoFactor\(\{ issuer: appName \}\),\n {4}auditLog\(\),\n {2}\],/);
    // Only the plugin lines were added: everything else is byte-for-byte the user's file.
    expect(auth.replace("bearer, twoFactor }", "bearer }").replace("    twoFactor({ issuer: appName }),\n", "")).toBe(edited);
    expect(readFileSync(join(dir, "src/auth-client.ts"), "utf8")).toMatch(/twoFactorClient\(\),\n {2}\],/);
    expect(written).toEqual(expect.arrayContaining(["src/auth.ts", "src/auth-client.ts", "README.md", MANIFEST_FILE]));
    expect(JSON.parse(readFileSync(join(dir, MANIFEST_FILE), "utf8")).config.plugins).toEqual(["jwt", "bearer", "two-factor"]);
    expect(changedPaths(before, snapshot(dir))).toEqual(written);

    const after = snapshot(dir);
    expect((await runAdd(plugin(["two-factor"]), options(dir), fakeDeps())).written).toEqual([]);
    expect(snapshot(dir)).toEqual(after);
    expect(output.text()).toContain("Nothing changed: plugin two-factor is already there");
  });

  it("a plugin with its own files (magic-link): untouched auth.ts becomes the new render, new files and env keys arrive", async () => {
    const dir = await generatedProject();
    const env = readFileSync(join(dir, ".env"), "utf8");
    const { written } = await runAdd(plugin(["magic-link"]), options(dir), fakeDeps());
    const next = await renderProject(resolveConfig({ ...BASE_CONFIG, plugins: ["jwt", "bearer", "magic-link"] }).config, { toolVersion: VERSION, secret: SECRET });
    // Every file a fresh project with the plugin would have, except the secrets and the manifest, is now identical.
    for (const [path, content] of next.entries())
      if (![".env", "backend/.env", MANIFEST_FILE].includes(path)) expect(readFileSync(join(dir, path), "utf8"), path).toBe(content);
    expect(written).toEqual(expect.arrayContaining(["src/plugins/magic-link.ts", "src/auth.ts", "src/auth-client.ts"]));
    expect(readFileSync(join(dir, "src/auth.ts"), "utf8")).toMatch(/magicLinkPlugin\(\),/);
    // .env: the old bytes, then the keys the plugin (and what it requires) needs.
    const newEnv = readFileSync(join(dir, ".env"), "utf8");
    expect(newEnv.startsWith(env)).toBe(true);
    expect(newEnv.slice(env.length)).toMatch(/^(# .*\n)?MAIL_OUTBOX=|\nMAIL_OUTBOX=/);
  });

  it("an edited auth.ts gets the plugin merged, and the generated lines it could not merge are listed", async () => {
    const dir = await generatedProject();
    const authPath = join(dir, "src/auth.ts");
    writeFileSync(authPath, readFileSync(authPath, "utf8").replace("export const appName", "// mine\nexport const appName"));
    await runAdd(plugin(["magic-link"]), options(dir), fakeDeps());
    const auth = readFileSync(authPath, "utf8");
    expect(auth).toContain("// mine");
    expect(auth).toMatch(/import \{ magicLinkPlugin \} from "\.\/plugins\/magic-link\.js";[\s\S]*magicLinkPlugin\(\),/);
    const old = await renderProject(resolveConfig(BASE_CONFIG).config, { toolVersion: VERSION, secret: SECRET });
    const next = await renderProject(resolveConfig({ ...BASE_CONFIG, plugins: ["jwt", "bearer", "magic-link"] }).config, { toolVersion: VERSION, secret: SECRET });
    const extra = next.read("src/auth.ts")!.split("\n").filter((l) => l.trim() && !old.read("src/auth.ts")!.split("\n").includes(l) && !auth.split("\n").map((x) => x.trim()).includes(l.trim()) && !l.startsWith("import"));
    if (extra.length) expect(output.text()).toMatch(/src\/auth\.ts has your own edits[\s\S]*add them by hand/);
    for (const line of extra) expect(output.text()).toContain(line);
    // The edited file's hash is not recorded as the tool's: the next run merges again instead of replacing it.
    const manifest = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), "utf8"));
    expect(manifest.files["src/auth.ts"]).not.toBe(sha256(auth));
  });

  it("add provider: .env keeps its bytes and gets only the new keys; .env.example the user edited gets them too", async () => {
    const dir = await generatedProject();
    appendFileSync(join(dir, ".env"), "MY_OWN_KEY=keep-me\n");
    appendFileSync(join(dir, ".env.example"), "MY_OWN_KEY=\n");
    const env = readFileSync(join(dir, ".env"), "utf8");
    const example = readFileSync(join(dir, ".env.example"), "utf8");

    const { written } = await runAdd(provider(["github"]), options(dir), fakeDeps());
    const added = "# github OAuth app; callback URL: <BETTER_AUTH_URL>/api/auth/callback/github\nGITHUB_CLIENT_ID=\nGITHUB_CLIENT_SECRET=\n";
    expect(readFileSync(join(dir, ".env"), "utf8")).toBe(env + added);
    expect(readFileSync(join(dir, ".env.example"), "utf8")).toBe(example + added);
    expect(readFileSync(join(dir, "src/social-providers.ts"), "utf8")).toContain(`const PROVIDERS: string[] = ["github"];`);
    expect(written).not.toContain("src/auth.ts");
    // No schema change: no migration hint.
    expect(output.text()).not.toMatch(/db:migrate/);
  });

  it("package.json the user edited is merged (their dependencies and scripts kept), never a conflict", async () => {
    const dir = await generatedProject();
    const pkgPath = join(dir, "package.json");
    const pkg = JSON.parse(readFileSync(pkgPath, "utf8"));
    pkg.dependencies.zod = "^4.0.0";
    pkg.scripts.lint = "eslint .";
    pkg.scripts.dev = "my own dev";
    writeFileSync(pkgPath, JSON.stringify(pkg, null, 2) + "\n");
    await runAdd(plugin(["admin", "two-factor"]), options(dir), fakeDeps());
    const after = JSON.parse(readFileSync(pkgPath, "utf8"));
    expect(after.dependencies.zod).toBe("^4.0.0");
    expect(after.scripts).toMatchObject({ lint: "eslint .", dev: "my own dev" });
    for (const section of ["dependencies", "devDependencies", "scripts"]) expect(after[section]).toMatchObject(pkg[section]);
    expect(readFileSync(pkgPath, "utf8")).toMatch(/^\{\n {2}"name"/);
  });
});

describe("conflicts, --force, --dry-run, --yes", () => {
  it("a generated file the user edited is a conflict: exit 2 naming it, nothing written; --force replaces it and says so", async () => {
    const dir = await generatedProject();
    appendFileSync(join(dir, "src/auth.fields.ts"), "// my hand edit\n");
    const before = snapshot(dir);
    const error = await expectUserError(runAdd(field(["company:string:optional"]), options(dir), fakeDeps()), /You edited these files[^:]*: src\/auth\.fields\.ts\. Nothing was written/);
    expect(error.message).toContain("--force");
    expect(snapshot(dir)).toEqual(before);

    const { written, plan } = await runAdd(field(["company:string:optional"]), options(dir, { force: true }), fakeDeps());
    expect(plan.forced).toEqual(["src/auth.fields.ts"]);
    expect(written).toContain("src/auth.fields.ts");
    expect(readFileSync(join(dir, "src/auth.fields.ts"), "utf8")).not.toContain("my hand edit");
    expect(output.text()).toContain("--force: replacing your edits in src/auth.fields.ts");
  });

  it("a user-edited file the change does not touch is left alone (no conflict)", async () => {
    const dir = await generatedProject();
    appendFileSync(join(dir, "src/server.ts"), "// mine\n");
    const { written } = await runAdd(field(["company:string:optional"]), options(dir), fakeDeps());
    expect(written).not.toContain("src/server.ts");
    expect(readFileSync(join(dir, "src/server.ts"), "utf8")).toMatch(/\/\/ mine\n$/);
  });

  it("--dry-run prints a unified diff of every file and writes nothing", async () => {
    const dir = await generatedProject();
    const before = snapshot(dir);
    const { plan } = await runAdd(plugin(["two-factor"]), options(dir, { dryRun: true, yes: false }), fakeDeps());
    expect(snapshot(dir)).toEqual(before);
    const text = output.text();
    for (const path of plan.tree.paths()) expect(text).toContain(`--- a/${path}\n+++ b/${path}\n@@ `);
    expect(text).toContain("+    twoFactor({ issuer: appName }),");
    expect(text).toContain("-import { bearer } from \"better-auth/plugins\";\n+import { bearer, twoFactor } from \"better-auth/plugins\";");
    expect(text).toMatch(/Dry run: \d+ file\(s\) would change; nothing was written/);
  });

  it("without a terminal, writing needs --yes (exit 2, nothing written); with a terminal it asks", async () => {
    const dir = await generatedProject();
    const before = snapshot(dir);
    await expectUserError(runAdd(field(["company:string:optional"]), options(dir, { yes: false }), fakeDeps()), /pass --yes/);
    expect(snapshot(dir)).toEqual(before);

    const asked: string[] = [];
    const deps = fakeDeps({ confirm: async (m) => (asked.push(m), false) });
    const cancelled = await runAdd(field(["company:string:optional"]), options(dir, { yes: false, interactive: true }), deps).catch((e) => e);
    expect(cancelled.name).toBe("CancelledError");
    expect(asked).toHaveLength(1);
    expect(snapshot(dir)).toEqual(before);
  });

  it("warns (does not refuse) when the git tree is dirty", async () => {
    const dir = await generatedProject();
    await runAdd(field(["company:string:optional"]), options(dir), fakeDeps({ gitStatus: async () => " M src/server.ts\n" }));
    expect(output.text()).toMatch(/warning: The git working tree has uncommitted changes/);
  });
});

describe("required fields and existing rows", () => {
  it("refuses a required field without a default when the user table has rows; nothing written", async () => {
    const dir = await generatedProject();
    const before = snapshot(dir);
    const deps = fakeDeps({ countUsers: async () => ({ count: 2 }) });
    await expectUserError(runAdd(field(["code:string"]), options(dir), deps), /"code" is required and has no default, but the user table has 2 row\(s\)[\s\S]*add :default=VALUE or :optional to "code"/);
    await expectUserError(runAdd(field(["plan:enum(a|b):default=a"]), options(dir), deps), /no column default for enum fields[\s\S]*add :optional to "plan"/);
    expect(snapshot(dir)).toEqual(before);
    // A default or :optional is fine with rows.
    await runAdd(field(["level:number:default=1", "company:string:optional"]), options(dir), deps);
  });

  it("allows it on an empty table, refuses it when the rows cannot be counted unless --force", async () => {
    const empty = await generatedProject();
    expect((await runAdd(field(["code:string"]), options(empty), fakeDeps())).written).toContain("src/auth.fields.ts");

    const dir = await generatedProject();
    const deps = fakeDeps({ countUsers: async () => ({ error: "the dependencies are not installed" }) });
    await expectUserError(runAdd(field(["code:string"]), options(dir), deps), /cannot be checked \(the dependencies are not installed\)[\s\S]*If the table is empty, pass --force/);
    await runAdd(field(["code:string"]), options(dir, { force: true }), deps);
    expect(output.text()).toMatch(/warning: Could not check whether the user table has rows/);
  });

  it("refuses a unique required field when several rows would share its default", async () => {
    const dir = await generatedProject();
    await expectUserError(runAdd(field(["slug:string:default=x:unique"]), options(dir), fakeDeps({ countUsers: async () => ({ count: 3 }) })), /unique and required/);
  });
});

describe("writing and migrating", () => {
  it("a failing write leaves every file byte-identical (the N-th rename throws)", async () => {
    for (const n of [1, 2, 4, 8]) {
      const dir = await generatedProject();
      const before = snapshot(dir);
      const fs = failingRenameFs(n);
      const error = await runAdd(field(["company:string:optional"]), options(dir), fakeDeps({ fs })).catch((e) => e);
      expect(error?.message, `rename #${n}`).toBe(`injected renameSync failure #${n}`);
      expect(snapshot(dir), `rename #${n}`).toEqual(before);
    }
  });

  it("runs the project's db:migrate when node_modules exists; a failed migration is exit 1 with a retry", async () => {
    const dir = await generatedProject();
    mkdirSync(join(dir, "node_modules"));
    const deps = fakeDeps();
    await runAdd(field(["company:string:optional"]), options(dir), deps);
    expect(deps.run).toHaveBeenCalledWith("npm", ["run", "db:migrate"], dir);
    expect(output.text()).toContain("Migrated: 0 table(s) created, 1 column(s) added.");

    const failing = fakeDeps({ run: async () => ({ ok: false, output: "Migration failed: boom" }) } as never);
    const error = await runAdd(field(["level:number:default=1"]), options(dir), failing).catch((e) => e);
    expect(error).toBeInstanceOf(StepError);
    expect(error.exitCode).toBe(1);
    expect(error.message).toContain("Migration failed: boom");
    expect(error.retry).toBe(`cd ${dir} && npm run db:migrate`);
    // The files were written (exit 1 = a later step failed, files kept).
    expect(readFileSync(join(dir, "src/auth.fields.ts"), "utf8")).toContain("level:");
  });

  it("--no-migrate skips the migration and prints the command", async () => {
    const dir = await generatedProject();
    mkdirSync(join(dir, "node_modules"));
    const deps = fakeDeps();
    await runAdd(field(["company:string:optional"]), options(dir, { migrate: false }), deps);
    expect(deps.run).not.toHaveBeenCalled();
    expect(output.text()).toMatch(/Skipped the migration \(--no-migrate\)[\s\S]*npm run db:migrate/);
  });
});

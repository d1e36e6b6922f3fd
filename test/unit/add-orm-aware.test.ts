// Which new required fields are refused depends on who writes the migration: Drizzle and Prisma
// schemas carry enum defaults as column defaults, Better Auth's own migrator does not. A dry run
// never runs the project's code, and a MySQL project without DATABASE_URL in .env still works.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { backfillProblem } from "../../src/add/backfill.js";
import { runAdd } from "../../src/add/run.js";
import { UserError } from "../../src/cli/errors.js";
import type { CustomField } from "../../src/config/field-spec.js";
import { captureOutput, fakeDeps, generatedProject, options, removeTempDirs, snapshot } from "../fixtures/add/helpers.js";

let output: ReturnType<typeof captureOutput>;
beforeEach(() => (output = captureOutput()));
afterEach(() => output.restore());
afterAll(removeTempDirs);

const plan: CustomField = { name: "plan", type: "enum", values: ["free", "pro"], required: true, defaultValue: "free", unique: false, index: false, input: false, returned: true };

describe("backfillProblem", () => {
  it("a required enum with a default is fine for Drizzle and Prisma, refused for Better Auth's migrator", () => {
    expect(backfillProblem(plan, "drizzle")).toBeNull();
    expect(backfillProblem(plan, "prisma")).toBeNull();
    expect(backfillProblem(plan, "kysely")).toMatch(/"plan" is a required enum field, and Better Auth's migrator writes no column default/);
    expect(backfillProblem({ ...plan, defaultValue: undefined }, "drizzle")).toMatch(/required and has no default/);
    expect(backfillProblem({ ...plan, type: "json", values: undefined }, "drizzle")).toMatch(/required json field/);
  });
});

describe("add-field on generated projects, by ORM", () => {
  const request = { fields: ["plan:enum(free|pro):default=free"], plugins: [], providers: [] };

  it("Drizzle: the enum field is added even when users exist, and the schema gets its column default", async () => {
    const dir = await generatedProject({ database: "postgres", databaseUrl: "postgres://u@localhost/db", orm: "drizzle" });
    await runAdd(request, options(dir, { migrate: false }), fakeDeps({ countUsers: async () => ({ count: 5 }) }));
    expect(readFileSync(join(dir, "src/auth-schema.ts"), "utf8")).toMatch(/plan: text\("plan", \{ enum: \["free", "pro"\] \}\)\.notNull\(\)\.default\("free"\)/);
  });

  it("Kysely: refused when users exist (nothing written); a dry run shows the diff with a warning and counts nothing", async () => {
    const dir = await generatedProject({});
    const before = snapshot(dir);
    const count = vi.fn(async () => ({ count: 3 }));
    const error = await runAdd(request, options(dir), fakeDeps({ countUsers: count })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/user table has 3 row\(s\)/);
    expect(snapshot(dir)).toEqual(before);

    count.mockClear();
    await runAdd(request, options(dir, { dryRun: true }), fakeDeps({ countUsers: count }));
    expect(count).not.toHaveBeenCalled();
    expect(output.text()).toMatch(/The dry run did not check for rows/);
    expect(output.text()).toMatch(/\+\+\+ b\/src\/auth\.fields\.ts/);
    expect(snapshot(dir)).toEqual(before);
  });

  it("MySQL without DATABASE_URL in .env: add-field still plans and writes (the URL is only needed by the service)", async () => {
    const dir = await generatedProject({ database: "mysql", databaseUrl: "mysql://root@localhost:3306/app", orm: "kysely" });
    const envFile = join(dir, ".env");
    writeFileSync(envFile, readFileSync(envFile, "utf8").replace(/^DATABASE_URL=.*\n/m, ""));
    const { written } = await runAdd({ fields: ["company:string:optional"], plugins: [], providers: [] }, options(dir, { migrate: false }), fakeDeps());
    expect(written).toContain("src/auth.fields.ts");
    expect(readFileSync(envFile, "utf8")).not.toContain("DATABASE_URL");
  });
});

describe("add's own input checks", () => {
  it("--cwd naming a file, and a plugin column that differs from a field only by case, are one-sentence refusals", async () => {
    const file = join(await generatedProject({}), "package.json");
    const notDir = await runAdd({ fields: ["company:string:optional"], plugins: [], providers: [] }, options(file), fakeDeps()).catch((e: unknown) => e);
    expect(notDir).toBeInstanceOf(UserError);
    expect((notDir as UserError).message).toBe(`--cwd ${file} is not a readable directory; pass the project directory.`);

    const dir = await generatedProject({ fields: ["Role:string:optional"] });
    const before = snapshot(dir);
    const clash = await runAdd({ fields: [], plugins: ["admin"], providers: [] }, options(dir), fakeDeps()).catch((e: unknown) => e);
    expect(clash).toBeInstanceOf(UserError);
    expect((clash as UserError).message).toMatch(/admin plugin adds a user column "role", which databases treat as the same column as your custom field "Role"/);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe("migrating a project the tool did not make", () => {
  it("with drizzle-kit 0.x and no terminal, the push is not run (it would ask and apply nothing) and the command is printed", async () => {
    const { cpSync, mkdirSync } = await import("node:fs");
    const { tempDir } = await import("../fixtures/add/helpers.js");
    const dir = tempDir("cas-add-push-");
    cpSync(join(import.meta.dirname, "../fixtures/add/drizzle-project/input"), dir, { recursive: true });
    rmSync(join(dir, "drizzle"), { recursive: true, force: true }); // no migration files: the project pushes
    mkdirSync(join(dir, "node_modules/.bin"), { recursive: true });
    mkdirSync(join(dir, "node_modules/drizzle-kit"), { recursive: true });
    writeFileSync(join(dir, "node_modules/.bin/drizzle-kit"), "");
    writeFileSync(join(dir, "node_modules/drizzle-kit/package.json"), JSON.stringify({ version: "0.31.10" }));
    const deps = fakeDeps();
    await runAdd({ fields: ["company:string:optional"], plugins: [], providers: [] }, options(dir, { interactive: false }), deps);
    expect(deps.run).not.toHaveBeenCalled();
    expect(output.text()).toMatch(/Not migrated: drizzle-kit 0\.x asks on its terminal before it pushes, and there is no terminal here\. Update the database from a terminal with:\n {2}npx --no-install drizzle-kit push/);
  });
});

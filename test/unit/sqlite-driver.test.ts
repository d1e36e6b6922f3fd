// The SQLite driver: Node's built-in node:sqlite where the creating Node has it, better-sqlite3
// otherwise; the choice is recorded and kept by every later run. The Node version is injected, so
// these results do not depend on the Node running the tests.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { runAdd } from "../../src/add/run.js";
import { userError } from "./expect-user-error.js";
import { reproducibleCommand } from "../../src/config/reproduce.js";
import { parsePartial, resolveConfig } from "../../src/config/resolve.js";
import type { PartialConfig } from "../../src/config/schema.js";
import { hasNodeSqlite, NODE_SQLITE_ENGINES, type Runtime } from "../../src/config/sqlite-driver.js";
import { MANIFEST_FILE } from "../../src/manifest.js";
import { renderProject } from "../../src/render/project.js";
import { GENERATED_NODE_ENGINES } from "../../src/versions.js";
import { captureOutput, fakeDeps, generatedProject, options, removeTempDirs, snapshot } from "../fixtures/add/helpers.js";

const node = (version: string): Runtime => ({ node: version });
const resolve = (partial: PartialConfig = {}, runtime?: Runtime) => resolveConfig({ projectName: "my-auth", ...partial }, { runtime }).config;
const driverOn = (version: string, partial: PartialConfig = {}) => resolve(partial, node(version)).sqliteDriver;


async function render(partial: PartialConfig, runtime?: Runtime) {
  const tree = await renderProject(resolve(partial, runtime), { toolVersion: "9.9.9", secret: () => "s".repeat(43) });
  const pkg = JSON.parse(tree.read("package.json")!);
  return { tree, pkg, db: tree.read("src/db.ts")!, readme: tree.read("README.md")!, manifest: JSON.parse(tree.read(MANIFEST_FILE)!) };
}

describe("which Node versions have node:sqlite without a flag", () => {
  it.each([
    ["20.19.0", false], ["20.20.2", false], ["22.5.0", false], ["22.12.0", false], ["v22.12.9", false],
    ["22.13.0", true], ["v22.23.5", true], ["23.0.0", false], ["23.3.0", false], ["23.4.0", true],
    ["24.0.0", true], ["26.1.0", true],
  ])("%s → %s", (version, expected) => {
    expect(hasNodeSqlite(version)).toBe(expected);
  });
});

describe("the default driver follows the Node that creates the project", () => {
  it("node:sqlite on Node >= 22.13 (and 23.4+), better-sqlite3 below, where node:sqlite is missing or flagged", () => {
    expect(driverOn("22.13.0")).toBe("node");
    expect(driverOn("24.11.1")).toBe("node");
    expect(driverOn("20.20.2")).toBe("better-sqlite3");
    expect(driverOn("22.12.0")).toBe("better-sqlite3");
    expect(driverOn("23.3.0")).toBe("better-sqlite3");
  });

  it("under Bun stays native: the project's scripts run on whatever Node is installed", () => {
    expect(resolve({}, { node: "24.3.0", bun: "1.3.2" }).sqliteDriver).toBe("better-sqlite3");
  });

  it("without a runtime (add, re-renders) keeps what is recorded, and a config without one is better-sqlite3", () => {
    expect(resolve({ sqliteDriver: "node" }).sqliteDriver).toBe("node");
    expect(resolve().sqliteDriver).toBe("better-sqlite3");
  });

  it("Drizzle and Prisma stay on better-sqlite3; servers have no driver", () => {
    expect(driverOn("24.0.0", { orm: "drizzle" })).toBe("better-sqlite3");
    expect(driverOn("24.0.0", { orm: "prisma" })).toBe("better-sqlite3");
    expect(driverOn("24.0.0", { database: "postgres", databaseUrl: "postgres://u@h/d" })).toBeUndefined();
  });

  it("an explicit choice wins over the default", () => {
    expect(driverOn("24.0.0", { sqliteDriver: "better-sqlite3" })).toBe("better-sqlite3");
    expect(driverOn("22.13.0", { sqliteDriver: "node" })).toBe("node");
    // Nothing runs the project here, so it may be made for a newer Node elsewhere.
    expect(driverOn("20.20.2", { sqliteDriver: "node", migrate: false })).toBe("node");
    expect(driverOn("20.20.2", { sqliteDriver: "node", install: false })).toBe("node");
  });
});

describe("choices that cannot work are refused in one sentence naming the flag", () => {
  it("node:sqlite asked for on a Node without it, when this run would migrate", () => {
    const message = userError(() => resolve({ sqliteDriver: "node" }, node("20.20.2")));
    expect(message).toMatch(/^--sqlite-driver node needs Node >= 22\.13 \(node:sqlite\), but this is Node 20\.20\.2; .*--sqlite-driver better-sqlite3.*--no-migrate/);
  });

  it("node:sqlite with Drizzle or Prisma, and a driver for a server database", () => {
    expect(userError(() => resolve({ orm: "drizzle", sqliteDriver: "node" }, node("24.0.0")))).toMatch(/--sqlite-driver node works with --orm kysely only/);
    expect(userError(() => resolve({ orm: "prisma", sqliteDriver: "node" }))).toMatch(/Prisma's SQLite adapter/);
    expect(userError(() => resolve({ database: "postgres", databaseUrl: "postgres://u@h/d", sqliteDriver: "better-sqlite3" }))).toMatch(/--sqlite-driver is only for --database sqlite/);
  });

  it("an unknown driver names the flag and the choices", () => {
    expect(userError(() => parsePartial({ sqliteDriver: "sqlite3" }, "flags"))).toBe("Invalid value for --sqlite-driver: use one of node, better-sqlite3.");
  });
});

describe("the rendered project", () => {
  it("on node:sqlite: no native dependency, Node 22 engines and types, a DatabaseSync", async () => {
    const { pkg, db, readme, manifest } = await render({}, node("22.23.5"));
    expect(Object.keys(pkg.dependencies).sort()).toEqual(["@hono/node-server", "better-auth", "hono"]);
    expect(JSON.stringify(pkg)).not.toMatch(/sqlite3/);
    expect(pkg.engines).toEqual({ node: NODE_SQLITE_ENGINES });
    expect(NODE_SQLITE_ENGINES).toBe("^22.13.0 || >=23.4.0");
    expect(pkg.devDependencies["@types/node"]).toMatch(/^\^22\./);
    expect(db).toContain('import { DatabaseSync } from "node:sqlite";');
    expect(db).toContain("new DatabaseSync(path)");
    expect(db).not.toContain('from "better-sqlite3"');
    expect(db).toContain("export const database = sqlite;");
    expect(readme).toMatch(/SQLite through Node's built-in `node:sqlite`.*chosen because the project was created on Node 22\.13 or later/);
    expect(manifest.config.sqliteDriver).toBe("node");
  });

  it("on better-sqlite3 (Node 20): the native driver, engines for Node 20, and the reason in the README", async () => {
    const { pkg, db, readme, manifest } = await render({}, node("20.20.2"));
    expect(pkg.dependencies).toHaveProperty("better-sqlite3");
    expect(pkg.devDependencies).toHaveProperty("@types/better-sqlite3");
    expect(pkg.engines).toEqual({ node: GENERATED_NODE_ENGINES });
    expect(pkg.devDependencies["@types/node"]).toMatch(/^\^20\./);
    expect(db).toContain('import Database from "better-sqlite3";');
    expect(db).not.toContain("node:sqlite");
    expect(readme).toMatch(/SQLite through better-sqlite3 .*chosen so the project runs on Node 20: Node's built-in `node:sqlite` needs Node >= 22\.13/);
    expect(manifest.config.sqliteDriver).toBe("better-sqlite3");
  });

  it("the scripts that open the database are the same on both drivers: they import src/db.ts", async () => {
    const [onNode, onNative] = [await render({ plugins: ["jwt", "bearer", "admin"] }, node("24.0.0")), await render({ plugins: ["jwt", "bearer", "admin"] }, node("20.20.2"))];
    for (const path of ["scripts/migrate.ts", "scripts/generate.ts", "scripts/smoke.ts", "scripts/make-admin.ts", "src/auth.ts"])
      expect(onNode.tree.read(path), path).toBe(onNative.tree.read(path));
    expect(onNode.pkg.scripts).toEqual(onNative.pkg.scripts);
  });

  it("the recreate command keeps the recorded driver", () => {
    expect(reproducibleCommand("d", resolve({}, node("22.13.0")))).toContain(" --sqlite-driver node ");
    expect(reproducibleCommand("d", resolve({}, node("20.20.2")))).toContain(" --sqlite-driver better-sqlite3 ");
    expect(reproducibleCommand("d", resolve({ database: "postgres", databaseUrl: "postgres://u@h/d" }))).not.toContain("--sqlite-driver");
  });
});

describe("add keeps the recorded driver", () => {
  let output: ReturnType<typeof captureOutput>;
  beforeEach(() => (output = captureOutput()));
  afterEach(() => output.restore());
  afterAll(removeTempDirs);

  it("a node:sqlite project stays on node:sqlite through add-field and add plugin", async () => {
    const dir = await generatedProject({ sqliteDriver: "node" });
    const before = snapshot(dir);
    await runAdd({ fields: ["company:string:optional"], plugins: ["admin"], providers: [] }, options(dir, { migrate: false }), fakeDeps());
    const after = snapshot(dir);
    expect(JSON.parse(after.get(MANIFEST_FILE)!).config.sqliteDriver).toBe("node");
    expect(after.get("src/db.ts")).toBe(before.get("src/db.ts"));
    expect(after.get("src/db.ts")).toContain("node:sqlite");
    const pkg = JSON.parse(after.get("package.json")!);
    expect(pkg.engines).toEqual({ node: NODE_SQLITE_ENGINES });
    expect(JSON.stringify(pkg)).not.toMatch(/sqlite3/);
    expect(after.get("src/auth.fields.ts")).toContain("company");
  });

  it("a project recorded before the driver was a choice stays on better-sqlite3, even when add runs on a newer Node", async () => {
    const dir = await generatedProject();
    const manifestPath = join(dir, MANIFEST_FILE);
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    delete manifest.config.sqliteDriver;
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
    const before = snapshot(dir);
    await runAdd({ fields: ["company:string:optional"], plugins: [], providers: [] }, options(dir, { migrate: false }), fakeDeps());
    const after = snapshot(dir);
    expect(after.get("src/db.ts")).toBe(before.get("src/db.ts"));
    expect(after.get("src/db.ts")).toContain('from "better-sqlite3"');
    expect(after.get("package.json")).toBe(before.get("package.json"));
    expect(JSON.parse(after.get(MANIFEST_FILE)!).config.sqliteDriver).toBe("better-sqlite3");
  });
});

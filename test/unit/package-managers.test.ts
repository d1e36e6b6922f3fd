// Each package manager gets the peer overrides and install-script permissions in the place it
// reads them, the commands people are told to type are in its spelling, and a package manager
// that is not installed is refused before anything is written.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runAdd } from "../../src/add/run.js";
import { PACKAGE_MANAGERS, type PackageManager } from "../../src/config/catalog.js";
import { resolveConfig } from "../../src/config/resolve.js";
import type { PartialConfig } from "../../src/config/schema.js";
import { mergePackageJson } from "../../src/add/files.js";
import { installScripts, PACKAGE_MANAGER_SPECS } from "../../src/features/package-managers.js";
import { renderProject } from "../../src/render/project.js";
import { checkPackageManager, runScriptCommand } from "../../src/run/package-manager.js";
import { PEER_OVERRIDES } from "../../src/versions.js";
import { captureOutput, fakeDeps, generatedProject, options, removeTempDirs } from "../fixtures/add/helpers.js";

const render = (partial: PartialConfig) =>
  renderProject(resolveConfig({ projectName: "svc", backend: "none", apiClient: "none", framework: "hono", database: "postgres", databaseUrl: "postgres://u@h/db", ...partial }).config, { toolVersion: "0.0.0" });
const withPeers = (packageManager: PackageManager) => render({ packageManager, plugins: ["jwt", "api-key", "passkey"] });
const pkgOf = async (packageManager: PackageManager) => JSON.parse((await withPeers(packageManager)).read("package.json")!);

const apiKey = PEER_OVERRIDES["@better-auth/api-key"]!;
const passkey = PEER_OVERRIDES["@better-auth/passkey"]!;

describe("peer overrides per package manager", () => {
  it("npm: nested `overrides` in package.json, no extra files", async () => {
    const tree = await withPeers("npm");
    const pkg = JSON.parse(tree.read("package.json")!);
    expect(pkg.overrides).toEqual({ "@better-auth/api-key": apiKey, "@better-auth/passkey": passkey });
    expect(pkg).not.toHaveProperty("resolutions");
    expect(tree.has("pnpm-workspace.yaml") || tree.has(".yarnrc.yml")).toBe(false);
  });

  it("pnpm: `parent>child` overrides and allowed builds in pnpm-workspace.yaml, none in package.json", async () => {
    const tree = await withPeers("pnpm");
    const pkg = JSON.parse(tree.read("package.json")!);
    expect(pkg).not.toHaveProperty("overrides");
    expect(pkg).not.toHaveProperty("pnpm");
    const yaml = tree.read("pnpm-workspace.yaml")!;
    for (const [child, version] of Object.entries(apiKey)) expect(yaml).toContain(`  "@better-auth/api-key>${child}": "${version}"\n`);
    for (const [child, version] of Object.entries(passkey)) expect(yaml).toContain(`  "@better-auth/passkey>${child}": "${version}"\n`);
    expect(yaml).toContain(`allowBuilds:\n  "esbuild": true\n`);
  });

  it("yarn: `parent/child` resolutions, node_modules linker, esbuild marked as built", async () => {
    const tree = await withPeers("yarn");
    const pkg = JSON.parse(tree.read("package.json")!);
    expect(pkg).not.toHaveProperty("overrides");
    expect(pkg.resolutions["@better-auth/api-key/better-call"]).toBe(apiKey["better-call"]);
    expect(pkg.resolutions["@better-auth/passkey/@better-fetch/fetch"]).toBe(passkey["@better-fetch/fetch"]);
    expect(Object.keys(pkg.resolutions)).toHaveLength(Object.keys(apiKey).length + Object.keys(passkey).length);
    expect(pkg.dependenciesMeta).toEqual({ esbuild: { built: true } });
    expect(tree.read(".yarnrc.yml")).toBe("nodeLinker: node-modules\n");
  });

  it("bun: top-level `overrides` (one version per package) and trustedDependencies", async () => {
    const pkg = await pkgOf("bun");
    expect(pkg.overrides).toEqual({ ...apiKey, ...passkey });
    expect(pkg.trustedDependencies).toEqual(["esbuild"]);
  });

  it("without plugins that need them, no override field for any manager", async () => {
    for (const packageManager of PACKAGE_MANAGERS) {
      const tree = await render({ packageManager, plugins: ["jwt"] });
      const pkg = JSON.parse(tree.read("package.json")!);
      expect(pkg, packageManager).not.toHaveProperty("overrides");
      expect(pkg, packageManager).not.toHaveProperty("resolutions");
      expect(tree.read("pnpm-workspace.yaml") ?? "", packageManager).not.toContain("overrides");
    }
  });

  it("better-sqlite3's native build is allowed wherever install scripts are opt-in", async () => {
    expect(installScripts(["better-sqlite3", "tsx", "drizzle-kit"])).toEqual(["better-sqlite3", "esbuild"]);
    const sqlite: PartialConfig = { database: "sqlite", databaseUrl: "file:./data/auth.db", sqliteDriver: "better-sqlite3", plugins: ["jwt"] };
    expect((await render({ ...sqlite, packageManager: "pnpm" })).read("pnpm-workspace.yaml")).toContain(`  "better-sqlite3": true\n`);
    expect(JSON.parse((await render({ ...sqlite, packageManager: "bun" })).read("package.json")!).trustedDependencies).toContain("better-sqlite3");
    expect(JSON.parse((await render({ ...sqlite, packageManager: "yarn" })).read("package.json")!).dependenciesMeta["better-sqlite3"]).toEqual({ built: true });
  });
});

describe("add merges the manager's settings", () => {
  it("adds missing resolutions and trusted packages, keeps the user's own", () => {
    const existing = JSON.stringify({ name: "svc", resolutions: { "@better-auth/api-key/better-call": "9.9.9" }, trustedDependencies: ["sharp"] }, null, 2) + "\n";
    const rendered = JSON.stringify({ resolutions: { "@better-auth/api-key/better-call": "1.4.5", "@better-auth/api-key/@better-auth/utils": "0.5.1" }, trustedDependencies: ["esbuild", "sharp"] });
    const merged = mergePackageJson(existing, rendered)!;
    const pkg = JSON.parse(merged.text);
    expect(pkg.resolutions).toEqual({ "@better-auth/api-key/better-call": "9.9.9", "@better-auth/api-key/@better-auth/utils": "0.5.1" });
    expect(pkg.trustedDependencies).toEqual(["sharp", "esbuild"]);
    expect(merged.added).toEqual(["resolution @better-auth/api-key/@better-auth/utils@0.5.1", "trustedDependencies esbuild"]);
    expect(mergePackageJson(merged.text, rendered)).toBeNull();
  });
});

describe("commands in the manager's spelling", () => {
  it("scripts, in printed steps and the README", async () => {
    expect(PACKAGE_MANAGERS.map((pm) => runScriptCommand(pm, "db:migrate"))).toEqual(["npm run db:migrate", "pnpm run db:migrate", "yarn run db:migrate", "bun run db:migrate"]);
    expect(runScriptCommand("deno", "dev")).toBe("deno run dev");
    const readme = (await render({ packageManager: "bun", plugins: ["jwt"] })).read("README.md")!;
    expect(readme).toContain("bun run db:migrate");
    expect(readme).not.toMatch(/npm run (dev|smoke|db:migrate)/);
    expect(readme).toContain("Bun: the scripts run the TypeScript with tsx under Node");
    const yarnReadme = (await render({ packageManager: "yarn", plugins: ["jwt"] })).read("README.md")!;
    expect(yarnReadme).toContain("nodeLinker: node-modules");
    expect(yarnReadme).toContain("yarn run dev");
    expect(yarnReadme).not.toContain("npx create-auth-service");
    expect(PACKAGE_MANAGER_SPECS.bun.exec).toBe("bunx");
  });
});

describe("a package manager that is not installed", () => {
  it("is refused with a sentence naming --package-manager; an installed one passes", async () => {
    const probed: string[] = [];
    const missing = await checkPackageManager("pnpm", async (pm) => (probed.push(pm), false));
    expect(probed).toEqual(["pnpm"]);
    expect(missing).toMatch(/^--package-manager pnpm: pnpm was not found on PATH/);
    expect(missing).toContain("--no-install");
    expect(await checkPackageManager("yarn", async () => true)).toBeNull();
  });
});

describe("add plugin in a project made for another manager", () => {
  afterAll(removeTempDirs);
  const read = (dir: string, path: string) => readFileSync(join(dir, path), "utf8");

  it("pnpm: the new plugin's overrides land in pnpm-workspace.yaml, not in package.json", async () => {
    const dir = await generatedProject({ packageManager: "pnpm", plugins: ["jwt"] });
    expect(read(dir, "pnpm-workspace.yaml")).not.toContain("overrides");
    const output = captureOutput();
    try {
      await runAdd({ fields: [], plugins: ["api-key"], providers: [] }, options(dir), fakeDeps());
    } finally {
      output.restore();
    }
    expect(read(dir, "pnpm-workspace.yaml")).toContain(`"@better-auth/api-key>better-call": "${apiKey["better-call"]}"`);
    expect(JSON.parse(read(dir, "package.json"))).not.toHaveProperty("overrides");
    expect(output.text()).toContain("pnpm install");
  });

  it("yarn and bun: resolutions / top-level overrides are merged into package.json", async () => {
    for (const [pm, key, entry] of [["yarn", "resolutions", "@better-auth/passkey/@better-fetch/fetch"], ["bun", "overrides", "@better-fetch/fetch"]] as const) {
      const dir = await generatedProject({ packageManager: pm, plugins: ["jwt"] });
      const output = captureOutput();
      try {
        await runAdd({ fields: [], plugins: ["passkey"], providers: [] }, options(dir), fakeDeps());
      } finally {
        output.restore();
      }
      expect(JSON.parse(read(dir, "package.json"))[key][entry], pm).toBe(passkey["@better-fetch/fetch"]);
    }
  });
});

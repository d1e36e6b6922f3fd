import { createHash } from "node:crypto";
import { createFsFromVolume, Volume } from "memfs";
import { beforeAll, describe, expect, it } from "vitest";
import { PLUGINS } from "../../src/config/catalog.js";
import { resolveConfig, type ResolvedConfig } from "../../src/config/resolve.js";
import type { PartialConfig } from "../../src/config/schema.js";
import { MANIFEST_FILE, type Manifest } from "../../src/manifest.js";
import { commitTree, planCommit, type FileSystem } from "../../src/render/commit.js";
import { renderProject } from "../../src/render/project.js";
import type { Tree } from "../../src/render/tree.js";
import { VERSIONS } from "../../src/versions.js";

const config = (partial: PartialConfig = {}): ResolvedConfig => resolveConfig({ projectName: "my-auth", ...partial }).config;
const render = (c: ResolvedConfig) => renderProject(c, { toolVersion: "9.9.9" });
const sha = (s: string) => createHash("sha256").update(s).digest("hex");
const json = <T = Record<string, unknown>>(tree: Tree, path: string): T => JSON.parse(tree.read(path)!) as T;
const envOf = (text: string) =>
  Object.fromEntries(text.split("\n").filter((l) => l && !l.startsWith("#")).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));

const FULL: PartialConfig = {
  framework: "express",
  database: "postgres",
  databaseUrl: "postgres://postgres:pw@127.0.0.1:5432/auth",
  providers: ["github", "google"],
  plugins: [...PLUGINS],
  fields: ["tier:enum(free|pro):default=free", "nickname:string:optional", "credits:number", "tags:string[]:optional:no-return", "isStaff:boolean:input"],
  apiClient: "axios",
  port: 4010,
};

describe("renderProject: default config", () => {
  let tree: Tree;
  beforeAll(async () => {
    tree = await render(config());
  });

  it("has the base, hono, sqlite, kysely, jwt, fastapi and fetch client files", () => {
    const paths = tree.paths();
    for (const p of [
      "package.json", "README.md", ".gitignore", ".env", ".env.example", MANIFEST_FILE, "tsconfig.json",
      "src/auth.ts", "src/auth.fields.ts", "src/auth-client.ts", "src/server.ts", "src/db.ts", "src/env.ts",
      "src/plugins/jwt.ts", "scripts/smoke.ts", "scripts/migrate.ts", "scripts/generate.ts",
      "backend/requirements.txt", "backend/auth_security/claims.py", "backend/.env", "backend/.env.example",
      "api-client/index.ts", "api-client/token-cache.ts",
    ]) expect(paths, p).toContain(p);
    expect(paths).not.toContain("src/plugins/magic-link.ts");
    expect(paths).not.toContain("src/mailer.ts");
    // Template-only names never leak into the output.
    expect(paths.filter((p) => p.endsWith(".hbs"))).toEqual([]);
    expect(paths).not.toContain("_gitignore");
  });

  it("package.json takes every version from src/versions.ts", () => {
    const pkg = json<{ name: string; type: string; dependencies: Record<string, string>; devDependencies: Record<string, string>; scripts: Record<string, string> }>(tree, "package.json");
    expect(pkg.name).toBe("my-auth");
    expect(pkg.type).toBe("module");
    expect(Object.keys(pkg.dependencies).sort()).toEqual(["@hono/node-server", "better-auth", "better-sqlite3", "hono"]);
    expect(pkg.devDependencies).toHaveProperty("@types/better-sqlite3");
    expect(pkg.devDependencies).not.toHaveProperty("@types/express");
    for (const [name, version] of [...Object.entries(pkg.dependencies), ...Object.entries(pkg.devDependencies)])
      expect(version, name).toBe(VERSIONS[name as keyof typeof VERSIONS]);
    expect(pkg.dependencies).not.toHaveProperty("axios");
    expect(pkg.dependencies).not.toHaveProperty("express");
    expect(pkg.dependencies).not.toHaveProperty("pg");
    expect(pkg.scripts).toMatchObject({ dev: expect.any(String), smoke: expect.any(String), "db:migrate": expect.any(String) });
  });

  it(".env holds a fresh 43+ character secret; .env.example holds none", async () => {
    const env = envOf(tree.read(".env")!);
    expect(env.BETTER_AUTH_SECRET.length).toBeGreaterThanOrEqual(43);
    expect(env.BETTER_AUTH_SECRET).toMatch(/^[A-Za-z0-9_-]+$/);
    // The port is said once, in BETTER_AUTH_URL; PORT stays empty (src/env.ts then takes the URL's).
    expect(env.PORT).toBe("");
    expect(env.JWT_AUDIENCE).toBe("");
    expect(env.DATABASE_URL).toBe("file:./data/auth.db");
    expect(env.BETTER_AUTH_URL).toBe("http://localhost:3001");

    const again = envOf((await render(config())).read(".env")!);
    expect(again.BETTER_AUTH_SECRET).not.toBe(env.BETTER_AUTH_SECRET);

    const example = envOf(tree.read(".env.example")!);
    expect(Object.keys(example)).toEqual(Object.keys(env));
    expect(example.BETTER_AUTH_SECRET).toBe("");
    expect(tree.read(".env.example")).not.toContain(env.BETTER_AUTH_SECRET);
  });

  it("the secret can be injected for reproducible output", async () => {
    const a = await renderProject(config(), { toolVersion: "1", secret: () => "s".repeat(43) });
    expect(envOf(a.read(".env")!).BETTER_AUTH_SECRET).toBe("s".repeat(43));
  });

  it(".gitignore ignores .env but not .env.example", () => {
    const lines = tree.read(".gitignore")!.split("\n");
    expect(lines).toContain(".env");
    expect(lines).toContain("!.env.example");
    expect(lines).toContain("node_modules/");
  });

  it("auth.ts lists the default plugins in order", () => {
    const auth = tree.read("src/auth.ts")!;
    const jwt = auth.indexOf("jwtPlugin(),");
    const bearer = auth.indexOf("bearer(),");
    expect(jwt).toBeGreaterThan(auth.indexOf("plugins: ["));
    expect(bearer).toBeGreaterThan(jwt);
    expect(auth).toContain('import { bearer } from "better-auth/plugins";');
    expect(auth).not.toContain("admin(");
    expect(auth).toContain('appName = "my-auth"');
  });

  it("auth.fields.ts is empty without fields", () => {
    const fields = tree.read("src/auth.fields.ts")!;
    expect(fields).toMatch(/additionalFields = \{\s*\}/);
    expect(fields).toMatch(/claimFieldNames = \[\s*\] as const/);
  });

  it("the manifest records the config and sha256 of every tracked file, but not .env", () => {
    const manifest = json<Manifest>(tree, MANIFEST_FILE);
    expect(manifest.tool).toBe("create-auth-service");
    expect(manifest.version).toBe("9.9.9");
    expect(manifest.config).toMatchObject({ framework: "hono", database: "sqlite", plugins: ["jwt", "bearer"], fields: [] });
    expect(manifest.config).not.toHaveProperty("databaseUrl");
    expect(manifest.config).not.toHaveProperty("install");
    const tracked = Object.keys(manifest.files).sort();
    expect(tracked).toEqual(tree.paths().filter((p) => p !== ".env" && p !== "backend/.env" && p !== MANIFEST_FILE));
    for (const p of tracked) expect(manifest.files[p], p).toBe(sha(tree.read(p)!));
  });
});

describe("renderProject: express + postgres + fields + providers + all plugins", () => {
  let tree: Tree;
  beforeAll(async () => {
    tree = await render(config(FULL));
  });

  it("has the feature files", () => {
    const paths = tree.paths();
    expect(paths).toContain("src/plugins/magic-link.ts");
    expect(paths).toContain("src/mailer.ts");
    expect(paths).toContain("src/plugins/jwt.ts");
    expect(paths).toContain("api-client/index.ts");
    expect(tree.read("src/server.ts")).toMatch(/express/);
    expect(tree.read("src/db.ts")).toMatch(/\bpg\b/);
  });

  it("package.json depends on express, pg and axios at the pinned versions, not hono or sqlite", () => {
    const pkg = json<{ dependencies: Record<string, string>; devDependencies: Record<string, string> }>(tree, "package.json");
    expect(pkg.dependencies).toEqual({
      axios: VERSIONS.axios, "better-auth": VERSIONS["better-auth"], cors: VERSIONS.cors, express: VERSIONS.express, pg: VERSIONS.pg,
      "@better-auth/api-key": VERSIONS["@better-auth/api-key"], "@better-auth/passkey": VERSIONS["@better-auth/passkey"], nodemailer: VERSIONS.nodemailer,
    });
    expect(pkg.devDependencies).toMatchObject({ "@types/express": VERSIONS["@types/express"], "@types/pg": VERSIONS["@types/pg"] });
    expect(pkg.devDependencies).not.toHaveProperty("@types/better-sqlite3");
  });

  it(".env has the postgres URL, the port and provider credentials; .env.example a placeholder URL", () => {
    const env = envOf(tree.read(".env")!);
    expect(env.DATABASE_URL).toBe(FULL.databaseUrl);
    expect(env.PORT).toBe("");
    expect(env.BETTER_AUTH_URL).toBe("http://localhost:4010");
    // The one value each env file holds: nothing else names the port.
    expect([...tree.read(".env")!.matchAll(/4010/g)]).toHaveLength(1);
    expect([...tree.read("backend/.env")!.matchAll(/4010/g)]).toHaveLength(1);
    expect(env).toHaveProperty("GITHUB_CLIENT_ID");
    expect(env).toHaveProperty("GOOGLE_CLIENT_SECRET");
    expect(env).toHaveProperty("MAIL_OUTBOX");
    const example = tree.read(".env.example")!;
    expect(example).not.toContain("pw@");
    expect(envOf(example).DATABASE_URL).toMatch(/^postgres:\/\//);
  });

  it("auth.ts lists every plugin in the given order", () => {
    const auth = tree.read("src/auth.ts")!;
    const calls = ["jwtPlugin()", "bearer()", "twoFactor(", "username()", "magicLinkPlugin()", "organizationPlugin()", "admin()"];
    const positions = calls.map((c) => auth.indexOf(c, auth.indexOf("plugins: [")));
    for (const [i, pos] of positions.entries()) expect(pos, calls[i]).toBeGreaterThan(0);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // better-auth/plugins imported once, with every name.
    const imports = auth.split("\n").filter((l) => l.includes('from "better-auth/plugins"'));
    expect(imports).toHaveLength(1);
    expect(imports[0]).toContain("admin");
    expect(imports[0]).toContain("twoFactor");
  });

  it("auth.fields.ts has each field, input: false for privileged ones", () => {
    const fields = tree.read("src/auth.fields.ts")!;
    const block = (name: string) => {
      const m = new RegExp(`\\n  ${name}: \\{\\n([\\s\\S]*?)\\n  \\},`).exec(fields);
      expect(m, name).not.toBeNull();
      return m![1];
    };
    expect(block("tier")).toContain('type: ["free", "pro"]');
    expect(block("tier")).toContain('defaultValue: "free"');
    expect(block("tier")).toContain("input: false");
    expect(block("credits")).toContain("input: false");
    expect(block("credits")).toContain("required: false");
    expect(block("nickname")).toContain("input: true");
    expect(block("nickname")).toContain("required: false");
    expect(block("isStaff")).toContain("input: true");
    expect(block("tags")).toContain("returned: false");
    // Claims exclude no-return fields.
    expect(fields).toMatch(/claimFieldNames = \[\s*"tier",\s*"nickname",\s*"credits",\s*"isStaff",\s*\]/);
  });

  it("the manifest lists the fields as canonical specs and the plugins", () => {
    const manifest = json<Manifest>(tree, MANIFEST_FILE);
    expect(manifest.config.fields).toEqual([
      "tier:enum(free|pro):default=free:no-input",
      "nickname:string:optional:input",
      "credits:number:optional:no-input",
      "tags:string[]:optional:input:no-return",
      "isStaff:boolean:input",
    ]);
    expect(manifest.config.plugins).toEqual([...PLUGINS]);
    expect(manifest.config.providers).toEqual(["github", "google"]);
    expect(JSON.stringify(manifest)).not.toContain("pw@");
  });
});

describe("renderProject: feature switches", () => {
  it("backend none → no backend/, api-client none → no api-client/", async () => {
    const tree = await render(config({ backend: "none", apiClient: "none" }));
    expect(tree.paths().filter((p) => p.startsWith("backend/"))).toEqual([]);
    expect(tree.paths().filter((p) => p.startsWith("api-client/"))).toEqual([]);
    expect(tree.read(".env")).not.toContain("AUTH_AUDIENCE");
  });

  it("plugins [] → no jwt plugin file, an empty plugin list", async () => {
    const tree = await render(config({ plugins: [], backend: "none", apiClient: "none" }));
    expect(tree.has("src/plugins/jwt.ts")).toBe(false);
    expect(tree.read("src/auth.ts")).toMatch(/plugins: \[\n {4}secretRotation\(env\.PREVIOUS_SECRETS\),\n {4}auditLog\(\),\n {2}\],/);
    expect(tree.read(".env")).not.toContain("JWT_AUDIENCE");
  });

  it("fetch client has no axios dependency and no axios import", async () => {
    const tree = await render(config({ apiClient: "fetch" }));
    expect(json<{ dependencies: object }>(tree, "package.json").dependencies).not.toHaveProperty("axios");
    expect(tree.read("api-client/index.ts")).not.toMatch(/from "axios"/);
    const axios = await render(config({ apiClient: "axios" }));
    expect(axios.read("api-client/index.ts")).toMatch(/axios/);
  });
});

describe("commit a rendered tree into memfs", () => {
  it("writes every file and reads them back byte for byte", async () => {
    const tree = await render(config(FULL));
    const vol = new Volume();
    const fs = createFsFromVolume(vol) as unknown as FileSystem;
    const plan = planCommit(tree, "/proj", fs);
    expect(plan.create).toEqual(tree.paths());
    expect(plan.conflicts).toEqual([]);
    commitTree(tree, "/proj", plan, fs);

    const written = Object.keys(vol.toJSON()).map((p) => p.slice("/proj/".length)).sort();
    expect(written).toEqual(tree.paths());
    for (const [path, content] of tree.entries()) expect(fs.readFileSync(`/proj/${path}`, "utf8"), path).toBe(content);
    // No temporary files left behind.
    expect(written.filter((p) => p.includes(".cas-"))).toEqual([]);

    // Committing the same tree again changes nothing.
    const again = planCommit(tree, "/proj", fs);
    expect(again.unchanged).toEqual(tree.paths());
    expect(again.create).toEqual([]);
  });

  it("a second render conflicts only on files with fresh secrets", async () => {
    const vol = new Volume();
    const fs = createFsFromVolume(vol) as unknown as FileSystem;
    const first = await render(config());
    commitTree(first, "/p", planCommit(first, "/p", fs), fs);
    const second = await render(config());
    expect(planCommit(second, "/p", fs).conflicts).toEqual([".env"]);
  });
});

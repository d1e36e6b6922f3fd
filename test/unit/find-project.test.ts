import * as nodeFs from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createFsFromVolume, Volume } from "memfs";
import { describe, expect, it } from "vitest";
import { ensureServerConfig, LAST_PLUGINS, presentPluginCalls } from "../../src/edit/auth-config.js";
import { chooseServerConfig } from "../../src/edit/find-config.js";
import { scanAuthFile, scanAuthProject, type MinimalFs } from "../../src/edit/find-project.js";
import { locateBetterAuthOptions } from "../../src/edit/locate.js";
import { userError } from "./expect-user-error.js";

const ROOT = "/project";

function memfs(files: Record<string, string>): MinimalFs {
  const json: Record<string, string> = {};
  for (const [file, content] of Object.entries(files)) json[path.posix.join(ROOT, file)] = content;
  return createFsFromVolume(Volume.fromJSON(json)) as unknown as MinimalFs;
}

const scan = (files: Record<string, string>) => scanAuthProject(ROOT, memfs(files));

const BTS_AUTH = `import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { betterAuth } from "better-auth";

export function createAuth(env: { SECRET: string }) {
  return betterAuth({
    secret: env.SECRET,
    plugins: [],
  });
}
`;
const REACT_CLIENT = `import { createAuthClient } from "better-auth/react";\n\nexport const authClient = createAuthClient({ baseURL: "/" });\n`;

describe("scanAuthProject: Better-T-Stack monorepo", () => {
  const files = {
    "package.json": JSON.stringify({ name: "acme", workspaces: ["apps/*", "packages/*"] }),
    "apps/web/package.json": JSON.stringify({ name: "web" }),
    "apps/web/src/lib/auth-client.ts": REACT_CLIENT,
    "apps/server/package.json": "{}",
    // Uses the factory but is not a config: no betterAuth(...) call here.
    "apps/server/src/index.ts": `import { createAuth } from "@acme/auth";\nexport const auth = createAuth({ SECRET: "x" });\n`,
    "packages/auth/package.json": JSON.stringify({ name: "@acme/auth" }),
    "packages/auth/src/index.ts": BTS_AUTH,
    // Never searched: dependencies, build output, caches, tests.
    "node_modules/better-auth/dist/index.mjs": `import { betterAuth } from "better-auth";\nexport const auth = betterAuth({});\n`,
    "packages/auth/dist/index.js": `import { betterAuth } from "better-auth";\nexport const auth = betterAuth({});\n`,
    "apps/web/.next/server/chunk.js": `import { createAuthClient } from "better-auth/react";\ncreateAuthClient();\n`,
    ".turbo/cache/x.js": `import { betterAuth } from "better-auth";\nbetterAuth({});\n`,
    "packages/auth/src/auth.test.ts": `import { betterAuth } from "better-auth";\nconst testAuth = betterAuth({});\n`,
    "packages/auth/src/__tests__/setup.ts": `import { betterAuth } from "better-auth";\nconst testAuth = betterAuth({});\n`,
    "packages/db/prisma/generated/client.ts": `import { betterAuth } from "better-auth";\nexport const auth = betterAuth({});\n`,
    "packages/auth/src/types.d.ts": `import { betterAuth } from "better-auth";\ndeclare const a: ReturnType<typeof betterAuth>;\n`,
  };

  it("finds the factory config and the client in another workspace package", () => {
    const result = scan(files);
    expect(result.servers).toEqual([
      { file: "packages/auth/src/index.ts", exportName: "createAuth", shape: "factory", line: 5, packageDir: "packages/auth", packageName: "@acme/auth", callee: "betterAuth", optionsFrom: undefined,
        instances: [{ file: "apps/server/src/index.ts", line: 2, exportName: "auth" }] },
    ]);
    expect(result.clients).toEqual([{ file: "apps/web/src/lib/auth-client.ts", line: 3, packageDir: "apps/web", packageName: "web", exportName: "authClient", from: "better-auth/react" }]);
    expect(result.packages).toEqual([".", "apps/server", "apps/web", "packages/auth"]);
    expect(result.skipped).toEqual([]);
  });

  it("says what it searched", () => {
    const { searched } = scan(files);
    expect(searched).toContain("3 packages (apps/server, apps/web, packages/auth)");
    expect(searched).toMatch(/node_modules/);
  });

  it("finds the options object inside the factory", () => {
    const located = locateBetterAuthOptions(BTS_AUTH, "packages/auth/src/index.ts", "");
    expect(located.object?.properties.map((p) => (p.type === "ObjectProperty" && p.key.type === "Identifier" ? p.key.name : p.type))).toEqual(["secret", "plugins"]);
  });
});

describe("scanAuthProject: create-t3-app", () => {
  it("reports the config, not the file that re-exports it", () => {
    const result = scan({
      "package.json": "{}",
      "src/server/better-auth/config.ts": `import { betterAuth } from "better-auth";\nimport { prismaAdapter } from "better-auth/adapters/prisma";\n\nexport const auth = betterAuth({\n  emailAndPassword: { enabled: true },\n});\n\nexport type Session = typeof auth.$Infer.Session;\n`,
      "src/server/better-auth/index.ts": `// the betterAuth instance, re-exported\nimport { auth } from "./config";\nexport { auth };\n`,
      "src/server/better-auth/server.ts": `import { auth } from ".";\nexport const getSession = () => auth.api.getSession({ headers: new Headers() });\n`,
      "src/server/better-auth/client.ts": REACT_CLIENT,
    });
    expect(result.servers.map((s) => [s.file, s.exportName, s.shape, s.line])).toEqual([["src/server/better-auth/config.ts", "auth", "variable", 4]]);
    expect(result.clients.map((c) => [c.file, c.packageDir])).toEqual([["src/server/better-auth/client.ts", "."]]);
  });
});

describe("scanAuthProject: shapes", () => {
  const head = `import { betterAuth } from "better-auth";\n`;
  const one = (source: string, file = "src/auth.ts") => {
    const result = scan({ "package.json": "{}", [file]: source });
    expect(result.servers).toHaveLength(1);
    return result.servers[0];
  };

  it("a variable exported later, or under another name", () => {
    expect(one(`${head}const auth = betterAuth({});\nexport { auth };\n`)).toMatchObject({ shape: "variable", exportName: "auth" });
    expect(one(`${head}const config = betterAuth({});\nexport { config as auth };\n`)).toMatchObject({ exportName: "auth" });
    expect(one(`${head}const auth = betterAuth({});\nexport default auth;\n`)).toMatchObject({ exportName: "default" });
    expect(one(`${head}const auth = betterAuth({});\n`)).toMatchObject({ exportName: null });
  });

  it("a default-exported call", () => {
    expect(one(`${head}export default betterAuth({});\n`)).toMatchObject({ shape: "call", exportName: "default" });
  });

  it("options behind satisfies, in the call or in a const", () => {
    const typed = `import { betterAuth, type BetterAuthOptions } from "better-auth";\n`;
    expect(one(`${typed}export const auth = betterAuth({} satisfies BetterAuthOptions);\n`)).toMatchObject({ shape: "satisfies", exportName: "auth" });
    expect(one(`${typed}const options = {} satisfies BetterAuthOptions;\nexport const auth = betterAuth(options);\n`)).toMatchObject({ shape: "satisfies" });
  });

  it("a call wrapped in another call", () => {
    expect(one(`${head}import { withLogs } from "./logs";\nexport const auth = withLogs(betterAuth({}));\n`)).toMatchObject({ shape: "wrapper", exportName: "auth" });
  });

  it("where a factory is called, through a relative import (not a same-named function of another module)", () => {
    const result = scan({
      "package.json": "{}",
      "src/auth/index.ts": `${head}export const makeAuth = (secret: string) => betterAuth({ secret });\n`,
      "src/server.ts": `import { makeAuth } from "./auth/index.js";\n\nconst auth = makeAuth("s");\nexport { auth as serverAuth };\n`,
      "src/other.ts": `import { makeAuth } from "./elsewhere";\nexport const x = makeAuth("s");\n`,
      "src/types.ts": `import type { makeAuth } from "./auth";\nexport type Auth = ReturnType<typeof makeAuth>;\n`,
    });
    expect(result.servers[0].instances).toEqual([{ file: "src/server.ts", line: 3, exportName: "serverAuth" }]);
  });

  it("factories: arrow functions, default-exported functions", () => {
    expect(one(`${head}export const getAuth = (env: Env) => betterAuth({ secret: env.S });\n`)).toMatchObject({ shape: "factory", exportName: "getAuth" });
    expect(one(`${head}export default function (env: Env) {\n  return betterAuth({});\n}\n`)).toMatchObject({ shape: "factory", exportName: "default" });
  });

  it("aliased, namespace and minimal imports; require in CommonJS", () => {
    expect(one(`import { betterAuth as ba } from "better-auth";\nexport const auth = ba({});\n`)).toMatchObject({ callee: "ba", exportName: "auth" });
    expect(one(`import * as BA from "better-auth";\nexport const auth = BA.betterAuth({});\n`)).toMatchObject({ callee: "BA.betterAuth" });
    expect(one(`import { betterAuth } from "better-auth/minimal";\nexport const auth = betterAuth({});\n`)).toMatchObject({ exportName: "auth" });
    expect(one(`const { betterAuth } = require("better-auth");\nmodule.exports = betterAuth({});\n`, "auth.cjs")).toMatchObject({ exportName: "default", file: "auth.cjs" });
  });

  it("options imported from a sibling module", () => {
    const result = scan({
      "package.json": "{}",
      "src/auth/index.ts": `${head}import { authConfig } from "./config.js";\nexport const auth = betterAuth(authConfig);\n`,
      "src/auth/config.ts": `export const authConfig = { emailAndPassword: { enabled: true } };\n`,
    });
    expect(result.servers[0].optionsFrom).toEqual({ file: "src/auth/config.ts", specifier: "./config.js", name: "authConfig" });
  });

  it("ignores calls that are not Better Auth's", () => {
    const result = scan({
      "package.json": "{}",
      "a.ts": `function betterAuth(x: unknown) { return x; }\nexport const auth = betterAuth({});\n`,
      "b.ts": `import type { betterAuth } from "better-auth";\nexport type A = ReturnType<typeof betterAuth>;\n`,
      "c.ts": `import { createAuthClient } from "./my-client";\nexport const c = createAuthClient();\n`,
      "d.ts": `// createAuthClient( in a comment, betterAuth( too\nexport {};\n`,
    });
    expect(result.servers).toEqual([]);
    expect(result.clients).toEqual([]);
  });

  it("lists several configs with their lines", () => {
    const result = scan({
      "package.json": "{}",
      "apps/a/auth.ts": `${head}export const auth = betterAuth({});\n`,
      "apps/b/lib/auth.mts": `${head}\nexport const auth = betterAuth({});\n`,
    });
    expect(result.servers.map((s) => `${s.file}:${s.line}`)).toEqual(["apps/a/auth.ts:2", "apps/b/lib/auth.mts:3"]);
  });

  it("every client flavour", () => {
    const modules = ["better-auth/react", "better-auth/client", "better-auth/svelte", "better-auth/vue", "better-auth/solid"];
    const files: Record<string, string> = { "package.json": "{}" };
    modules.forEach((m, i) => (files[`src/c${i}.ts`] = `import { createAuthClient } from "${m}";\nexport const authClient = createAuthClient();\n`));
    expect(scan(files).clients.map((c) => c.from)).toEqual(modules);
  });

  it("reports files it cannot parse, and skips huge ones", () => {
    const result = scan({
      "package.json": "{}",
      "broken.ts": `import { betterAuth } from "better-auth";\nexport const auth = betterAuth({ ;\n`,
      "bundle.js": `import { betterAuth } from "better-auth";\nbetterAuth({});\n${"// padding\n".repeat(30_000)}`,
    });
    expect(result.servers).toEqual([]);
    expect(result.skipped).toHaveLength(1);
    expect(result.skipped[0]).toMatchObject({ file: "broken.ts" });
    expect(result.skipped[0].reason).toMatch(/does not parse/);
  });

  it("works on the real file system", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "find-project-"));
    try {
      nodeFs.mkdirSync(path.join(dir, "src/lib"), { recursive: true });
      nodeFs.writeFileSync(path.join(dir, "package.json"), "{}");
      nodeFs.writeFileSync(path.join(dir, "src/lib/auth.ts"), `${head}export const auth = betterAuth({});\n`);
      const result = scanAuthProject(dir, nodeFs);
      expect(result.servers.map((s) => s.file)).toEqual(["src/lib/auth.ts"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("presentPluginCalls", () => {
  const head = `import { betterAuth, type BetterAuthOptions } from "better-auth";\nimport { twoFactor, admin, username } from "better-auth/plugins";\n`;

  it("sees plugins through a spread of another object's plugins", () => {
    const source = `${head}export const authOptions = {\n  plugins: [twoFactor({ issuer: "x" })],\n} satisfies BetterAuthOptions;\nexport const auth = betterAuth({\n  ...authOptions,\n  plugins: [...authOptions.plugins, admin()],\n});\n`;
    expect(presentPluginCalls(source, "auth.ts")).toEqual({ names: ["twoFactor", "admin"], opaque: false });
  });

  it("sees plugins of a spread options object, through a local const array", () => {
    const source = `${head}const list = [username(), process.env.X ? twoFactor() : null];\nconst base = { plugins: list };\nexport const auth = betterAuth({ ...base, baseURL: "x" });\n`;
    expect(presentPluginCalls(source, "auth.ts")).toEqual({ names: ["username", "twoFactor"], opaque: false });
  });

  it("follows .filter(Boolean) and conditional entries", () => {
    const source = `${head}export const auth = betterAuth({ plugins: [admin(), process.env.TFA && twoFactor()].filter(Boolean) });\n`;
    expect(presentPluginCalls(source, "auth.ts")).toEqual({ names: ["admin", "twoFactor"], opaque: false });
  });

  it("is opaque when a spread comes from elsewhere", () => {
    const source = `${head}import { basePlugins } from "./plugins";\nexport const auth = betterAuth({ plugins: [...basePlugins, admin()] });\n`;
    expect(presentPluginCalls(source, "auth.ts")).toEqual({ names: ["admin"], opaque: true });
    const call = `${head}export const auth = betterAuth({ plugins: getPlugins() });\n`;
    expect(presentPluginCalls(call, "auth.ts").opaque).toBe(true);
    const options = `${head}import { options } from "./options";\nexport const auth = betterAuth({ ...options, baseURL: "x" });\n`;
    expect(presentPluginCalls(options, "auth.ts").opaque).toBe(true);
  });

  it("a later plugins key replaces what a spread set", () => {
    const source = `${head}const base = { plugins: [twoFactor()] };\nexport const auth = betterAuth({ ...base, plugins: [admin()] });\n`;
    expect(presentPluginCalls(source, "auth.ts")).toEqual({ names: ["admin"], opaque: false });
  });

  it("inside a factory", () => {
    expect(presentPluginCalls(BTS_AUTH, "index.ts")).toEqual({ names: [], opaque: false });
  });

  it("in an options module, by the name it exports them under", () => {
    const source = `import { twoFactor } from "better-auth/plugins";\nconst base = [twoFactor()];\nconst authConfig = { plugins: [...base] };\nexport { authConfig as options };\n`;
    expect(presentPluginCalls(source, "config.ts", "options")).toEqual({ names: ["twoFactor"], opaque: false });
    expect(presentPluginCalls(source, "config.ts", "missing")).toEqual({ names: [], opaque: true });
  });

  it("is opaque when there is no single betterAuth call", () => {
    expect(presentPluginCalls(`export const x = 1;\n`, "auth.ts")).toEqual({ names: [], opaque: true });
  });

  it("ensureServerConfig does not add a plugin a spread already holds, and refuses when it cannot see", () => {
    const seen = `${head}const base = { plugins: [twoFactor()] };\nexport const auth = betterAuth({\n  ...base,\n  plugins: [...base.plugins],\n});\n`;
    const edit = { imports: [{ from: "better-auth/plugins", names: ["twoFactor"] }], plugins: [{ name: "twoFactor", call: "twoFactor()" }], manualHint: "plugins: [twoFactor()]" };
    expect(ensureServerConfig(seen, "auth.ts", edit)).toEqual({ code: seen, changed: false });
    const unseen = `${head}import { more } from "./more";\nexport const auth = betterAuth({\n  plugins: [...more],\n});\n`;
    expect(() => ensureServerConfig(unseen, "auth.ts", edit)).toThrow(/its plugins may come from `more`.*twoFactor\(\) may already be there/);
  });
});

describe("chooseServerConfig and scanAuthFile", () => {
  const head = `import { betterAuth } from "better-auth";\n`;

  it("takes the one config", () => {
    const result = scan({ "package.json": "{}", "src/auth.ts": `${head}export const auth = betterAuth({});\n` });
    expect(chooseServerConfig(result).file).toBe("src/auth.ts");
  });

  it("lists several configs and names the flag", () => {
    const result = scan({ "package.json": "{}", "a/auth.ts": `${head}export const auth = betterAuth({});\n`, "b/auth.ts": `${head}\nexport const auth = betterAuth({});\n` });
    expect(userError(() => chooseServerConfig(result))).toBe("Found 2 betterAuth(...) configs (a/auth.ts:2, b/auth.ts:3); pick one with --config <path>.");
  });

  it("says what it searched when there is none, and which files it could not parse", () => {
    const result = scan({ "package.json": "{}", "apps/web/package.json": "{}", "broken.ts": `betterAuth({ ;` });
    const message = userError(() => chooseServerConfig(result));
    expect(message).toMatch(/^No Better Auth config found: no betterAuth\(\.\.\.\) call imported from "better-auth" in the project folder and its 1 package \(apps\/web\)/);
    expect(message).toMatch(/1 file could not be parsed: broken\.ts\); pass its path with --config <path>\.$/);
  });

  it("scans one named file wherever it is, with its package", () => {
    const fs = memfs({ "package.json": "{}", "packages/auth/package.json": "{}", "packages/auth/.config/auth.ts": `${head}export const auth = betterAuth({});\n` });
    expect(scanAuthProject(ROOT, fs).servers).toEqual([]); // hidden folders are not searched
    const one = scanAuthFile(ROOT, "packages/auth/.config/auth.ts", fs);
    expect(one.servers.map((s) => [s.file, s.packageDir, s.exportName])).toEqual([["packages/auth/.config/auth.ts", "packages/auth", "auth"]]);
    expect(scanAuthFile(ROOT, `${ROOT}/missing.ts`, fs).skipped[0]).toMatchObject({ file: "missing.ts" });
  });
});

describe("plugins that must stay last", () => {
  it("lists the framework cookie plugins and the generated audit log", () => {
    expect([...LAST_PLUGINS].sort()).toEqual(["auditLog", "nextCookies", "reactStartCookies", "sveltekitCookies", "tanstackStartCookies"]);
  });

  it("new plugins go before the trailing run of them", () => {
    const source = `import { betterAuth } from "better-auth";\nimport { reactStartCookies } from "better-auth/react-start";\nexport const auth = betterAuth({\n  plugins: [reactStartCookies()],\n});\n`;
    const edit = { imports: [{ from: "better-auth/plugins", names: ["admin"] }], plugins: [{ name: "admin", call: "admin()" }], manualHint: "" };
    expect(ensureServerConfig(source, "auth.ts", edit).code).toContain("plugins: [admin(), reactStartCookies()],");
    const expo = source.replace(/reactStartCookies/g, "expo").replace("better-auth/react-start", "@better-auth/expo");
    expect(ensureServerConfig(expo, "auth.ts", edit).code).toContain("plugins: [expo(), admin()],"); // no order documented for expo()
  });
});

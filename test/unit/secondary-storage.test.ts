// --secondary-storage: the config key, the flag, the reproducible command, and what a feature's
// `server.options` lines become in auth.ts (the e2e test test/e2e/redis.test.ts runs the result).
import { describe, expect, it } from "vitest";
import { flagsToPartial } from "../../src/cli/flags.js";
import { reproducibleCommand } from "../../src/config/reproduce.js";
import { parsePartial, resolveConfig } from "../../src/config/resolve.js";
import type { PartialConfig } from "../../src/config/schema.js";
import { planProject } from "../../src/features/plan.js";
import { SERVER_OPTION_SECTIONS } from "../../src/features/types.js";
import { renderProject } from "../../src/render/project.js";
import { VERSIONS } from "../../src/versions.js";

const config = (partial: PartialConfig = {}) => resolveConfig({ projectName: "my-auth", ...partial }).config;
const render = (partial: PartialConfig = {}) => renderProject(config(partial), { toolVersion: "9.9.9", secret: () => "s".repeat(43) });

describe("secondaryStorage config", () => {
  it("defaults to none; --secondary-storage redis sets it; an unknown store names the flag and the choices", () => {
    expect(config().secondaryStorage).toBe("none");
    expect(parsePartial(flagsToPartial({ secondaryStorage: "redis" }), "flags")).toEqual({ secondaryStorage: "redis" });
    expect(() => parsePartial(flagsToPartial({ secondaryStorage: "memcached" }), "flags")).toThrow(/--secondary-storage: use one of none, redis/);
  });

  it("the reproducible command carries it only when it is not the default", () => {
    expect(reproducibleCommand("x", config({ secondaryStorage: "redis" }))).toContain(" --secondary-storage redis ");
    expect(reproducibleCommand("x", config())).not.toContain("--secondary-storage");
  });
});

describe("redis secondary storage in a generated project", () => {
  it("wires Better Auth's Redis storage into auth.ts: top-level option, sessions, rate limits", async () => {
    const tree = await render({ secondaryStorage: "redis" });
    const auth = tree.read("src/auth.ts")!;
    expect(auth).toContain('import { secondaryStorage } from "./secondary-storage.js";');
    expect(auth).toMatch(/^ {2}secondaryStorage,\n {2}plugins: \[/m);
    expect(auth).toMatch(/session: \{[^}]*storeSessionInDatabase: true,\n\s+\/\/[^\n]*\n\s+cookieCache: \{ enabled: false \},\n {2}\},/);
    expect(auth).toMatch(/rateLimit: \{[^}]*storage: "secondary-storage",\n(\s+\/\/[^\n]*\n)?\s+customRules/);
    const storage = tree.read("src/secondary-storage.ts")!;
    expect(storage).toContain('keyPrefix: process.env.REDIS_KEY_PREFIX || "my-auth:"');
    expect(storage).toContain("lazyConnect: true");
    const pkg = JSON.parse(tree.read("package.json")!);
    expect(pkg.dependencies).toMatchObject({ "@better-auth/redis-storage": VERSIONS["@better-auth/redis-storage"], ioredis: VERSIONS.ioredis });
    expect(tree.read(".env")).toMatch(/^REDIS_URL=redis:\/\/127\.0\.0\.1:6379$/m);
    expect(tree.read(".env.example")).toMatch(/^REDIS_KEY_PREFIX=$/m);
  });

  it("without it, sessions are read from a 60 s signed cookie cache and nothing of Redis is there", async () => {
    const tree = await render();
    const auth = tree.read("src/auth.ts")!;
    expect(auth).not.toMatch(/secondary|storeSessionInDatabase/);
    expect(auth).toMatch(/updateAge: 60 \* 60 \* 24, \/\/ refreshed at most daily\n(\s+\/\/[^\n]*\n)+\s+cookieCache: \{ enabled: true, maxAge: 60, strategy: "compact" \},\n {2}\},/);
    expect(auth).toMatch(/max: 100,\n {4}\/\/[^\n]*\n {4}customRules/);
    expect(JSON.parse(tree.read("package.json")!).dependencies).not.toHaveProperty("ioredis");
    expect(tree.paths()).not.toContain("src/secondary-storage.ts");
  });

  it("the planner collects every section of server options, empty ones included", () => {
    const sections = planProject(config()).serverOptions;
    expect(Object.keys(sections).sort()).toEqual([...SERVER_OPTION_SECTIONS].sort());
    expect(sections.top).toEqual([]);
    expect(planProject(config({ secondaryStorage: "redis" })).serverOptions.top).toEqual(["secondaryStorage,"]);
  });
});

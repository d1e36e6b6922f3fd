// --cross-site-cookies: the config key, the flag, the reproducible command, and the cookie policy
// lines in auth.ts (test/e2e/deploy.test.ts signs in against the result and reads the cookie).
import { describe, expect, it } from "vitest";
import { flagsToPartial } from "../../src/cli/flags.js";
import { reproducibleCommand } from "../../src/config/reproduce.js";
import { parsePartial, resolveConfig } from "../../src/config/resolve.js";
import type { PartialConfig } from "../../src/config/schema.js";
import { planProject } from "../../src/features/plan.js";
import { renderProject } from "../../src/render/project.js";
import { checkCrossSiteOrigins, crossSiteCookieAttributes } from "../../templates/cross-site-cookies/src/cross-site.js";

const config = (partial: PartialConfig = {}) => resolveConfig({ projectName: "my-auth", ...partial }).config;
const render = (partial: PartialConfig = {}) => renderProject(config(partial), { toolVersion: "9.9.9", secret: () => "s".repeat(43) });
const advancedBlock = (auth: string) => auth.slice(auth.indexOf("  advanced: {"), auth.indexOf("\n  },", auth.indexOf("  advanced: {")));

describe("crossSiteCookies config", () => {
  it("is off by default; --cross-site-cookies turns it on; a config file must give a boolean", () => {
    expect(config().crossSiteCookies).toBe(false);
    expect(parsePartial(flagsToPartial({ crossSiteCookies: true }), "flags")).toEqual({ crossSiteCookies: true });
    expect(() => parsePartial({ crossSiteCookies: "yes" }, "create-auth-service.json")).toThrow(/"crossSiteCookies" in create-auth-service.json: expected a boolean/);
  });

  it("the reproducible command carries it only when on", () => {
    expect(reproducibleCommand("x", config({ crossSiteCookies: true }))).toContain(" --cross-site-cookies ");
    expect(reproducibleCommand("x", config())).not.toContain("--cross-site-cookies");
  });
});

describe("cross-site cookies in a generated project", () => {
  it("without the flag: same-site Lax cookies, Secure in production, no cross-site module", async () => {
    const tree = await render();
    const advanced = advancedBlock(tree.read("src/auth.ts")!);
    expect(advanced).toContain("useSecureCookies: env.isProduction,");
    expect(advanced).toContain('defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure: env.isProduction },');
    expect(tree.read("src/auth.ts")).not.toContain("crossSiteCookieAttributes");
    expect(tree.has("src/cross-site.ts")).toBe(false);
    expect(tree.read("README.md")).not.toContain("## Cross-site cookies");
    expect(tree.read("README.md")).toContain("`SameSite=Lax`");
  });

  it("with it: the cookie policy is replaced (not added to) by SameSite=None; Secure; Partitioned from cross-site.ts", async () => {
    const tree = await render({ crossSiteCookies: true, framework: "express" });
    const auth = tree.read("src/auth.ts")!;
    expect(auth).toContain('import { crossSiteCookieAttributes } from "./cross-site.js";');
    const advanced = advancedBlock(auth);
    expect(advanced).toContain("useSecureCookies: true,");
    expect(advanced).toContain("defaultCookieAttributes: crossSiteCookieAttributes(env.TRUSTED_ORIGINS, env.isProduction),");
    // One policy: a second useSecureCookies/defaultCookieAttributes key would not even compile.
    expect(advanced.match(/useSecureCookies/g)).toHaveLength(1);
    expect(advanced.match(/defaultCookieAttributes/g)).toHaveLength(1);
    expect(advanced).not.toContain('sameSite: "lax"');
    const module = tree.read("src/cross-site.ts")!;
    expect(module).toContain('return { httpOnly: true, sameSite: "none", secure: true, partitioned: true } as const;');
    expect(module).toMatch(/origin\.includes\("\*"\)/);
    const readme = tree.read("README.md")!;
    expect(readme).toContain("SameSite=None; Secure; Partitioned");
    // The trade-offs are documented where the project is: HTTPS, CSRF, third-party cookie blocking, CHIPS.
    const section = readme.slice(readme.indexOf("## Cross-site cookies"), readme.indexOf("\n## ", readme.indexOf("## Cross-site cookies") + 3));
    for (const topic of ["HTTPS only", "CSRF exposure", "Third-party cookie blocking", "Safari", "CHIPS", "never `*`"]) expect(section, topic).toContain(topic);
    expect(readme).not.toContain("`SameSite=Lax`, and `Secure` when");
  });

  it("the plan takes the cookie policy from the last feature that sets one", () => {
    expect(planProject(config()).serverOptions.cookies).toHaveLength(2);
    expect(planProject(config({ crossSiteCookies: true })).serverOptions.cookies.filter((l) => !l.startsWith("//"))).toEqual([
      "useSecureCookies: true,",
      "defaultCookieAttributes: crossSiteCookieAttributes(env.TRUSTED_ORIGINS, env.isProduction),",
    ]);
  });

  it("every project keeps Better Auth's Origin check on, even under NODE_ENV=test", async () => {
    for (const crossSiteCookies of [false, true]) {
      const advanced = advancedBlock((await render({ crossSiteCookies })).read("src/auth.ts")!);
      expect(advanced.match(/disableOriginCheck: false,/g), `crossSiteCookies=${crossSiteCookies}`).toHaveLength(1);
    }
  });
});

describe("cross-site.ts (the generated module)", () => {
  it("accepts exact origins, and only https ones in production", () => {
    expect(crossSiteCookieAttributes(["https://app.example.com", "http://localhost:3000"], false)).toEqual({ httpOnly: true, sameSite: "none", secure: true, partitioned: true });
    expect(() => checkCrossSiteOrigins(["https://app.example.com"], true)).not.toThrow();
    expect(() => checkCrossSiteOrigins(["http://localhost:3000"], true)).toThrow(/in production cross-site cookies are only sent to and from HTTPS origins/);
  });

  it("refuses no origin, a wildcard, a path or trailing slash, and a non-URL, naming the entry", () => {
    expect(() => checkCrossSiteOrigins([], false)).toThrow(/TRUSTED_ORIGINS is empty/);
    expect(() => checkCrossSiteOrigins(["*"], false)).toThrow(/"\*".*wildcard/);
    expect(() => checkCrossSiteOrigins(["https://*.example.com"], false)).toThrow(/wildcard/);
    expect(() => checkCrossSiteOrigins(["https://app.example.com/"], false)).toThrow(/bare origin "https:\/\/app.example.com"/);
    expect(() => checkCrossSiteOrigins(["https://app.example.com/login"], false)).toThrow(/bare origin/);
    expect(() => checkCrossSiteOrigins(["app.example.com"], false)).toThrow(/not an origin like https:\/\/app.example.com/);
  });
});

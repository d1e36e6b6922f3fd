// What a generated service does to stay fast and available under real traffic: rate-limit rules
// (strict for credentials, none for what front-ends poll, plugin rules ahead of the base ones), no
// JWT signed on every get-session, get-session and 503s in one request path every framework uses.
// test/e2e/service-load.test.ts runs the result.
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/config/resolve.js";
import type { PartialConfig } from "../../src/config/schema.js";
import { renderProject } from "../../src/render/project.js";

const render = (partial: PartialConfig = {}) =>
  renderProject(resolveConfig({ projectName: "my-auth", ...partial }).config, { toolVersion: "9.9.9", secret: () => "s".repeat(43) });

/** The customRules keys of auth.ts in order, with what each says. */
function customRules(auth: string): [string, string][] {
  const block = /customRules: \{\n([\s\S]*?)\n {4}\},/.exec(auth)?.[1] ?? "";
  return [...block.matchAll(/^\s+"([^"]+)": (false|\{ window: \d+, max: \d+ \}),$/gm)].map((m) => [m[1], m[2]]);
}

describe("rate limits in a generated auth.ts", () => {
  it("credentials are strict per IP, session and token endpoints are not limited", async () => {
    const rules = new Map(customRules((await render()).read("src/auth.ts")!));
    expect(rules.get("/sign-in/*")).toBe("{ window: 10, max: 3 }");
    expect(rules.get("/sign-up/email")).toBe("{ window: 10, max: 3 }");
    expect(rules.get("/request-password-reset")).toBe("{ window: 60, max: 3 }");
    expect(rules.get("/reset-password")).toBe("{ window: 60, max: 5 }");
    for (const polled of ["/get-session", "/token", "/jwks"]) expect(rules.get(polled), polled).toBe("false");
  });

  it("plugin rules come before the base ones, whose wildcard would otherwise match first", async () => {
    const auth = (await render({ plugins: ["jwt", "bearer", "two-factor", "email-otp", "magic-link"] })).read("src/auth.ts")!;
    const keys = customRules(auth).map(([path]) => path);
    expect(keys.indexOf("/sign-in/magic-link")).toBeLessThan(keys.indexOf("/sign-in/*"));
    expect(keys).toEqual(expect.arrayContaining(["/two-factor/verify-*", "/email-otp/*", "/magic-link/verify"]));
    expect(keys.indexOf("/email-otp/send-verification-otp")).toBeLessThan(keys.indexOf("/email-otp/*"));
  });

  it("without the jwt plugin there is no rule for its endpoints", async () => {
    const keys = customRules((await render({ plugins: ["bearer"] })).read("src/auth.ts")!).map(([path]) => path);
    expect(keys).not.toContain("/token");
    expect(keys).toContain("/get-session");
  });
});

describe("request path", () => {
  it("the jwt plugin does not sign a token for every get-session", async () => {
    expect((await render()).read("src/plugins/jwt.ts")).toMatch(/jwt\(\{\n\s+disableSettingJwtHeader: true,/);
  });

  it.each(["hono", "express", "fastify", "nextjs"] as const)("%s hands auth requests to handleAuth, not auth.handler", async (framework) => {
    const tree = await render({ framework });
    const server = tree.read(framework === "nextjs" ? "src/app/api/auth/[...all]/route.ts" : "src/server.ts")!;
    expect(server).toContain("handleAuth");
    expect(server).not.toContain("auth.handler");
    const handler = tree.read("src/auth-handler.ts")!;
    expect(handler).toContain("auth.api.getSession");
    expect(handler).toMatch(/status: 503, headers: \{ "retry-after"/);
    expect(handler).toContain("withoutCacheChunks(response)");
  });
});

// The fastify and nextjs framework features: what they render, and plugins that must come last.
import { describe, expect, it } from "vitest";
import { resolveConfig, type ResolvedConfig } from "../../src/config/resolve.js";
import type { PartialConfig } from "../../src/config/schema.js";
import { planProject } from "../../src/features/plan.js";
import { renderProject } from "../../src/render/project.js";
import { VERSIONS } from "../../src/versions.js";

const config = (partial: PartialConfig): ResolvedConfig => resolveConfig({ projectName: "my-auth", ...partial }).config;
const render = (partial: PartialConfig) => renderProject(config(partial), { toolVersion: "9.9.9" });
const pkg = (text: string | undefined) =>
  JSON.parse(text!) as { scripts: Record<string, string>; dependencies: Record<string, string>; devDependencies: Record<string, string> };

describe("fastify", () => {
  it("renders a Fastify server with its dependencies from src/versions.ts", async () => {
    const tree = await render({ framework: "fastify" });
    const server = tree.read("src/server.ts")!;
    expect(server).toContain('from "fastify"');
    expect(server).toContain("getSetCookie()");
    expect(server).toContain("CLIENT_IP_HEADER");
    const { dependencies, scripts } = pkg(tree.read("package.json"));
    expect(dependencies).toMatchObject({ fastify: VERSIONS.fastify, "@fastify/cors": VERSIONS["@fastify/cors"] });
    expect(dependencies).not.toHaveProperty("hono");
    expect(scripts.start).toBe("node dist/server.js");
  });
});

describe("nextjs", () => {
  it("puts nextCookies() after every other plugin, whatever the plugins", () => {
    for (const plugins of [["jwt", "bearer"], ["jwt", "bearer", "two-factor", "admin", "organization"], []] as PartialConfig["plugins"][]) {
      const plan = planProject(config({ framework: "nextjs", plugins, backend: "none", apiClient: "none" }));
      expect(plan.serverPlugins.at(-1), plugins!.join(",")).toBe("nextCookies()");
      expect(plan.serverPlugins.filter((p) => p === "nextCookies()")).toHaveLength(1);
      expect(plan.serverImports).toContain('import { nextCookies } from "better-auth/next-js";');
    }
  });

  it("other frameworks get no nextCookies()", () => {
    for (const framework of ["hono", "express", "fastify"] as const)
      expect(planProject(config({ framework })).serverPlugins).not.toContain("nextCookies()");
  });

  it("renders nextCookies() last in auth.ts", async () => {
    const auth = (await render({ framework: "nextjs", plugins: ["jwt", "bearer", "admin"] })).read("src/auth.ts")!;
    const list = auth.slice(auth.indexOf("plugins: ["));
    expect(list).toMatch(/jwtPlugin\(\),\s*bearer\(\),\s*admin\(\),\s*secretRotation\(env\.PREVIOUS_SECRETS\),\s*auditLog\(\),\s*nextCookies\(\),\s*\]/);
  });

  it("renders the App Router files, no src/server.ts, and Next's scripts", async () => {
    const tree = await render({ framework: "nextjs", fields: ["nickname:string:optional"] });
    const paths = tree.paths();
    for (const p of [
      "src/app/api/auth/[...all]/route.ts", "src/app/health/route.ts", "src/app/sign-in/page.tsx", "src/app/sign-up/page.tsx",
      "src/app/dashboard/page.tsx", "src/components/role-guard.tsx", "src/proxy.ts", "next.config.ts", "tsconfig.next.json",
      "scripts/next.mjs", "scripts/migrate.ts", "scripts/smoke.ts",
    ]) expect(paths, p).toContain(p);
    expect(paths).not.toContain("src/server.ts");
    expect(paths).not.toContain("src/middleware.ts");
    expect(paths.filter((p) => p.endsWith(".hbs"))).toEqual([]);

    const { scripts, dependencies, devDependencies } = pkg(tree.read("package.json"));
    expect(scripts).toMatchObject({ dev: "node scripts/next.mjs dev", build: "tsc --noEmit && next build", start: "node scripts/next.mjs start" });
    expect(scripts["db:migrate"]).toBe("tsx scripts/migrate.ts");
    expect(dependencies).toMatchObject({ next: VERSIONS.next, react: VERSIONS.react, "react-dom": VERSIONS["react-dom"] });
    expect(devDependencies).toHaveProperty("@types/react");
    expect(dependencies).not.toHaveProperty("hono");

    // Next's bundler-style tsconfig replaces base's NodeNext one; Turbopack reads the nodenext one.
    expect(JSON.parse(tree.read("tsconfig.json")!).compilerOptions).toMatchObject({ moduleResolution: "bundler", jsx: "react-jsx" });
    expect(JSON.parse(tree.read("tsconfig.next.json")!).compilerOptions.moduleResolution).toBe("nodenext");
    expect(tree.read("next.config.ts")).toContain('tsconfigPath: "tsconfig.next.json"');

    expect(tree.read("src/auth-client.ts")).toContain('from "better-auth/react"');
    expect(tree.read("src/app/api/auth/[...all]/route.ts")).toContain("toNextJsHandler(");
    expect(tree.read("src/app/dashboard/page.tsx")).toMatch(/if \(!session\) redirect\("\/sign-in/);
    expect(tree.read("src/proxy.ts")).toContain("getSessionCookie(request)");
    expect(tree.read(".gitignore")!.split("\n")).toEqual(expect.arrayContaining([".next/", ".env", "!.env.example"]));
  });
});

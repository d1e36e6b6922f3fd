// The generated project's AGENTS.md and README: what the tool owns, the exact commands (named the
// way this tool was run), the security rules, and the Node client's Origin header.
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/config/resolve.js";
import type { PartialConfig } from "../../src/config/schema.js";
import { toolInvocation } from "../../src/cli/invocation.js";
import { MANIFEST_FILE } from "../../src/manifest.js";
import { AGENTS_FILE, renderProject } from "../../src/render/project.js";

const TOOL = "node /opt/checkout/bin/create-auth-service.js";
const render = (partial: PartialConfig = {}) =>
  renderProject(resolveConfig({ projectName: "acme", ...partial }).config, { toolVersion: "9.9.9", toolCommand: TOOL, secret: () => "s".repeat(43) });

/** The code paths listed as bullets between `from` and `to`. */
function listBetween(text: string, from: string, to: string): string[] {
  const start = text.indexOf(from);
  const section = text.slice(start, text.indexOf(to, start));
  return [...section.matchAll(/^- `([^`]+)`$/gm)].map((m) => m[1]);
}

describe("AGENTS.md", () => {
  it("lists every file the tool owns, and only those, as not to be edited by hand", async () => {
    const tree = await render({ plugins: ["jwt", "bearer", "magic-link"], fields: ["nickname:string:optional"] });
    const agents = tree.read(AGENTS_FILE)!;
    const owned = tree.paths().filter((p) => tree.entry(p)!.policy.kind === "owned" && p !== MANIFEST_FILE);
    const listed = listBetween(agents, "## Files the tool owns", "\nYours,");
    expect(listed.sort()).toEqual([...owned, MANIFEST_FILE].sort());
    expect(listed).toEqual(expect.arrayContaining(["src/auth.fields.ts", "src/plugins/magic-link.ts", "README.md", AGENTS_FILE]));
    // The user's files are named apart, never among the owned ones.
    const yours = listBetween(agents, "\nYours,", "## Commands");
    for (const mine of ["src/auth.ts", "src/auth-client.ts", "package.json", ".env"]) {
      expect(listed).not.toContain(mine);
      expect(yours).toContain(mine);
    }
    // It is an owned file itself: the manifest records its hash, so `add` keeps it current.
    expect(JSON.parse(tree.read(MANIFEST_FILE)!).files).toHaveProperty(AGENTS_FILE);
  });

  it("gives the exact commands with this tool's own invocation, and the security rules", async () => {
    const agents = (await render()).read(AGENTS_FILE)!;
    for (const command of [`${TOOL} add-field "nickname:string:optional" --yes`, `${TOOL} add plugin two-factor --yes`, `${TOOL} add provider github --yes`, `${TOOL} doctor`, "npm run db:migrate", "npm run smoke"])
      expect(agents).toContain(command);
    expect(agents).not.toContain("npx create-auth-service");
    expect(agents).toMatch(/Privileged fields[\s\S]*no-input/);
    expect(agents).toMatch(/Secrets live in `\.env` and `backend\/\.env`/);
    expect(agents).toMatch(/\/api\/auth\/jwks[\s\S]*`iss`[\s\S]*`aud`/);
  });

  it("says only what the project has: no JWT rules without the jwt plugin, no db:check on MongoDB", async () => {
    const plain = (await render({ plugins: [], backend: "none", apiClient: "none" })).read(AGENTS_FILE)!;
    expect(plain).not.toContain("/api/auth/jwks");
    expect(plain).not.toContain("backend/.env");
    const mongo = (await render({ database: "mongodb", databaseUrl: "mongodb://127.0.0.1:27017/a", orm: "none" })).read(AGENTS_FILE)!;
    expect(mongo).not.toContain("db:check");
  });
});

describe("generated README", () => {
  it("names the tool as it was run and does not tell to migrate first", async () => {
    const readme = (await render()).read("README.md")!;
    expect(readme).toContain(`${TOOL} add-field "tier:enum(free|pro):default=free"`);
    expect(readme).toContain(`${TOOL} doctor`);
    expect(readme).not.toContain("npx create-auth-service");
    const run = readme.slice(readme.indexOf("## Run it"), readme.indexOf("## What is inside"));
    expect(run.split("```")[1]).not.toContain("db:migrate");
    expect(run).toContain("On a fresh clone");
  });

  it("shows Better Auth's client from Node with an Origin header", async () => {
    const readme = (await render()).read("README.md")!;
    expect(readme).toContain("MISSING_OR_NULL_ORIGIN");
    expect(readme).toContain("fetchOptions: { headers: { Origin: baseURL } }");
    expect(readme).toContain('response.headers.get("set-auth-token")');
  });
});

describe("toolInvocation", () => {
  it("names an installed package by its exact version and a checkout by its script's path", () => {
    expect(toolInvocation("1.2.3", "/home/u/.npm/_npx/abc/node_modules/create-auth-service/bin/create-auth-service.js")).toBe("npx create-auth-service@1.2.3");
    expect(toolInvocation("1.2.3", "/src/create-auth-service/bin/create-auth-service.js")).toBe("node /src/create-auth-service/bin/create-auth-service.js");
    expect(toolInvocation("1.2.3", "/my dir/bin/create-auth-service.js")).toBe("node '/my dir/bin/create-auth-service.js'");
    expect(toolInvocation("1.2.3", undefined)).toBe("npx create-auth-service@1.2.3");
  });
});

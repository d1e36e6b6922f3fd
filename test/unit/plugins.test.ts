// Each plugin feature, rendered: its server and client plugins land in auth.ts / auth-client.ts with
// their imports, its files, env keys and packages come along, and email-sending plugins pull in the
// mailer (once), which then also wires Better Auth's password-reset and verification emails.
import { describe, expect, it } from "vitest";
import { PLUGINS, type Plugin } from "../../src/config/catalog.js";
import { resolveConfig } from "../../src/config/resolve.js";
import type { PartialConfig } from "../../src/config/schema.js";
import { planProject, withRequirements } from "../../src/features/plan.js";
import { plugins } from "../../src/features/plugins.js";
import type { Feature } from "../../src/features/types.js";
import { renderProject } from "../../src/render/project.js";
import type { Tree } from "../../src/render/tree.js";
import { PEER_OVERRIDES, VERSIONS } from "../../src/versions.js";

const config = (partial: PartialConfig) =>
  resolveConfig({ projectName: "svc", backend: "none", apiClient: "none", ...partial }).config;
const render = (partial: PartialConfig) => renderProject(config(partial), { toolVersion: "0.0.0" });
const withPlugin = (p: Plugin) => render({ plugins: [p] });
const pkgOf = (tree: Tree) => JSON.parse(tree.read("package.json")!);
const envKeys = (text: string) => text.split("\n").filter((l) => /^[A-Z]/.test(l)).map((l) => l.slice(0, l.indexOf("=")));

/** The text between `plugins: [` and the closing `],` of a betterAuth()/createAuthClient() call. */
function pluginList(source: string): string {
  const start = source.indexOf("plugins: [");
  return source.slice(start, source.indexOf("\n  ],", start));
}

function importsName(source: string, from: string, name: string): boolean {
  return source.split("\n").some((l) => l.startsWith("import {") && l.endsWith(`from "${from}";`) && new RegExp(`[{,] ${name}[,} ]`).test(l));
}

/** Plugins that have no client counterpart in Better Auth 1.7. */
const SERVER_ONLY: Plugin[] = ["bearer", "openapi"];

describe.each(PLUGINS)("plugin %s", (name) => {
  const feature = plugins[name];

  it("adds its server plugin and imports to auth.ts, its client plugin to auth-client.ts", async () => {
    const tree = await withPlugin(name);
    const auth = tree.read("src/auth.ts")!;
    const client = tree.read("src/auth-client.ts")!;
    expect(feature.server?.plugins.length, "a server plugin call").toBeGreaterThan(0);
    for (const call of feature.server!.plugins) expect(pluginList(auth), call).toContain(`    ${call},`);
    for (const { from, names } of feature.server!.imports) for (const n of names) expect(importsName(auth, from, n), `${n} from ${from}`).toBe(true);

    if (SERVER_ONLY.includes(name)) expect(feature.client).toBeUndefined();
    else {
      expect(feature.client?.plugins.length, "a client plugin call").toBeGreaterThan(0);
      for (const call of feature.client!.plugins) expect(pluginList(client), call).toContain(`    ${call},`);
      for (const { from, names } of feature.client!.imports) for (const n of names) expect(importsName(client, from, n), `${n} from ${from}`).toBe(true);
    }
  });

  it("brings the files its imports point at, its env keys and its packages", async () => {
    const tree = await withPlugin(name);
    for (const { from } of [...(feature.server?.imports ?? []), ...(feature.client?.imports ?? [])])
      if (from.startsWith("./")) expect(tree.paths(), from).toContain(`src/${from.slice(2).replace(/\.js$/, ".ts")}`);
    for (const { key } of feature.env ?? []) {
      expect(envKeys(tree.read(".env")!), key).toContain(key);
      expect(envKeys(tree.read(".env.example")!), key).toContain(key);
    }
    const pkg = pkgOf(tree);
    for (const dep of feature.dependencies ?? []) expect(pkg.dependencies[dep], dep).toBe(VERSIONS[dep]);
    expect(feature.readme, "a README line").toBeTruthy();
    expect(tree.read("README.md")).toContain(feature.readme);
  });
});

describe("the mailer", () => {
  const mailerUsers: Plugin[] = ["magic-link", "email-otp", "organization"];

  it.each(mailerUsers)("is pulled in by %s and then sends password-reset and verification emails", async (name) => {
    const tree = await withPlugin(name);
    expect(tree.paths()).toEqual(expect.arrayContaining(["src/mailer.ts", "src/emails.ts"]));
    const auth = tree.read("src/auth.ts")!;
    expect(auth).toContain("sendResetPassword: sendPasswordResetEmail,");
    expect(auth).toMatch(/emailVerification: \{ sendVerificationEmail, sendOnSignUp: true \}/);
    expect(importsName(auth, "./emails.js", "sendPasswordResetEmail")).toBe(true);
    expect(pkgOf(tree).dependencies.nodemailer).toBe(VERSIONS.nodemailer);
    expect(pkgOf(tree).devDependencies["@types/nodemailer"]).toBe(VERSIONS["@types/nodemailer"]);
    expect(envKeys(tree.read(".env")!)).toEqual(expect.arrayContaining(["SMTP_URL", "MAIL_FROM", "MAIL_OUTBOX"]));
  });

  it("is absent without such a plugin: no mail files, no email options, no nodemailer", async () => {
    const tree = await render({ plugins: ["jwt", "bearer", "two-factor", "username", "admin", "api-key", "passkey", "anonymous"] });
    expect(tree.paths()).not.toContain("src/mailer.ts");
    expect(tree.paths()).not.toContain("src/emails.ts");
    expect(tree.read("src/auth.ts")).not.toMatch(/sendResetPassword|emailVerification|emails\.js/);
    expect(pkgOf(tree).dependencies).not.toHaveProperty("nodemailer");
    expect(envKeys(tree.read(".env")!)).not.toContain("SMTP_URL");
  });

  it("is planned once, before the first plugin that requires it, with its env keys once", () => {
    const plan = planProject(config({ plugins: ["jwt", "organization", "magic-link", "email-otp"] }));
    const ids = plan.features.map((f) => f.id);
    expect(ids.filter((id) => id === "mailer")).toHaveLength(1);
    expect(ids.indexOf("mailer")).toBe(ids.indexOf("plugin-organization") - 1);
    expect(plan.env.filter((v) => v.key === "MAIL_OUTBOX")).toHaveLength(1);
    expect(plan.templates.filter((t) => t === "mailer")).toHaveLength(1);
  });
});

describe("withRequirements", () => {
  const f = (id: string, requires?: Feature[]): Feature => ({ id, requires });
  it("puts requirements first, depth first, each feature once", () => {
    const a = f("a");
    const b = f("b", [a]);
    const c = f("c", [b, a]);
    expect(withRequirements([f("x"), c, b, f("y", [a])]).map((x) => x.id)).toEqual(["x", "a", "b", "c", "y"]);
  });
});

describe("peer overrides", () => {
  it("are written only with the packages that need them, from src/versions.ts", async () => {
    expect(pkgOf(await render({ plugins: ["jwt", "bearer"] }))).not.toHaveProperty("overrides");
    const pkg = pkgOf(await render({ plugins: ["jwt", "api-key", "passkey"] }));
    expect(pkg.overrides).toEqual({
      "@better-auth/api-key": PEER_OVERRIDES["@better-auth/api-key"],
      "@better-auth/passkey": PEER_OVERRIDES["@better-auth/passkey"],
    });
    // Both plugins' peers point at one version each (the one better-auth itself uses), never at two.
    const pins = Object.values(pkg.overrides as Record<string, Record<string, string>>).flatMap((o) => Object.entries(o));
    for (const [dep, version] of pins) expect(pins.filter(([d]) => d === dep).map(([, v]) => v), dep).toEqual(pins.filter(([d]) => d === dep).map(() => version));
  });
});

describe("user columns", () => {
  it("refuses a custom field named like the anonymous plugin's column", () => {
    expect(() => config({ plugins: ["anonymous"], fields: ["isAnonymous:boolean:optional"] })).toThrow(/already added by the anonymous plugin/);
    expect(config({ plugins: ["jwt"], fields: ["isAnonymous:boolean:optional"] }).fields[0].name).toBe("isAnonymous");
  });
});

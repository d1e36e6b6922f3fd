import { describe, expect, it } from "vitest";
import { UserError } from "../../src/cli/errors.js";
import { ensureClientConfig, ensureServerConfig, type ServerEdit } from "../../src/edit/auth-config.js";
import { locateBetterAuthOptions, locateCreateAuthClientOptions } from "../../src/edit/locate.js";

const HINT = `import { twoFactor } from "better-auth/plugins";\n  plugins: [twoFactor()],`;
const EDIT: ServerEdit = {
  imports: [{ from: "better-auth/plugins", names: ["twoFactor"] }],
  plugins: [{ name: "twoFactor", call: "twoFactor()" }],
  additionalFields: { identifier: "additionalFields", from: "./auth.fields.js" },
  manualHint: HINT,
};

function refusalOf(source: string, edit: ServerEdit = EDIT): UserError {
  try {
    ensureServerConfig(source, "src/lib/auth.ts", edit);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain(HINT);
    expect((error as UserError).message).toContain("src/lib/auth.ts");
    return error as UserError;
  }
  throw new Error("expected a refusal");
}

const head = `import { betterAuth } from "better-auth";\n`;

describe("edit refusals", () => {
  it("two betterAuth calls", () => {
    const error = refusalOf(`${head}export const a = betterAuth({});\nexport const b = betterAuth({});\n`);
    expect(error.message).toMatch(/2 betterAuth\(\.\.\.\) calls \(lines 2, 3\)/);
  });

  it("no betterAuth call", () => {
    expect(refusalOf(`export const auth = {};\n`).message).toMatch(/no betterAuth\(\.\.\.\) call/);
  });

  it("options that are only a spread of an import", () => {
    const error = refusalOf(`${head}import { base } from "./base";\nexport const auth = betterAuth({ ...base });\n`);
    expect(error.message).toMatch(/only a spread/);
  });

  it("a spread argument", () => {
    expect(refusalOf(`${head}const args = [{}] as const;\nexport const auth = betterAuth(...args);\n`).message).toMatch(/spread/);
  });

  it("options from a function call", () => {
    expect(refusalOf(`${head}export const auth = betterAuth(getOptions());\n`).message).toMatch(/`getOptions\(\)`, a computed value/);
  });

  it("options imported from another file", () => {
    const error = refusalOf(`${head}import { options } from "./options";\nexport const auth = betterAuth(options);\n`);
    expect(error.message).toMatch(/imported from "\.\/options"/);
  });

  it("options in a let or a parameter", () => {
    expect(refusalOf(`${head}let options = {};\nexport const auth = betterAuth(options);\n`).message).toMatch(/not a single `const`/);
    expect(refusalOf(`${head}export const make = (o: object) => betterAuth(o);\n`).message).toMatch(/not a single `const`/);
  });

  it("plugins from a function call", () => {
    const error = refusalOf(`${head}export const auth = betterAuth({\n  plugins: somePlugins(),\n});\n`);
    expect(error.message).toMatch(/`plugins` is `somePlugins\(\)`/);
  });

  it("user that is not a literal", () => {
    expect(refusalOf(`${head}export const auth = betterAuth({ user: getUser(), plugins: [twoFactor()] });\n`).message).toMatch(/`user` is/);
  });

  it("additionalFields from a call", () => {
    const source = `${head}export const auth = betterAuth({ user: { additionalFields: fields() }, plugins: [twoFactor()] });\n`;
    expect(refusalOf(source).message).toMatch(/`user.additionalFields` is `fields\(\)`/);
  });

  it("a spread in the options when a key must be added", () => {
    const source = `${head}import { base } from "./base";\nexport const auth = betterAuth({ ...base, emailAndPassword: { enabled: true } });\n`;
    expect(refusalOf(source).message).toMatch(/spread another object/);
  });

  it("a local declaration with the plugin's name", () => {
    const source = `${head}const twoFactor = () => ({ id: "mine" });\nexport const auth = betterAuth({ plugins: [] });\n`;
    expect(refusalOf(source, { ...EDIT, additionalFields: undefined }).message).toMatch(/`twoFactor` is already declared/);
  });

  it("a user variable named like the generated fields", () => {
    const source = `${head}const additionalFields = {};\nexport const auth = betterAuth({ user: {}, plugins: [twoFactor()] });\n`;
    expect(refusalOf(source).message).toMatch(/`additionalFields` is already declared/);
  });

  it("a user.additionalFields of the user's own under the generated name", () => {
    const source = `${head}import { additionalFields } from "./my-fields";\nexport const auth = betterAuth({ user: { additionalFields }, plugins: [twoFactor()] });\n`;
    expect(refusalOf(source).message).toMatch(/`additionalFields` is already declared \(imported from "\.\/my-fields"\)/);
  });

  it("a file that does not parse", () => {
    const error = refusalOf(`${head}export const auth = betterAuth({\n  plugins: [\n});\n`);
    expect(error.message).toMatch(/does not parse \(line 4:1: Unexpected token\)/);
  });

  it("the locate functions refuse with the hint too", () => {
    expect(() => locateBetterAuthOptions("const x = 1;", "auth.ts", HINT)).toThrow(HINT);
    const client = `import { createAuthClient } from "better-auth/react";\nexport const a = createAuthClient(config());\n`;
    expect(() => locateCreateAuthClientOptions(client, "auth-client.ts", HINT)).toThrow(/`config\(\)`/);
    expect(() => ensureClientConfig(client, "auth-client.ts", { ...EDIT, manualHint: HINT })).toThrow(HINT);
  });
});

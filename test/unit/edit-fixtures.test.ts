import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ensureClientConfig, ensureServerConfig, type ServerEdit } from "../../src/edit/auth-config.js";
import { parseModule } from "../../src/edit/parse.js";

/**
 * Every folder under test/fixtures/edit/ is a case: input.ts, expected.ts and an optional
 * options.json ({ edit: "server" | "client", fileName, imports, plugins, additionalFields })
 * merged over the defaults below. UPDATE_FIXTURES=1 writes missing expected.ts files (review them!).
 */
const ROOT = fileURLToPath(new URL("../fixtures/edit/", import.meta.url));
const MANUAL_HINT = "plugins: [twoFactor()]";

const SERVER_DEFAULTS = {
  fileName: "src/lib/auth.ts",
  imports: [{ from: "better-auth/plugins", names: ["twoFactor", "admin"] }],
  plugins: [
    { name: "twoFactor", call: "twoFactor()" },
    { name: "admin", call: "admin()" },
  ],
  additionalFields: { identifier: "additionalFields", from: "./auth.fields.js" },
};

const CLIENT_DEFAULTS = {
  fileName: "src/lib/auth-client.ts",
  imports: [
    { from: "better-auth/client/plugins", names: ["twoFactorClient", "inferAdditionalFields"] },
    { from: "./auth.js", names: ["auth"], typeOnly: true },
  ],
  plugins: [
    { name: "twoFactorClient", call: "twoFactorClient()" },
    { name: "inferAdditionalFields", call: "inferAdditionalFields<typeof auth>()" },
  ],
};

function runCase(dir: string) {
  const optionsFile = path.join(dir, "options.json");
  const options = existsSync(optionsFile) ? JSON.parse(readFileSync(optionsFile, "utf8")) : {};
  const client = options.edit === "client";
  const { fileName, ...edit } = { ...(client ? CLIENT_DEFAULTS : SERVER_DEFAULTS), ...options, manualHint: MANUAL_HINT };
  const run = (source: string) =>
    client ? ensureClientConfig(source, fileName, edit) : ensureServerConfig(source, fileName, edit as ServerEdit);
  return { fileName, run };
}

const cases = readdirSync(ROOT).filter((name) => statSync(path.join(ROOT, name)).isDirectory());

describe("edit fixtures", () => {
  it("has cases", () => expect(cases.length).toBeGreaterThan(10));

  for (const name of cases) {
    it(name, () => {
      const dir = path.join(ROOT, name);
      const input = readFileSync(path.join(dir, "input.ts"), "utf8");
      const expectedFile = path.join(dir, "expected.ts");
      const { fileName, run } = runCase(dir);

      const first = run(input);
      if (!existsSync(expectedFile) && process.env.UPDATE_FIXTURES) writeFileSync(expectedFile, first.code);
      const expected = readFileSync(expectedFile, "utf8");
      expect(first.code).toBe(expected);
      expect(first.changed).toBe(input !== expected);
      expect(() => parseModule(first.code, fileName)).not.toThrow();

      const second = run(first.code);
      expect(second.changed).toBe(false);
      expect(second.code).toBe(first.code);
    });
  }

  it("leaves an argument-less createAuthClient() alone when there is nothing to add", () => {
    const source = `import { createAuthClient } from "better-auth/react";\nexport const authClient = createAuthClient();\n`;
    expect(ensureClientConfig(source, "auth-client.ts", { imports: [], plugins: [], manualHint: MANUAL_HINT })).toEqual({ code: source, changed: false });
  });

  it("keeps CRLF line endings", () => {
    const expected = readFileSync(path.join(ROOT, "crlf", "expected.ts"), "utf8");
    expect(expected.replace(/\r\n/g, "")).not.toContain("\n");
  });
});

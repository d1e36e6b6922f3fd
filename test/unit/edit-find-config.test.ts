import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UserError } from "../../src/cli/errors.js";
import { candidatePaths, findAuthClientFile, findAuthConfigFile } from "../../src/edit/find-config.js";

let cwd: string;
const touch = (rel: string) => {
  mkdirSync(path.dirname(path.join(cwd, rel)), { recursive: true });
  writeFileSync(path.join(cwd, rel), "export {};\n");
};

beforeEach(() => {
  cwd = mkdtempSync(path.join(tmpdir(), "edit-find-config-"));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

describe("findAuthConfigFile", () => {
  it("searches Better Auth CLI's folders, also under src/ and app/", () => {
    const paths = candidatePaths("auth");
    for (const p of ["auth.ts", "lib/auth.ts", "utils/auth.mjs", "server/auth/auth.ts", "src/lib/auth.ts", "app/lib/server/auth.js"])
      expect(paths).toContain(p);
  });

  it("finds the one config", () => {
    touch("src/lib/auth.ts");
    touch("src/lib/auth-client.ts");
    expect(findAuthConfigFile(cwd)).toBe(path.join(cwd, "src/lib/auth.ts"));
    expect(findAuthClientFile(cwd)).toBe(path.join(cwd, "src/lib/auth-client.ts"));
  });

  it("refuses several candidates, naming them and --config", () => {
    touch("lib/auth.ts");
    touch("src/auth.ts");
    expect(() => findAuthConfigFile(cwd)).toThrow(UserError);
    expect(() => findAuthConfigFile(cwd)).toThrow(/lib\/auth\.ts, src\/auth\.ts\); pick one with --config <path>/);
  });

  it("refuses when there is none, suggesting --config", () => {
    expect(() => findAuthConfigFile(cwd)).toThrow(/No Better Auth config file found .*--config <path>/);
    expect(findAuthClientFile(cwd, { optional: true })).toBeNull();
    expect(() => findAuthClientFile(cwd)).toThrow(/--client-config <path>/);
  });

  it("takes an explicit path, and checks it exists", () => {
    touch("config/my-auth.ts");
    expect(findAuthConfigFile(cwd, { configPath: "config/my-auth.ts" })).toBe(path.join(cwd, "config/my-auth.ts"));
    expect(() => findAuthConfigFile(cwd, { configPath: "nope.ts" })).toThrow(/--config nope\.ts does not exist/);
  });

  it("ignores directories named like a config", () => {
    mkdirSync(path.join(cwd, "auth.ts"));
    touch("lib/auth.ts");
    expect(findAuthConfigFile(cwd)).toBe(path.join(cwd, "lib/auth.ts"));
  });
});

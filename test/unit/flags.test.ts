import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { flagsToPartial, projectNameFromDir, targetDirectory } from "../../src/cli/flags.js";
import { parsePartial, resolveConfig } from "../../src/config/resolve.js";
import { userError } from "./expect-user-error.js";


describe("flagsToPartial", () => {
  it("holds nothing when no flag is given", () => {
    expect(flagsToPartial({})).toEqual({});
  });

  it("holds only the keys that were given", () => {
    expect(flagsToPartial({ framework: "express", port: "4000" })).toEqual({ framework: "express", port: 4000 });
    expect(Object.keys(flagsToPartial({ database: "postgres", databaseUrl: "postgres://x" })).sort()).toEqual(["database", "databaseUrl"]);
  });

  it("ignores run-only flags (yes, dry-run, force, config, project-dir)", () => {
    expect(flagsToPartial({ yes: true, dryRun: true, force: true, config: "c.json", projectDir: "d" })).toEqual({});
  });

  it("keeps false booleans from --no-install / --no-migrate / --no-git", () => {
    expect(flagsToPartial({ install: false, migrate: false, git: false })).toEqual({ install: false, migrate: false, git: false });
  });

  it("splits comma lists and trims them", () => {
    expect(flagsToPartial({ providers: "github, google,,", plugins: "jwt,bearer,admin" })).toEqual({
      providers: ["github", "google"],
      plugins: ["jwt", "bearer", "admin"],
    });
  });

  it("--plugins none and --providers none mean empty lists", () => {
    expect(flagsToPartial({ plugins: "none" })).toEqual({ plugins: [] });
    expect(flagsToPartial({ providers: " none " })).toEqual({ providers: [] });
  });

  it("--custom-fields holds several specs and merges with --field", () => {
    expect(flagsToPartial({ customFields: "role:string tier:string" })).toEqual({ fields: ["role:string", "tier:string"] });
    expect(flagsToPartial({ field: ["nickname:string:optional"], customFields: "role:string tier:enum(free|pro):default=free" })).toEqual({
      fields: ["nickname:string:optional", "role:string", "tier:enum(free|pro):default=free"],
    });
  });

  it("an empty --custom-fields still means 'no fields' (not 'not given')", () => {
    expect(flagsToPartial({ customFields: "" })).toEqual({ fields: [] });
  });

  it.each(["abc", "-1", "3.5", "", "4000x"])("refuses --port %j, naming the flag and the value", (port) => {
    const message = userError(() => flagsToPartial({ port }));
    expect(message).toContain("--port");
    expect(message).toContain(`"${port}"`);
  });

  it("a numeric but out-of-range port is refused by the schema, naming --port", () => {
    const partial = flagsToPartial({ port: "70000" });
    expect(partial).toEqual({ port: 70000 });
    expect(userError(() => parsePartial(partial, "flags"))).toContain("--port");
  });

  it("bad values pass through to the schema, which names the flag", () => {
    expect(userError(() => parsePartial(flagsToPartial({ plugins: "jwt,nope" }), "flags"))).toContain("--plugins");
    expect(userError(() => parsePartial(flagsToPartial({ apiClient: "got" }), "flags"))).toContain("--api-client");
  });

  it("flags parse into a partial that overrides a config file's values", () => {
    const fromFile = parsePartial({ framework: "express", port: 5000, database: "sqlite" }, 'config file "c.json"');
    const fromFlags = parsePartial(flagsToPartial({ framework: "hono" }), "flags");
    const { config } = resolveConfig({ projectName: "p", ...fromFile, ...fromFlags });
    expect(config.framework).toBe("hono");
    expect(config.port).toBe(5000);
  });

  it("a bad field spec in the flags is refused when the config is resolved", () => {
    const partial = parsePartial(flagsToPartial({ field: ["1x:string"] }), "flags");
    expect(userError(() => resolveConfig({ projectName: "p", ...partial }))).toContain('"1x"');
  });
});

describe("targetDirectory", () => {
  it("takes the positional argument", () => {
    expect(targetDirectory("svc", {})).toBe("svc");
  });

  it("takes --project-dir", () => {
    expect(targetDirectory(undefined, { projectDir: "svc" })).toBe("svc");
  });

  it("accepts both when they name the same folder", () => {
    expect(targetDirectory("svc", { projectDir: "./svc" })).toBe("svc");
    expect(targetDirectory("svc", { projectDir: resolve("svc") })).toBe("svc");
  });

  it("refuses two different folders, quoting both", () => {
    const message = userError(() => targetDirectory("a", { projectDir: "b" }));
    expect(message).toContain('"a"');
    expect(message).toContain('--project-dir "b"');
  });

  it("is undefined when neither is given", () => {
    expect(targetDirectory(undefined, {})).toBeUndefined();
  });
});

describe("projectNameFromDir", () => {
  it.each([
    ["My Auth", "my-auth"],
    ["my-auth-service", "my-auth-service"],
    ["some/parent/Auth_Service", "auth_service"],
    ["  spaced  out  ", "spaced-out"],
    ["Ünïcode Dir!", "n-code-dir"],
    ["___", "auth-service"],
    ["-leading", "leading"],
  ])("%j → %j", (dir, name) => {
    expect(projectNameFromDir(dir)).toBe(name);
  });

  it("always yields a name the schema accepts", () => {
    for (const dir of ["My Auth", "...", "A.B", "x y z", "@scope", "日本語"]) {
      const projectName = projectNameFromDir(dir);
      expect(() => resolveConfig({ projectName })).not.toThrow();
    }
  });
});

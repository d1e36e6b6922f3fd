import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { FRAMEWORKS, PLUGINS } from "../../src/config/catalog.js";
import { printJsonSchema } from "../../src/config/json-schema.js";
import { loadConfigFile } from "../../src/config/load-file.js";
import { reproducibleCommand } from "../../src/config/reproduce.js";
import { DEFAULT_SQLITE_URL, describeZodError, parsePartial, resolveConfig } from "../../src/config/resolve.js";
import { partialConfigSchema, type PartialConfig } from "../../src/config/schema.js";
import { userError } from "./expect-user-error.js";


/** Takes the input form (field objects may omit defaulted keys, as in a config file). */
const resolve = (partial: Record<string, unknown> = {}) =>
  resolveConfig({ projectName: "my-auth", ...partial } as PartialConfig);

describe("resolveConfig", () => {
  it("applies the documented defaults", () => {
    const { config, notes } = resolve();
    expect(config).toMatchObject({
      projectName: "my-auth",
      framework: "hono",
      database: "sqlite",
      orm: "kysely",
      plugins: ["jwt", "bearer"],
      providers: [],
      fields: [],
      backend: "fastapi",
      apiClient: "fetch",
      port: 3001,
      packageManager: "npm",
      install: true,
      migrate: true,
      git: true,
      databaseUrl: "file:./data/auth.db",
    });
    expect(DEFAULT_SQLITE_URL).toBe("file:./data/auth.db");
    expect(notes).toEqual([]);
  });

  it("keeps a given sqlite URL", () => {
    expect(resolve({ databaseUrl: "file:./other.db" }).config.databaseUrl).toBe("file:./other.db");
  });

  it("parses field specs into objects and collects their notes", () => {
    const { config, notes } = resolve({ fields: ["nickname:string", "role:string"] });
    expect(config.fields.map((f) => [f.name, f.input, f.required])).toEqual([["nickname", true, true], ["role", false, false]]);
    expect(notes.join(" ")).toContain('"role" looks privileged');
  });

  it("de-duplicates plugins and providers, keeping order", () => {
    const { config } = resolve({ plugins: ["bearer", "jwt", "bearer"], providers: ["google", "github", "google"] });
    expect(config.plugins).toEqual(["bearer", "jwt"]);
    expect(config.providers).toEqual(["google", "github"]);
  });

  it("refuses postgres without a URL, naming --database-url", () => {
    expect(userError(() => resolve({ database: "postgres" }))).toContain("--database-url");
  });

  it("refuses a non-postgres URL for postgres, quoting it", () => {
    const message = userError(() => resolve({ database: "postgres", databaseUrl: "mysql://localhost/db" }));
    expect(message).toContain('"mysql://localhost/db"');
    expect(message).toContain("postgres://");
  });

  it("accepts postgres:// and postgresql:// URLs", () => {
    expect(resolve({ database: "postgres", databaseUrl: "postgres://u@h:5432/d" }).config.databaseUrl).toBe("postgres://u@h:5432/d");
    expect(resolve({ database: "postgres", databaseUrl: "postgresql://u@h/d" }).config.database).toBe("postgres");
  });

  it.each([
    ["role", "admin"],
    ["banned", "admin"],
    ["username", "username"],
    ["displayUsername", "username"],
    ["twoFactorEnabled", "two-factor"],
  ] as const)("refuses field %s colliding with the %s plugin, naming the plugin", (field, plugin) => {
    const message = userError(() => resolve({ plugins: ["jwt", "bearer", plugin], fields: [`${field}:string:input`] }));
    expect(message).toContain(`Field "${field}"`);
    expect(message).toContain(`the ${plugin} plugin`);
  });

  it("allows those names when the plugin is not selected", () => {
    expect(resolve({ fields: ["username:string"] }).config.fields[0].name).toBe("username");
  });

  it("refuses the same field twice", () => {
    expect(userError(() => resolve({ fields: ["nickname:string", "nickname:number"] }))).toContain('Field "nickname" is given twice');
  });

  it("refuses a bad field spec from the config, quoting it", () => {
    expect(userError(() => resolve({ fields: ["bad-name:string"] }))).toContain('"bad-name"');
  });

  it("accepts field objects (the config file's long form)", () => {
    const { config } = resolve({ fields: [{ name: "nickname", type: "string", required: false }] });
    expect(config.fields[0]).toMatchObject({ name: "nickname", type: "string", required: false, input: true, returned: true, unique: false });
  });

  it("gives field objects the same checks as specs", () => {
    expect(userError(() => resolve({ fields: [{ name: "email", type: "string" }] }))).toContain('"email" is a Better Auth core user field');
    expect(userError(() => resolve({ fields: [{ name: "kind", type: "enum" }] }))).toContain('Field "kind" is an enum without "values"');
    expect(userError(() => resolve({ fields: [{ name: "kind", type: "enum", values: ["a", "b"], defaultValue: "c" }] }))).toContain('default "c" is not one of a|b');
    expect(userError(() => resolve({ fields: [{ name: "age", type: "number", defaultValue: "abc" }] }))).toContain('default "abc" is not a number');
    expect(userError(() => resolve({ plugins: ["admin"], fields: [{ name: "role", type: "string", input: false, required: false }] }))).toContain("admin plugin");
  });

  it("refuses an invalid projectName", () => {
    expect(userError(() => resolve({ projectName: "My Auth" }))).toContain('"projectName"');
  });

  it("refuses a port out of range", () => {
    expect(userError(() => resolve({ port: 70000 }))).toContain('"port"');
  });
});

describe("parsePartial / describeZodError", () => {
  it("keeps only the keys that were given (no defaults leak in)", () => {
    expect(parsePartial({}, "flags")).toEqual({});
    expect(parsePartial({ framework: "express" }, "flags")).toEqual({ framework: "express" });
    expect(parsePartial({ port: 4000, install: false }, "flags")).toEqual({ port: 4000, install: false });
  });

  it("refuses unknown keys in a config file, naming the key and the file", () => {
    const message = userError(() => parsePartial({ framework: "hono", frameworks: "x" }, 'config file "x"'));
    expect(message).toContain('"frameworks"');
    expect(message).toContain('config file "x"');
  });

  it("names the flag for an invalid enum value from the flags", () => {
    const message = userError(() => parsePartial({ framework: "nope" }, "flags"));
    expect(message).toContain("--framework");
    for (const f of FRAMEWORKS) expect(message).toContain(f);
  });

  it("names the key path for an invalid value from a config file", () => {
    const message = userError(() => parsePartial({ plugins: ["jwt", "nope"] }, 'config file "c.json"'));
    expect(message).toContain('"plugins.1" in config file "c.json"');
  });

  it("describeZodError works on a raw ZodError", () => {
    const result = partialConfigSchema.safeParse({ database: "oracle" });
    expect(result.success).toBe(false);
    const message = describeZodError(result.error!, "flags");
    expect(message).toMatch(/^Invalid value for --database: use one of sqlite, postgres, mysql, mongodb\.$/);
  });

  it("describes type errors by flag", () => {
    const message = userError(() => parsePartial({ port: "abc" }, "flags"));
    expect(message).toContain("Invalid value for --port");
  });
});

describe("loadConfigFile", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "cas-config-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it("reads a valid config without adding defaults", () => {
    const path = file("ok.json", JSON.stringify({ $schema: "./schema.json", framework: "express", port: 4000, fields: ["tier:string"] }));
    expect(loadConfigFile(path)).toEqual({ $schema: "./schema.json", framework: "express", port: 4000, fields: ["tier:string"] });
  });

  it("refuses invalid JSON, naming the file", () => {
    const path = file("bad.json", "{ framework: hono");
    const message = userError(() => loadConfigFile(path));
    expect(message).toContain(`Config file "${path}" is not valid JSON`);
  });

  it.each([["array", "[1,2]"], ["string", '"hono"'], ["null", "null"], ["number", "3"]])("refuses a non-object (%s)", (name, text) => {
    const path = file(`${name}.json`, text);
    expect(userError(() => loadConfigFile(path))).toContain("must hold a JSON object");
  });

  it("refuses an unreadable path", () => {
    const path = join(dir, "missing", "nope.json");
    expect(userError(() => loadConfigFile(path))).toContain(`Cannot read config file "${path}"`);
  });

  it("refuses a directory", () => {
    expect(userError(() => loadConfigFile(dir))).toContain("Cannot read config file");
  });

  it("refuses unknown keys, naming the file", () => {
    const path = file("unknown.json", JSON.stringify({ framwork: "hono" }));
    const message = userError(() => loadConfigFile(path));
    expect(message).toContain('"framwork"');
    expect(message).toContain(`config file "${path}"`);
  });

  it("accepts a generated project's manifest and reads its config", () => {
    const path = file("create-auth-service.json", JSON.stringify({
      tool: "create-auth-service",
      version: "0.1.0",
      config: { projectName: "svc", framework: "express", plugins: ["jwt"], fields: ["tier:enum(free|pro):default=free:no-input"] },
      files: { "package.json": "abc" },
    }));
    // A manifest without `docker` comes from before the Docker files: reproducing it writes none.
    expect(loadConfigFile(path)).toEqual({ docker: false, projectName: "svc", framework: "express", plugins: ["jwt"], fields: ["tier:enum(free|pro):default=free:no-input"] });
  });

  it("a manifest written from a resolved config loads back to the same config", async () => {
    const { serializableConfig } = await import("../../src/manifest.js");
    const { config } = resolve({ framework: "express", fields: ["tier:enum(free|pro):default=free", "nickname:string:optional"], providers: ["github"] });
    const path = file("roundtrip.json", JSON.stringify({ tool: "create-auth-service", version: "0", config: serializableConfig(config), files: {} }));
    const again = resolveConfig(loadConfigFile(path)).config;
    expect(again).toEqual(config);
  });
});

describe("JSON Schema", () => {
  afterEach(() => vi.restoreAllMocks());

  it("z.toJSONSchema has the framework enum and the plugin enum", () => {
    const schema = z.toJSONSchema(partialConfigSchema, { io: "input" }) as {
      properties: Record<string, { enum?: string[]; items?: { enum?: string[] } }>;
      additionalProperties?: boolean;
    };
    expect(schema.properties.framework.enum).toEqual([...FRAMEWORKS]);
    expect(schema.properties.plugins.items?.enum).toEqual([...PLUGINS]);
    expect(schema.additionalProperties).toBe(false);
  });

  it("printJsonSchema prints one JSON document with $id and the framework enum", () => {
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((msg: string) => void lines.push(msg));
    printJsonSchema();
    expect(lines).toHaveLength(1);
    const schema = JSON.parse(lines[0]);
    expect(schema.$id).toMatch(/config\.schema\.json$/);
    expect(schema.properties.framework.enum).toEqual(["hono", "express", "fastify", "nextjs"]);
    expect(schema.properties).toHaveProperty("$schema");
  });
});

describe("reproducibleCommand", () => {
  it("recreates the config with --yes and quotes what the shell would split", () => {
    const { config } = resolve({ fields: ["tier:enum(free|pro):default=free"], database: "postgres", databaseUrl: "postgres://u:secret@h/d" });
    const command = reproducibleCommand("my dir", config);
    expect(command).toContain("--yes");
    expect(command).toContain("'my dir'");
    expect(command).toContain("--field 'tier:enum(free|pro):default=free:no-input'");
    expect(command).toContain('--database-url "$DATABASE_URL"');
    expect(command).not.toContain("secret");
    expect(command).toContain("--plugins jwt,bearer");
  });

  it("keeps the run's No answers and the package manager, after the tool as it was run", () => {
    const { config } = resolve({ install: false, migrate: false, git: false, packageManager: "pnpm" });
    const command = reproducibleCommand("d", config, "node /x/bin/create-auth-service.js");
    expect(command.startsWith("node /x/bin/create-auth-service.js d ")).toBe(true);
    expect(command).toMatch(/ --package-manager pnpm --no-install --no-migrate --no-git --yes$/);
    const { config: objectField } = resolve({ fields: [{ name: "motto", type: "string", defaultValue: "a:b" }], git: false });
    expect(reproducibleCommand("d", objectField)).toMatch(/ --config d\/create-auth-service\.json --no-git --yes$/);
    expect(reproducibleCommand("d", resolve({}).config)).not.toContain("--no-");
  });

  it("spells an empty plugin list as none", () => {
    const { config } = resolve({ plugins: [], backend: "none", apiClient: "none" });
    expect(reproducibleCommand("d", config)).toContain("--plugins none");
  });
});

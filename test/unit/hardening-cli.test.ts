// Bad input at the CLI's edges: field names, privileged fields, file-system failures, SQLite paths,
// credentials in messages, config files, project names, ports and object-form fields.
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createFsFromVolume, Volume } from "memfs";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { runAdd } from "../../src/add/run.js";
import { mergeFields } from "../../src/add/common.js";
import { registerSecret, StepError, urlPassword } from "../../src/cli/errors.js";
import { flagsToPartial, projectNameFromDir } from "../../src/cli/flags.js";
import { out } from "../../src/cli/output.js";
import { parseFieldSpec, parseFieldSpecs } from "../../src/config/field-spec.js";
import { loadConfigFile } from "../../src/config/load-file.js";
import { reproducibleCommand } from "../../src/config/reproduce.js";
import { describeZodError, parsePartial, resolveConfig } from "../../src/config/resolve.js";
import { partialConfigSchema, type PartialConfig } from "../../src/config/schema.js";
import { MANIFEST_FILE, serializableConfig } from "../../src/manifest.js";
import { commitTree, planCommit, type FileSystem } from "../../src/render/commit.js";
import { renderProject } from "../../src/render/project.js";
import { Tree } from "../../src/render/tree.js";
import { captureOutput, fakeDeps, generatedProject, options, removeTempDirs, SECRET, VERSION } from "../fixtures/add/helpers.js";
import { userError } from "./expect-user-error.js";

// The wizard's prompts, scripted: each text prompt's validate function is kept so it can be called.
const validators = new Map<string, (value: string) => string | undefined>();
let answers: Record<string, unknown[]> = {};
vi.mock("@clack/prompts", () => {
  const reply = (opts: { message: string; validate?: (v: string) => string | undefined; initialValue?: unknown }) => {
    if (opts.validate) validators.set(opts.message, opts.validate);
    const key = Object.keys(answers).find((k) => opts.message.includes(k));
    return key ? answers[key].shift() : opts.initialValue;
  };
  return {
    intro: () => {},
    outro: () => {},
    cancel: () => {},
    log: { error: () => {}, warn: () => {}, info: () => {} },
    isCancel: () => false,
    text: async (o: never) => reply(o),
    select: async (o: never) => reply(o),
    multiselect: async (o: never) => reply(o),
    confirm: async (o: never) => reply(o),
  };
});

const resolve = (partial: Record<string, unknown> = {}) => resolveConfig({ projectName: "acme", ...partial } as PartialConfig);
const PROTOTYPE_NAMES = [
  "toString", "constructor", "valueOf", "hasOwnProperty", "__proto__", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "__defineGetter__",
];

let output: ReturnType<typeof captureOutput>;
beforeEach(() => (output = captureOutput()));
afterEach(() => output.restore());
afterAll(removeTempDirs);

describe("field names that break generated code or the database are refused", () => {
  it.each(PROTOTYPE_NAMES)("refuses the Object.prototype member %s in a spec and in an object", (name) => {
    expect(userError(() => parseFieldSpec(`${name}:string:optional`))).toContain(name);
    expect(userError(() => resolve({ fields: [{ name, type: "string", required: false }] }))).toContain(name);
  });

  it.each(["Email", "ID", "EMAIL", "CreatedAt", "emailverified", "Name"])("refuses %s, a core user field in another case", (name) => {
    expect(userError(() => parseFieldSpec(`${name}:string:optional`))).toMatch(/core user field/);
  });

  it.each(["Role", "ROLE", "role", "Banned"])("refuses %s beside the admin plugin's own column", (name) => {
    const message = userError(() => resolve({ plugins: ["jwt", "bearer", "admin"], fields: [`${name}:string:optional`] }));
    expect(message).toContain("admin plugin");
  });

  it("refuses two fields that differ only by case", () => {
    expect(userError(() => parseFieldSpecs(["tier:string:optional", "Tier:string:optional"]))).toMatch(/"Tier".*"tier"|"tier".*"Tier"/);
    expect(userError(() => resolve({ fields: ["tier:string:optional", { name: "TIER", type: "string", required: false }] }))).toMatch(/case/);
  });

  it.each(["password", "Password", "callbackURL", "rememberMe"])("refuses %s, which Better Auth reads from the sign-up body itself", (name) => {
    expect(userError(() => parseFieldSpec(`${name}:string:optional`))).toContain(name);
  });

  it("refuses names longer than the 63-character identifier limit, keeps 63", () => {
    const long = `a${"b".repeat(63)}`;
    expect(long).toHaveLength(64);
    expect(userError(() => parseFieldSpec(`${long}:string:optional`))).toMatch(/63/);
    expect(parseFieldSpec(`${long.slice(0, 63)}:string:optional`).field.name).toHaveLength(63);
  });

  it("add-field refuses the same names against an existing project's fields and plugins", () => {
    const tier = parseFieldSpec("tier:string:optional").field;
    const owned = new Map([["role", "admin"]]);
    expect(userError(() => mergeFields([tier], ["Tier:string:optional"], owned))).toContain("Tier");
    expect(userError(() => mergeFields([tier], ["Role:string:optional"], owned))).toContain("admin");
    expect(userError(() => mergeFields([tier], ["valueOf:string:optional"], owned))).toContain("valueOf");
  });

  it("the wizard refuses such a name when it is typed", async () => {
    const { runWizard } = await import("../../src/prompts/wizard.js");
    answers = {
      "Add custom user fields": [true], "Field name": ["nick", "other", ""], "Type of": ["string", "string"],
      "Default value": ["", ""], "Is nick": [false], "Is other": [false],
    };
    await runWizard("svc", { framework: "hono", database: "sqlite", orm: "kysely", secondaryStorage: "none", providers: [], plugins: [], backend: "none", apiClient: "none", install: false, git: false, port: 3001 });
    const validate = [...validators].find(([message]) => message.startsWith("Field name"))![1];
    expect(validate).toBeTypeOf("function");
    expect(validate("nickname")).toBeUndefined();
    for (const name of ["toString", "constructor", "Email", "ID", "password", "x".repeat(64)]) expect(validate(name), name).toBeTypeOf("string");
    // The second field's prompt knows the first: the same name in another case is refused as typed.
    expect(validate("Nick")).toMatch(/"nick"/);
  });
});

describe("privileged-looking fields", () => {
  it.each(["IsAdmin", "is_admin", "isAdmin", "Role", "ROLE", "roles", "PERMISSIONS", "user_role", "isSuperUser"])(
    "%s is not settable at sign-up unless :input is given",
    (name) => {
      const { field, notes } = parseFieldSpec(`${name}:string:optional`);
      expect(field.input).toBe(false);
      expect(notes.join(" ")).toContain(name);
    },
  );

  it("an explicit :input on a privileged name warns loudly; on an ordinary name it does not", () => {
    const privileged = parseFieldSpec("IsAdmin:boolean:default=false:input");
    expect(privileged.field.input).toBe(true);
    expect(privileged.warnings.join(" ")).toMatch(/IsAdmin.*any user|any user.*IsAdmin/i);
    expect(parseFieldSpec("nickname:string:input").warnings).toEqual([]);
    const { warnings } = resolve({ fields: ["role:string:default=user:input"] });
    expect(warnings.join(" ")).toContain("role");
  });

  it("add-field warns as loudly for an explicit :input on a privileged name", () => {
    mergeFields([], ["is_admin:boolean:default=false:input"], new Map());
    expect(output.text()).toMatch(/^warning: "is_admin" looks privileged, yet it is marked input/m);
  });

  it("an object-form field without input follows the same rule", () => {
    const { config } = resolve({ fields: [{ name: "isAdmin", type: "boolean", defaultValue: false }] });
    expect(config.fields[0].input).toBe(false);
    const explicit = resolve({ fields: [{ name: "isAdmin", type: "boolean", defaultValue: false, input: true }] });
    expect(explicit.config.fields[0].input).toBe(true);
    expect(explicit.warnings.join(" ")).toContain("isAdmin");
  });
});

type Method = "mkdirSync" | "writeFileSync" | "renameSync";
/** memfs where the first call of `method` fails with an errno `code`, like the real thing. */
function failing(files: Record<string, string | null>, method: Method, code: string) {
  const vol = Volume.fromJSON(files);
  const fs = createFsFromVolume(vol) as unknown as FileSystem;
  let failed = false;
  const wrapped = new Proxy(fs, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== method || typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (!failed) {
          failed = true;
          throw Object.assign(new Error(`${code}: injected, ${method} '${String(args[0])}'`), { code, syscall: method.replace("Sync", ""), path: String(args[0]) });
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { vol, fs: wrapped };
}

function tree(): Tree {
  const t = new Tree();
  t.write("package.json", "{}\n");
  t.write("src/auth.ts", "export {};\n");
  return t;
}

describe("file-system failures are one sentence naming the path and the cause, after rolling back", () => {
  it.each([
    ["mkdirSync", "EACCES", /permission denied/i],
    ["writeFileSync", "ENOSPC", /no space left/i],
    ["writeFileSync", "EDQUOT", /quota/i],
    ["renameSync", "EROFS", /read-only/i],
  ] as const)("%s failing with %s", (method, code, cause) => {
    // renameSync: the target exists (as with --force), so files go through temporary siblings.
    const existing: Record<string, string> = method === "renameSync" ? { "/work/proj/notes.txt": "mine\n" } : {};
    const { vol, fs } = failing({ "/work/keep.txt": "mine\n", ...existing }, method, code);
    const t = tree();
    const plan = planCommit(t, "/work/proj", fs);
    const message = userError(() => commitTree(t, "/work/proj", plan, fs));
    expect(message).toMatch(cause);
    expect(message).toContain("/work/proj");
    expect(message).toMatch(/nothing was written/i);
    expect(message).not.toMatch(/\n\s+at /);
    expect(vol.toJSON()).toEqual({ "/work/keep.txt": "mine\n", ...existing });
  });

  it("refuses a target that is a dangling symbolic link, a file, or a link to a folder", async () => {
    const { inspectTarget } = await import("../../src/render/commit.js");
    const vol = Volume.fromJSON({ "/w/file": "x", "/w/real/a": "a" });
    const fs = createFsFromVolume(vol) as unknown as FileSystem;
    (fs as unknown as typeof import("node:fs")).symlinkSync("/w/missing", "/w/dangling");
    (fs as unknown as typeof import("node:fs")).symlinkSync("/w/real", "/w/link");
    expect(userError(() => inspectTarget("/w/dangling", fs))).toMatch(/\/w\/dangling.*symbolic link/);
    expect(userError(() => inspectTarget("/w/link", fs))).toMatch(/\/w\/link.*symbolic link.*\/w\/real/);
    expect(userError(() => inspectTarget("/w/file", fs))).toMatch(/\/w\/file.*not a directory/);
    expect(inspectTarget("/w/real", fs)).toEqual(["a"]);
    expect(inspectTarget("/w/new", fs)).toEqual([]);
  });

  it("never writes through a symbolic link inside the target", () => {
    const vol = Volume.fromJSON({ "/elsewhere/keep": "x", "/proj/README.md": "r" });
    const fs = createFsFromVolume(vol) as unknown as FileSystem;
    (fs as unknown as typeof import("node:fs")).symlinkSync("/elsewhere", "/proj/src");
    expect(userError(() => planCommit(tree(), "/proj", fs))).toMatch(/\/proj\/src.*symbolic link/);
  });
});

describe("a custom SQLite path is honoured", () => {
  it("lands in .env, .env.example, .gitignore, the manifest and the reproducible command", async () => {
    const { config } = resolve({ databaseUrl: "file:./db/custom.sqlite" });
    expect(config.databaseUrl).toBe("file:./db/custom.sqlite");
    const t = await renderProject(config, { toolVersion: VERSION, secret: SECRET });
    expect(t.read(".env")).toContain("DATABASE_URL=file:./db/custom.sqlite\n");
    expect(t.read(".env.example")).toContain("DATABASE_URL=file:./db/custom.sqlite\n");
    expect(t.read(".gitignore")!.split("\n")).toContain("/db/custom.sqlite*");
    expect(JSON.parse(t.read(MANIFEST_FILE)!).config.databaseUrl).toBe("file:./db/custom.sqlite");
    expect(reproducibleCommand("svc", config)).toContain("--database-url file:./db/custom.sqlite");
  });

  it("add-field in such a project keeps the path, the .gitignore line and the manifest entry", async () => {
    const dir = await generatedProject({ databaseUrl: "file:./db/custom.sqlite" });
    const { written, plan } = await runAdd({ fields: ["company:string:optional"], plugins: [], providers: [] }, options(dir, { migrate: false }), fakeDeps());
    expect(plan.conflicts).toEqual([]);
    expect(written).not.toContain(".gitignore");
    expect(readFileSync(join(dir, ".gitignore"), "utf8").split("\n")).toContain("/db/custom.sqlite*");
    expect(readFileSync(join(dir, ".env"), "utf8")).toContain("DATABASE_URL=file:./db/custom.sqlite\n");
    expect(JSON.parse(readFileSync(join(dir, MANIFEST_FILE), "utf8")).config.databaseUrl).toBe("file:./db/custom.sqlite");
  });

  it("takes a plain relative path, and leaves the default alone", async () => {
    expect(resolve({ databaseUrl: "var/app.db" }).config.databaseUrl).toBe("file:./var/app.db");
    const { config } = resolve();
    const t = await renderProject(config, { toolVersion: VERSION, secret: SECRET });
    expect(JSON.parse(t.read(MANIFEST_FILE)!).config.databaseUrl).toBeUndefined();
    expect(reproducibleCommand("svc", config)).not.toContain("--database-url");
  });

  it.each(["file:../outside.db", "file::memory:", "file:./data/auth.db?mode=ro", "file:./data/", "file:", "file:./a\nB=1.db"])("refuses %j", (url) => {
    expect(userError(() => resolve({ databaseUrl: url }))).toContain("--database-url");
  });
});

describe("credentials never appear in messages", () => {
  const SECRET_URL = "postgress://admin:TopSecret123@db.internal:5432/auth";

  it("a malformed server URL", () => {
    const message = userError(() => resolve({ database: "postgres", databaseUrl: SECRET_URL }));
    expect(message).not.toContain("TopSecret123");
    expect(message).toContain("db.internal");
  });

  it("a server URL given for SQLite, and a password with an @", () => {
    const message = userError(() => resolve({ databaseUrl: "mysql://root:Top@Secret123@h/db" }));
    expect(message).not.toMatch(/Top|Secret123/);
  });

  it("an unknown key in a config file, and a config file that is not JSON", () => {
    const dir = mkdtempSync(join(tmpdir(), "cas-hardening-"));
    try {
      expect(userError(() => parsePartial({ [SECRET_URL]: 1 }, "config file"))).not.toContain("TopSecret123");
      const file = join(dir, "c.json");
      writeFileSync(file, `{"database": "postgres", "databaseUrl": "postgres://admin:TopSecret123@h/db" x}`);
      const message = userError(() => loadConfigFile(file));
      expect(message).not.toContain("TopSecret");
      expect(message).toMatch(/line 1, column \d+/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the configured password even where no URL surrounds it", () => {
    registerSecret(urlPassword("postgres://admin:Pa%40ss-w0rd-42@db.internal/auth"));
    out.error("db:migrate failed: password Pa@ss-w0rd-42 was rejected (raw Pa%40ss-w0rd-42)");
    expect(output.text()).toContain("password *** was rejected (raw ***)");
  });

  it("every printed line, including a failed post-step's output", () => {
    out.error(new StepError(`db:migrate failed:\nError: connect ECONNREFUSED postgres://admin:TopSecret123@127.0.0.1:5432/auth`).message);
    out.warn(`see ${SECRET_URL}`);
    out.info(`see ${SECRET_URL}`);
    expect(output.text()).toContain("127.0.0.1");
    expect(output.text()).not.toContain("TopSecret123");
  });
});

describe("config files, project names and ports", () => {
  it("refuses a config file over 1 MB before parsing it", () => {
    const dir = mkdtempSync(join(tmpdir(), "cas-hardening-"));
    try {
      const file = join(dir, "big.json");
      writeFileSync(file, JSON.stringify({ framework: "hono", padding: "x".repeat(1024 * 1024) }));
      expect(userError(() => loadConfigFile(file))).toMatch(/1 MB/);
      expect(userError(() => loadConfigFile(dir))).toMatch(/not a regular file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(["node_modules", "favicon.ico", ".hidden", "_private", "http", "fs", "a~b", "it's", "with space", "UPPER", "@scope/node_modules", "x".repeat(215)])(
    "refuses the project name %j",
    (projectName) => {
      expect(userError(() => parsePartial({ projectName }, "flags"))).toContain("--project-name");
    },
  );

  it.each(["acme", "my-auth.service", "@acme/auth", "a_b", "x".repeat(214)])("accepts the project name %j", (projectName) => {
    expect(parsePartial({ projectName }, "flags")).toEqual({ projectName });
  });

  it("derives a valid name from a folder named like a reserved one", () => {
    for (const dir of ["node_modules", "favicon.ico", "http", "events"]) {
      const projectName = projectNameFromDir(dir);
      expect(() => parsePartial({ projectName }, "flags"), projectName).not.toThrow();
    }
  });

  it("says 1-65535 for a huge --port or config-file port", () => {
    expect(userError(() => parsePartial(flagsToPartial({ port: "99999999999999999999" }), "flags"))).toMatch(/--port.*65535/);
    const result = partialConfigSchema.safeParse({ port: 1e20 });
    expect(result.success).toBe(false);
    expect(describeZodError(result.error!, 'config file "c.json"')).toMatch(/1.*65535/);
    expect(describeZodError(result.error!, 'config file "c.json"')).not.toContain("9007199254740991");
  });
});

describe("object-form fields stay structured end to end", () => {
  const homepage = { name: "homepage", type: "string", required: false, defaultValue: "https://example.com:8080/a:b" };
  const plan = { name: "plan", type: "enum", values: ["free|legacy", "pro: yearly", "team"], defaultValue: "free|legacy" };

  it("keeps a default with ':' and enum values with '|' exactly", () => {
    const { config } = resolve({ fields: [homepage, plan] });
    expect(config.fields[0]).toMatchObject({ name: "homepage", type: "string", required: false, defaultValue: "https://example.com:8080/a:b" });
    expect(config.fields[1]).toMatchObject({ name: "plan", type: "enum", values: ["free|legacy", "pro: yearly", "team"], defaultValue: "free|legacy" });
  });

  it("checks objects as strictly as specs", () => {
    expect(userError(() => resolve({ fields: [{ ...plan, defaultValue: "gold" }] }))).toContain("gold");
    expect(userError(() => resolve({ fields: [{ ...plan, values: ["a", "a"] }] }))).toMatch(/repeat/);
    expect(userError(() => resolve({ fields: [{ name: "level", type: "number", defaultValue: "high" }] }))).toContain("level");
    expect(userError(() => resolve({ fields: [{ name: "tags", type: "string", values: ["a"] }] }))).toContain("values");
  });

  it("the manifest stores such fields as objects and reads them back unchanged", () => {
    const { config } = resolve({ fields: [homepage, plan, "tier:enum(free|pro):default=free"] });
    const stored = serializableConfig(config).fields as unknown[];
    expect(typeof stored[2]).toBe("string");
    const again = resolveConfig({ ...parsePartial(JSON.parse(JSON.stringify(serializableConfig(config))), MANIFEST_FILE) }).config;
    expect(again.fields).toEqual(config.fields);
  });

  it("add-field in a project with such fields keeps them in the manifest", async () => {
    const dir = await generatedProject({ fields: [homepage, plan] as PartialConfig["fields"] });
    const before = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), "utf8")).config.fields;
    await runAdd({ fields: ["company:string:optional"], plugins: [], providers: [] }, options(dir, { migrate: false }), fakeDeps());
    const after = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), "utf8")).config.fields;
    expect(after.slice(0, 2)).toEqual(before);
    expect(after[0]).toMatchObject({ defaultValue: "https://example.com:8080/a:b" });
    expect(after[1]).toMatchObject({ values: ["free|legacy", "pro: yearly", "team"] });
    expect(readFileSync(join(dir, "src/auth.fields.ts"), "utf8")).toContain(`"https://example.com:8080/a:b"`);
  });
});

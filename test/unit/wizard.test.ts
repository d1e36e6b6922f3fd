// The wizard asks only for what flags and config files left open, and Ctrl-C at any prompt
// cancels the whole run. @clack/prompts is replaced by a scripted terminal.
import { beforeEach, describe, expect, it, vi } from "vitest";

const CANCEL = Symbol("clack:cancel");
const asked: string[] = [];
/** The default each prompt offered (initialValue / initialValues), by message. */
const offered = new Map<string, unknown>();
let script: Record<string, unknown> = {};
/** Each prompt's options as the wizard passed them (validate functions included), by message. */
const prompts = new Map<string, { validate?: (value: string | undefined) => string | undefined }>();
const shown: string[] = [];

function reply(kind: string, opts: { message: string; initialValue?: unknown; initialValues?: unknown; validate?: (value: string | undefined) => string | undefined }) {
  asked.push(opts.message);
  prompts.set(opts.message, opts);
  offered.set(opts.message, kind === "multiselect" ? opts.initialValues : opts.initialValue);
  const key = Object.keys(script).find((k) => opts.message.includes(k));
  if (key === undefined) return kind === "confirm" ? (opts.initialValue ?? false) : kind === "multiselect" ? (opts.initialValues ?? []) : undefined;
  const value = script[key];
  // A list of answers is consumed one per prompt (for the field loop).
  return Array.isArray(value) && kind !== "multiselect" ? value.shift() : value;
}

vi.mock("@clack/prompts", () => ({
  intro: () => {},
  outro: (message: string) => shown.push(`outro: ${message}`),
  cancel: () => {},
  log: { error: () => {}, warn: () => {}, info: (message: string) => shown.push(message) },
  isCancel: (v: unknown) => v === CANCEL,
  text: async (o: never) => reply("text", o),
  select: async (o: never) => reply("select", o),
  multiselect: async (o: never) => reply("multiselect", o),
  confirm: async (o: never) => reply("confirm", o),
}));

/** The default offered by the prompt whose message starts with `prefix`. */
const offeredFor = (prefix: string) => [...offered].find(([message]) => message.startsWith(prefix))?.[1];
const validatorOf = (prefix: string) => [...prompts].find(([message]) => message.startsWith(prefix))?.[1].validate;

const { runWizard } = await import("../../src/prompts/wizard.js");
const { CancelledError } = await import("../../src/cli/errors.js");
const { isPrivilegedName } = await import("../../src/config/catalog.js");
const { parseFieldSpec } = await import("../../src/config/field-spec.js");

beforeEach(() => {
  asked.length = 0;
  shown.length = 0;
  prompts.clear();
  offered.clear();
  script = {};
});

describe("wizard", () => {
  it("asks nothing that flags already answered", async () => {
    const given = {
      framework: "express", database: "sqlite", orm: "kysely", secondaryStorage: "none", fields: [], providers: [], plugins: ["jwt"],
      backend: "none", apiClient: "none", install: false, migrate: false, git: false, port: 3001,
    } as const;
    const { directory, partial } = await runWizard("svc", { ...given, fields: [], providers: [], plugins: ["jwt"] });
    expect(asked).toEqual([]);
    expect(directory).toBe("svc");
    expect(partial).toMatchObject({ framework: "express", database: "sqlite" });
  });

  it("asks for the rest, including a field through the loop and a server database URL", async () => {
    script = {
      "Where should": "my-svc",
      Framework: "hono",
      Database: "postgres",
      "connection string": "postgres://u@h:5432/db",
      "Schema and migrations": "kysely",
      "Secondary storage": "none",
      "Add custom user fields": true,
      "Field name": ["tier", ""],
      "Type of tier": "enum",
      "Allowed values": "free|pro",
      "Is tier required": true,
      "Default value for tier": "free",
      "Can users set tier": false,
      "OAuth providers": ["github"],
      "Better Auth plugins": ["jwt", "bearer", "admin"],
      "Resource-server": "fastapi",
      "API client": "fetch",
    };
    const { directory, partial } = await runWizard(undefined, {});
    expect(directory).toBe("my-svc");
    expect(partial).toMatchObject({
      framework: "hono", database: "postgres", databaseUrl: "postgres://u@h:5432/db", providers: ["github"],
      plugins: ["jwt", "bearer", "admin"], backend: "fastapi", apiClient: "fetch", install: true, migrate: true, git: true,
    });
    expect(partial.fields).toEqual(["tier:enum(free|pro):required:default=free:no-input"]);
    // A privileged name: the sign-up question starts at "no" (the scripted answer above does not decide this).
    expect(offeredFor("Can users set tier ")).toBe(false);
  });

  it("the sign-up question starts at yes for an ordinary name and at no for a privileged one; Enter keeps it", async () => {
    script = {
      "Add custom user fields": true,
      "Field name": ["nickname", "role", ""],
      "Type of": "string",
      "required?": false,
      "Default value for": "",
      // "Can users set … at sign-up?" is not scripted: the prompt returns the default it offers.
    };
    const given = {
      framework: "express", database: "sqlite", orm: "kysely", secondaryStorage: "none", providers: [], plugins: ["jwt"],
      backend: "none", apiClient: "none", install: false, migrate: false, git: false,
    } as const;
    const { partial } = await runWizard("svc", { ...given, providers: [], plugins: ["jwt"] });
    expect(offeredFor("Can users set nickname ")).toBe(true);
    expect(offeredFor("Can users set role ")).toBe(false);
    expect(partial.fields).toEqual(["nickname:string:optional:input", "role:string:optional:no-input"]);
  });

  it("turns Ctrl-C at any prompt into a CancelledError (exit 130)", async () => {
    script = { Framework: CANCEL };
    const run = runWizard("svc", {});
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    await expect(runWizard("svc", {})).rejects.toMatchObject({ exitCode: 130 });
  });

  const given = {
    framework: "express", database: "sqlite", orm: "kysely", secondaryStorage: "none", providers: [], plugins: ["jwt"],
    backend: "none", apiClient: "none", install: false, migrate: false, git: false, port: 3001,
  } as const;

  it("checks a field name as it is typed, with the rules of --field, and lets an empty name end the loop", async () => {
    script = { "Add custom user fields": true, "Field name": [""] };
    const { partial } = await runWizard("svc", { ...given, providers: [], plugins: ["jwt"] });
    expect(partial.fields).toEqual([]);
    const validate = validatorOf("Field name")!;
    expect(validate("email")).toContain("core user field");
    expect(validate("2fast")).toContain("not a valid identifier");
    expect(validate("constructor")).toContain("reserved");
    expect(validate("")).toBeUndefined();
    expect(validate("nickname")).toBeUndefined();
  });

  it("refuses a column of a chosen plugin as it is typed (fields are asked after the plugins)", async () => {
    script = { "Better Auth plugins": ["jwt", "admin"], "Add custom user fields": true, "Field name": [""] };
    await runWizard("svc", { ...given, plugins: undefined, providers: [] });
    expect(asked.indexOf("Better Auth plugins")).toBeLessThan(asked.findIndex((m) => m.startsWith("Add custom user fields")));
    expect(validatorOf("Field name")!("Role")).toContain("admin plugin");
    expect(validatorOf("Field name")!("nickname")).toBeUndefined();
  });

  it("refuses a name already given, in any case, and a default the type cannot hold, as they are typed", async () => {
    script = { "Add custom user fields": true, "Field name": ["level", "nick", ""], "Type of level": "number", "Type of nick": "string", "Default value for": "" };
    await runWizard("svc", { ...given, providers: [], plugins: ["jwt"] });
    expect(validatorOf("Field name")!("LEVEL")).toContain('already a field "level"');
    expect(validatorOf("Default value for level")!("many")).toContain("not a number");
    expect(validatorOf("Default value for level")!("7")).toBeUndefined();
  });

  it("suggests no privileged name, and offers required exactly when the spec syntax would make the field required", async () => {
    script = {
      "Add custom user fields": true,
      "Field name": ["nickname", "tier", "credits", ""],
      "Type of nickname": "string",
      "Type of tier": "enum",
      "Allowed values": "free|pro",
      "Default value for tier": "free",
      "Type of credits": "number",
      "Default value for credits": "",
    };
    const { partial } = await runWizard("svc", { ...given, providers: [], plugins: ["jwt"] });
    const invitation = asked.find((m) => m.startsWith("Add custom user fields"))!;
    const suggested = invitation.match(/like (\w+) or (\w+)/)!.slice(1);
    expect(suggested.filter(isPrivilegedName)).toEqual([]);
    // Settable: required by default, and the prompt says so; filled by a default: the same.
    expect(offeredFor("Is nickname required?")).toBe(true);
    expect(asked.find((m) => m.startsWith("Is nickname required?"))).toContain("default yes");
    expect(offeredFor("Is tier required?")).toBe(true);
    // Nobody could fill credits: never asked, optional, and said why.
    expect(asked.some((m) => m.startsWith("Is credits required?"))).toBe(false);
    expect(shown.some((m) => m.startsWith("credits is optional"))).toBe(true);
    expect(partial.fields).toEqual(["nickname:string:required:input", "tier:enum(free|pro):required:default=free:no-input", "credits:number:optional:no-input"]);
    // What Enter gives is what the same spec without required/optional means.
    for (const spec of partial.fields as string[]) {
      const unsaid = spec.replace(/:(required|optional)/, "");
      expect(parseFieldSpec(unsaid).field.required, spec).toBe(spec.includes(":required"));
    }
  });

  it("asks the port (3001 by default, checked as typed) and ends with a closing frame", async () => {
    script = { "Port of the auth service": "4123" };
    const { partial } = await runWizard("svc", { ...given, port: undefined, fields: [], providers: [], plugins: ["jwt"] });
    expect(partial.port).toBe(4123);
    const port = [...prompts].find(([m]) => m.startsWith("Port"))!;
    expect(port[1]).toMatchObject({ defaultValue: "3001" });
    expect(validatorOf("Port")!("70000")).toBeDefined();
    expect(validatorOf("Port")!("80a")).toBeDefined();
    expect(validatorOf("Port")!("8080")).toBeUndefined();
    expect(shown.at(-1)).toBe("outro: Creating svc");
  });
});

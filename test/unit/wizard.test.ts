// The wizard asks only for what flags and config files left open, and Ctrl-C at any prompt
// cancels the whole run. @clack/prompts is replaced by a scripted terminal.
import { beforeEach, describe, expect, it, vi } from "vitest";

const CANCEL = Symbol("clack:cancel");
const asked: string[] = [];
/** The default each prompt offered (initialValue / initialValues), by message. */
const offered = new Map<string, unknown>();
let script: Record<string, unknown> = {};

function reply(kind: string, opts: { message: string; initialValue?: unknown; initialValues?: unknown }) {
  asked.push(opts.message);
  offered.set(opts.message, kind === "multiselect" ? opts.initialValues : opts.initialValue);
  const key = Object.keys(script).find((k) => opts.message.includes(k));
  if (key === undefined) return kind === "confirm" ? (opts.initialValue ?? false) : kind === "multiselect" ? (opts.initialValues ?? []) : undefined;
  const value = script[key];
  // A list of answers is consumed one per prompt (for the field loop).
  return Array.isArray(value) && kind !== "multiselect" ? value.shift() : value;
}

vi.mock("@clack/prompts", () => ({
  intro: () => {},
  cancel: () => {},
  log: { error: () => {}, warn: () => {} },
  isCancel: (v: unknown) => v === CANCEL,
  text: async (o: never) => reply("text", o),
  select: async (o: never) => reply("select", o),
  multiselect: async (o: never) => reply("multiselect", o),
  confirm: async (o: never) => reply("confirm", o),
}));

const { runWizard } = await import("../../src/prompts/wizard.js");
const { CancelledError } = await import("../../src/cli/errors.js");

beforeEach(() => {
  asked.length = 0;
  offered.clear();
  script = {};
});

describe("wizard", () => {
  it("asks nothing that flags already answered", async () => {
    const given = {
      framework: "express", database: "sqlite", orm: "kysely", secondaryStorage: "none", fields: [], providers: [], plugins: ["jwt"],
      backend: "none", apiClient: "none", install: false, migrate: false, git: false,
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
      "Add a custom user field": true,
      "Add another custom user field": false,
      "Field name": "tier",
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
    expect(offered.get("Can users set tier themselves at sign-up?")).toBe(false);
  });

  it("the sign-up question starts at yes for an ordinary name and at no for a privileged one; Enter keeps it", async () => {
    script = {
      "Add a custom user field": true,
      "Add another custom user field": [true, false],
      "Field name": ["nickname", "role"],
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
    expect(offered.get("Can users set nickname themselves at sign-up?")).toBe(true);
    expect(offered.get("Can users set role themselves at sign-up?")).toBe(false);
    expect(partial.fields).toEqual(["nickname:string:optional:input", "role:string:optional:no-input"]);
  });

  it("turns Ctrl-C at any prompt into a CancelledError (exit 130)", async () => {
    script = { Framework: CANCEL };
    const run = runWizard("svc", {});
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    await expect(runWizard("svc", {})).rejects.toMatchObject({ exitCode: 130 });
  });
});

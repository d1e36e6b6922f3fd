// The generated fields module lands in other people's projects (Better-T-Stack turns on
// `noUnusedLocals`, `noUnusedParameters`, `noUncheckedIndexedAccess`): it must type-check under
// their strictest settings whatever fields it holds.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseFieldSpec } from "../../src/config/field-spec.js";
import { fieldView } from "../../src/render/context.js";
import { renderTemplateFile } from "../../src/render/templates.js";

const TSC = join(import.meta.dirname, "../../node_modules/.bin/tsc");
const dir = mkdtempSync(join(tmpdir(), "cas-fields-strict-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Only what the module uses of better-auth's types, so the check needs no install.
mkdirSync(join(dir, "node_modules/better-auth"), { recursive: true });
writeFileSync(join(dir, "node_modules/better-auth/package.json"), JSON.stringify({ name: "better-auth", types: "index.d.ts" }));
writeFileSync(
  join(dir, "node_modules/better-auth/index.d.ts"),
  "export type DBFieldAttribute = { type: unknown; required?: boolean; defaultValue?: unknown; input?: boolean; returned?: boolean; unique?: boolean; index?: boolean; validator?: { input?: unknown; output?: unknown } };\n",
);
writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));

const STRICT = ["--noEmit", "--strict", "--noUnusedLocals", "--noUnusedParameters", "--noUncheckedIndexedAccess", "--verbatimModuleSyntax", "--target", "es2022", "--module", "nodenext", "--moduleResolution", "nodenext"];

describe("auth.fields.ts under a project's strictest compiler settings", () => {
  it.each([
    ["one string", ["company:string:optional"]],
    ["one of every type", ["a:string", "b:number:default=1", "c:boolean:default=false", "d:date:optional", "e:json:optional", "f:string[]:optional", "g:number[]:optional", "h:enum(x|y):default=x"]],
  ])("%s", async (name, specs) => {
    const views = specs.map((s) => fieldView(parseFieldSpec(s).field));
    const file = join(dir, `${name.replace(/\W/g, "-")}.ts`);
    writeFileSync(file, await renderTemplateFile("base", "src/auth.fields.ts", { fields: views, claimFields: views.filter((f) => f.returned) }));
    const output = (() => {
      try {
        return execFileSync(TSC, [...STRICT, file], { cwd: dir, encoding: "utf8" });
      } catch (error) {
        return String((error as { stdout?: string }).stdout ?? error);
      }
    })();
    expect(output).toBe("");
  }, 120_000);
});

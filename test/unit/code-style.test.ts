import * as nodeFs from "node:fs";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createFsFromVolume, Volume } from "memfs";
import { describe, expect, it } from "vitest";
import { ensureClientConfig, ensureServerConfig } from "../../src/edit/auth-config.js";
import { editorGlobMatches, formatGenerated, parseJsonc, projectCodeStyle, type CodeStyle } from "../../src/edit/code-style.js";
import type { MinimalFs } from "../../src/edit/find-project.js";
import { parseModule } from "../../src/edit/parse.js";
import { parseFieldSpec } from "../../src/config/field-spec.js";
import { fieldView } from "../../src/render/context.js";
import { renderTemplateFile } from "../../src/render/templates.js";

const ROOT = "/project";
const FIXTURES = fileURLToPath(new URL("../fixtures/edit/", import.meta.url));

function memfs(files: Record<string, string>): MinimalFs {
  const json: Record<string, string> = {};
  for (const [file, content] of Object.entries(files)) json[path.posix.join(ROOT, file)] = content;
  return createFsFromVolume(Volume.fromJSON(json)) as unknown as MinimalFs;
}

const style = (files: Record<string, string>, file = "src/lib/auth.ts", source?: string) => projectCodeStyle(ROOT, file, memfs(files), source);

const PRETTIER_DEFAULTS: CodeStyle = { indent: "  ", quote: '"', semi: true, trailingComma: "all", eol: "\n", printWidth: 80 };

describe("projectCodeStyle: Prettier", () => {
  it("reads .prettierrc as JSON or YAML, and .prettierrc.json", () => {
    expect(style({ ".prettierrc": `{ "singleQuote": true, "semi": false, "tabWidth": 4, "printWidth": 100 }` })).toEqual({ ...PRETTIER_DEFAULTS, quote: "'", semi: false, indent: "    ", printWidth: 100 });
    expect(style({ ".prettierrc": "useTabs: true\ntrailingComma: es5 # comment\n" })).toEqual({ ...PRETTIER_DEFAULTS, indent: "\t", trailingComma: "es5" });
    expect(style({ ".prettierrc.json": `{ "trailingComma": "none", "endOfLine": "crlf" }` })).toEqual({ ...PRETTIER_DEFAULTS, trailingComma: "none", eol: "\r\n" });
  });

  it("reads .prettierrc.yaml with quoted values, and the prettier key of package.json", () => {
    expect(style({ ".prettierrc.yml": `singleQuote: true\ntrailingComma: "none"\noverrides:\n  - files: "*.md"\n    options:\n      singleQuote: false\n` })).toMatchObject({ quote: "'", trailingComma: "none" });
    expect(style({ "package.json": JSON.stringify({ name: "x", prettier: { semi: false } }) })).toMatchObject({ semi: false });
  });

  it("reads a JavaScript config only when it is a plain object literal, never running it", () => {
    expect(style({ "prettier.config.mjs": `/** @type {import("prettier").Config} */\nconst config = { singleQuote: true, useTabs: true };\nexport default config;\n` })).toMatchObject({ quote: "'", indent: "\t" });
    expect(style({ ".prettierrc.cjs": `module.exports = { semi: false };\n` })).toMatchObject({ semi: false });
    // A computed config: the file is still the project's formatter config, its values unknown → defaults.
    expect(style({ "prettier.config.js": `export default makeConfig({ semi: false });\n` })).toEqual(PRETTIER_DEFAULTS);
  });

  it("the nearest config wins: a package's own config over the root's", () => {
    const files = { ".prettierrc": `{ "singleQuote": true }`, "packages/auth/.prettierrc": `{ "semi": false }` };
    expect(style(files, "packages/auth/src/index.ts")).toEqual({ ...PRETTIER_DEFAULTS, semi: false });
    expect(style(files, "apps/web/src/lib/auth-client.ts")).toEqual({ ...PRETTIER_DEFAULTS, quote: "'" });
  });

  it("takes absolute paths inside the root", () => {
    expect(projectCodeStyle(ROOT, `${ROOT}/src/auth.ts`, memfs({ ".prettierrc": `{ "semi": false }` }))).toMatchObject({ semi: false });
  });
});

describe("projectCodeStyle: Biome and oxfmt", () => {
  it("reads biome.json: global indent, JavaScript quotes/semicolons/trailing commas", () => {
    const biome = { formatter: { indentStyle: "space", indentWidth: 4, lineEnding: "crlf", lineWidth: 120 }, javascript: { formatter: { quoteStyle: "single", semicolons: "asNeeded", trailingCommas: "es5" } } };
    expect(style({ "biome.json": JSON.stringify(biome) })).toEqual({ indent: "    ", quote: "'", semi: false, trailingComma: "es5", eol: "\r\n", printWidth: 120 });
  });

  it("Biome's defaults are tabs; Biome 1's trailingComma is read too; a disabled formatter does not count", () => {
    expect(style({ "biome.json": `{}` })).toMatchObject({ indent: "\t" });
    expect(style({ "biome.jsonc": `{ "javascript": { "formatter": { "trailingComma": "none" } } }` })).toMatchObject({ trailingComma: "none" });
    expect(style({ "biome.json": `{ "formatter": { "enabled": false } }`, ".prettierrc": `{ "semi": false }` })).toMatchObject({ semi: false, indent: "  " });
  });

  it("a nested Biome config that extends the root one inherits its settings", () => {
    const files = {
      "biome.json": JSON.stringify({ formatter: { indentStyle: "space" }, javascript: { formatter: { quoteStyle: "single" } } }),
      "packages/auth/biome.json": JSON.stringify({ root: false, extends: "//", javascript: { formatter: { semicolons: "asNeeded" } } }),
      "packages/db/biome.json": JSON.stringify({ javascript: { formatter: { semicolons: "asNeeded" } } }),
    };
    expect(style(files, "packages/auth/src/index.ts")).toMatchObject({ indent: "  ", quote: "'", semi: false });
    expect(style(files, "packages/db/src/index.ts")).toMatchObject({ indent: "\t", quote: '"', semi: false }); // a root of its own
  });

  it("reads oxfmt's Prettier-compatible keys from .oxfmtrc.json(c)", () => {
    expect(style({ ".oxfmtrc.jsonc": `{\n  // oxfmt\n  "singleQuote": true,\n  "useTabs": true,\n}` })).toEqual({ ...PRETTIER_DEFAULTS, quote: "'", indent: "\t", printWidth: 100 });
  });
});

describe("projectCodeStyle: .editorconfig and inference", () => {
  it("reads indent_style/indent_size from [*] and [*.ts] sections, later sections winning", () => {
    const ec = `root = true\n\n[*]\nindent_style = space\nindent_size = 4\n\n[*.{ts,tsx}]\nindent_size = 3\n\n[*.md]\nindent_style = tab\n`;
    expect(style({ ".editorconfig": ec })).toMatchObject({ indent: "   " });
    expect(style({ ".editorconfig": `[*]\nindent_style = tab\nend_of_line = crlf\nmax_line_length = 120\n` })).toMatchObject({ indent: "\t", eol: "\r\n", printWidth: 120 });
  });

  it("stops at root = true, nearer files override farther ones", () => {
    const files = { ".editorconfig": `root = true\n[*]\nindent_style = tab\n`, "src/.editorconfig": `[*.ts]\nindent_style = space\nindent_size = 2\n` };
    expect(style(files, "src/lib/auth.ts")).toMatchObject({ indent: "  " });
    const rooted = { ".editorconfig": `[*]\nindent_style = tab\n`, "src/.editorconfig": `root = true\n[*.md]\nindent_size = 8\n` };
    expect(style(rooted, "src/lib/auth.ts")).toMatchObject({ indent: "  " });
  });

  it("a formatter's explicit setting beats .editorconfig, which beats the file itself", () => {
    const files = { ".editorconfig": `[*]\nindent_style = tab\n`, ".prettierrc": `{ "tabWidth": 4 }` };
    expect(style(files)).toMatchObject({ indent: "    " });
    const tabbedFile = `import { betterAuth } from 'better-auth'\nexport const auth = betterAuth({\n\temailAndPassword: { enabled: true }\n})\n`;
    expect(style({ ".editorconfig": `[*]\nindent_size = 2\n` }, "src/lib/auth.ts", tabbedFile)).toEqual({ indent: "  ", quote: "'", semi: false, trailingComma: "none", eol: "\n", printWidth: 80 });
  });

  it("falls back to the file itself, then to Prettier's defaults", () => {
    const source = `import { betterAuth } from 'better-auth'\r\nexport const auth = betterAuth({\r\n\tbaseURL: 'x'\r\n})\r\n`;
    expect(style({}, "src/lib/auth.ts", source)).toEqual({ indent: "\t", quote: "'", semi: false, trailingComma: "none", eol: "\r\n", printWidth: 80 });
    expect(style({})).toEqual(PRETTIER_DEFAULTS);
    expect(style({}, "src/lib/auth.ts", "this is not code {")).toEqual(PRETTIER_DEFAULTS);
  });

  it("matches EditorConfig globs", () => {
    expect(editorGlobMatches("*", "src/a.ts")).toBe(true);
    expect(editorGlobMatches("*.{ts,tsx}", "src/a.tsx")).toBe(true);
    expect(editorGlobMatches("*.ts", "src/a.tsx")).toBe(false);
    expect(editorGlobMatches("src/**.ts", "src/lib/a.ts")).toBe(true);
    expect(editorGlobMatches("lib/*.ts", "src/lib/a.ts")).toBe(false);
    expect(editorGlobMatches("[*.ts]".slice(1, -1), "a.ts")).toBe(true);
  });

  it("parses JSON with comments and trailing commas, leaving strings alone", () => {
    expect(parseJsonc(`{ "a": "http://x//y", /* c */ "b": [1, 2,], }`)).toEqual({ a: "http://x//y", b: [1, 2] });
    expect(parseJsonc(`{ nope`)).toBeUndefined();
  });
});

describe("the style fixtures get their style from their config files", () => {
  for (const name of ["style-prettier", "style-biome", "style-editorconfig"]) {
    it(name, () => {
      const dir = path.join(FIXTURES, name);
      const options = JSON.parse(readFileSync(path.join(dir, "options.json"), "utf8"));
      const input = readFileSync(path.join(dir, "input.ts"), "utf8");
      expect(projectCodeStyle(dir, options.fileName.replace(/^.*\//, ""), nodeFs, input)).toEqual(options.style);
    });
  }

  it("without the project's style, the edit would look different (inference alone is not enough)", () => {
    // The file shows neither indentation nor trailing commas: only .prettierrc says tabs and "none".
    const dir = path.join(FIXTURES, "style-prettier");
    const input = readFileSync(path.join(dir, "input.ts"), "utf8");
    const edit = { imports: [{ from: "better-auth/plugins", names: ["twoFactor"] }], plugins: [{ name: "twoFactor", call: "twoFactor()" }], manualHint: "" };
    const inferred = ensureServerConfig(input, "auth.ts", edit).code;
    const styled = ensureServerConfig(input, "auth.ts", { ...edit, style: projectCodeStyle(dir, "auth.ts", nodeFs, input) }).code;
    expect(inferred).toContain("\n  plugins: [\n    twoFactor(),\n  ],\n");
    expect(styled).toContain("\n\tplugins: [twoFactor()]\n"); // fits in printWidth, as Prettier would print it
  });
});

describe("edits with a project style", () => {
  const tabsNoCommas: CodeStyle = { indent: "\t", quote: "'", semi: false, trailingComma: "none", eol: "\n", printWidth: 80 };
  const edit = (names: string[]) => ({
    imports: [{ from: "better-auth/plugins", names }],
    plugins: names.map((name) => ({ name, call: `${name}({ someOption: true })` })),
    manualHint: "",
    style: tabsNoCommas,
  });

  it("a list too long for printWidth goes one per line, with the project's trailing commas", () => {
    const source = `import { betterAuth } from 'better-auth'\n\nexport const auth = betterAuth({})\n`;
    const out = ensureServerConfig(source, "auth.ts", edit(["twoFactor", "username", "organization"])).code;
    expect(out).toContain(`betterAuth({\n\tplugins: [\n\t\ttwoFactor({ someOption: true }),\n\t\tusername({ someOption: true }),\n\t\torganization({ someOption: true })\n\t]\n})`);
  });

  it("lines pushed past printWidth are wrapped the way Prettier prints them (checked with prettier 3.10)", () => {
    const style: CodeStyle = { ...PRETTIER_DEFAULTS };
    const client = `import { createAuthClient } from "better-auth/react";\n\nexport const authClient = createAuthClient();\n`;
    const clientEdit = { imports: [{ from: "better-auth/client/plugins", names: ["twoFactorClient", "inferAdditionalFields"] }], plugins: [{ name: "twoFactorClient", call: "twoFactorClient()" }], manualHint: "", style };
    expect(ensureClientConfig(client, "client.ts", clientEdit).code).toBe(
      `import { createAuthClient } from "better-auth/react";\nimport {\n  twoFactorClient,\n  inferAdditionalFields,\n} from "better-auth/client/plugins";\n\nexport const authClient = createAuthClient({\n  plugins: [twoFactorClient()],\n});\n`,
    );
    const server = `import { betterAuth } from "better-auth";\nimport { organization, username, magicLink } from "better-auth/plugins";\n\nexport const auth = betterAuth({\n  plugins: [organization(), username(), magicLink({ sendMagicLink: async () => {} })],\n});\n`;
    const serverEdit = { imports: [{ from: "better-auth/plugins", names: ["twoFactor", "admin"] }], plugins: [{ name: "twoFactor", call: "twoFactor()" }, { name: "admin", call: "admin()" }], manualHint: "", style };
    const out = ensureServerConfig(server, "auth.ts", serverEdit).code;
    expect(out).toBe(
      `import { betterAuth } from "better-auth";\nimport {\n  organization,\n  username,\n  magicLink,\n  twoFactor,\n  admin,\n} from "better-auth/plugins";\n\n` +
        `export const auth = betterAuth({\n  plugins: [\n    organization(),\n    username(),\n    magicLink({ sendMagicLink: async () => {} }),\n    twoFactor(),\n    admin(),\n  ],\n});\n`,
    );
    expect(ensureServerConfig(out, "auth.ts", serverEdit).changed).toBe(false);
    // Without the project's style, lines are left as long as they get.
    expect(ensureServerConfig(server, "auth.ts", { ...serverEdit, style: undefined }).code).toContain(`import { organization, username, magicLink, twoFactor, admin } from "better-auth/plugins";`);
  });

  it("never mixes tabs into a file indented with spaces", () => {
    const source = `import { betterAuth } from "better-auth";\n\nexport const auth = betterAuth({\n    baseURL: "x",\n});\n`;
    const out = ensureServerConfig(source, "auth.ts", edit(["twoFactor", "username", "organization"])).code;
    expect(out).not.toContain("\t");
    expect(out).toContain(`\n    plugins: [\n        twoFactor({ someOption: true }),\n`);
    expect(out).toContain(`import { twoFactor, username, organization } from 'better-auth/plugins'\n`);
  });
});

const GENERATED = `// Generated by create-auth-service.
import type { DBFieldAttribute } from "better-auth";

export const additionalFields = {
  company: {
    type: "string",
    required: false,
    defaultValue: "Bob's \\"shop\\"",
    input: true,
  },
  plan: {
    type: ["free", "pro"],
    required: true,
  },
} satisfies Record<string, DBFieldAttribute>;

/**
 * The custom fields as they appear on the user.
 */
export interface CustomUserFields {
  company?: string | null;
  plan: "free" | "pro";
  [key: string]: unknown;
}

export const note = \`line one
  kept "as is"\`;
export const claimFieldNames = ["company", "plan"] as const;
`;

describe("formatGenerated", () => {
  it("keeps the template's own style unchanged", () => {
    expect(formatGenerated(GENERATED, PRETTIER_DEFAULTS)).toBe(GENERATED);
  });

  it("tabs, single quotes, no semicolons, no trailing commas", () => {
    const out = formatGenerated(GENERATED, { indent: "\t", quote: "'", semi: false, trailingComma: "none", eol: "\n" });
    expect(out).toBe(`// Generated by create-auth-service.
import type { DBFieldAttribute } from 'better-auth'

export const additionalFields = {
\tcompany: {
\t\ttype: 'string',
\t\trequired: false,
\t\tdefaultValue: 'Bob\\'s "shop"',
\t\tinput: true
\t},
\tplan: {
\t\ttype: ['free', 'pro'],
\t\trequired: true
\t}
} satisfies Record<string, DBFieldAttribute>

/**
 * The custom fields as they appear on the user.
 */
export interface CustomUserFields {
\tcompany?: string | null
\tplan: 'free' | 'pro';
\t[key: string]: unknown
}

export const note = \`line one
  kept "as is"\`
export const claimFieldNames = ['company', 'plan'] as const
`);
    expect(() => parseModule(out, "auth.fields.ts")).not.toThrow();
  });

  it("four spaces, es5 commas, CRLF; a string keeps its quotes when swapping would need more escapes", () => {
    const out = formatGenerated(`export const a = {\n  b: "it's",\n  c: "say \\"hi\\"",\n  d: 'x',\n};\nf(\n  1,\n);\n`, { indent: "    ", quote: "'", semi: true, trailingComma: "es5", eol: "\r\n" });
    expect(out).toBe(`export const a = {\r\n    b: "it's",\r\n    c: 'say "hi"',\r\n    d: 'x',\r\n};\r\nf(\r\n    1\r\n);\r\n`);
  });

  it("keeps a semicolon where dropping it would join two statements", () => {
    const out = formatGenerated(`const a = 1;\n[a].forEach(String);\nconst b = 2; const c = 3;\n`, { ...PRETTIER_DEFAULTS, semi: false });
    expect(out).toBe(`const a = 1;\n[a].forEach(String)\nconst b = 2; const c = 3\n`);
  });

  it("re-styles the real generated fields module in every style, which still parses", async () => {
    const views = ["company:string:optional", "level:number:default=1", "plan:enum(free|pro):default=free"].map((spec) => fieldView(parseFieldSpec(spec).field));
    const generated = await renderTemplateFile("base", "src/auth.fields.ts", { fields: views, claimFields: views });
    expect(formatGenerated(generated, PRETTIER_DEFAULTS, "auth.fields.ts")).toBe(generated);
    const out = formatGenerated(generated, { indent: "\t", quote: "'", semi: false, trailingComma: "none", eol: "\n" }, "auth.fields.ts");
    const lines = out.split("\n");
    expect(lines.filter((l) => /^ +\S/.test(l) && !/^ \*/.test(l))).toEqual([]); // indented with tabs (JSDoc " * " aside)
    expect(lines.filter((l) => /;\s*$/.test(l))).toEqual([]); // no statement or member ends with a semicolon
    expect(out).not.toMatch(/,\s*\n\s*[}\]]/); // no trailing commas
    expect(out).toContain("'free'");
    expect(lines.filter((l) => l.includes('"') && !l.trimStart().startsWith("//") && !l.includes("`"))).toEqual([]); // template literals keep their text
    expect(() => parseModule(out, "auth.fields.ts")).not.toThrow();
  });

  it("leaves JSX attribute quotes alone", () => {
    const out = formatGenerated(`export const A = () => <a href="/x">{"text"}</a>;\n`, { ...PRETTIER_DEFAULTS, quote: "'" }, "page.tsx");
    expect(out).toBe(`export const A = () => <a href="/x">{'text'}</a>;\n`);
  });

  it("refuses input that does not parse", () => {
    expect(() => formatGenerated("const = ;", PRETTIER_DEFAULTS)).toThrow();
  });
});

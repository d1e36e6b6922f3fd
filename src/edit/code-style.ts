// The project's formatting settings (indentation, quotes, semicolons, trailing commas, line endings),
// read from its .editorconfig / Prettier / Biome / oxfmt configuration without running any of them,
// so that the files the tool writes and the edits it makes pass the project's own formatter.
import path from "node:path";
import { parse } from "@babel/parser";
import type { File, Node } from "@babel/types";
import type { MinimalFs } from "./find-project.js";
import { parseModule, walk } from "./parse.js";
import { applySplices, detectStyle, type FileStyle, type Splice } from "./splice.js";

export interface CodeStyle {
  /** One indentation level: "\t" or N spaces. */
  indent: string;
  quote: '"' | "'";
  semi: boolean;
  trailingComma: "all" | "es5" | "none";
  eol: "\n" | "\r\n";
  /** The width the formatter wraps lines at (Prettier `printWidth`, Biome `lineWidth`); `projectCodeStyle` always sets it. */
  printWidth?: number;
}

/** Prettier's defaults (also oxfmt's): what a project with a formatter but no settings gets. */
const PRETTIER_DEFAULTS: Required<CodeStyle> = { indent: "  ", quote: '"', semi: true, trailingComma: "all", eol: "\n", printWidth: 80 };
const OXFMT_DEFAULTS: Required<CodeStyle> = { ...PRETTIER_DEFAULTS, printWidth: 100 };
/** Biome's defaults: tabs. */
const BIOME_DEFAULTS: Required<CodeStyle> = { indent: "\t", quote: '"', semi: true, trailingComma: "all", eol: "\n", printWidth: 80 };

interface FormatterConfig {
  tool: "prettier" | "biome" | "oxfmt";
  /** Relative to the root, for messages. */
  file: string;
  settings: Partial<CodeStyle>;
}

/**
 * The style for `file` (relative to `root`): settings from the nearest formatter config (Biome,
 * oxfmt, Prettier — in that order when several sit in one folder), then `.editorconfig`, then what
 * `source` (the file being edited, or a neighbour) shows, then the formatter's defaults. Config
 * files are parsed, never executed: a JavaScript Prettier config counts only when it is a plain
 * object literal.
 */
export function projectCodeStyle(root: string, file: string, fs: MinimalFs, source?: string): CodeStyle {
  if (path.isAbsolute(file)) file = path.relative(root, file);
  const formatter = nearestFormatterConfig(root, file, fs);
  const editorconfig = editorConfigFor(root, file, fs);
  const inferred = source === undefined ? {} : inferStyle(source, file);
  const defaults = formatter?.tool === "biome" ? BIOME_DEFAULTS : formatter?.tool === "oxfmt" ? OXFMT_DEFAULTS : PRETTIER_DEFAULTS;
  const pick = <K extends keyof CodeStyle>(key: K): Required<CodeStyle>[K] =>
    (formatter?.settings[key] ?? editorconfig[key] ?? inferred[key] ?? defaults[key]) as Required<CodeStyle>[K];
  return { indent: pick("indent"), quote: pick("quote"), semi: pick("semi"), trailingComma: pick("trailingComma"), eol: pick("eol"), printWidth: pick("printWidth") };
}

/** What the file itself shows; nothing for a file that does not parse. */
function inferStyle(source: string, file: string): Partial<CodeStyle> {
  let ast: File;
  try {
    ast = parseModule(source, file);
  } catch {
    return {};
  }
  const style = detectStyle(source, ast);
  const inferred: Partial<CodeStyle> = { quote: style.quote, semi: style.semi, trailingComma: style.trailingComma ? "all" : "none" };
  // Only what the file really shows: a one-line file says nothing about indentation or line endings.
  if (/^[ \t]+\S/m.test(source)) inferred.indent = style.indent;
  if (source.includes("\n")) inferred.eol = style.eol;
  return inferred;
}

/**
 * The splice engine's per-file style from a project style. The file's own line endings and
 * indentation unit win when it shows them: an edit must not mix tabs and spaces within one file
 * (the project's formatter evens out the rest).
 */
export function toFileStyle(style: CodeStyle, source: string, detected: FileStyle): FileStyle {
  return {
    indent: /^[ \t]+\S/m.test(source) ? detected.indent : style.indent,
    eol: source.includes("\n") ? detected.eol : style.eol,
    quote: style.quote,
    semi: style.semi,
    trailingComma: style.trailingComma !== "none",
    printWidth: style.printWidth ?? 80,
  };
}

// ---------------------------------------------------------------------------------------------
// Config files

/** Folders from the file's folder up to the root (inclusive), nearest first; all relative to root. */
function foldersUp(root: string, file: string): string[] {
  const dirs: string[] = [];
  let dir = path.posix.dirname(file.split(path.sep).join("/"));
  for (;;) {
    dirs.push(dir === "." ? "" : dir);
    if (dir === "." || dir === "/" || dir === "") break;
    dir = path.posix.dirname(dir);
  }
  return dirs;
}

function readIfFile(fs: MinimalFs, full: string): string | null {
  try {
    if (!fs.existsSync(full) || !fs.statSync(full).isFile()) return null;
    return fs.readFileSync(full, "utf8");
  } catch {
    return null;
  }
}

const PRETTIER_FILES = [".prettierrc", ".prettierrc.json", ".prettierrc.json5", ".prettierrc.yaml", ".prettierrc.yml", ".prettierrc.toml", ".prettierrc.js", ".prettierrc.mjs", ".prettierrc.cjs", ".prettierrc.ts", ".prettierrc.mts", ".prettierrc.cts", "prettier.config.js", "prettier.config.mjs", "prettier.config.cjs", "prettier.config.ts", "prettier.config.mts", "prettier.config.cts"];

function nearestFormatterConfig(root: string, file: string, fs: MinimalFs): FormatterConfig | null {
  // A nested Biome config with `"extends": "//"` (Biome 2 monorepos) or `"root": false` inherits the
  // settings of the Biome config above it: collect until a root one, nearer settings winning.
  let biome: FormatterConfig | null = null;
  for (const dir of foldersUp(root, file)) {
    const at = (name: string) => (dir ? `${dir}/${name}` : name);
    const read = (name: string) => readIfFile(fs, path.join(root, at(name)));

    for (const name of ["biome.json", "biome.jsonc"]) {
      const text = read(name);
      if (text === null) continue;
      const json = parseJsonc(text);
      const settings = biomeSettings(json);
      if (!settings) {
        if (biome) return biome; // a parent that turns the formatter off: what the nested one said
        break;
      }
      const nearer = biome as FormatterConfig | null;
      biome = nearer ? { ...nearer, settings: { ...settings, ...nearer.settings } } : { tool: "biome", file: at(name), settings };
      if (!inheritsParentBiome(json)) return biome;
      break;
    }
    if (biome) continue;
    for (const name of [".oxfmtrc.json", ".oxfmtrc.jsonc"]) {
      const text = read(name);
      if (text === null) continue;
      const json = parseJsonc(text);
      if (isRecord(json)) return { tool: "oxfmt", file: at(name), settings: prettierSettings(json) };
    }
    for (const name of PRETTIER_FILES) {
      const text = read(name);
      if (text === null) continue;
      return { tool: "prettier", file: at(name), settings: prettierSettings(prettierObject(name, text)) };
    }
    const pkg = read("package.json");
    if (pkg !== null) {
      const json = parseJsonc(pkg);
      // A string names a shared config package, which this tool does not load.
      if (isRecord(json) && json.prettier !== undefined)
        return { tool: "prettier", file: at("package.json"), settings: isRecord(json.prettier) ? prettierSettings(json.prettier) : {} };
    }
  }
  return biome;
}

function inheritsParentBiome(json: unknown): boolean {
  if (!isRecord(json)) return false;
  const extendsList = Array.isArray(json.extends) ? json.extends : typeof json.extends === "string" ? [json.extends] : [];
  return json.root === false || extendsList.includes("//");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Prettier's keys (oxfmt uses the same): useTabs, tabWidth, singleQuote, semi, trailingComma, endOfLine. */
function prettierSettings(config: unknown): Partial<CodeStyle> {
  if (!isRecord(config)) return {};
  const out: Partial<CodeStyle> = {};
  const tabWidth = typeof config.tabWidth === "number" && config.tabWidth > 0 && config.tabWidth <= 16 ? config.tabWidth : undefined;
  if (config.useTabs === true) out.indent = "\t";
  else if (config.useTabs === false || tabWidth !== undefined) out.indent = " ".repeat(tabWidth ?? 2);
  if (typeof config.singleQuote === "boolean") out.quote = config.singleQuote ? "'" : '"';
  if (typeof config.semi === "boolean") out.semi = config.semi;
  if (config.trailingComma === "all" || config.trailingComma === "es5" || config.trailingComma === "none") out.trailingComma = config.trailingComma;
  if (config.endOfLine === "lf" || config.endOfLine === "crlf") out.eol = config.endOfLine === "crlf" ? "\r\n" : "\n";
  if (typeof config.printWidth === "number" && config.printWidth > 0) out.printWidth = config.printWidth;
  return out;
}

/** Biome's formatter settings, global then JavaScript-specific; null when its formatter is off. */
function biomeSettings(config: unknown): Partial<CodeStyle> | null {
  if (!isRecord(config)) return null;
  const formatter = isRecord(config.formatter) ? config.formatter : {};
  const javascript = isRecord(config.javascript) && isRecord(config.javascript.formatter) ? config.javascript.formatter : {};
  if (formatter.enabled === false || javascript.enabled === false) return null;
  const out: Partial<CodeStyle> = {};
  for (const section of [formatter, javascript]) {
    const width = typeof section.indentWidth === "number" && section.indentWidth > 0 ? section.indentWidth : typeof section.indentSize === "number" ? section.indentSize : undefined;
    if (section.indentStyle === "tab") out.indent = "\t";
    else if (section.indentStyle === "space") out.indent = " ".repeat(width ?? 2);
    else if (width !== undefined && out.indent !== "\t") out.indent = " ".repeat(width);
    if (section.lineEnding === "lf" || section.lineEnding === "crlf") out.eol = section.lineEnding === "crlf" ? "\r\n" : "\n";
    if (typeof section.lineWidth === "number" && section.lineWidth > 0) out.printWidth = section.lineWidth;
  }
  if (javascript.quoteStyle === "single" || javascript.quoteStyle === "double") out.quote = javascript.quoteStyle === "single" ? "'" : '"';
  if (javascript.semicolons === "always" || javascript.semicolons === "asNeeded") out.semi = javascript.semicolons === "always";
  // Biome 2 calls it `trailingCommas`, Biome 1 `trailingComma`.
  const trailing = javascript.trailingCommas ?? javascript.trailingComma;
  if (trailing === "all" || trailing === "es5" || trailing === "none") out.trailingComma = trailing;
  return out;
}

/** The settings object of a Prettier config file of any format; {} when it cannot be read without running it. */
function prettierObject(name: string, text: string): unknown {
  if (/\.(?:[mc]?[jt]s)$/.test(name)) return objectLiteralExport(text, name);
  if (name.endsWith(".toml")) return simpleKeyValues(text, "=");
  if (name.endsWith(".yaml") || name.endsWith(".yml")) return simpleKeyValues(text, ":");
  const json = parseJsonc(text);
  if (json !== undefined) return json;
  return name === ".prettierrc" ? simpleKeyValues(text, ":") : {}; // `.prettierrc` may be YAML
}

/** Top-level `key: value` (YAML) or `key = value` (TOML) lines with scalar values. */
function simpleKeyValues(text: string, separator: ":" | "="): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s/.test(raw)) continue; // nested (overrides, sections): not ours to guess
    const line = raw.replace(/\s+#.*$/, "").trim();
    if (!line || line.startsWith("#") || line.startsWith("[") || line.startsWith("-")) continue;
    const at = line.indexOf(separator);
    if (at <= 0) continue;
    const key = line.slice(0, at).trim().replace(/^["']|["']$/g, "");
    const value = line.slice(at + 1).trim();
    out[key] = scalar(value);
  }
  return out;
}

function scalar(value: string): unknown {
  if (value === "true") return true;
  if (value === "false") return false;
  if (/^-?\d+$/.test(value)) return Number(value);
  const quoted = /^"(.*)"$|^'(.*)'$/.exec(value);
  return quoted ? (quoted[1] ?? quoted[2]) : value;
}

/** JSON with comments and trailing commas (Biome's, oxfmt's and TypeScript's flavour); undefined when it is not that. */
export function parseJsonc(text: string): unknown {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (text.startsWith("//", i)) {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (text.startsWith("/*", i)) {
      const close = text.indexOf("*/", i + 2);
      i = close < 0 ? text.length : close + 2;
    } else {
      out += c;
      i++;
    }
  }
  try {
    return JSON.parse(out.replace(/,(\s*[}\]])/g, "$1"));
  } catch {
    return undefined;
  }
}

/** `export default {...}`, `module.exports = {...}` or `const c = {...}; export default c`, scalar values only. */
function objectLiteralExport(text: string, name: string): Record<string, unknown> {
  let ast: File;
  try {
    ast = parseModule(text, name.replace(/\.[mc]?js$/, ".ts"));
  } catch {
    return {};
  }
  let exported: Node | null = null;
  for (const statement of ast.program.body) {
    if (statement.type === "ExportDefaultDeclaration") exported = statement.declaration;
    if (statement.type === "ExpressionStatement" && statement.expression.type === "AssignmentExpression") {
      const left = statement.expression.left;
      if (left.type === "MemberExpression" && left.object.type === "Identifier" && left.object.name === "module" && left.property.type === "Identifier" && left.property.name === "exports")
        exported = statement.expression.right;
    }
  }
  for (let hops = 0; exported && hops < 4; hops++) {
    while (exported.type === "TSSatisfiesExpression" || exported.type === "TSAsExpression" || exported.type === "ParenthesizedExpression") exported = exported.expression;
    if (exported.type === "ObjectExpression") break;
    if (exported.type !== "Identifier") return {};
    const wanted = exported.name;
    exported = null;
    walk(ast.program, (node) => {
      if (node.type === "VariableDeclarator" && node.id.type === "Identifier" && node.id.name === wanted && node.init) exported = node.init;
    });
  }
  const object = exported as Node | null;
  if (object?.type !== "ObjectExpression") return {};
  const out: Record<string, unknown> = {};
  for (const prop of object.properties) {
    if (prop.type !== "ObjectProperty" || prop.computed) continue;
    const key = prop.key.type === "Identifier" ? prop.key.name : prop.key.type === "StringLiteral" ? prop.key.value : null;
    const value = prop.value;
    if (key === null) continue;
    if (value.type === "StringLiteral" || value.type === "BooleanLiteral" || value.type === "NumericLiteral") out[key] = value.value;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// .editorconfig

interface EditorSection {
  glob: string;
  props: Record<string, string>;
}

/** indent_style / indent_size / tab_width / end_of_line / quote_type for `file`, nearest file and last section winning. */
function editorConfigFor(root: string, file: string, fs: MinimalFs): Partial<CodeStyle> {
  const props: Record<string, string> = {};
  const relFile = file.split(path.sep).join("/");
  // Farthest first, so nearer files override.
  const chain: { dir: string; sections: EditorSection[] }[] = [];
  for (const dir of foldersUp(root, file)) {
    const text = readIfFile(fs, path.join(root, dir, ".editorconfig"));
    if (text === null) continue;
    const parsed = parseEditorConfig(text);
    chain.unshift({ dir, sections: parsed.sections });
    if (parsed.root) break;
  }
  for (const { dir, sections } of chain) {
    const inDir = dir ? relFile.slice(dir.length + 1) : relFile;
    for (const section of sections) if (editorGlobMatches(section.glob, inDir)) Object.assign(props, section.props);
  }
  const out: Partial<CodeStyle> = {};
  const size = props.indent_size === "tab" ? props.tab_width : props.indent_size;
  const width = size !== undefined && /^\d+$/.test(size) ? Number(size) : undefined;
  if (props.indent_style === "tab") out.indent = "\t";
  else if (props.indent_style === "space") out.indent = " ".repeat(width ?? 2);
  else if (width !== undefined) out.indent = " ".repeat(width);
  if (props.end_of_line === "lf" || props.end_of_line === "crlf") out.eol = props.end_of_line === "crlf" ? "\r\n" : "\n";
  if (props.max_line_length !== undefined && /^\d+$/.test(props.max_line_length)) out.printWidth = Number(props.max_line_length);
  // Not in the standard, but read by IntelliJ and some formatters.
  if (props.quote_type === "single" || props.quote_type === "double") out.quote = props.quote_type === "single" ? "'" : '"';
  return out;
}

function parseEditorConfig(text: string): { root: boolean; sections: EditorSection[] } {
  let root = false;
  const sections: EditorSection[] = [];
  let current: EditorSection | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[(.*)\]$/.exec(line);
    if (header) {
      current = { glob: header[1], props: {} };
      sections.push(current);
      continue;
    }
    const at = line.indexOf("=");
    if (at <= 0) continue;
    const key = line.slice(0, at).trim().toLowerCase();
    const value = line.slice(at + 1).replace(/\s[#;].*$/, "").trim().toLowerCase();
    if (current) current.props[key] = value;
    else if (key === "root") root = value === "true";
  }
  return { root, sections };
}

/** EditorConfig globs: `*`, `**`, `?`, `{a,b}`, `[abc]`; a glob without `/` matches the file name in any folder. */
export function editorGlobMatches(glob: string, file: string): boolean {
  let pattern = glob;
  if (!pattern.includes("/")) pattern = `**/${pattern}`;
  else if (pattern.startsWith("/")) pattern = pattern.slice(1);
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*") {
      if (pattern[i + 1] === "*") {
        i++;
        if (pattern[i + 1] === "/") {
          i++;
          re += "(?:.*/)?";
        } else re += ".*";
      } else re += "[^/]*";
    } else if (c === "?") re += "[^/]";
    else if (c === "{") {
      const close = pattern.indexOf("}", i);
      if (close < 0) re += "\\{";
      else {
        re += `(?:${pattern.slice(i + 1, close).split(",").map(escapeRegex).join("|")})`;
        i = close;
      }
    } else if (c === "[") {
      const close = pattern.indexOf("]", i);
      if (close < 0) re += "\\[";
      else {
        re += `[${pattern.slice(i + 1, close).replace(/^!/, "^").replace(/\\/g, "\\\\")}]`;
        i = close;
      }
    } else re += escapeRegex(c);
  }
  return new RegExp(`^${re}$`).test(file);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

// ---------------------------------------------------------------------------------------------
// Re-styling generated code

interface Token {
  type: { label: string } | string;
  start: number;
  end: number;
  value?: unknown;
}

/**
 * Re-style a module the tool generates (written with double quotes, two-space indents, semicolons
 * and trailing commas everywhere) to `style`, working on Babel's tokens: string quotes are swapped
 * (escapes adjusted; a string that would need more escapes keeps its quotes, as Prettier does),
 * leading indentation is converted level by level (never inside template literals), statement and
 * interface-member semicolons are dropped where automatic semicolon insertion gives the same code,
 * and trailing commas of multi-line lists follow `trailingComma`. The result is parsed again.
 */
export function formatGenerated(code: string, style: CodeStyle, fileName = "generated.ts"): string {
  const ast = parseForTokens(code, fileName);
  const tokens = (ast.tokens as Token[]).filter((t) => typeof t.type !== "string"); // comments are strings here
  const label = (t: Token | undefined) => (t && typeof t.type !== "string" ? t.type.label : "");
  const splices: Splice[] = [];

  // Quotes (JSX attributes keep theirs: Prettier's `jsxSingleQuote` is a separate setting).
  const jsxStrings = new Set<number>();
  walk(ast.program, (node, parent) => {
    if (node.type === "StringLiteral" && parent?.type === "JSXAttribute") jsxStrings.add(node.start!);
  });
  for (const token of tokens) {
    if (label(token) !== "string" || jsxStrings.has(token.start)) continue;
    const raw = code.slice(token.start, token.end);
    const swapped = swapQuotes(raw, style.quote);
    if (swapped !== raw) splices.push({ start: token.start, end: token.end, text: swapped });
  }

  // Trailing commas: a `,` right before a closing bracket, with a line break between them.
  if (style.trailingComma !== "all") {
    for (let i = 0; i + 1 < tokens.length; i++) {
      if (label(tokens[i]) !== ",") continue;
      const next = label(tokens[i + 1]);
      const drop = style.trailingComma === "none" ? next === "}" || next === "]" || next === ")" : next === ")";
      if (drop && /\n/.test(code.slice(tokens[i].end, tokens[i + 1].start))) splices.push({ start: tokens[i].start, end: tokens[i].end, text: "" });
    }
  }

  // Semicolons.
  if (!style.semi) {
    const starts = new Map(tokens.map((t, i) => [t.start, i]));
    for (const end of semicolonEnds(ast)) {
      const index = starts.get(end - 1);
      if (index === undefined || label(tokens[index]) !== ";") continue;
      const next = tokens[index + 1];
      // ASI only ends a statement at a line break, and not before `(`, `[`, `` ` ``, `+`, `-`, `/`, `<`.
      if (next && (!/\n/.test(code.slice(end, next.start)) || /^[([`+\-/<]/.test(code.slice(next.start, next.start + 1)))) continue;
      splices.push({ start: end - 1, end, text: "" });
    }
  }

  // Indentation, line by line, outside template literals.
  const templates: [number, number][] = [];
  walk(ast.program, (node) => {
    if (node.type === "TemplateElement") templates.push([node.start!, node.end!]);
  });
  const unit = "  ";
  if (style.indent !== unit) {
    let lineStart = 0;
    while (lineStart < code.length) {
      const inTemplate = templates.some(([s, e]) => lineStart > s && lineStart <= e);
      const lead = /^ */.exec(code.slice(lineStart))![0].length;
      if (!inTemplate && lead > 0) {
        const levels = Math.floor(lead / unit.length);
        const rest = lead - levels * unit.length; // " * " of a JSDoc line
        splices.push({ start: lineStart, end: lineStart + lead, text: style.indent.repeat(levels) + " ".repeat(rest) });
      }
      const nl = code.indexOf("\n", lineStart);
      if (nl < 0) break;
      lineStart = nl + 1;
    }
  }

  let out = applySplices(code, splices);
  if (style.eol === "\r\n") out = out.replace(/\r?\n/g, "\r\n");
  try {
    parseModule(out, fileName);
  } catch (error) {
    throw new Error(`formatGenerated produced code that does not parse (${(error as Error).message})`);
  }
  return out;
}

function parseForTokens(code: string, fileName: string): File {
  const tsOnly = /\.[mc]?ts$/.test(fileName);
  return parse(code, { sourceType: "module", plugins: tsOnly ? ["typescript"] : ["typescript", "jsx"], tokens: true, ranges: true });
}

/** The end offsets of nodes whose last character is a statement-ending `;`. */
function semicolonEnds(ast: File): number[] {
  const ends: number[] = [];
  const STATEMENTS = new Set([
    "ExpressionStatement", "VariableDeclaration", "ImportDeclaration", "ExportNamedDeclaration", "ExportDefaultDeclaration",
    "ExportAllDeclaration", "ReturnStatement", "ThrowStatement", "BreakStatement", "ContinueStatement", "DoWhileStatement",
    "TSTypeAliasDeclaration", "TSExportAssignment", "TSImportEqualsDeclaration", "TSPropertySignature", "TSMethodSignature",
    "TSIndexSignature", "TSCallSignatureDeclaration", "TSConstructSignatureDeclaration", "DebuggerStatement",
  ]);
  walk(ast.program, (node, parent) => {
    if (!STATEMENTS.has(node.type)) return;
    // `for (let i = 0; …)`: those semicolons are not statement ends.
    if (node.type === "VariableDeclaration" && parent && (parent.type === "ForStatement" || parent.type === "ForInStatement" || parent.type === "ForOfStatement")) return;
    ends.push(node.end!);
  });
  return [...new Set(ends)]; // `export const x = 1;` ends where its declaration does
}

/** `raw` (a string literal with its quotes) written with `quote`, unless that needs more escapes. */
function swapQuotes(raw: string, quote: '"' | "'"): string {
  const from = raw[0];
  if (from === quote || (from !== '"' && from !== "'")) return raw;
  const inner = raw.slice(1, -1);
  let wanted = 0;
  let current = 0;
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === "\\") {
      i++;
      if (inner[i] === from) current++;
      continue;
    }
    if (inner[i] === quote) wanted++;
  }
  if (wanted > current) return raw;
  let out = "";
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === "\\") {
      const next = inner[i + 1];
      out += next === from ? from : c + (next ?? "");
      i++;
    } else out += c === quote ? `\\${quote}` : c;
  }
  return quote + out + quote;
}

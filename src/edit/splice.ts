import type { File, Node } from "@babel/types";
import { walk } from "./parse.js";

/** Replace `source[start, end)` by `text`; `start === end` inserts. */
export interface Splice {
  start: number;
  end: number;
  text: string;
}

/** How the file is written, so inserted code looks like the code around it. */
export interface FileStyle {
  /** One indentation level: "\t" or N spaces. */
  indent: string;
  eol: "\n" | "\r\n";
  quote: '"' | "'";
  semi: boolean;
  /** Do multi-line object/array literals end with a trailing comma? */
  trailingComma: boolean;
  /** The line width the project's formatter wraps at (80 when unknown). */
  printWidth?: number;
}

export interface EditContext {
  source: string;
  style: FileStyle;
}

export function detectEol(source: string): "\n" | "\r\n" {
  const crlf = source.split("\r\n").length - 1;
  const lf = source.split("\n").length - 1 - crlf;
  return crlf > lf ? "\r\n" : "\n";
}

/** Tabs if most indented lines use tabs, else the most common step between space-indented lines (default 2). */
export function detectIndent(source: string): string {
  let tabs = 0;
  let spaces = 0;
  let previous = 0;
  const steps = new Map<number, number>();
  for (const line of source.split(/\r?\n/)) {
    if (!line.trim() || /^\s+\*/.test(line)) continue; // blank, or a JSDoc continuation (" * ...") that is off by one
    const lead = /^[ \t]*/.exec(line)![0];
    if (lead.startsWith("\t")) {
      tabs++;
      continue;
    }
    if (lead.length > 0) spaces++;
    const step = lead.length - previous;
    if (step > 0) steps.set(step, (steps.get(step) ?? 0) + 1);
    previous = lead.length;
  }
  if (tabs > spaces) return "\t";
  let best = 2;
  let bestCount = 0;
  for (const [step, count] of steps) if (count > bestCount || (count === bestCount && step < best)) [best, bestCount] = [step, count];
  return " ".repeat(best);
}

export function detectStyle(source: string, ast: File): FileStyle {
  const imports = ast.program.body.filter((s) => s.type === "ImportDeclaration");
  const raw = (imports[0]?.source.extra?.raw as string | undefined) ?? firstStringRaw(ast);
  const statements = imports.length > 0 ? imports : ast.program.body;
  const withSemi = statements.filter((s) => source[(s.end ?? 1) - 1] === ";").length;
  return {
    indent: detectIndent(source),
    eol: detectEol(source),
    quote: raw?.startsWith("'") ? "'" : '"',
    semi: statements.length === 0 || withSemi * 2 >= statements.length,
    trailingComma: detectTrailingComma(source, ast),
  };
}

function firstStringRaw(ast: File): string | undefined {
  let raw: string | undefined;
  walk(ast.program, (node) => {
    if (raw === undefined && node.type === "StringLiteral") raw = node.extra?.raw as string | undefined;
  });
  return raw;
}

/** Count multi-line, non-empty literals with and without a comma after their last element. */
function detectTrailingComma(source: string, ast: File): boolean {
  let withComma = 0;
  let without = 0;
  walk(ast.program, (node) => {
    const items = node.type === "ObjectExpression" ? node.properties : node.type === "ArrayExpression" ? node.elements : null;
    const last = items?.[items.length - 1];
    if (!last || !source.slice(node.start!, node.end!).includes("\n")) return;
    if (source[skipTrivia(source, last.end!)] === ",") withComma++;
    else without++;
  });
  return withComma >= without; // Prettier's default ("all") when there is nothing to learn from
}

/** Apply non-overlapping splices. Insertions at the same offset keep their given order. */
export function applySplices(source: string, splices: Splice[]): string {
  const sorted = splices.map((s, i) => ({ ...s, i })).sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
  let out = "";
  let cursor = 0;
  for (const s of sorted) {
    if (s.start < cursor || s.end < s.start) throw new Error(`Overlapping splices at offset ${s.start}`);
    out += source.slice(cursor, s.start) + s.text;
    cursor = s.end;
  }
  return out + source.slice(cursor);
}

/** Skip whitespace and comments from `pos`; returns the offset of the next code character. */
export function skipTrivia(source: string, pos: number): number {
  for (;;) {
    while (pos < source.length && /\s/.test(source[pos])) pos++;
    if (source.startsWith("//", pos)) {
      while (pos < source.length && source[pos] !== "\n") pos++;
    } else if (source.startsWith("/*", pos)) {
      const close = source.indexOf("*/", pos + 2);
      pos = close < 0 ? source.length : close + 2;
    } else return pos;
  }
}

/**
 * From `pos`, skip spaces and comments that stay on this line. Returns the offset of the line
 * break (or of a comment that spans lines), or null when code follows on the same line.
 */
export function endOfLineAfter(source: string, pos: number): number | null {
  for (;;) {
    while (source[pos] === " " || source[pos] === "\t") pos++;
    if (pos >= source.length || source[pos] === "\n" || source[pos] === "\r") return pos;
    if (source.startsWith("//", pos)) {
      const nl = source.indexOf("\n", pos);
      if (nl < 0) return source.length;
      return source[nl - 1] === "\r" ? nl - 1 : nl;
    }
    if (source.startsWith("/*", pos)) {
      const close = source.indexOf("*/", pos + 2);
      if (close < 0 || source.slice(pos, close).includes("\n")) return pos;
      pos = close + 2;
      continue;
    }
    return null;
  }
}

export function lineStart(source: string, pos: number): number {
  return source.lastIndexOf("\n", pos - 1) + 1;
}

/** The leading whitespace of the line holding `pos`. */
export function lineIndent(source: string, pos: number): string {
  return /^[ \t]*/.exec(source.slice(lineStart(source, pos)))![0];
}

/** Is `pos` the first code on its line? */
export function startsLine(source: string, pos: number): boolean {
  return /^[ \t]*$/.test(source.slice(lineStart(source, pos), pos));
}

/** An object/array literal or an import's `{ … }`: its brackets and its items. */
export interface ListTarget {
  /** Offset of the opening `{` or `[`. */
  open: number;
  /** Offset of the closing `}` or `]`. */
  close: number;
  items: { start: number; end: number }[];
  /** `{ a }` gets inner spaces on one line, `[a]` does not. */
  braces: boolean;
}

export function listOf(node: Node): ListTarget {
  if (node.type === "ObjectExpression")
    return { open: node.start!, close: node.end! - 1, items: node.properties.map(range), braces: true };
  if (node.type === "ArrayExpression")
    return { open: node.start!, close: node.end! - 1, items: node.elements.filter((e) => e !== null).map(range), braces: false };
  throw new Error(`listOf: unsupported node ${node.type}`);
}

function range(node: Node): { start: number; end: number } {
  return { start: node.start!, end: node.end! };
}

/** Where an inserted item lands, so it can lay itself out (e.g. a new multi-line array). */
export interface Layout {
  multiline: boolean;
  /** Indentation of the items of the list. */
  indent: string;
  style: FileStyle;
}

export type Render = (layout: Layout) => string;

/**
 * Insert items into a list before `items[index]` (or at the end when index === items.length),
 * one per line in multi-line lists, indented like their siblings, keeping the list's
 * trailing-comma habit and any comments in place. `expandEmpty` turns `{}` into a multi-line list.
 */
export function insertIntoList(ctx: EditContext, list: ListTarget, index: number, renders: Render[], opts: { expandEmpty?: boolean } = {}): Splice[] {
  const splices = insertIntoListAsIs(ctx, list, index, renders, opts);
  return wrapIfTooWide(ctx, list, index, renders, splices) ?? splices;
}

/**
 * With the project's line width known: a one-line list that the insertion pushes past it is
 * rewritten one item per line, as Prettier/Biome print it. Null when it fits, spans lines, or holds
 * comments (which a rewrite could misplace).
 */
function wrapIfTooWide(ctx: EditContext, list: ListTarget, index: number, renders: Render[], splices: Splice[]): Splice[] | null {
  const { source, style } = ctx;
  if (style.printWidth === undefined || list.items.length === 0 || renders.length === 0) return null;
  const inner = source.slice(list.open + 1, list.close);
  if (inner.includes("\n") || inner.includes("/*") || inner.includes("//")) return null;
  const from = lineStart(source, list.open);
  const nl = source.indexOf("\n", list.close);
  const to = nl < 0 ? source.length : source[nl - 1] === "\r" ? nl - 1 : nl;
  if (splices.some((sp) => sp.start < from || sp.end > to)) return null;
  const line = applySplices(source.slice(from, to), splices.map((sp) => ({ ...sp, start: sp.start - from, end: sp.end - from })));
  if (line.replace(/\t/g, "  ").length <= style.printWidth) return null;
  const outer = lineIndent(source, list.open);
  const indent = outer + style.indent;
  const existing = list.items.map((item) => source.slice(item.start, item.end));
  const added = renders.map((r) => r({ multiline: true, indent, style }));
  const items = [...existing.slice(0, index), ...added, ...existing.slice(index)];
  const comma = (i: number) => (i < items.length - 1 || style.trailingComma ? "," : "");
  const text = source[list.open] + items.map((item, i) => style.eol + indent + item + comma(i)).join("") + style.eol + outer + source[list.close];
  return [{ start: list.open, end: list.close + 1, text }];
}

function insertIntoListAsIs(ctx: EditContext, list: ListTarget, index: number, renders: Render[], opts: { expandEmpty?: boolean }): Splice[] {
  const { source, style } = ctx;
  if (renders.length === 0) return [];
  const multiline = source.slice(list.open, list.close).includes("\n");
  const inline = (indent: string) => renders.map((r) => r({ multiline: false, indent, style }));
  const lines = (indent: string) => renders.map((r) => r({ multiline: true, indent, style }));

  if (list.items.length === 0) return insertIntoEmpty(ctx, list, renders, opts.expandEmpty ?? false);

  const itemIndent = indentOfItems(source, list, style);
  if (index >= list.items.length) {
    const last = list.items[list.items.length - 1];
    const afterLast = skipTrivia(source, last.end);
    const hasComma = source[afterLast] === ",";
    const eolAt = multiline ? endOfLineAfter(source, hasComma ? afterLast + 1 : last.end) : null;
    if (eolAt !== null) {
      const texts = lines(itemIndent);
      const text = texts.map((t, i) => style.eol + itemIndent + t + (i < texts.length - 1 || hasComma ? "," : "")).join("");
      return [...(hasComma ? [] : [{ start: last.end, end: last.end, text: "," }]), { start: eolAt, end: eolAt, text }];
    }
    const texts = inline(itemIndent).join(", ");
    return hasComma ? [{ start: afterLast + 1, end: afterLast + 1, text: ` ${texts},` }] : [{ start: last.end, end: last.end, text: `, ${texts}` }];
  }

  const target = list.items[index];
  const from = index === 0 ? list.open + 1 : skipTrivia(source, list.items[index - 1].end) + 1;
  const eolAt = multiline ? endOfLineAfter(source, from) : null;
  if (eolAt !== null && eolAt < target.start) {
    // Insert on a line of our own, above any comment lines that lead the target item.
    const at = source.startsWith("\r\n", eolAt) ? eolAt + 2 : source[eolAt] === "\n" ? eolAt + 1 : eolAt;
    const text = lines(itemIndent).map((t) => itemIndent + t + "," + style.eol).join("");
    return [{ start: at, end: at, text }];
  }
  return [{ start: target.start, end: target.start, text: inline(itemIndent).join(", ") + ", " }];
}

function insertIntoEmpty(ctx: EditContext, list: ListTarget, renders: Render[], expand: boolean): Splice[] {
  const { source, style } = ctx;
  const inner = source.slice(list.open + 1, list.close);
  const outer = lineIndent(source, list.open);
  const indent = outer + style.indent;
  const comma = (i: number, count: number) => (i < count - 1 || style.trailingComma ? "," : "");
  const render = (multiline: boolean) => renders.map((r) => r({ multiline, indent, style }));

  if (inner.includes("\n") && startsLine(source, list.close)) {
    // `{\n  // comment\n}`: new lines go right above the closing bracket, below the comments.
    const at = lineStart(source, list.close);
    const text = render(true).map((t, i, all) => indent + t + comma(i, all.length) + style.eol).join("");
    return [{ start: at, end: at, text }];
  }
  if (inner.trim() === "" && (expand || inner.includes("\n"))) {
    const text = render(true).map((t, i, all) => style.eol + indent + t + comma(i, all.length)).join("");
    return [{ start: list.open + 1, end: list.close, text: text + style.eol + outer }];
  }
  const pad = list.braces ? " " : "";
  if (inner.trim() === "") return [{ start: list.open + 1, end: list.close, text: pad + render(false).join(", ") + pad }];
  // Only comments inside, on one line: add after them.
  return [{ start: list.close, end: list.close, text: (/\s$/.test(inner) ? "" : " ") + render(false).join(", ") + pad }];
}

/** The indentation of existing items that start their own line; one level deeper than the list otherwise. */
function indentOfItems(source: string, list: ListTarget, style: FileStyle): string {
  for (let i = list.items.length - 1; i >= 0; i--)
    if (startsLine(source, list.items[i].start)) return lineIndent(source, list.items[i].start);
  return lineIndent(source, list.open) + style.indent;
}

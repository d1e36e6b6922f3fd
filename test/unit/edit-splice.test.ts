import { describe, expect, it } from "vitest";
import type { ObjectExpression } from "@babel/types";
import { pluginFromCall } from "../../src/edit/auth-config.js";
import { ensureImports, type ImportRequest } from "../../src/edit/imports.js";
import { parseModule, walk } from "../../src/edit/parse.js";
import { applySplices, detectEol, detectIndent, detectStyle, insertIntoList, listOf, type EditContext } from "../../src/edit/splice.js";

/** Insert `items` into the first object or array literal of `source` at `index` (default: the end). */
function insert(source: string, items: string[], index?: number, expandEmpty = false): string {
  const ast = parseModule(source, "x.ts");
  let target: ObjectExpression | undefined;
  walk(ast.program, (node) => {
    if (!target && (node.type === "ObjectExpression" || node.type === "ArrayExpression")) target = node as ObjectExpression;
  });
  const ctx: EditContext = { source, style: detectStyle(source, ast) };
  const list = listOf(target!);
  return applySplices(source, insertIntoList(ctx, list, index ?? list.items.length, items.map((t) => () => t), { expandEmpty }));
}

function addImports(source: string, requests: ImportRequest[]): string {
  const ast = parseModule(source, "x.ts");
  return applySplices(source, ensureImports({ source, style: detectStyle(source, ast) }, ast, requests));
}

describe("style detection", () => {
  it("detects indentation", () => {
    expect(detectIndent("a {\n\tb\n\t\tc\n}\n")).toBe("\t");
    expect(detectIndent("a {\n    b {\n        c\n    }\n}\n")).toBe("    ");
    expect(detectIndent("/**\n * doc\n */\nx = {\n  a: 1,\n  b: {\n    c: 1,\n  },\n};\n")).toBe("  ");
    expect(detectIndent("x = 1;\n")).toBe("  ");
  });

  it("detects line endings", () => {
    expect(detectEol("a\r\nb\r\n")).toBe("\r\n");
    expect(detectEol("a\nb\n")).toBe("\n");
    expect(detectEol("a")).toBe("\n");
  });

  it("detects quotes, semicolons and trailing commas", () => {
    const source = "import a from 'a'\nconst x = {\n  a: 1\n}\n";
    expect(detectStyle(source, parseModule(source, "x.ts"))).toMatchObject({ quote: "'", semi: false, trailingComma: false });
  });
});

describe("applySplices", () => {
  it("applies in offset order and keeps same-offset inserts in the given order", () => {
    const splices = [
      { start: 3, end: 3, text: "X" },
      { start: 0, end: 1, text: "_" },
      { start: 3, end: 3, text: "Y" },
    ];
    expect(applySplices("abcdef", splices)).toBe("_bcXYdef");
  });

  it("throws on overlaps", () => {
    expect(() => applySplices("abcdef", [{ start: 0, end: 3, text: "" }, { start: 2, end: 4, text: "" }])).toThrow(/Overlapping/);
  });
});

describe("insertIntoList", () => {
  it("appends after a trailing comma, keeping it", () => {
    expect(insert("x = {\n  a: 1,\n};", ["b: 2"])).toBe("x = {\n  a: 1,\n  b: 2,\n};");
  });

  it("adds the missing comma and keeps the no-trailing-comma habit", () => {
    expect(insert("x = {\n  a: 1 // one\n};", ["b: 2"])).toBe("x = {\n  a: 1, // one\n  b: 2\n};");
  });

  it("handles single-line lists", () => {
    expect(insert("x = { a: 1 };", ["b: 2"])).toBe("x = { a: 1, b: 2 };");
    expect(insert("x = [a,];", ["b"])).toBe("x = [a, b,];");
    expect(insert("x = [a, c];", ["b"], 1)).toBe("x = [a, b, c];");
  });

  it("fills empty lists", () => {
    expect(insert("x = {};", ["a"])).toBe("x = { a };");
    expect(insert("x = [];", ["a", "b"])).toBe("x = [a, b];");
    expect(insert("x = {};", ["a: 1"], undefined, true)).toBe("x = {\n  a: 1,\n};");
    expect(insert("x = {\n  // nothing yet\n};", ["a: 1"])).toBe("x = {\n  // nothing yet\n  a: 1,\n};");
  });

  it("inserts before an item on a line of its own, above its comments", () => {
    expect(insert("x = [\n\ta(),\n\t// keep last\n\tz(),\n];", ["b()"], 1)).toBe("x = [\n\ta(),\n\tb(),\n\t// keep last\n\tz(),\n];");
    expect(insert("x = {\n  a: 1,\n};", ["...b"], 0)).toBe("x = {\n  ...b,\n  a: 1,\n};");
  });

  it("uses CRLF in CRLF files", () => {
    expect(insert("x = {\r\n  a: 1,\r\n};", ["b: 2"])).toBe("x = {\r\n  a: 1,\r\n  b: 2,\r\n};");
  });
});

describe("ensureImports", () => {
  it("merges into an existing import of the module", () => {
    expect(addImports(`import { a } from "m";\n`, [{ from: "m", names: ["b"] }])).toBe(`import { a, b } from "m";\n`);
    expect(addImports(`import {\n  a,\n} from "m";\n`, [{ from: "m", names: ["b"] }])).toBe(`import {\n  a,\n  b,\n} from "m";\n`);
    expect(addImports(`import d from "m";\n`, [{ from: "m", names: ["b"] }])).toBe(`import d, { b } from "m";\n`);
  });

  it("keeps type-only and value imports apart", () => {
    expect(addImports(`import type { A } from "m";\n`, [{ from: "m", names: ["b"] }])).toBe(`import type { A } from "m";\nimport { b } from "m";\n`);
    expect(addImports(`import type { A } from "m";\n`, [{ from: "m", names: ["B"], typeOnly: true }])).toBe(`import type { A, B } from "m";\n`);
  });

  it("adds a new import after the last one, in the file's quote style", () => {
    expect(addImports(`import a from 'a' // why\n\nx()\n`, [{ from: "m", names: ["b", "c"] }])).toBe(`import a from 'a' // why\nimport { b, c } from 'm'\n\nx()\n`);
  });

  it("adds the first import below a header comment or a directive", () => {
    expect(addImports(`// header\nx();\n`, [{ from: "m", names: ["b"] }])).toBe(`// header\nimport { b } from "m";\n\nx();\n`);
    expect(addImports(`"use server";\nx();\n`, [{ from: "m", names: ["b"] }])).toBe(`"use server";\n\nimport { b } from "m";\nx();\n`);
  });

  it("leaves names that are already bound alone", () => {
    const source = `import { twoFactor } from "better-auth/plugins/two-factor";\n`;
    expect(addImports(source, [{ from: "better-auth/plugins", names: ["twoFactor"] }])).toBe(source);
  });
});

describe("pluginFromCall", () => {
  it("takes the callee as the plugin's name", () => {
    expect(pluginFromCall(" twoFactor({ issuer: appName })")).toEqual({ name: "twoFactor", call: "twoFactor({ issuer: appName })" });
    expect(() => pluginFromCall("[x]")).toThrow();
  });
});

// Every test must be able to fail. This check parses each test file (test/**/*.test.ts) and fails,
// naming file:line, when a test
//   - has a body with no assertion, or
//   - is skipped, conditional, focused or a placeholder (.skip, .skipIf, .runIf, .only, .todo on
//     it/test/describe, or `ctx.skip()` inside it): the suite must run the same tests everywhere,
//     CI included.
//
// The rule for "has an assertion": the test's function (including functions nested in it) calls
//   - `expect(...)`, `expect.*`, `expectTypeOf(...)`, `assert(...)`, `assert.*`, `assertType(...)`, or
//   - a helper whose own body does, found by name in the same file or in a module it imports by a
//     relative path (followed transitively), or
//   - a helper that cannot be found that way but whose name says it asserts (`expectUserError`,
//     `assertNoStack`: a name starting with `expect` or `assert` followed by a capital letter).
// Helpers are matched by name, not by scope: a file with two functions of the same name passes if
// either asserts. A helper that only throws on failure does not count; wrap it in `expect(...)`.
//
// Usage: node scripts/check-assertions.mjs [files...]   (default: every test/**/*.test.ts)
import { parse } from "@babel/parser";
import { VISITOR_KEYS } from "@babel/types";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(new URL("..", import.meta.url).pathname);
const TEST_NAMES = new Set(["it", "test"]);
const SUITE_NAMES = new Set(["describe", "suite"]);
const ASSERT_ROOTS = new Set(["expect", "expectTypeOf", "assert", "assertType"]);
const ASSERTING_NAME = /^(expect|assert)[A-Z_]/;
const NOT_RUN = new Set(["skip", "skipIf", "runIf", "only", "todo"]);

/** Every node below `node`, depth first. */
function* walk(node) {
  if (!node || typeof node.type !== "string") return;
  yield node;
  for (const key of VISITOR_KEYS[node.type] ?? []) {
    const child = node[key];
    if (Array.isArray(child)) for (const c of child) yield* walk(c);
    else if (child) yield* walk(child);
  }
}

const isFunction = (n) => n && (n.type === "ArrowFunctionExpression" || n.type === "FunctionExpression" || n.type === "FunctionDeclaration");

/** The identifier at the start of a callee chain: `expect(x).toBe` → expect, `assert.equal` → assert. */
function rootName(callee) {
  let n = callee;
  for (;;) {
    if (n.type === "Identifier") return n.name;
    if (n.type === "MemberExpression" || n.type === "OptionalMemberExpression") n = n.object;
    else if (n.type === "CallExpression" || n.type === "OptionalCallExpression") n = n.callee;
    else if (n.type === "TSNonNullExpression" || n.type === "TSAsExpression") n = n.expression;
    else return null;
  }
}

/** The name a call invokes: `helper()` → helper, `obj.helper()` → helper. */
function calledName(callee) {
  if (callee.type === "Identifier") return callee.name;
  if ((callee.type === "MemberExpression" || callee.type === "OptionalMemberExpression") && !callee.computed && callee.property.type === "Identifier")
    return callee.property.name;
  return null;
}

const modules = new Map();
/** A parsed module: its functions by name and where its relatively imported names come from. */
function loadModule(file) {
  if (modules.has(file)) return modules.get(file);
  const ast = parse(readFileSync(file, "utf8"), { sourceType: "module", plugins: ["typescript"], errorRecovery: true });
  const mod = { file, ast, functions: new Map(), imports: new Map() };
  modules.set(file, mod);
  const add = (name, fn) => mod.functions.set(name, [...(mod.functions.get(name) ?? []), fn]);
  for (const node of walk(ast.program)) {
    if (node.type === "FunctionDeclaration" && node.id) add(node.id.name, node);
    else if (node.type === "VariableDeclarator" && node.id.type === "Identifier" && isFunction(node.init)) add(node.id.name, node.init);
    else if ((node.type === "ObjectMethod" || node.type === "ClassMethod") && node.key.type === "Identifier") add(node.key.name, node);
    else if (node.type === "ObjectProperty" && node.key.type === "Identifier" && isFunction(node.value)) add(node.key.name, node.value);
    else if (node.type === "ImportDeclaration" && node.source.value.startsWith(".")) {
      const target = resolveImport(file, node.source.value);
      if (!target) continue;
      for (const spec of node.specifiers) {
        if (spec.type === "ImportSpecifier") mod.imports.set(spec.local.name, { file: target, name: spec.imported.name ?? spec.imported.value });
        else if (spec.type === "ImportNamespaceSpecifier") mod.imports.set(spec.local.name, { file: target, name: "*" });
      }
    }
  }
  return mod;
}

function resolveImport(from, source) {
  const base = resolve(dirname(from), source);
  for (const candidate of [base.replace(/\.js$/, ".ts"), base.replace(/\.mjs$/, ".mts"), `${base}.ts`, join(base, "index.ts"), base]) {
    if (/\.(ts|mts)$/.test(candidate) && existsSync(candidate)) return candidate;
  }
  return null;
}

/** Does `fn` (in `mod`) assert, directly or through helpers it calls? */
function asserts(fn, mod, seen = new Set()) {
  if (seen.has(fn)) return false;
  seen.add(fn);
  for (const node of walk(fn)) {
    if (node.type !== "CallExpression" && node.type !== "OptionalCallExpression") continue;
    const rootIdent = rootName(node.callee);
    if (rootIdent && ASSERT_ROOTS.has(rootIdent)) return true;
    const name = calledName(node.callee);
    if (!name) continue;
    const found = helpers(name, node.callee, mod);
    if (found.length === 0 ? ASSERTING_NAME.test(name) : found.some(([f, m]) => asserts(f, m, seen))) return true;
  }
  return false;
}

/** The functions a call to `name` may run: local ones, imported ones, or `ns.name` of an imported namespace. */
function helpers(name, callee, mod) {
  const result = (mod.functions.get(name) ?? []).map((f) => [f, mod]);
  const imported = mod.imports.get(name);
  if (imported && imported.name !== "*") {
    const target = loadModule(imported.file);
    for (const f of target.functions.get(imported.name) ?? []) result.push([f, target]);
  }
  const ns = callee.type === "MemberExpression" && callee.object.type === "Identifier" ? mod.imports.get(callee.object.name) : null;
  if (ns && ns.name === "*") {
    const target = loadModule(ns.file);
    for (const f of target.functions.get(name) ?? []) result.push([f, target]);
  }
  return result;
}

/** If `call` declares a test or a suite, what it is: { kind, modifiers, args } (`it.each(t)(name, fn)` → the outer args). */
function testCall(call) {
  const modifiers = [];
  let callee = call.callee;
  const inner = [];
  for (;;) {
    if (callee.type === "Identifier") {
      const kind = TEST_NAMES.has(callee.name) ? "test" : SUITE_NAMES.has(callee.name) ? "suite" : null;
      return kind && { kind, modifiers, args: call.arguments, inner };
    }
    if (callee.type === "MemberExpression" && !callee.computed && callee.property.type === "Identifier") {
      modifiers.push(callee.property.name);
      callee = callee.object;
    } else if (callee.type === "CallExpression") {
      inner.push(callee); // it.each(table)(…), it.skipIf(c)(…): the inner call is part of this test
      callee = callee.callee;
    } else return null;
  }
}

function testName(args) {
  const first = args[0];
  if (!first) return "(unnamed)";
  if (first.type === "StringLiteral") return first.value;
  if (first.type === "TemplateLiteral") return first.quasis.map((q) => q.value.cooked).join("${…}");
  return "(computed name)";
}

function checkFile(file) {
  const mod = loadModule(file);
  const problems = [];
  const where = (node) => `${relative(root, file)}:${node.loc.start.line}`;
  const partOfATest = new Set();
  for (const node of walk(mod.ast.program)) {
    if (node.type !== "CallExpression" || partOfATest.has(node)) continue;
    const test = testCall(node);
    if (!test) continue;
    for (const inner of test.inner) partOfATest.add(inner);
    const name = testName(test.args);
    const notRun = test.modifiers.filter((m) => NOT_RUN.has(m));
    if (notRun.length > 0) {
      problems.push(`${where(node)}: ${test.kind} "${name}" uses .${notRun.join(", .")}; every test must run everywhere, CI included`);
      continue;
    }
    if (test.kind === "suite") continue;
    let fn = [...test.args].reverse().find((a) => isFunction(a) || a.type === "Identifier");
    if (fn && fn.type === "Identifier") fn = (mod.functions.get(fn.name) ?? [])[0];
    if (!fn) {
      problems.push(`${where(node)}: test "${name}" has no function body`);
      continue;
    }
    const context = fn.params[0];
    if (context) {
      const contextNames = new Set();
      if (context.type === "Identifier") contextNames.add(context.name);
      if (context.type === "ObjectPattern") for (const p of context.properties) if (p.type === "ObjectProperty" && p.key.name === "skip") contextNames.add("skip");
      for (const inner of walk(fn.body)) {
        if (inner.type !== "CallExpression") continue;
        const c = inner.callee;
        const skipCall = (c.type === "Identifier" && c.name === "skip" && contextNames.has("skip")) ||
          (c.type === "MemberExpression" && c.object.type === "Identifier" && contextNames.has(c.object.name) && c.property.name === "skip");
        if (skipCall) problems.push(`${where(inner)}: test "${name}" can skip itself at run time; every test must run everywhere, CI included`);
      }
    }
    if (!asserts(fn, mod)) problems.push(`${where(node)}: test "${name}" makes no assertion (expect/assert, or a helper that makes one)`);
  }
  return problems;
}

function testFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && entry.name !== "fixtures") out.push(...testFiles(full));
    } else if (entry.name.endsWith(".test.ts")) out.push(full);
  }
  return out.sort();
}

const files = process.argv.length > 2 ? process.argv.slice(2).map((f) => resolve(f)) : testFiles(join(root, "test"));
const problems = files.flatMap(checkFile);
if (problems.length > 0) {
  for (const p of problems) console.error(p);
  console.error(`\n${problems.length} test(s) cannot fail or do not always run. Rule: scripts/check-assertions.mjs (header).`);
  process.exit(1);
}
console.log(`assertions: every test in ${files.length} file(s) asserts and always runs`);

// scripts/check-assertions.mjs: a test without an assertion, or one that may not run, fails the check.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const SCRIPT = new URL("../../scripts/check-assertions.mjs", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "cas-check-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function check(files: Record<string, string>) {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const tests = Object.keys(files).filter((f) => f.endsWith(".test.ts")).map((f) => join(dir, f));
  return spawnSync(process.execPath, [SCRIPT, ...tests], { encoding: "utf8" });
}

describe("check-assertions", () => {
  it("accepts expect, assert, helpers that assert (same file, relative import, namespace) and expect*-named helpers", () => {
    const r = check({
      "helper.ts": 'import { expect } from "vitest";\nexport function checkOne(x: number) { expect(x).toBe(1); }\n',
      "good.test.ts": [
        'import { assert, describe, expect, it, test } from "vitest";',
        'import { checkOne } from "./helper.js";',
        'import * as h from "./helper.js";',
        "const local = () => expect(1).toBe(1);",
        "function viaLocal() { local(); }",
        'it("direct", () => { expect(1).toBe(1); });',
        'it("assert", () => { assert.equal(1, 1); });',
        'it("local helper, two calls deep", () => { viaLocal(); });',
        'it("imported helper", () => { checkOne(1); });',
        'it("namespace helper", () => { h.checkOne(1); });',
        'it("named helper from a package", async () => { await expectNothingWrong(); });',
        'it("options before the body", { timeout: 5 }, () => { expect(1).toBe(1); });',
        'it.each([1, 2])("each %s", (n) => { expect(n).toBeGreaterThan(0); });',
        'describe.concurrent("d", () => { test.concurrent("concurrent", () => { expect(1).toBe(1); }); });',
      ].join("\n"),
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("every test in 1 file(s) asserts and always runs");
  });

  it("names file:line of each test without an assertion, and each skipped, focused or placeholder test", () => {
    const r = check({
      "helper.ts": "export function noCheck(x: number) { return x; }\n",
      "bad.test.ts": [
        'import { describe, expect, it } from "vitest";',
        'import { noCheck } from "./helper.js";',
        'it("calls a helper that asserts nothing", () => { noCheck(1); });',
        'it("empty", () => {});',
        'it.skip("skipped", () => { expect(1).toBe(1); });',
        'it.skipIf(true)("conditional", () => { expect(1).toBe(1); });',
        'it.only("focused", () => { expect(1).toBe(1); });',
        'it.todo("placeholder");',
        'it("skips itself", (ctx) => { ctx.skip(); expect(1).toBe(1); });',
        'describe.skip("suite", () => {});',
      ].join("\n"),
    });
    expect(r.status).toBe(1);
    const places = r.stderr.split("\n").map((l) => /bad\.test\.ts:\d+/.exec(l)?.[0]).filter(Boolean);
    expect(places).toEqual([
      "bad.test.ts:3", "bad.test.ts:4", "bad.test.ts:5", "bad.test.ts:6", "bad.test.ts:7", "bad.test.ts:8", "bad.test.ts:9", "bad.test.ts:10",
    ]);
    expect(r.stderr).toContain('test "calls a helper that asserts nothing" makes no assertion');
    expect(r.stderr).toContain('test "skipped" uses .skip');
    expect(r.stderr).toContain('test "skips itself" can skip itself at run time');
    expect(r.stderr).toContain('suite "suite" uses .skip');
  });
});

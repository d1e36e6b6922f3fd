// The rule book shared by create and add: each policy against what is on disk.
import { describe, expect, it } from "vitest";
import { sha256 } from "../../src/manifest.js";
import { applyPolicies } from "../../src/pipeline/apply.js";
import { Tree, type Policy } from "../../src/render/tree.js";

const disk = (files: Record<string, string>) => (path: string) => files[path] ?? null;
const tree = (entries: [string, string, Policy?][]) => {
  const t = new Tree();
  for (const [path, content, policy] of entries) t.write(path, content, policy ? { policy } : {});
  return t;
};
const env = (vars: string[]): Policy => ({ kind: "append-env", vars: vars.map((key) => ({ key, value: "v" })), envKind: "env", context: {} });

describe("applyPolicies", () => {
  it("owned: new files are written; untouched ones (hash matches) are replaced; edited ones conflict unless forced", () => {
    const desired = tree([["new.ts", "new"], ["mine.ts", "v2"], ["edited.ts", "v2"], ["same.ts", "same"]]);
    const onDisk = disk({ "mine.ts": "v1", "edited.ts": "user's", "same.ts": "same" });
    const recorded = { "mine.ts": sha256("v1"), "edited.ts": sha256("v1"), "same.ts": sha256("same") };
    const applied = applyPolicies(desired, onDisk, { recorded });
    expect(applied.changes.paths()).toEqual(["mine.ts", "new.ts"]);
    expect(applied.conflicts).toEqual(["edited.ts"]);
    expect(applied.before.get("mine.ts")).toBe("v1");
    expect(applied.before.get("new.ts")).toBeNull();
    expect(applied.hashes).toEqual({ "mine.ts": sha256("v2"), "new.ts": sha256("new"), "same.ts": sha256("same") });

    const forced = applyPolicies(desired, onDisk, { recorded, force: true });
    expect(forced.conflicts).toEqual([]);
    expect(forced.forced).toEqual(["edited.ts"]);
    expect(forced.changes.read("edited.ts")).toBe("v2");
  });

  it("owned: a file the user deleted stays deleted (a note says so); an existing file with no record is a conflict", () => {
    const applied = applyPolicies(tree([["gone.ts", "v2"], ["theirs.ts", "ours"]]), disk({ "theirs.ts": "theirs" }), { recorded: { "gone.ts": sha256("v1") } });
    expect(applied.changes.size).toBe(0);
    expect(applied.notes.join("\n")).toContain("gone.ts was deleted");
    expect(applied.conflicts).toEqual(["theirs.ts"]);
  });

  it("merge-json adds only what package.json lacks and flags new dependencies", () => {
    const rendered = JSON.stringify({ dependencies: { a: "1", b: "2" }, scripts: { dev: "x" } }, null, 2) + "\n";
    const applied = applyPolicies(tree([["package.json", rendered, { kind: "merge-json" }]]), disk({ "package.json": '{\n  "dependencies": { "a": "9" }\n}\n' }), { recorded: {} });
    const merged = JSON.parse(applied.changes.read("package.json")!);
    expect(merged.dependencies).toEqual({ a: "9", b: "2" });
    expect(merged.scripts).toEqual({ dev: "x" });
    expect(applied.dependenciesAdded).toBe(true);
    expect(applied.conflicts).toEqual([]);
  });

  it("append-env appends only missing keys, never rewrites a value, and can leave a missing file to a note", () => {
    const applied = applyPolicies(tree([[".env", "A=v\nB=v\n", env(["A", "B"])]]), disk({ ".env": "A=secret\n" }), { recorded: {} });
    expect(applied.changes.read(".env")).toBe("A=secret\nB=v\n");
    const none = applyPolicies(tree([[".env", "A=v\n", { ...env(["A"]), whenMissing: "set A" } as Policy]]), disk({}), { recorded: {} });
    expect(none.changes.size).toBe(0);
    expect(none.notes).toEqual(["set A"]);
  });

  it("ast-edit splices into the user's version, takes the render whole while untouched, and hashes only the latter", () => {
    const edit: Policy = { kind: "ast-edit", edit: (text) => ({ code: `${text}// edited\n`, changed: true }) };
    const spliced = applyPolicies(tree([["auth.ts", "render\n", edit]]), disk({ "auth.ts": "user\n" }), { recorded: { "auth.ts": sha256("old render\n") } });
    expect(spliced.changes.read("auth.ts")).toBe("user\n// edited\n");
    expect(spliced.hashes).toEqual({});
    const whole = applyPolicies(tree([["auth.ts", "render\n", edit]]), disk({ "auth.ts": "old render\n" }), { recorded: { "auth.ts": sha256("old render\n") } });
    expect(whole.changes.read("auth.ts")).toBe("render\n");
    expect(whole.hashes).toEqual({ "auth.ts": sha256("render\n") });
  });

  it("user files are written once and never touched again", () => {
    const policy: Policy = { kind: "user" };
    expect(applyPolicies(tree([["README.md", "ours", policy]]), disk({}), { recorded: {} }).changes.read("README.md")).toBe("ours");
    expect(applyPolicies(tree([["README.md", "ours", policy]]), disk({ "README.md": "theirs" }), { recorded: {} }).changes.size).toBe(0);
  });
});

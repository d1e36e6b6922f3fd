import { createFsFromVolume, Volume } from "memfs";
import { describe, expect, it } from "vitest";
import { commitTree, planCommit, type FileSystem } from "../../src/render/commit.js";
import { Tree } from "../../src/render/tree.js";

type Method = "renameSync" | "writeFileSync" | "mkdirSync";

/** A memfs volume holding `files`, and a node:fs-like view of it. */
function volume(files: Record<string, string | null>) {
  const vol = Volume.fromJSON(files);
  const fs = createFsFromVolume(vol) as unknown as FileSystem;
  return { vol, fs };
}

/**
 * Wrap `fs` so the `n`-th call of `method` fails. With `partial`, a failing writeFileSync first
 * writes half of the data (like a disk that fills up mid-write).
 */
function faulty(fs: FileSystem, method: Method, n: number, partial = false) {
  let calls = 0;
  const counts: Record<string, number> = {};
  const wrapped = new Proxy(fs, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        counts[String(prop)] = (counts[String(prop)] ?? 0) + 1;
        if (prop === method && ++calls === n) {
          if (partial && method === "writeFileSync") {
            const data = String(args[1]);
            (target.writeFileSync as (p: unknown, d: string) => void)(args[0], data.slice(0, Math.floor(data.length / 2)));
          }
          throw Object.assign(new Error(`injected ${method} failure #${n}`), { code: "EIO" });
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { fs: wrapped, counts };
}

const BEFORE = {
  "/proj/README.md": "old readme\n",
  "/proj/keep.txt": "the user's own file\n",
  "/proj/src/existing.ts": "export const same = 1;\n",
  "/proj/src/old.ts": "user edit\n",
  "/proj/empty-dir": null,
};

function sampleTree(): Tree {
  const tree = new Tree();
  tree.write("README.md", "new readme\n");
  tree.write("src/existing.ts", "export const same = 1;\n");
  tree.write("src/a.ts", "export const a = 1;\n");
  tree.write("src/deep/nested/b.ts", "export const b = 2;\n");
  tree.write("lib/c.ts", "export const c = 3;\n");
  tree.write("package.json", "{}\n");
  return tree;
}

const mayReplace = (p: string) => p === "README.md";

describe("planCommit", () => {
  it("classifies create / unchanged / update / conflicts", () => {
    const { fs } = volume(BEFORE);
    const tree = sampleTree();
    tree.write("src/old.ts", "generated\n");
    const plan = planCommit(tree, "/proj", fs, mayReplace);
    expect(plan).toEqual({
      create: ["lib/c.ts", "package.json", "src/a.ts", "src/deep/nested/b.ts"],
      update: ["README.md"],
      unchanged: ["src/existing.ts"],
      conflicts: ["src/old.ts"],
    });
  });

  it("treats every difference as a conflict without mayReplace", () => {
    const { fs } = volume(BEFORE);
    const plan = planCommit(sampleTree(), "/proj", fs);
    expect(plan.conflicts).toEqual(["README.md"]);
    expect(plan.update).toEqual([]);
  });

  it("plans everything as create on an empty disk", () => {
    const { fs } = volume({});
    const tree = sampleTree();
    expect(planCommit(tree, "/proj", fs).create).toEqual(tree.paths());
  });

  it("does not touch the disk", () => {
    const { vol, fs } = volume(BEFORE);
    const before = vol.toJSON();
    planCommit(sampleTree(), "/proj", fs, mayReplace);
    expect(vol.toJSON()).toEqual(before);
  });
});

describe("commitTree", () => {
  it("writes created and updated files, leaves others alone, no temp files", () => {
    const { vol, fs } = volume(BEFORE);
    const tree = sampleTree();
    commitTree(tree, "/proj", planCommit(tree, "/proj", fs, mayReplace), fs);
    expect(vol.toJSON()).toEqual({
      "/proj/README.md": "new readme\n",
      "/proj/keep.txt": "the user's own file\n",
      "/proj/src/existing.ts": "export const same = 1;\n",
      "/proj/src/old.ts": "user edit\n",
      "/proj/empty-dir": null,
      "/proj/src/a.ts": "export const a = 1;\n",
      "/proj/src/deep/nested/b.ts": "export const b = 2;\n",
      "/proj/lib/c.ts": "export const c = 3;\n",
      "/proj/package.json": "{}\n",
    });
  });

  it("creates the root folder itself when missing", () => {
    const { vol, fs } = volume({ "/other/x": "x" });
    const tree = sampleTree();
    commitTree(tree, "/new/proj", planCommit(tree, "/new/proj", fs), fs);
    expect(vol.toJSON()["/new/proj/src/deep/nested/b.ts"]).toBe("export const b = 2;\n");
  });

  it("refuses a plan with conflicts before writing anything", () => {
    const { vol, fs } = volume(BEFORE);
    const tree = sampleTree();
    tree.write("src/old.ts", "generated\n");
    const plan = planCommit(tree, "/proj", fs, mayReplace);
    expect(plan.conflicts).toEqual(["src/old.ts"]);
    const before = vol.toJSON();
    const spy = faulty(fs, "writeFileSync", Number.POSITIVE_INFINITY);
    expect(() => commitTree(tree, "/proj", plan, spy.fs)).toThrow(/src\/old\.ts/);
    expect(spy.counts.writeFileSync ?? 0).toBe(0);
    expect(spy.counts.mkdirSync ?? 0).toBe(0);
    expect(spy.counts.renameSync ?? 0).toBe(0);
    expect(vol.toJSON()).toEqual(before);
  });

  // How many calls a successful commit makes, so every one of them can be made to fail.
  const successfulCounts = (() => {
    const { fs } = volume(BEFORE);
    const tree = sampleTree();
    const spy = faulty(fs, "renameSync", Number.POSITIVE_INFINITY);
    commitTree(tree, "/proj", planCommit(tree, "/proj", fs, mayReplace), spy.fs);
    return spy.counts;
  })();

  it("the sample commit exercises several renames, writes and mkdirs", () => {
    expect(successfulCounts.renameSync).toBe(5);
    expect(successfulCounts.writeFileSync).toBe(5);
    expect(successfulCounts.mkdirSync).toBe(3); // src/deep, src/deep/nested, lib
  });

  const cases: [Method, number, boolean][] = [];
  for (const method of ["renameSync", "writeFileSync", "mkdirSync"] as const)
    for (let n = 1; n <= successfulCounts[method]; n++) cases.push([method, n, false]);
  for (let n = 1; n <= successfulCounts.writeFileSync; n++) cases.push(["writeFileSync", n, true]);

  it.each(cases)("all or nothing: %s call #%i fails (partial write: %s)", (method, n, partial) => {
    const { vol, fs } = volume(BEFORE);
    const tree = sampleTree();
    const plan = planCommit(tree, "/proj", fs, mayReplace);
    const before = vol.toJSON();
    const injected = faulty(fs, method, n, partial);
    expect(() => commitTree(tree, "/proj", plan, injected.fs)).toThrow(`injected ${method} failure #${n}`);
    // Pre-existing files restored, new files, temp files and new folders removed.
    expect(vol.toJSON()).toEqual(before);
  });

  // A target folder this commit makes: files are created in place (exclusive), no temp files.
  const freshCounts = (() => {
    const { fs } = volume({ "/other/x": "x" });
    const tree = sampleTree();
    const spy = faulty(fs, "renameSync", Number.POSITIVE_INFINITY);
    commitTree(tree, "/new/proj", planCommit(tree, "/new/proj", fs), spy.fs);
    return spy.counts;
  })();

  it("a new target folder gets its files written in place: no renames", () => {
    expect(freshCounts.renameSync ?? 0).toBe(0);
    expect(freshCounts.writeFileSync).toBe(6);
    expect(freshCounts.mkdirSync).toBe(6); // /new, /new/proj, src, src/deep, src/deep/nested, lib
  });

  const freshCases: [Method, number, boolean][] = [];
  for (const method of ["writeFileSync", "mkdirSync"] as const)
    for (let n = 1; n <= freshCounts[method]; n++) freshCases.push([method, n, false]);
  for (let n = 1; n <= freshCounts.writeFileSync; n++) freshCases.push(["writeFileSync", n, true]);

  it.each(freshCases)("all or nothing in a new folder: %s call #%i fails (partial write: %s)", (method, n, partial) => {
    const { vol, fs } = volume({ "/other/x": "x" });
    const tree = sampleTree();
    const plan = planCommit(tree, "/new/proj", fs);
    const injected = faulty(fs, method, n, partial);
    expect(() => commitTree(tree, "/new/proj", plan, injected.fs)).toThrow(`injected ${method} failure #${n}`);
    // Partial files and every folder made are gone.
    expect(vol.toJSON()).toEqual({ "/other/x": "x" });
  });

  it("a file that appears in a new folder after planning is neither overwritten nor removed", () => {
    const { vol, fs } = volume({ "/other/x": "x" });
    const tree = sampleTree();
    const plan = planCommit(tree, "/new/proj", fs);
    let sneaked = false;
    const racing = new Proxy(fs, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as (...a: unknown[]) => unknown;
        if (prop !== "writeFileSync") return value;
        return (...args: unknown[]) => {
          if (!sneaked && String(args[0]).endsWith("package.json")) {
            sneaked = true;
            value.call(target, args[0], "someone else's\n");
          }
          return value.apply(target, args);
        };
      },
    });
    expect(() => commitTree(tree, "/new/proj", plan, racing)).toThrow(/EEXIST|already exists/);
    expect(vol.toJSON()["/new/proj/package.json"]).toBe("someone else's\n");
    expect(Object.keys(vol.toJSON()).filter((f) => f.startsWith("/new/proj/") && !f.endsWith("package.json"))).toEqual([]);
  });

  it("restores the original bytes of a replaced binary-ish file", () => {
    const bytes = "caf\u00e9 \u2603 \r\n\0end";
    const { vol, fs } = volume({ "/proj/README.md": bytes });
    const tree = sampleTree();
    const plan = planCommit(tree, "/proj", fs, mayReplace);
    const before = vol.toJSON();
    const injected = faulty(fs, "renameSync", 5);
    expect(() => commitTree(tree, "/proj", plan, injected.fs)).toThrow();
    expect(vol.toJSON()).toEqual(before);
    expect(fs.readFileSync("/proj/README.md", "utf8")).toBe(bytes);
  });
});

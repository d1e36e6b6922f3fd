import { describe, expect, it } from "vitest";
import { diffLines, unifiedDiff } from "../../src/add/diff.js";

/** Apply a unified diff of one file (as `patch` would), to prove the hunks are exact. */
function applyPatch(before: string, patch: string): string {
  const old = before === "" ? [] : before.split(/(?<=\n)/);
  const lines = patch.split("\n");
  const result: string[] = [];
  let cursor = 0;
  let i = 2;
  while (i < lines.length && lines[i] !== "") {
    const header = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$/.exec(lines[i]);
    if (!header) throw new Error(`bad hunk header: ${lines[i]}`);
    const oldStart = Number(header[1]);
    const oldCount = header[2] === undefined ? 1 : Number(header[2]);
    const from = oldCount === 0 ? oldStart : oldStart - 1;
    result.push(...old.slice(cursor, from));
    cursor = from;
    i++;
    while (i < lines.length && /^[ +\-\\]/.test(lines[i])) {
      const line = lines[i];
      const noEol = lines[i + 1]?.startsWith("\\");
      const text = line.slice(1) + (noEol ? "" : "\n");
      if (line[0] === " ") {
        expect(old[cursor]).toBe(text);
        result.push(text);
        cursor++;
      } else if (line[0] === "-") {
        expect(old[cursor]).toBe(text);
        cursor++;
      } else if (line[0] === "+") result.push(text);
      i += noEol ? 2 : 1;
    }
  }
  result.push(...old.slice(cursor));
  return result.join("");
}

function randomText(seed: number, lines: number): string {
  let x = seed;
  const next = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  const words = ["a", "b", "c", "plugins: [", "],", "", "  x,", "}"];
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(words[Math.floor(next() * words.length)]);
  return out.join("\n") + (next() < 0.8 ? "\n" : "");
}

describe("unified diff", () => {
  it("is empty for equal texts", () => {
    expect(unifiedDiff("a.ts", "x\n", "x\n")).toBe("");
  });

  it("shows a new file against /dev/null", () => {
    expect(unifiedDiff("src/new.ts", null, "one\ntwo\n")).toBe("--- /dev/null\n+++ b/src/new.ts\n@@ -0,0 +1,2 @@\n+one\n+two\n");
  });

  it("shows an insertion with three lines of context", () => {
    const before = "1\n2\n3\n4\n5\n6\n7\n8\n";
    const after = "1\n2\n3\n4\nnew\n5\n6\n7\n8\n";
    expect(unifiedDiff("f", before, after)).toBe("--- a/f\n+++ b/f\n@@ -2,6 +2,7 @@\n 2\n 3\n 4\n+new\n 5\n 6\n 7\n");
  });

  it("marks a missing final newline", () => {
    expect(unifiedDiff("f", "a\nb", "a\nc")).toBe("--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n");
  });

  it("splits far-apart changes into separate hunks", () => {
    const before = Array.from({ length: 30 }, (_, i) => `line ${i}`).join("\n") + "\n";
    const after = before.replace("line 2\n", "LINE 2\n").replace("line 25\n", "LINE 25\n");
    expect(unifiedDiff("f", before, after).match(/^@@/gm)).toHaveLength(2);
  });

  it("finds a shortest edit script", () => {
    const ops = diffLines(["a", "b", "c", "a", "b", "b", "a"], ["c", "b", "a", "b", "a", "c"]);
    expect(ops.filter((o) => o.kind !== " ")).toHaveLength(5); // Myers' paper example: D = 5
  });

  it("round-trips: applying the diff to the old text gives the new text (200 random pairs)", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const before = randomText(seed, 5 + (seed % 40));
      const after = randomText(seed * 7 + 3, 5 + ((seed * 3) % 40));
      const patch = unifiedDiff("f", before, after);
      if (before === after) continue;
      expect(applyPatch(before, patch), `seed ${seed}`).toBe(after);
    }
  });
});

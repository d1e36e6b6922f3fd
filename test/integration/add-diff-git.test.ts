// The unified diff `add --dry-run` prints, applied by git itself.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { unifiedDiff } from "../../src/add/diff.js";

describe("unified diff", () => {
  it("is accepted by git apply", () => {
    const dir = mkdtempSync(join(tmpdir(), "cas-diff-"));
    try {
      const before = "import { a } from \"a\";\n\nexport const x = f({\n  plugins: [a()],\n});\n";
      const after = "import { a, b } from \"a\";\n\nexport const x = f({\n  plugins: [a(), b()],\n  user: {},\n});\n";
      writeFileSync(join(dir, "f.ts"), before);
      writeFileSync(join(dir, "p.diff"), unifiedDiff("f.ts", before, after) + unifiedDiff("g.ts", null, "new\n"));
      execFileSync("git", ["apply", "p.diff"], { cwd: dir });
      expect(readFileSync(join(dir, "f.ts"), "utf8")).toBe(after);
      expect(readFileSync(join(dir, "g.ts"), "utf8")).toBe("new\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// `add-field` / `add plugin` through the built CLI: exit codes and messages as a user sees them.
import { spawnSync } from "node:child_process";
import { appendFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { generatedProject, removeTempDirs } from "../fixtures/add/helpers.js";

const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
afterAll(removeTempDirs);

describe("add through the built CLI", () => {
  const cli = (args: string[]) => spawnSync(process.execPath, [join(ROOT, "bin/create-auth-service.js"), ...args], { encoding: "utf8", env: { ...process.env, CI: "true" } });

  it("exit codes: 2 without --yes (naming it), 2 on a conflict, 0 when done and when nothing changes", async () => {
    const dir = await generatedProject();
    const noYes = cli(["add-field", "company:string:optional", "--cwd", dir]);
    expect(noYes.status, noYes.stderr).toBe(2);
    expect(noYes.stderr).toContain("--yes");

    appendFileSync(join(dir, "README.md"), "\nOur notes.\n");
    const conflict = cli(["add-field", "company:string:optional", "--cwd", dir, "--yes"]);
    expect(conflict.status).toBe(2);
    expect(conflict.stderr).toMatch(/You edited these files.*README\.md/);

    const forced = cli(["add-field", "company:string:optional", "--cwd", dir, "--yes", "--force", "--no-migrate"]);
    expect(forced.status, forced.stderr).toBe(0);
    expect(forced.stderr).toContain("--force: replacing your edits in README.md");
    const again = cli(["add", "plugin", "jwt", "--cwd", dir, "--yes"]);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain("Nothing changed: plugin jwt is already there");
    const bad = cli(["add", "widget", "x", "--cwd", dir, "--yes"]);
    expect(bad.status).toBe(2);
  });
});

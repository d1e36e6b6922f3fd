// A config file the user may not read is refused like a missing one: exit 2, one sentence, nothing
// written. Root reads every file whatever its mode, so when the tests run as root (as CI does) the
// CLI runs as the unprivileged `nobody` user through util-linux `setpriv`.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const BIN = new URL("../../bin/create-auth-service.js", import.meta.url).pathname;
const NOBODY = "65534"; // uid and gid of nobody/nogroup on Debian and most Linux systems

const dir = mkdtempSync(join(tmpdir(), "cas-perm-"));
chmodSync(dir, 0o777); // mkdtemp makes it 0700; the unprivileged user must reach the files and write the target
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run the CLI as an unprivileged user: `nobody` when the tests run as root, else the current user. */
function cliAsUser(args: string[]) {
  const asRoot = process.getuid?.() === 0;
  const command = asRoot ? "setpriv" : process.execPath;
  const argv = asRoot
    ? [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", process.execPath, BIN, ...args]
    : [BIN, ...args];
  return spawnSync(command, argv, { cwd: dir, encoding: "utf8", env: { ...process.env, CI: "true", NO_COLOR: "1" } });
}

describe("--config file permissions", () => {
  it("the same user reads a readable file (control: the failure below is the mode, not the user)", () => {
    const path = join(dir, "readable.json");
    writeFileSync(path, "{ not json");
    chmodSync(path, 0o644);
    const r = cliAsUser([join(dir, "out-readable"), "--config", path, "--no-install", "--no-git"]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(`Config file "${path}" is not valid JSON`);
  });

  it("refuses a file without read permission: exit 2, one sentence, no stack, nothing written", () => {
    const path = join(dir, "secret.json");
    writeFileSync(path, "{}");
    chmodSync(path, 0o000);
    const target = join(dir, "out-secret");
    const r = cliAsUser([target, "--config", path, "--no-install", "--no-git"]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(`Cannot read config file "${path}"`);
    expect(r.stderr).not.toMatch(/^\s{4}at /m);
    expect(existsSync(target)).toBe(false);
  });
});

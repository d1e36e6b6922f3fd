// The wizard in a real pseudo-terminal (util-linux `script`): keystrokes in, exit codes out.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";

const CLI = new URL("../../bin/create-auth-service.js", import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), "cas-tty-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Run the CLI on a TTY, typing `keys` one chunk every `everyMs`. */
function onTty(args: string[], keys: string[], everyMs = 400): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const command = ["node", CLI, ...args].map((a) => `'${a}'`).join(" ");
    const child = spawn("script", ["-qfec", command, "/dev/null"], { env: { ...process.env, CI: "", TERM: "xterm" } });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    let i = 0;
    const timer = setInterval(() => {
      if (i < keys.length && child.exitCode === null) child.stdin.write(keys[i++]);
    }, everyMs);
    child.on("close", (code) => {
      clearInterval(timer);
      resolve({ code, output });
    });
  });
}

it("Ctrl-C at the first prompt exits 130 and writes nothing", { timeout: 20_000 }, async () => {
  const dir = join(work, "cancelled");
  const { code, output } = await onTty([dir], ["\u0003"], 1500);
  expect(code).toBe(130);
  expect(output).toContain("Cancelled; nothing was written.");
  expect(existsSync(dir)).toBe(false);
});

it("Enter through every prompt takes the defaults and scaffolds", { timeout: 30_000 }, async () => {
  const dir = join(work, "defaults");
  // framework, database, orm, secondary storage, add a field? (no), providers, plugins, backend, API client
  const { code, output } = await onTty([dir, "--no-install", "--no-git"], Array(12).fill("\r"));
  expect(code, output).toBe(0);
  const manifest = JSON.parse(readFileSync(join(dir, "create-auth-service.json"), "utf8"));
  expect(manifest.config).toMatchObject({ framework: "hono", database: "sqlite", plugins: ["jwt", "bearer"], backend: "fastapi", apiClient: "fetch" });
});

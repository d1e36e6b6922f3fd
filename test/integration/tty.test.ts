// The wizard in a real pseudo-terminal (util-linux `script`): keystrokes in, exit codes out.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
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

/** One exchange with the wizard: once `after` has been printed (since the last keys), type `keys`. */
interface Step {
  after: string;
  keys: string;
}

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g;

/**
 * Run the CLI on a TTY in `cwd` and answer each prompt only once it is on screen, so a slow machine
 * never has keys land on the wrong prompt. Fails (code null) when a prompt does not come within 20 s.
 */
function converse(args: string[], steps: Step[], cwd: string): Promise<{ code: number | null; output: string; unmet?: string }> {
  return new Promise((resolve) => {
    // A pseudo-terminal starts 0 columns wide, and clack wraps every prompt to one character a line.
    const command = `stty cols 120 rows 40; ${["node", CLI, ...args].map((a) => `'${a}'`).join(" ")}`;
    const child = spawn("script", ["-qfec", command, "/dev/null"], { cwd, env: { ...process.env, CI: "", TERM: "xterm" } });
    let output = "";
    let seen = 0;
    let next = 0;
    let unmet: string | undefined;
    let timer = setTimeout(() => fail(), 20_000);
    const fail = () => {
      unmet = steps[next]?.after;
      child.kill();
    };
    const advance = () => {
      while (next < steps.length) {
        const at = output.replace(ANSI, "").indexOf(steps[next].after, seen);
        if (at === -1) return;
        seen = at + steps[next].after.length;
        child.stdin.write(steps[next++].keys);
        clearTimeout(timer);
        timer = setTimeout(fail, 20_000);
      }
    };
    child.stdout.on("data", (d: Buffer) => {
      output += d.toString();
      advance();
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output: output.replace(ANSI, ""), unmet });
    });
  });
}

/** Every file under `dir`, relative, with secret values masked (they are fresh on every run by design). */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        const text = readFileSync(path, "utf8");
        files.set(relative(dir, path), /(^|\/)\.env$/.test(path) ? text.replace(/^(\w*SECRET\w*)=.*$/gm, "$1=<masked>") : text);
      }
    }
  };
  walk(dir);
  return files;
}

const DOWN = "\u001b[B";
const BACKSPACE = "\u007f";

it(
  "typed fields, a refused name, the port and No answers: the printed command recreates the same files",
  { timeout: 120_000 },
  async () => {
    const cwd = join(work, "typed");
    mkdirSync(cwd);
    const steps: Step[] = [
      { after: "Framework", keys: "\r" },
      { after: "Database", keys: "\r" },
      { after: "Schema and migrations", keys: "\r" },
      { after: "Secondary storage", keys: "\r" },
      { after: "OAuth providers", keys: "\r" },
      { after: "Better Auth plugins", keys: "\r" },
      { after: "Add custom user fields", keys: "y" },
      // A core field's name is refused as it is typed, and the same prompt asks again.
      { after: "Field name (empty to finish)", keys: "email\r" },
      { after: "core user field", keys: BACKSPACE.repeat(5) + "nickname\r" },
      { after: "Type of nickname", keys: "\r" },
      { after: "Default value for nickname", keys: "\r" },
      { after: "Can users set nickname", keys: "\r" },
      { after: "Is nickname required? (default yes", keys: "n" },
      { after: "Field name (empty to finish)", keys: "level\r" },
      { after: "Type of level", keys: DOWN },
      { after: "number", keys: "\r" },
      { after: "Default value for level", keys: "1\r" },
      { after: "Can users set level", keys: "n" },
      { after: "Is level required? (default yes", keys: "\r" },
      // An empty name ends the loop.
      { after: "Field name (empty to finish)", keys: "\r" },
      { after: "Resource-server security module", keys: "\r" },
      { after: "API client", keys: "\r" },
      { after: "Port of the auth service", keys: "4123\r" },
      { after: "Install dependencies?", keys: "n" },
      { after: "Initialise a git repository?", keys: "n" },
    ];
    const { code, output, unmet } = await converse(["svc"], steps, cwd);
    expect(unmet, `no prompt "${unmet}" came\n${output}`).toBeUndefined();
    expect(code, output).toBe(0);
    expect(output).not.toContain("Type of email");
    expect(output).toContain("Creating svc"); // the closing frame

    const dir = join(cwd, "svc");
    const manifest = JSON.parse(readFileSync(join(dir, "create-auth-service.json"), "utf8"));
    expect(manifest.config.fields).toEqual(["nickname:string:optional:input", "level:number:default=1:no-input"]);
    const fields = readFileSync(join(dir, "src/auth.fields.ts"), "utf8");
    expect(fields).toMatch(/nickname: \{[^}]*required: false[^}]*input: true/s);
    expect(fields).toMatch(/level: \{[^}]*required: true[^}]*defaultValue: 1[^}]*input: false/s);

    // The port answer is in every file that names it, and the default is in none.
    const files = snapshot(dir);
    expect(files.get(".env")).toMatch(/^BETTER_AUTH_URL=http:\/\/localhost:4123$/m);
    expect(files.get("backend/.env")).toMatch(/^AUTH_BASE_URL=http:\/\/localhost:4123$/m);
    for (const path of ["src/env.ts", "src/auth-client.ts", "scripts/smoke.ts", "backend/auth_security/settings.py", "README.md"]) expect(files.get(path), path).toContain("4123");
    expect([...files].filter(([, text]) => text.includes("3001")).map(([path]) => path)).toEqual([]);

    // The printed command, run as printed in another folder, writes the same bytes (secrets masked).
    const recreate = /Recreate it without prompts:\s*\n\s*(.+)/.exec(output)?.[1]?.trim();
    expect(recreate, output).toMatch(/ --no-install --no-migrate --no-git --yes$/);
    const again = join(work, "again");
    mkdirSync(again);
    execFileSync("sh", ["-c", recreate!], { cwd: again, env: { ...process.env, CI: "true" }, stdio: "pipe" });
    const copy = snapshot(join(again, "svc"));
    expect([...copy.keys()].sort()).toEqual([...files.keys()].sort());
    for (const [path, text] of files) expect(copy.get(path), path).toBe(text);
    expect(existsSync(join(again, "svc", ".git"))).toBe(false);
  },
);

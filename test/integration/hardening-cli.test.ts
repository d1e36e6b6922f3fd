// Bad input against the built CLI: each case exits with the documented code and one sentence on
// stderr (no stack), and writes nothing. Permission cases run the CLI as the unprivileged `nobody`
// user when the tests run as root, since root may write anywhere.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const BIN = new URL("../../bin/create-auth-service.js", import.meta.url).pathname;
const NOBODY = "65534";
const SECRET = "TopSecret123";

const dir = mkdtempSync(join(tmpdir(), "cas-hardening-"));
chmodSync(dir, 0o777); // the unprivileged user must reach it
afterAll(() => {
  chmodSync(dir, 0o777);
  for (const sub of ["ro-parent", "ro-force"]) if (existsSync(join(dir, sub))) chmodSync(join(dir, sub), 0o755);
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run the CLI (as nobody with `asUser` when root), never waiting more than 30 s. */
function cli(args: string[], opts: { asUser?: boolean; cwd?: string } = {}): Run {
  const asRoot = opts.asUser && process.getuid?.() === 0;
  const command = asRoot ? "setpriv" : process.execPath;
  const argv = asRoot ? [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", process.execPath, BIN, ...args] : [BIN, ...args];
  const r = spawnSync(command, argv, {
    cwd: opts.cwd ?? dir,
    encoding: "utf8",
    timeout: 30_000,
    env: { ...process.env, CI: "true", NO_COLOR: "1", NODE_OPTIONS: "--max-old-space-size=512" },
  });
  return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

/** Exit 2 with one `error:` sentence, no stack trace. */
function expectRefused(r: Run, pattern: RegExp): void {
  expect(r.status, r.stderr + r.stdout).toBe(2);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).toMatch(/^error: /m);
  expect(r.stderr).not.toMatch(/^\s{4}at /m);
}

const QUICK = ["--yes", "--no-install", "--no-git"];

describe("field names (create, add-field, config files)", () => {
  it.each([
    ["toString:string:optional", /toString/],
    ["constructor:string:optional", /constructor/],
    ["__proto__:string:optional", /__proto__/],
    ["Email:string:optional", /Email.*core user field/],
    ["ID:string:optional", /ID.*core user field/],
    [`${"n".repeat(64)}:string:optional`, /63/],
  ])("create refuses --field %s and writes nothing", (spec, pattern) => {
    const target = join(dir, "names");
    expectRefused(cli([target, ...QUICK, "--field", spec]), pattern);
    expect(existsSync(target)).toBe(false);
  });

  it("create refuses Role beside the admin plugin's role", () => {
    const target = join(dir, "names-admin");
    expectRefused(cli([target, ...QUICK, "--plugins", "jwt,bearer,admin", "--field", "Role:string:optional"]), /Role.*admin plugin/);
    expect(existsSync(target)).toBe(false);
  });

  it("a config file's field object is checked the same way", () => {
    const config = join(dir, "proto.json");
    writeFileSync(config, JSON.stringify({ fields: [{ name: "valueOf", type: "string", required: false }] }));
    const target = join(dir, "names-config");
    expectRefused(cli([target, ...QUICK, "--config", config]), /valueOf/);
    expect(existsSync(target)).toBe(false);
  });

  it("add-field refuses them in a generated project and changes nothing", () => {
    const project = join(dir, "names-add");
    expect(cli([project, ...QUICK, "--field", "tier:string:optional"]).status).toBe(0);
    const manifest = readFileSync(join(project, "create-auth-service.json"), "utf8");
    for (const spec of ["hasOwnProperty:string:optional", "Tier:string:optional", "Email:string:optional"])
      expectRefused(cli(["add-field", spec, "--cwd", project, "--yes", "--no-migrate"]), new RegExp(spec.split(":")[0]));
    expect(readFileSync(join(project, "create-auth-service.json"), "utf8")).toBe(manifest);
  });
});

describe("privileged fields", () => {
  it("warns loudly for an explicit :input on IsAdmin, and keeps ROLE and is_admin away from sign-up otherwise", () => {
    const project = join(dir, "privileged");
    const r = cli([project, ...QUICK, "--field", "IsAdmin:boolean:default=false:input", "--field", "ROLE:string:default=user", "--field", "is_super:boolean:default=false"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warning: "IsAdmin" looks privileged, yet it is marked input/m);
    const fields = readFileSync(join(project, "src/auth.fields.ts"), "utf8");
    expect(fields).toMatch(/IsAdmin: \{[^}]*input: true/);
    expect(fields).toMatch(/ROLE: \{[^}]*input: false/);
  });
});

describe("file-system failures", () => {
  it("refuses /dev/null, a file, a dangling link and a link to a folder as the target", () => {
    expectRefused(cli(["/dev/null", ...QUICK]), /\/dev\/null is not a directory/);
    const file = join(dir, "a-file");
    writeFileSync(file, "mine\n");
    expectRefused(cli([file, ...QUICK]), /a-file is not a directory/);
    expect(readFileSync(file, "utf8")).toBe("mine\n");
    const dangling = join(dir, "dangling");
    symlinkSync(join(dir, "nowhere"), dangling);
    expectRefused(cli([dangling, ...QUICK]), /dangling is a symbolic link to .*nowhere, which does not exist/);
    expect(existsSync(join(dir, "nowhere"))).toBe(false);
    const real = join(dir, "real");
    mkdirSync(real);
    symlinkSync(real, join(dir, "link"));
    expectRefused(cli([join(dir, "link"), ...QUICK]), /link is a symbolic link to .*real; .*pass the real directory/);
    expect(readdirSync(real)).toEqual([]);
  });

  it("a read-only parent: permission denied, naming the path, nothing written", () => {
    const parent = join(dir, "ro-parent");
    mkdirSync(parent);
    chmodSync(parent, 0o555);
    const r = cli([join(parent, "svc"), ...QUICK], { asUser: true });
    expectRefused(r, /Cannot create the folder .*ro-parent\/svc: permission denied \(EACCES\); nothing was written/);
    expect(readdirSync(parent)).toEqual([]);
  });

  it("--force into a read-only folder: permission denied, the folder unchanged", () => {
    const target = join(dir, "ro-force");
    mkdirSync(target);
    writeFileSync(join(target, "notes.txt"), "mine\n");
    chmodSync(target, 0o555);
    const r = cli([target, ...QUICK, "--force"], { asUser: true });
    expectRefused(r, /ro-force.*permission denied \(EACCES\); nothing was written/);
    expect(readdirSync(target)).toEqual(["notes.txt"]);
  });
});

describe("a custom SQLite path", () => {
  it("lands in .env, .gitignore and the manifest", () => {
    const project = join(dir, "sqlite-path");
    const r = cli([project, ...QUICK, "--database", "sqlite", "--database-url", "file:./db/custom.sqlite"]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(project, ".env"), "utf8")).toContain("DATABASE_URL=file:./db/custom.sqlite\n");
    expect(readFileSync(join(project, ".gitignore"), "utf8").split("\n")).toContain("/db/custom.sqlite*");
    expect(JSON.parse(readFileSync(join(project, "create-auth-service.json"), "utf8")).config.databaseUrl).toBe("file:./db/custom.sqlite");
  });

  it("refuses a path outside the project", () => {
    const project = join(dir, "sqlite-outside");
    expectRefused(cli([project, ...QUICK, "--database-url", "file:../elsewhere.db"]), /--database-url "file:..\/elsewhere.db" points outside the project/);
    expect(existsSync(project)).toBe(false);
  });
});

describe("credentials never reach the terminal", () => {
  it("a malformed server URL, a commander error and a config file that is not JSON", () => {
    const url = `postgress://admin:${SECRET}@db.internal:5432/auth`;
    let r = cli([join(dir, "redact"), ...QUICK, "--database", "postgres", "--database-url", url]);
    expectRefused(r, /postgress:\/\/\*\*\*@db\.internal/);
    expect(r.stderr + r.stdout).not.toContain(SECRET);
    r = cli([join(dir, "redact"), ...QUICK, "--framework", url]);
    expect(r.status).toBe(2);
    expect(r.stderr + r.stdout).not.toContain(SECRET);
    const config = join(dir, "secret.json");
    writeFileSync(config, `{"database": "postgres", "databaseUrl": "postgres://admin:${SECRET}@h/db" oops}`);
    r = cli([join(dir, "redact"), ...QUICK, "--config", config]);
    expectRefused(r, /not valid JSON \(line 1, column \d+\)/);
    expect(r.stderr + r.stdout).not.toContain(SECRET);
  });

  it("a failing post-step's output", () => {
    const project = join(dir, "redact-step");
    mkdirSync(join(project, "node_modules"), { recursive: true });
    writeFileSync(join(project, "create-auth-service.json"), JSON.stringify({ tool: "create-auth-service", version: "0", config: { packageManager: "npm" }, files: {} }));
    const script = `node -e "console.error('connect ECONNREFUSED postgres://admin:${SECRET}@127.0.0.1:1/auth'); process.exit(1)"`;
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "x", scripts: { "db:migrate": script } }));
    const r = cli(["migrate", "--cwd", project]);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain("postgres://***@127.0.0.1:1/auth");
    expect(r.stderr + r.stdout).not.toContain(SECRET);
  });
});

describe("config files, project names and ports", () => {
  it("--config /dev/zero is refused at once, without reading it", () => {
    expectRefused(cli([join(dir, "zero"), ...QUICK, "--config", "/dev/zero"]), /config file "\/dev\/zero": it is not a regular file/);
  });

  it("a FIFO as --config does not hang", () => {
    const fifo = join(dir, "config.fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const r = cli([join(dir, "fifo"), ...QUICK, "--config", fifo]);
    expectRefused(r, /config.fifo": it is not a regular file/);
  });

  it.each(["node_modules", "favicon.ico", "http"])("refuses --project-name %s", (name) => {
    const target = join(dir, `name-${name}`);
    expectRefused(cli([target, ...QUICK, "--project-name", name]), /--project-name/);
    expect(existsSync(target)).toBe(false);
  });

  it("--port 99999999999999999999 says 1 to 65535", () => {
    expectRefused(cli([join(dir, "port"), ...QUICK, "--port", "99999999999999999999"]), /--port: must be a whole number from 1 to 65535/);
  });
});

describe("object-form fields stay structured", () => {
  it("survive create and add-field exactly, in the generated code and the manifest", () => {
    const config = join(dir, "objects.json");
    const homepage = { name: "homepage", type: "string", required: false, defaultValue: "https://example.com:8080/a" };
    const plan = { name: "plan", type: "enum", values: ["free|legacy", "pro"], defaultValue: "free|legacy" };
    writeFileSync(config, JSON.stringify({ fields: [homepage, plan] }));
    const project = join(dir, "objects");
    let r = cli([project, ...QUICK, "--config", config]);
    expect(r.status, r.stderr).toBe(0);
    const fieldsTs = readFileSync(join(project, "src/auth.fields.ts"), "utf8");
    expect(fieldsTs).toContain(`"https://example.com:8080/a"`);
    expect(fieldsTs).toContain(`"free|legacy"`);
    const stored = () => JSON.parse(readFileSync(join(project, "create-auth-service.json"), "utf8")).config.fields;
    expect(stored()[0]).toMatchObject(homepage);
    expect(stored()[1]).toMatchObject(plan);

    r = cli(["add-field", "company:string:optional", "--cwd", project, "--yes", "--no-migrate"]);
    expect(r.status, r.stderr).toBe(0);
    expect(stored()[0]).toMatchObject(homepage);
    expect(stored()[1]).toMatchObject(plan);
    expect(stored()[2]).toMatch(/^company:string:optional/);
  });
});

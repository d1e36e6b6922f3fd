// pnpm, Yarn (berry) and Bun as the project's package manager, for real: one project each, with
// the plugins whose stale peer pins need overrides (api-key, passkey), created and installed by
// the CLI with that manager, migrated, type-checked, started and smoke-tested through it. Bun also
// runs the service and the smoke test itself. The managers come from the npm registry (pnpm,
// @yarnpkg/cli-dist, bun) into .tmp/package-managers, installed once and reused.
import { execa, type ResultPromise } from "execa";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// Projects live in the harness's WORK folder, outside this repository: Yarn refuses to install a
// project nested in another project's folder.
import { cleanup, cli, freePort, freshPostgres, ROOT, sh, sleep, workDir } from "./harness.js";

const TOOLS = join(ROOT, ".tmp/package-managers");
const TOOL_SPECS = ["pnpm@12", "@yarnpkg/cli-dist@4", "bun@1"];
const BIN = join(TOOLS, "node_modules/.bin");
const env = () => ({ PATH: `${BIN}:${process.env.PATH}`, CI: "true" });

async function ensureTools(): Promise<void> {
  const stamp = join(TOOLS, "stamp.json");
  if (existsSync(stamp) && JSON.parse(readFileSync(stamp, "utf8")).specs?.join() === TOOL_SPECS.join()) return;
  mkdirSync(TOOLS, { recursive: true });
  // Its own package.json, or npm would walk up and install into this repository.
  writeFileSync(join(TOOLS, "package.json"), JSON.stringify({ name: "package-manager-tools", private: true }));
  await sh(TOOLS, "npm", ["install", "--no-audit", "--no-fund", ...TOOL_SPECS]);
  writeFileSync(stamp, JSON.stringify({ specs: TOOL_SPECS }));
}

/** A service started in its own process group: a package manager's `run` does not pass SIGTERM on. */
async function startGroup(dir: string, command: string[]): Promise<{ url: string; stop: () => Promise<void>; logs: () => string }> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const child: ResultPromise = execa(command[0], command.slice(1), {
    cwd: dir, reject: false, all: true, buffer: false, detached: true, stdin: "ignore",
    env: { ...env(), PORT: String(port), BETTER_AUTH_URL: url },
  });
  let logs = "";
  child.all?.on("data", (chunk: Buffer) => (logs += chunk.toString()));
  const stop = async () => {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      /* already gone */
    }
    await child;
  };
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`service exited early:\n${logs}`);
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
    if (ok) return { url, stop, logs: () => logs };
    if (i > 240) {
      await stop();
      throw new Error(`service did not become healthy:\n${logs}`);
    }
    await sleep(250);
  }
}

beforeAll(ensureTools, 5 * 60_000);

describe("a package manager that is not installed", () => {
  it("is refused before anything is written (exit 2, naming --package-manager)", async () => {
    // A PATH with node only: no pnpm on it.
    const onlyNode = workDir("pm-path");
    mkdirSync(onlyNode, { recursive: true });
    symlinkSync(process.execPath, join(onlyNode, "node"));
    const dir = workDir("pm-missing");
    const result = await cli([dir, "--yes", "--package-manager", "pnpm", "--no-git"], { env: { PATH: onlyNode } });
    expect(result.exitCode, result.all).toBe(2);
    expect(result.all).toMatch(/--package-manager pnpm: pnpm was not found on PATH/);
    expect(existsSync(dir)).toBe(false);
    cleanup(onlyNode);
  });
});

const MANAGERS = [
  { pm: "pnpm", files: ["pnpm-workspace.yaml"], overrideKey: null },
  { pm: "yarn", files: [".yarnrc.yml"], overrideKey: "resolutions" },
  { pm: "bun", files: [], overrideKey: "overrides" },
] as const;

describe.each(MANAGERS)("$pm as the package manager", ({ pm, files, overrideKey }) => {
  let dir = "";
  let drop: () => Promise<void> = async () => {};
  afterAll(async () => {
    await drop();
    if (dir) cleanup(dir);
  });

  it("create installs with it and migrates; typecheck, the service and its smoke test pass through it", { timeout: 4 * 60_000 }, async () => {
    const db = await freshPostgres(`pm_${pm}`);
    drop = db.drop;
    dir = workDir(`pm-${pm}`);
    const created = await cli(
      [dir, "--yes", "--framework", "hono", "--database", "postgres", "--database-url", db.url, "--plugins", "jwt,bearer,api-key,passkey",
        "--backend", "none", "--api-client", "none", "--package-manager", pm, "--no-git"],
      { env: env() },
    );
    expect(created.exitCode, created.all).toBe(0);
    expect(created.all).toContain(`Installing dependencies with ${pm}`);
    expect(created.all).toContain(`${pm} run dev`);

    // The overrides in the manager's own place, and no lockfile but its own.
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    for (const f of files) expect(existsSync(join(dir, f)), f).toBe(true);
    if (overrideKey) expect(Object.keys(pkg[overrideKey]).length).toBeGreaterThan(0);
    if (pm !== "bun" && pm !== "yarn") expect(pkg).not.toHaveProperty("overrides");
    expect(existsSync(join(dir, "package-lock.json"))).toBe(false);
    expect(readFileSync(join(dir, "README.md"), "utf8")).toContain(`${pm} run db:migrate`);
    // One copy of each overridden peer: the version better-auth itself uses.
    const copies = await sh(dir, "find", ["-L", "node_modules", "-path", "*/@better-auth/utils/package.json"]);
    const versions = new Set(copies.split("\n").filter(Boolean).map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")).version));
    expect([...versions]).toEqual(["0.5.1"]);

    await sh(dir, pm, ["run", "typecheck"], env());

    const service = await startGroup(dir, pm === "bun" ? ["bun", "src/server.ts"] : [pm, "run", "dev"]);
    try {
      const smoke = await execa(pm, pm === "bun" ? ["scripts/smoke.ts"] : ["run", "smoke"], { cwd: dir, reject: false, all: true, env: { ...env(), BASE_URL: service.url } });
      expect(smoke.exitCode, `${smoke.all}\n--- service:\n${service.logs()}`).toBe(0);
      expect(smoke.all).toContain("Smoke test passed");
    } finally {
      await service.stop();
    }
  });
});

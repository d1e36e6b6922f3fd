// What users download: the packed tarball installs with no dependencies and runs on its own.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { execa } from "execa";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { ROOT, workDir } from "./harness.js";

const dir = workDir("package");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("installs from the packed tarball as a single package and scaffolds a project", { timeout: 120_000 }, async () => {
  mkdirSync(dir, { recursive: true });
  const packed = await execa("npm", ["pack", "--pack-destination", dir, "--json"], { cwd: ROOT });
  const [{ filename, files }] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
  expect(files.some((f) => f.path === "dist/templates.js")).toBe(true);
  expect(files.some((f) => f.path.startsWith("src/") || f.path.startsWith("test/"))).toBe(false);

  await execa("npm", ["init", "-y"], { cwd: dir });
  await execa("npm", ["install", "--no-audit", "--no-fund", join(dir, filename)], { cwd: dir });
  // No runtime dependencies: everything is bundled, like create-vite.
  expect(readdirSync(join(dir, "node_modules")).filter((n) => !n.startsWith("."))).toEqual(["create-auth-service"]);

  const bin = join(dir, "node_modules/.bin/create-auth-service");
  const help = await execa(bin, ["--help"], { cwd: dir, stdin: "ignore" });
  expect(help.stdout).toContain("--framework");
  const run = await execa(bin, ["svc", "--yes", "--no-install", "--no-git"], { cwd: dir, stdin: "ignore", env: { CI: "true" } });
  expect(run.exitCode).toBe(0);
  expect(existsSync(join(dir, "svc/src/auth.ts"))).toBe(true);
  expect(existsSync(join(dir, "svc/backend/auth_security/security.py"))).toBe(true);

  // The MCP server is bundled too: it answers from the tarball with nothing else installed.
  const client = new Client({ name: "package-test", version: "0.0.0" });
  await client.connect(new StdioClientTransport({ command: bin, args: ["mcp"], cwd: dir, stderr: "pipe" }));
  try {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain("create_project");
  } finally {
    await client.close();
  }
});

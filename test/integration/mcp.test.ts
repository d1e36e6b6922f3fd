// `create-auth-service mcp`, driven the way a coding agent's client drives it: the SDK's own Client
// over stdio against the built CLI. Stdout must carry nothing but the protocol (the client reports
// anything else as an error).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";

const BIN = new URL("../../bin/create-auth-service.js", import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), "cas-mcp-"));
const client = new Client({ name: "create-auth-service-test", version: "0.0.0" });
const protocolErrors: Error[] = [];
let stderr = "";

beforeAll(async () => {
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && e[0] !== "npm_config_user_agent"));
  const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, "mcp"], cwd: work, env: { ...env, CI: "true" }, stderr: "pipe" });
  transport.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  client.onerror = (error) => protocolErrors.push(error);
  await client.connect(transport);
});

afterAll(async () => {
  await client.close();
  rmSync(work, { recursive: true, force: true });
});

interface Body {
  ok: boolean;
  files: { path: string; action: string; content?: string; diff?: string }[];
  error?: { code: string; message: string; flag?: string };
  [key: string]: unknown;
}

async function call(name: string, args: Record<string, unknown>): Promise<{ isError: boolean; body: Body }> {
  const result = await client.callTool({ name, arguments: args });
  const body = result.structuredContent as Body;
  // The text content is the same object, for clients that only read text.
  expect(JSON.parse((result.content as { type: string; text: string }[])[0].text)).toEqual(body);
  expect(Boolean(result.isError)).toBe(!body.ok);
  return { isError: Boolean(result.isError), body };
}

it("lists its tools with input schemas from the config schema", async () => {
  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name);
  expect(names).toEqual(expect.arrayContaining(["describe_options", "plan_project", "create_project", "add_fields", "add_plugins", "add_providers", "doctor"]));
  const create = tools.find((t) => t.name === "create_project")!;
  expect(create.inputSchema.required).toEqual(["directory"]);
  expect((create.inputSchema.properties as Record<string, { enum?: string[] }>).framework.enum).toContain("hono");
  const options = await call("describe_options", {});
  expect((options.body.choices as { plugins: string[] }).plugins).toContain("two-factor");
  expect((options.body.configSchema as { properties: object }).properties).toHaveProperty("database");
});

it("plans, creates, adds a field, and returns isError results for bad input; the server stays up", { timeout: 60_000 }, async () => {
  const dir = join(work, "svc");
  const plan = await call("plan_project", { directory: dir, framework: "express", fields: ["tier:enum(free|pro):default=free"] });
  expect(plan.isError).toBe(false);
  const server = plan.body.files.find((f) => f.path === "src/server.ts")!;
  expect(server.action).toBe("would-create");
  expect(server.content).toContain("express");
  expect(plan.body.files.find((f) => f.path === "src/auth.fields.ts")!.content).toContain("tier");
  expect(existsSync(dir)).toBe(false);

  const badOption = await call("plan_project", { directory: dir, framework: "nope" });
  expect(badOption.body.error).toMatchObject({ code: "INVALID_OPTION" });
  expect(badOption.body.error!.message).toContain("hono");

  const created = await call("create_project", { directory: dir, framework: "express", install: false, git: false });
  expect(created.isError).toBe(false);
  expect(created.body.files).toContainEqual({ path: "src/auth.ts", action: "created" });
  expect(existsSync(join(dir, "src/server.ts"))).toBe(true);

  const again = await call("create_project", { directory: dir, install: false, git: false });
  expect(again.body.error).toMatchObject({ code: "CONFLICT" });

  const field = await call("add_fields", { cwd: dir, fields: ["company:string:optional"], migrate: false });
  expect(field.isError).toBe(false);
  expect(field.body.files).toContainEqual({ path: "src/auth.fields.ts", action: "changed" });
  expect(readFileSync(join(dir, "src/auth.fields.ts"), "utf8")).toContain("company");

  const bad = await call("add_fields", { cwd: dir, fields: ["not a spec!"] });
  expect(bad.isError).toBe(true);
  expect(bad.body.error).toMatchObject({ code: "INVALID_FIELD" });
  expect(bad.body.error!.message).toContain("not a spec!");

  const plugin = await call("add_plugins", { cwd: dir, plugins: ["two-factor"], dryRun: true });
  expect(plugin.body.files.find((f) => f.path === "src/auth.ts")!.diff).toContain("twoFactor");

  // doctor keeps its own { ok, checks } shape; ok: false is an isError result (call() checks that).
  const doctor = await call("doctor", { cwd: dir });
  expect(Array.isArray(doctor.body.checks)).toBe(true);
  const notProject = await call("doctor", { cwd: work });
  expect(notProject.body.error).toMatchObject({ code: "NOT_A_PROJECT" });

  const unknownTool = await client.callTool({ name: "teleport", arguments: {} });
  expect(unknownTool.isError).toBe(true);
  // Still answering after every error, and nothing but protocol ever reached stdout.
  expect((await client.listTools()).tools.length).toBeGreaterThan(5);
  expect(protocolErrors).toEqual([]);
  expect(stderr).toContain("MCP server on stdio");
});

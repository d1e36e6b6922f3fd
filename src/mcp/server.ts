// `create-auth-service mcp`: the CLI's commands as Model Context Protocol tools on stdio, for coding
// agents. Stdout carries only the protocol: every other line goes to stderr. A user error is a tool
// result with isError and the same { ok: false, error: { code, message } } object as `--json`.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { describeFsError, isFsError, redact } from "../cli/errors.js";
import { errorRecord, Report, reserveStdout, useSink } from "../cli/output.js";
import { TOOLS, type ToolContext } from "./tools.js";

/** Tools share one process (its output sink, its working directory): calls run one at a time. */
let queue: Promise<unknown> = Promise.resolve();
function serially<T>(task: () => Promise<T>): Promise<T> {
  const next = queue.then(task, task);
  queue = next.catch(() => undefined);
  return next;
}

const result = (body: Record<string, unknown>, isError: boolean): CallToolResult => ({
  content: [{ type: "text", text: JSON.stringify(body, null, 2) }],
  structuredContent: body,
  ...(isError ? { isError: true } : {}),
});

export async function callTool(name: string, args: Record<string, unknown>, ctx: ToolContext): Promise<CallToolResult> {
  const tool = TOOLS.find((t) => t.name === name);
  const report = new Report(name);
  if (!tool) return result(report.fail({ code: "USAGE", message: `Unknown tool "${name}"; use one of ${TOOLS.map((t) => t.name).join(", ")}.` }), true);
  return serially(async () => {
    const previous = useSink(report);
    try {
      const extra = await tool.run(args, report, ctx);
      // Only doctor sets ok itself (a failed check); ok: false is always an isError result.
      return result({ ...report.finish(), ...extra }, extra?.ok === false);
    } catch (error) {
      const record = errorRecord(error, isFsError(error) ? `${describeFsError(error)}.` : undefined);
      // A bug: its stack goes to the server's log (stderr), the client gets one sentence.
      if (record.code === "INTERNAL") console.error(redact(error instanceof Error ? (error.stack ?? error.message) : String(error)));
      return result(report.fail(record), true);
    } finally {
      useSink(previous);
    }
  });
}

export async function serveMcp(ctx: ToolContext): Promise<void> {
  reserveStdout();
  const server = new Server({ name: "create-auth-service", version: ctx.version }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: TOOLS.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema() })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => callTool(request.params.name, (request.params.arguments ?? {}) as Record<string, unknown>, ctx));
  const transport = new StdioServerTransport();
  await server.connect(transport);
  console.error(`create-auth-service ${ctx.version} MCP server on stdio (${TOOLS.length} tools)`);
  // Until the client closes stdin; then exit, whatever a dependency left pending.
  await new Promise<void>((done) => {
    server.onclose = done;
    process.stdin.on("end", done);
  });
  await server.close().catch(() => undefined);
  process.exit(0);
}

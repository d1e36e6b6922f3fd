// First: with MIGRATE_ON_START=true, migrations finish before anything else loads.
import "./migrate-on-start.js";
import cors from "@fastify/cors";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import { fromNodeHeaders } from "better-auth/node";
import { handleAuth } from "./auth-handler.js";
import { CLIENT_IP_HEADER, resolveClientIp } from "./client-ip.js";
import { closeDatabase } from "./db.js";
import { env } from "./env.js";
import { readiness } from "./readiness.js";
import { requireAuth, requireRole } from "./require-auth.js";

const app = Fastify({ logger: { level: env.isProduction ? "info" : "warn" } });

await app.register(cors, {
  origin: env.TRUSTED_ORIGINS,
  allowedHeaders: ["Content-Type", "Authorization"],
  methods: ["GET", "POST", "OPTIONS"],
  exposedHeaders: ["set-auth-token", "set-auth-jwt"],
  credentials: true,
  maxAge: 600,
});

// Liveness: the process is up. Readiness: the database (and Redis, when used) answer.
app.get("/health", async () => ({ status: "ok" }));
app.get("/ready", async (_request, reply) => {
  const state = await readiness();
  return reply.status(state.ready ? 200 : 503).send(state);
});

// Examples of guarded routes (see require-auth.ts); replace them with your own.
app.get("/api/me", { preHandler: requireAuth }, async (request) => ({ user: request.user }));
app.get("/api/admin/ping", { preHandler: requireRole("admin") }, async (request) => ({ ok: true, admin: request.user!.id }));

/** Fastify request → Web Request for Better Auth's fetch handler (Better Auth has no Fastify adapter). */
function toWebRequest(request: FastifyRequest, clientIp: string): Request {
  const headers = fromNodeHeaders(request.headers);
  // Overwrite whatever the client sent: the rate limiter must see the real client address.
  headers.set(CLIENT_IP_HEADER, clientIp);
  // The configured origin rather than the Host header, which any client can set.
  const url = new URL(request.url, env.BETTER_AUTH_URL);
  const body = request.body as Buffer | undefined;
  return new Request(url, {
    method: request.method,
    headers,
    body: request.method === "GET" || request.method === "HEAD" || !body?.length ? undefined : new Uint8Array(body),
  });
}

/** Web Response → Fastify reply: status, every header, each Set-Cookie on its own line, streamed body. */
function sendWebResponse(reply: FastifyReply, response: Response) {
  reply.status(response.status);
  response.headers.forEach((value, name) => {
    if (name === "set-cookie") return;
    // @fastify/cors and Better Auth's plugins both expose headers: keep the names of both.
    const exposed = name === "access-control-expose-headers" ? reply.getHeader(name) : undefined;
    reply.header(name, exposed ? `${String(exposed)}, ${value}` : value);
  });
  // Joined into one header, cookies whose Expires holds a comma would be misread by browsers.
  const cookies = response.headers.getSetCookie();
  if (cookies.length) reply.header("set-cookie", cookies);
  return reply.send(response.body);
}

// In their own scope, the auth routes take the body as raw bytes (Better Auth parses it itself),
// while routes you add elsewhere keep Fastify's JSON parsing.
await app.register(async (scope) => {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
  scope.route({
    method: ["GET", "POST"],
    url: "/api/auth/*",
    // Fastify answers 413 before reading a body whose Content-Length is larger, and stops a
    // chunked upload at the first chunk past the limit.
    bodyLimit: env.MAX_BODY_BYTES,
    handler: async (request, reply) => {
      const ip = resolveClientIp(request.socket.remoteAddress, request.headers["x-forwarded-for"], env.trustedProxyNetworks);
      // No address means the socket is gone; never count such a request in a bucket shared by others.
      if (!ip) return reply.status(400).send({ code: "NO_CLIENT_ADDRESS", message: "Could not determine the client address." });
      return sendWebResponse(reply, await handleAuth(toWebRequest(request, ip)));
    },
  });
});

// "::" accepts IPv4 and IPv6 like Node's default (Fastify alone would listen on localhost only).
await app.listen({ port: env.PORT, host: "::" });
console.log(`Auth service listening on http://localhost:${env.PORT}`);

// Finish in-flight requests, then release the database, on Ctrl-C and on orchestrator stops.
async function shutdown(signal: string) {
  console.log(`${signal} received, shutting down`);
  setTimeout(() => process.exit(1), 10_000).unref();
  await app.close();
  await closeDatabase();
  process.exit(0);
}
process.once("SIGINT", () => void shutdown("SIGINT"));
process.once("SIGTERM", () => void shutdown("SIGTERM"));

// First: with MIGRATE_ON_START=true, migrations finish before anything else loads.
import "./migrate-on-start.js";
import { serve, type HttpBindings } from "@hono/node-server";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { handleAuth } from "./auth-handler.js";
import { readBodyWithin } from "./body-limit.js";
import { CLIENT_IP_HEADER, resolveClientIp } from "./client-ip.js";
import { closeDatabase } from "./db.js";
import { env } from "./env.js";
import { readiness } from "./readiness.js";
import { requireAuth, requireRole } from "./require-auth.js";

const app = new Hono<{ Bindings: HttpBindings }>();

app.use(
  "/api/auth/*",
  cors({
    origin: env.TRUSTED_ORIGINS,
    allowHeaders: ["Content-Type", "Authorization"],
    allowMethods: ["GET", "POST", "OPTIONS"],
    exposeHeaders: ["set-auth-token", "set-auth-jwt"],
    credentials: true,
    maxAge: 600,
  }),
);

// Liveness: the process is up. Readiness: the database (and Redis, when used) answer.
app.get("/health", (c) => c.json({ status: "ok" }));
app.get("/ready", async (c) => {
  const state = await readiness();
  return c.json(state, state.ready ? 200 : 503);
});

// Examples of guarded routes (see require-auth.ts); replace them with your own.
app.get("/api/me", requireAuth, (c) => c.json({ user: c.get("user") }));
app.get("/api/admin/ping", requireRole("admin"), (c) => c.json({ ok: true, admin: c.get("user").id }));

app.on(["GET", "POST"], "/api/auth/*", async (c) => {
  // Overwrite whatever the client sent: the rate limiter must see the real client address.
  const ip = resolveClientIp(c.env.incoming.socket.remoteAddress, c.req.header("x-forwarded-for"), env.trustedProxyNetworks);
  // No address means the socket is gone; never count such a request in a bucket shared by others.
  if (!ip) return c.json({ code: "NO_CLIENT_ADDRESS", message: "Could not determine the client address." }, 400);
  const limited = await readBodyWithin(c.req.raw, env.MAX_BODY_BYTES);
  if (limited instanceof Response) return limited;
  const headers = new Headers(limited.headers);
  headers.set(CLIENT_IP_HEADER, ip);
  return handleAuth(new Request(limited, { headers }));
});

const server = serve({ fetch: app.fetch, port: env.PORT }, (info) => {
  console.log(`Auth service listening on http://localhost:${info.port}`);
});

// Finish in-flight requests, then release the database, on Ctrl-C and on orchestrator stops.
function shutdown(signal: string) {
  console.log(`${signal} received, shutting down`);
  server.close(async () => {
    await closeDatabase();
    process.exit(0);
  });
  setTimeout(() => process.exit(1), 10_000).unref();
}
process.once("SIGINT", () => shutdown("SIGINT"));
process.once("SIGTERM", () => shutdown("SIGTERM"));

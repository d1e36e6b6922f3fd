// First: with MIGRATE_ON_START=true, migrations finish before anything else loads.
import "./migrate-on-start.js";
import cors from "cors";
import express, { type NextFunction, type Request, type Response } from "express";
import { toNodeHandler } from "better-auth/node";
import { handleAuth } from "./auth-handler.js";
import { CLIENT_IP_HEADER, resolveClientIp } from "./client-ip.js";
import { closeDatabase } from "./db.js";
import { env } from "./env.js";
import { readiness } from "./readiness.js";
import { requireAuth, requireRole } from "./require-auth.js";

const app = express();
app.disable("x-powered-by");

app.use(
  cors({
    origin: env.TRUSTED_ORIGINS,
    allowedHeaders: ["Content-Type", "Authorization"],
    methods: ["GET", "POST", "OPTIONS"],
    exposedHeaders: ["set-auth-token", "set-auth-jwt"],
    credentials: true,
    maxAge: 600,
  }),
);

// Liveness: the process is up. Readiness: the database (and Redis, when used) answer.
app.get("/health", (_req, res) => {
  res.json({ status: "ok" });
});
app.get("/ready", async (_req, res) => {
  const state = await readiness();
  res.status(state.ready ? 200 : 503).json(state);
});

// Examples of guarded routes (see require-auth.ts); replace them with your own.
app.get("/api/me", requireAuth, (req, res) => {
  res.json({ user: req.user });
});
app.get("/api/admin/ping", requireRole("admin"), (req, res) => {
  res.json({ ok: true, admin: req.user!.id });
});

// Overwrite whatever the client sent: the rate limiter must see the real client address.
app.use("/api/auth", (req, res, next) => {
  const ip = resolveClientIp(req.socket.remoteAddress, req.headers["x-forwarded-for"], env.trustedProxyNetworks);
  // No address means the socket is gone; never count such a request in a bucket shared by others.
  if (!ip) {
    res.status(400).json({ code: "NO_CLIENT_ADDRESS", message: "Could not determine the client address." });
    return;
  }
  req.headers[CLIENT_IP_HEADER] = ip;
  next();
});

function payloadTooLarge(res: Response) {
  // Connection: close tells the client to stop sending the rest of the body.
  res.set("connection", "close").status(413).json({ code: "PAYLOAD_TOO_LARGE", message: `Request body is larger than ${env.MAX_BODY_BYTES} bytes.` });
}

/**
 * Reads an auth request's body, at most MAX_BODY_BYTES: 413 before reading when Content-Length is
 * larger, or at the first chunk that crosses the limit. (body-parser would read a rejected body to
 * its end first.) Better Auth's Node adapter takes the text from req.body once the stream is read.
 */
function readBodyWithin(req: Request, res: Response, next: NextFunction) {
  if (req.method === "GET" || req.method === "HEAD") return next();
  const declared = req.headers["content-length"];
  if (declared !== undefined && !(Number(declared) <= env.MAX_BODY_BYTES)) return payloadTooLarge(res);
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  req.on("data", (chunk: Buffer) => {
    if (refused) return;
    size += chunk.length;
    if (size > env.MAX_BODY_BYTES) {
      refused = true;
      req.pause();
      payloadTooLarge(res);
      return;
    }
    chunks.push(chunk);
  });
  req.on("end", () => {
    if (refused) return;
    if (size) req.body = Buffer.concat(chunks).toString("utf8");
    next();
  });
  req.on("error", next);
}
app.use("/api/auth", readBodyWithin);

// Mounted before express.json(): Better Auth reads the raw body itself.
app.all("/api/auth/*splat", toNodeHandler(handleAuth));

app.use(express.json());

const server = app.listen(env.PORT, () => {
  console.log(`Auth service listening on http://localhost:${env.PORT}`);
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

import cors from "cors";
import express from "express";
import { toNodeHandler } from "better-auth/node";
import { auth } from "./auth.js";
import { CLIENT_IP_HEADER } from "./client-ip.js";
import { closeDatabase } from "./db.js";
import { env } from "./env.js";

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

app.get("/health", (_req, res) => {
  res.json({ status: "ok" });
});

// Overwrite whatever the client sent: the rate limiter must see the real socket address.
app.use("/api/auth", (req, _res, next) => {
  req.headers[CLIENT_IP_HEADER] = req.socket.remoteAddress ?? "";
  next();
});
// Mounted before express.json(): Better Auth reads the raw body itself.
app.all("/api/auth/*splat", toNodeHandler(auth));

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

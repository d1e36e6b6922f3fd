import type { Feature } from "./types.js";

/**
 * What running the service in production asks for beyond signing in: an audit log of
 * authentication events (Better Auth's request and database hooks), and migrations on start.
 * The route guards, /ready and its checks come with the base and framework templates.
 */
export const operations: Feature = {
  id: "operations",
  templates: ["operations"],
  // The audit sink is where users send events elsewhere: theirs to edit, never replaced.
  policies: { "src/audit.ts": "user" },
  server: {
    imports: [{ from: "./audit-hooks.js", names: ["auditLog", "auditPasswordReset"] }],
    plugins: [],
    // After the other plugins, whose hooks may change an answer (two-factor turns a sign-in into a
    // challenge); the audit log records the final one. `hooks` stays free for the user.
    pluginsLast: ["auditLog()"],
    options: { emailAndPassword: ["onPasswordReset: auditPasswordReset,"] },
  },
  env: [{ key: "MIGRATE_ON_START", value: "false", comment: "true = apply pending migrations (under a database lock) before serving; Hono, Express and Fastify servers" }],
  readme:
    "Audit log: one JSON line per authentication event (sign-up, sign-in and failures, sign-out, password change and reset, email verified, two-factor, role change, revoked session, API key) on stdout, through `src/audit.ts`",
};

// Route guards for your own endpoints: `requireAuth` answers 401 without a session, `requireRole`
// 403 when the user holds none of the roles. Both put the user and session on the context:
//   app.get("/api/notes", requireAuth, (c) => c.json({ owner: c.get("user").id }))
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { auth } from "./auth.js";
import { hasRole } from "./roles.js";

type SessionData = NonNullable<Awaited<ReturnType<typeof auth.api.getSession>>>;
export type AuthEnv = { Variables: { user: SessionData["user"]; session: SessionData["session"] } };

/**
 * Reads the session from the request's cookie (or bearer token) onto the context; false without one.
 * `fresh` skips the session cookie cache: a role taken away counts at once, not after the cache's max age.
 */
async function loadSession(c: Context<AuthEnv>, fresh = false): Promise<boolean> {
  const found = await auth.api.getSession({ headers: c.req.raw.headers, query: { disableCookieCache: fresh } });
  if (!found) return false;
  c.set("user", found.user);
  c.set("session", found.session);
  return true;
}

const unauthorized = (c: Context) => c.json({ code: "UNAUTHORIZED", message: "Sign in first." }, 401);

export const requireAuth = createMiddleware<AuthEnv>(async (c, next) => {
  if (!(await loadSession(c))) return unauthorized(c);
  await next();
});

/** Signed in and holding at least one of `roles` (the admin plugin's `role`, or a custom `role` field). */
export function requireRole(...roles: string[]) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    if (!(await loadSession(c, true))) return unauthorized(c);
    if (!hasRole(c.get("user"), roles)) return c.json({ code: "FORBIDDEN", message: `Needs the role ${roles.join(" or ")}.` }, 403);
    await next();
  });
}

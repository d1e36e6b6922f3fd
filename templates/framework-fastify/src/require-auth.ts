// Route guards for your own endpoints, as preHandler hooks: `requireAuth` answers 401 without a
// session, `requireRole` 403 when the user holds none of the roles. Both put the user and session
// on the request:
//   app.get("/api/notes", { preHandler: requireAuth }, async (request) => ({ owner: request.user!.id }))
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from "fastify";
import { fromNodeHeaders } from "better-auth/node";
import { auth } from "./auth.js";
import { hasRole } from "./roles.js";

type SessionData = NonNullable<Awaited<ReturnType<typeof auth.api.getSession>>>;

declare module "fastify" {
  interface FastifyRequest {
    /** Set by requireAuth / requireRole. */
    user?: SessionData["user"];
    session?: SessionData["session"];
  }
}

/**
 * Reads the session from the request's cookie (or bearer token) onto the request; false without one.
 * `fresh` skips the session cookie cache: a role taken away counts at once, not after the cache's max age.
 */
async function loadSession(request: FastifyRequest, fresh = false): Promise<boolean> {
  const found = await auth.api.getSession({ headers: fromNodeHeaders(request.headers), query: { disableCookieCache: fresh } });
  if (!found) return false;
  request.user = found.user;
  request.session = found.session;
  return true;
}

export const requireAuth: preHandlerAsyncHookHandler = async (request: FastifyRequest, reply: FastifyReply) => {
  if (!(await loadSession(request))) return reply.status(401).send({ code: "UNAUTHORIZED", message: "Sign in first." });
};

/** Signed in and holding at least one of `roles` (the admin plugin's `role`, or a custom `role` field). */
export function requireRole(...roles: string[]): preHandlerAsyncHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!(await loadSession(request, true))) return reply.status(401).send({ code: "UNAUTHORIZED", message: "Sign in first." });
    if (!hasRole(request.user, roles)) return reply.status(403).send({ code: "FORBIDDEN", message: `Needs the role ${roles.join(" or ")}.` });
  };
}

// Route guards for your own endpoints: `requireAuth` answers 401 without a session, `requireRole`
// 403 when the user holds none of the roles. Both put the user and session on the request:
//   app.get("/api/notes", requireAuth, (req, res) => { res.json({ owner: req.user!.id }) })
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { fromNodeHeaders } from "better-auth/node";
import { auth } from "./auth.js";
import { hasRole } from "./roles.js";

type SessionData = NonNullable<Awaited<ReturnType<typeof auth.api.getSession>>>;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by requireAuth / requireRole. */
      user?: SessionData["user"];
      session?: SessionData["session"];
    }
  }
}

/**
 * Reads the session from the request's cookie (or bearer token) onto the request; false without one.
 * `fresh` skips the session cookie cache: a role taken away counts at once, not after the cache's max age.
 */
async function loadSession(req: Request, fresh: boolean): Promise<boolean> {
  const found = await auth.api.getSession({ headers: fromNodeHeaders(req.headers), query: { disableCookieCache: fresh } });
  if (!found) return false;
  req.user = found.user;
  req.session = found.session;
  return true;
}

function guard(roles: string[] | null): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    loadSession(req, roles !== null).then((signedIn) => {
      if (!signedIn) return void res.status(401).json({ code: "UNAUTHORIZED", message: "Sign in first." });
      if (roles && !hasRole(req.user, roles)) return void res.status(403).json({ code: "FORBIDDEN", message: `Needs the role ${roles.join(" or ")}.` });
      next();
    }, next);
  };
}

export const requireAuth: RequestHandler = guard(null);

/** Signed in and holding at least one of `roles` (the admin plugin's `role`, or a custom `role` field). */
export function requireRole(...roles: string[]): RequestHandler {
  return guard(roles);
}

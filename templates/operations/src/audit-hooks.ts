// Feeds the audit log (audit.ts) from Better Auth's hooks, as a plugin listed after the others:
// its request hook sees what an endpoint finally answered, after every other plugin's hook (two-
// factor turns a sign-in into a challenge there); its database hooks see what a change of a row
// says (sign-up, sign-out, email verified, two-factor, role). Only ids, error codes and request
// metadata are read: never a request body, a response's token or key, or a cookie.
import type { BetterAuthOptions, BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware, isAPIError } from "better-auth/api";
import { audit, type AuditEvent, type AuditEventName } from "./audit.js";
import { CLIENT_IP_HEADER } from "./client-ip.js";

type EndpointContext = { path?: string; headers?: Headers; request?: Request; context?: { session?: { user: { id: string } } | null } } | null | undefined;

function emit(ctx: EndpointContext, event: AuditEventName, userId: string | null, extra: Partial<AuditEvent> = {}): void {
  const headers = ctx?.headers ?? ctx?.request?.headers;
  audit({
    time: new Date().toISOString(),
    event,
    outcome: "success",
    userId,
    // The address the server resolved (socket, or X-Forwarded-For from a trusted proxy): see client-ip.ts.
    ip: headers?.get(CLIENT_IP_HEADER) ?? null,
    userAgent: headers?.get("user-agent") ?? null,
    ...extra,
  });
}

const SIGN_IN_ENDS = new Set(["/magic-link/verify", "/passkey/verify-authentication"]);
/** Where a session is made: sign-in endpoints, social callbacks, emailed links, passkeys. */
const isSignIn = (path: string) => path.startsWith("/sign-in/") || path.startsWith("/callback/") || SIGN_IN_ENDS.has(path);
/** Second-factor checks finish a sign-in when no session exists yet (with one, they finish enabling 2FA). */
const isSecondFactor = (path: string) => /^\/two-factor\/verify-(totp|otp|backup-code)$/.test(path);
const REVOCATIONS = new Set(["/revoke-session", "/revoke-sessions", "/revoke-other-sessions", "/admin/revoke-user-session", "/admin/revoke-user-sessions"]);

const afterRequest = createAuthMiddleware(async (ctx) => {
  const path = ctx.path;
  const returned = ctx.context.returned;
  // Redirects travel as APIErrors too (e.g. a social callback): only 4xx and 5xx are failures.
  const failure = isAPIError(returned) && Number(returned.statusCode) >= 400 ? returned : null;
  const actor = ctx.context.session?.user.id ?? null;
  const signingIn = isSignIn(path) || (isSecondFactor(path) && !ctx.context.session);
  if (signingIn) {
    if (failure) return emit(ctx, "sign_in", null, { outcome: "failure", reason: String(failure.body?.code ?? failure.status) });
    // A second factor was asked for: the session delete hook below logged the challenge.
    if ((returned as { twoFactorRedirect?: boolean } | null)?.twoFactorRedirect) return;
    const created = ctx.context.newSession;
    if (created) return emit(ctx, "sign_in", created.user.id);
    return;
  }
  if (failure) return;
  if (path === "/change-password") return emit(ctx, "password_changed", actor);
  if (REVOCATIONS.has(path)) {
    const target = (ctx.body as { userId?: unknown } | undefined)?.userId;
    return emit(ctx, "session_revoked", typeof target === "string" ? target : actor, { detail: { path, ...(actor ? { by: actor } : {}) } });
  }
  if (path === "/api-key/create") {
    const keyId = (returned as { id?: unknown } | null)?.id;
    return emit(ctx, "api_key_created", actor, typeof keyId === "string" ? { detail: { keyId } } : {});
  }
});

const databaseHooks: NonNullable<BetterAuthOptions["databaseHooks"]> = {
  user: {
    create: { after: async (user, ctx) => emit(ctx, "sign_up", user.id) },
    update: {
      after: async (user, ctx) => {
        const path = ctx?.path ?? "";
        if ((path === "/verify-email" || path === "/email-otp/verify-email") && user.emailVerified) return emit(ctx, "email_verified", user.id);
        if (path === "/two-factor/disable") return emit(ctx, "two_factor_disabled", user.id);
        if (path.startsWith("/two-factor/") && user.twoFactorEnabled === true) return emit(ctx, "two_factor_enabled", user.id);
        if (path === "/admin/set-role") {
          const by = ctx?.context?.session?.user.id;
          return emit(ctx, "role_changed", user.id, { detail: { role: String(user.role ?? ""), ...(by ? { by } : {}) } });
        }
      },
    },
  },
  session: {
    delete: {
      after: async (session, ctx) => {
        const path = ctx?.path ?? "";
        if (path === "/sign-out") return emit(ctx, "sign_out", session.userId);
        // Two-factor drops the session a right password made and asks for a second factor instead.
        if (isSignIn(path)) return emit(ctx, "sign_in", session.userId, { outcome: "challenge" });
      },
    },
  },
};

/** The audit log as a plugin; list it after every plugin whose hooks change an answer (auth.ts does). */
export function auditLog() {
  return {
    id: "audit-log",
    hooks: { after: [{ matcher: () => true, handler: afterRequest }] },
    init: () => ({ options: { databaseHooks } }),
  } satisfies BetterAuthPlugin;
}

/** emailAndPassword.onPasswordReset: the reset link was used and the password replaced. */
export async function auditPasswordReset({ user }: { user: { id: string } }, request?: Request): Promise<void> {
  emit({ request }, "password_reset", user.id);
}

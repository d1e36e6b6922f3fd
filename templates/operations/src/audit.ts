// The audit log's sink: one JSON line per authentication event on stdout, where container
// platforms and log shippers already look. Replace the body of `audit` to send events elsewhere
// (a table, a queue, a SIEM); this file is yours, later runs of create-auth-service keep it.
// Events never carry a password, secret, token or cookie (see audit-hooks.ts).

export type AuditEventName =
  | "sign_up"
  | "sign_in"
  | "sign_out"
  | "password_changed"
  | "password_reset"
  | "email_verified"
  | "two_factor_enabled"
  | "two_factor_disabled"
  | "role_changed"
  | "session_revoked"
  | "api_key_created";

export interface AuditEvent {
  /** ISO 8601, UTC. */
  time: string;
  event: AuditEventName;
  /** `challenge`: the password was right and a second factor is now asked for. */
  outcome: "success" | "failure" | "challenge";
  /**
   * Whose account it concerns. Null for a failed sign-in: the email typed is not logged (people
   * paste passwords into it) and no account is looked up for it.
   */
  userId: string | null;
  ip: string | null;
  userAgent: string | null;
  /** Why it failed: Better Auth's error code, e.g. INVALID_EMAIL_OR_PASSWORD. */
  reason?: string;
  /** Event specifics that are safe to log, e.g. the new role or the acting admin's id. */
  detail?: Record<string, string>;
}

export function audit(event: AuditEvent): void {
  process.stdout.write(`${JSON.stringify({ audit: true, ...event })}\n`);
}

import { headers } from "next/headers";
import type { ReactNode } from "react";
import { auth } from "@/auth";
import { hasRole } from "@/roles";

/**
 * Renders `children` only for a signed-in user whose role is one of `roles`, else `fallback`.
 * The role is the admin plugin's `role` (several may be stored comma-separated) or a custom
 * field named `role`. This hides UI only: check the role again in every server action or route
 * handler that changes data. Like requireRole on the other servers, it reads the session past the
 * session cookie cache, so a role given or taken away counts at once.
 */
export async function RoleGuard({ roles, children, fallback = null }: { roles: string[]; children: ReactNode; fallback?: ReactNode }) {
  const session = await auth.api.getSession({ headers: await headers(), query: { disableCookieCache: true } });
  return <>{hasRole(session?.user, roles) ? children : fallback}</>;
}

import type { ReactNode } from "react";
import { hasRole } from "@/roles";
import { getSession } from "@/session";

/**
 * Renders `children` only for a signed-in user whose role is one of `roles`, else `fallback`.
 * The role is the admin plugin's `role` (several may be stored comma-separated) or a custom
 * field named `role`. This hides UI only: check the role again in every server action or route
 * handler that changes data.
 */
export async function RoleGuard({ roles, children, fallback = null }: { roles: string[]; children: ReactNode; fallback?: ReactNode }) {
  const session = await getSession();
  return <>{hasRole(session?.user, roles) ? children : fallback}</>;
}

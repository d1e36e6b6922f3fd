/**
 * A user's roles: the admin plugin's `role` or a custom field named `role`. The admin plugin stores
 * several roles comma-separated ("admin,support"), so a value is split the same way everywhere.
 */
export function rolesOf(user: unknown): string[] {
  const role = (user as { role?: unknown } | null | undefined)?.role;
  return typeof role === "string" ? role.split(",").map((r) => r.trim()).filter(Boolean) : [];
}

/** True when the user holds at least one of `roles`. */
export function hasRole(user: unknown, roles: readonly string[]): boolean {
  return rolesOf(user).some((r) => roles.includes(r));
}

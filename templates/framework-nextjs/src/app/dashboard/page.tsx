import { redirect } from "next/navigation";
import { RoleGuard } from "@/components/role-guard";
import { getSession } from "@/session";
import { SignOutButton } from "./sign-out-button";

export default async function DashboardPage() {
  // The real check: proxy.ts only saw a cookie, which may belong to an expired or revoked session.
  const session = await getSession();
  if (!session) redirect("/sign-in?next=/dashboard");

  return (
    <main>
      <h1>Dashboard</h1>
      <p>
        Signed in as <strong>{session.user.email}</strong>
      </p>
      <RoleGuard roles={["admin"]} fallback={<p>Admin tools are shown to admins only.</p>}>
        <p>Admin tools go here.</p>
      </RoleGuard>
      <SignOutButton />
    </main>
  );
}

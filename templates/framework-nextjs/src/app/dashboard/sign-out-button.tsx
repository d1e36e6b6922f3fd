"use client";

import { useRouter } from "next/navigation";
import { authClient } from "@/auth-client";

export function SignOutButton() {
  const router = useRouter();
  async function signOut() {
    await authClient.signOut();
    router.push("/sign-in");
    router.refresh();
  }
  return <button onClick={signOut}>Sign out</button>;
}

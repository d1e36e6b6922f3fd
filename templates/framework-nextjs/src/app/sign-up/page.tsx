"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { authClient } from "@/auth-client";
import { nextPath } from "@/next-path";
import { CustomFieldInputs, customFieldValues } from "./custom-fields";

export default function SignUpPage() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    let fields: Record<string, unknown>;
    try {
      fields = customFieldValues(form);
    } catch {
      return setError("A JSON field does not hold valid JSON.");
    }
    setPending(true);
    const { error } = await authClient.signUp.email({
      ...fields,
      name: String(form.get("name")),
      email: String(form.get("email")),
      password: String(form.get("password")),
    } as Parameters<typeof authClient.signUp.email>[0]);
    setPending(false);
    if (error) return setError(error.message ?? "Sign-up failed.");
    router.push(nextPath());
    router.refresh();
  }

  return (
    <main>
      <h1>Sign up</h1>
      <form onSubmit={onSubmit} style={{ display: "grid", gap: "0.75rem" }}>
        <label>
          Name <input name="name" autoComplete="name" required />
        </label>
        <label>
          Email <input name="email" type="email" autoComplete="email" required />
        </label>
        <label>
          Password <input name="password" type="password" autoComplete="new-password" minLength={12} maxLength={128} required />
        </label>
        <CustomFieldInputs />
        {error && <p role="alert">{error}</p>}
        <button type="submit" disabled={pending}>
          {pending ? "Creating your account…" : "Sign up"}
        </button>
      </form>
      <p>
        Have an account? <Link href="/sign-in">Sign in</Link>
      </p>
    </main>
  );
}

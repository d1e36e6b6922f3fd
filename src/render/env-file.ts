import { randomBytes } from "node:crypto";
import type { EnvVar } from "../features/types.js";

export type Vars = Record<string, string | number>;

/** Features write values like "http://localhost:{{port}}"; fill them from the config. */
export function interpolate(value: string, vars: Vars): string {
  return value.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(vars[key] ?? ""));
}

/** 32 bytes from the OS CSPRNG, base64url: 43 characters, above Better Auth's 32-character minimum. */
export const newSecret = () => randomBytes(32).toString("base64url");

function quote(value: string): string {
  return /[\s#"'$]/.test(value) ? JSON.stringify(value) : value;
}

/** Render `.env` (real values, fresh secrets) or `.env.example` (placeholders, no secrets). */
export function renderEnvFile(vars: EnvVar[], kind: "env" | "example", context: Vars, secret = newSecret): string {
  const lines: string[] = [];
  for (const v of vars) {
    if (v.comment) lines.push(`# ${v.comment}`);
    let value: string;
    if (kind === "example") value = v.example ?? (typeof v.value === "string" ? v.value : "");
    else value = typeof v.value === "string" ? v.value : secret();
    lines.push(`${v.key}=${quote(interpolate(value, context))}`);
  }
  return lines.join("\n") + "\n";
}

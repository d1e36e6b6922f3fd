import { randomBytes } from "node:crypto";
import type { EnvVar } from "../features/types.js";

export type Vars = Record<string, string | number>;

/** Features write values like "http://localhost:{{port}}"; fill them from the config. */
export function interpolate(value: string, vars: Vars): string {
  return value.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(vars[key] ?? ""));
}

/** 32 bytes from the OS CSPRNG, base64url: 43 characters, above Better Auth's 32-character minimum. */
export const newSecret = () => randomBytes(32).toString("base64url");

const percentEncode = (ch: string) => [...Buffer.from(ch, "utf8")].map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join("");

/**
 * One spelling of `value` that Node's `process.loadEnvFile`/`util.parseEnv` and python-dotenv both
 * read back byte for byte. Node knows no escapes inside quotes (a value ends at the first matching
 * quote, and `#` ends an unquoted one); python-dotenv decodes backslash escapes and expands
 * `${VAR}` (Debian's 0.21 even inside single quotes). So: bare when nothing is special; single
 * quotes when there is no `'` (and no backslash python would read as an escape); double quotes when
 * there is no `"` or backslash; never a `${`. A URL holding any of them (a database password) is
 * percent-encoded instead, which every URL consumer decodes back. Anything else cannot be written
 * safely.
 */
export function quoteEnvValue(key: string, value: string): string {
  if (/[\r\n\0]/.test(value)) throw new Error(`${key} contains a line break, which .env files cannot hold; set it in the environment instead.`);
  if (!/[\s#'"`$\\]/.test(value)) return value;
  const expands = value.includes("${");
  if (!value.includes("'") && !/\\(\\|'|$)/.test(value) && !expands) return `'${value}'`;
  if (!/["\\]/.test(value) && !expands) return `"${value}"`;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return value.replace(/[\s#'"`$\\]/g, percentEncode);
  throw new Error(`${key} contains quotes, backslashes or "\${" in a combination .env files cannot hold so that every reader agrees; set it in the environment instead.`);
}

/** Render `.env` (real values, fresh secrets) or `.env.example` (placeholders, no secrets). */
export function renderEnvFile(vars: EnvVar[], kind: "env" | "example", context: Vars, secret = newSecret): string {
  const lines: string[] = [];
  for (const v of vars) {
    if (v.comment) lines.push(`# ${v.comment}`);
    let value: string;
    if (kind === "example") value = v.example ?? (typeof v.value === "string" ? v.value : "");
    else value = typeof v.value === "string" ? v.value : secret();
    lines.push(`${v.key}=${quoteEnvValue(v.key, interpolate(value, context))}`);
  }
  return lines.join("\n") + "\n";
}

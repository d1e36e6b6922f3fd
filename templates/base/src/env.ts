// Validated environment: the service refuses to start with a weak secret or a malformed URL,
// instead of failing later in a way that is hard to trace.
import { existsSync } from "node:fs";

if (existsSync(".env") && typeof process.loadEnvFile === "function") process.loadEnvFile(".env");

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; copy .env.example to .env and fill it in.`);
  return value;
}

function url(name: string, fallback?: string): string {
  const value = process.env[name] || fallback;
  if (!value) throw new Error(`${name} is not set.`);
  try {
    return new URL(value).toString().replace(/\/$/, "");
  } catch {
    throw new Error(`${name}="${value}" is not a valid URL.`);
  }
}

const list = (value: string | undefined) => (value ?? "").split(",").map((s) => s.trim()).filter(Boolean);

const secret = required("BETTER_AUTH_SECRET");
if (secret.length < 32) throw new Error("BETTER_AUTH_SECRET must be at least 32 characters; generate one with: openssl rand -base64 32");

const baseURL = url("BETTER_AUTH_URL");

export const env = {
  isProduction: process.env.NODE_ENV === "production",
  BETTER_AUTH_SECRET: secret,
  BETTER_AUTH_URL: baseURL,
  PORT: Number(process.env.PORT ?? new URL(baseURL).port ?? 3001),
  DATABASE_URL: required("DATABASE_URL"),
  TRUSTED_ORIGINS: list(process.env.TRUSTED_ORIGINS),
  TRUSTED_PROXIES: list(process.env.TRUSTED_PROXIES),
  JWT_AUDIENCE: process.env.JWT_AUDIENCE || baseURL,
};

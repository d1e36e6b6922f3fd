// The closed sets of choices. Kept free of zod so the CLI's --help path can import it cheaply.

export const FRAMEWORKS = ["hono", "express", "fastify", "nextjs"] as const;
export const DATABASES = ["sqlite", "postgres", "mysql", "mongodb"] as const;
/** "none": no ORM and no migrations (MongoDB, where Better Auth's adapter creates collections and indexes itself). */
export const ORMS = ["kysely", "drizzle", "prisma", "none"] as const;
export const BACKENDS = ["fastapi", "none"] as const;
export const API_CLIENTS = ["fetch", "axios", "none"] as const;
export const PACKAGE_MANAGERS = ["npm", "pnpm", "yarn", "bun"] as const;
/** Where sessions, verification values and rate-limit counters live besides the database. */
export const SECONDARY_STORAGES = ["none", "redis"] as const;
/** How Node reaches SQLite: its built-in `node:sqlite` (Node >= 22.13, nothing to compile) or the native better-sqlite3. */
export const SQLITE_DRIVERS = ["node", "better-sqlite3"] as const;

export const PLUGINS = [
  "jwt", "bearer", "two-factor", "username", "magic-link", "organization", "admin",
  "email-otp", "multi-session", "api-key", "passkey", "openapi", "anonymous",
] as const;
export const DEFAULT_PLUGINS: Plugin[] = ["jwt", "bearer"];

/** Better Auth 1.7.25's built-in social providers. */
export const PROVIDERS = [
  "apple", "atlassian", "cloudflare", "cognito", "discord", "dropbox", "facebook", "figma", "github",
  "gitlab", "google", "huggingface", "kakao", "kick", "line", "linear", "linkedin", "microsoft",
  "naver", "notion", "paybin", "paypal", "polar", "railway", "reddit", "roblox", "salesforce",
  "slack", "spotify", "tiktok", "twitch", "twitter", "vercel", "vk", "wechat", "zoom",
] as const;

export type Framework = (typeof FRAMEWORKS)[number];
export type Database = (typeof DATABASES)[number];
export type Orm = (typeof ORMS)[number];
export type Backend = (typeof BACKENDS)[number];
export type ApiClient = (typeof API_CLIENTS)[number];
export type PackageManager = (typeof PACKAGE_MANAGERS)[number];
export type SecondaryStorage = (typeof SECONDARY_STORAGES)[number];
export type SqliteDriver = (typeof SQLITE_DRIVERS)[number];
export type Plugin = (typeof PLUGINS)[number];
export type Provider = (typeof PROVIDERS)[number];

export const FIELD_TYPES = ["string", "number", "boolean", "date", "json", "string[]", "number[]"] as const;
export type ScalarFieldType = (typeof FIELD_TYPES)[number];

/** Better Auth's own user columns: a custom field may not reuse them. */
export const CORE_USER_FIELDS = ["id", "email", "name", "emailVerified", "image", "createdAt", "updatedAt"];

/** Registered JWT claims: a custom field with one of these names would clash in every token. */
export const RESERVED_CLAIMS = ["sub", "iat", "exp", "iss", "aud", "nbf", "jti"];

/** Names that grant power: users must not pick their own value at sign-up unless told otherwise. */
export const PRIVILEGED_FIELD_NAMES = [
  "role", "roles", "permissions", "permission", "isAdmin", "admin", "isStaff", "isSuperuser",
  "tier", "plan", "credits", "balance", "quota", "scopes", "groups", "verified", "banned",
  "subscription", "entitlements", "organizationId", "tenantId",
];

/** Words that make any name privileged wherever they appear in it (`userRole`, `is_admin`, `ADMIN_LEVEL`). */
const PRIVILEGED_WORDS = new Set([
  "role", "roles", "admin", "admins", "administrator", "permission", "permissions", "superuser", "staff",
  "privilege", "privileges", "scope", "scopes", "entitlement", "entitlements", "sudo", "root", "owner", "moderator",
]);

/** `isAdmin`, `IsAdmin`, `is_admin`, `ISADMIN` → "isadmin": one spelling to compare names by. */
export const normalizeName = (name: string) => name.replace(/_/g, "").toLowerCase();

/** The words of a camelCase, PascalCase, snake_case or UPPER_CASE name, lower-cased. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .split(/_+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** Whatever the spelling: a listed name, or a name containing a word like role or admin. */
export function isPrivilegedName(name: string): boolean {
  const normalized = normalizeName(name);
  return PRIVILEGED_FIELD_NAMES.some((p) => normalizeName(p) === normalized) || nameWords(name).some((w) => PRIVILEGED_WORDS.has(w));
}

/**
 * Names a custom field may not take besides the core fields: Object.prototype members (an object
 * literal key `__proto__` or a `constructor` column breaks the generated code and sign-up), and
 * the sign-up body's own keys, which Better Auth would read into the field (a `password` column
 * would store the plain password).
 */
export const RESERVED_FIELD_NAMES = [
  ...Object.getOwnPropertyNames(Object.prototype),
  "password", "callbackURL", "rememberMe",
];

/** PostgreSQL truncates identifiers at 63 bytes (MySQL allows 64): the stricter limit holds everywhere. */
export const MAX_FIELD_NAME_LENGTH = 63;

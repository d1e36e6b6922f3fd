import type { Plugin } from "../config/catalog.js";
import { mailer } from "./mailer.js";
import { col, timestamps, userId, type TableAdditions } from "../schema/columns.js";
import type { Feature } from "./types.js";

/**
 * A Better Auth plugin, everything about it in one place: what a generated project gets (the
 * Feature part) and how it is added to a project the tool did not make (`call`, `byHand`).
 */
export interface PluginFeature extends Feature {
  /** The plain server call and its import, for a hand-written `plugins: [...]` (also how it is recognised there). */
  call: { factory: string; from: string; source?: string };
  /** Set when the plugin needs code only the user can write (e.g. sending mail): the lines to add by hand. */
  byHand?: string;
  /** The tables and columns it adds (`user` holds its user columns; custom fields may not reuse them). */
  tables?: TableAdditions;
}

const fromPlugins = (...names: string[]) => ({ from: "better-auth/plugins", names });
const fromClientPlugins = (...names: string[]) => ({ from: "better-auth/client/plugins", names });
const fromPluginFile = (file: string, name: string) => ({ from: `./plugins/${file}.js`, names: [name] });

/**
 * Better Auth plugins. Plugins with real configuration get their own file under
 * `src/plugins/` (a template folder) so auth.ts stays a flat list of calls.
 */
export const plugins: Record<Plugin, PluginFeature> = {
  jwt: {
    call: { factory: "jwt", from: "better-auth/plugins" },
    id: "plugin-jwt",
    templates: ["plugin-jwt"],
    server: {
      imports: [{ from: "./plugins/jwt.js", names: ["jwtPlugin"] }],
      plugins: ["jwtPlugin()"],
      // Each needs a session (token) or is public and cheap (jwks); front-ends and resource servers poll them.
      options: { rateLimitRules: ['"/token": false,', '"/jwks": false,'] },
    },
    client: { imports: [fromClientPlugins("jwtClient")], plugins: ["jwtClient()"] },
    env: [{ key: "JWT_AUDIENCE", value: "", comment: "`aud` of issued JWTs; resource servers check it. Empty = BETTER_AUTH_URL" }],
    readme: "`jwt`: EdDSA (Ed25519) access tokens from `GET /api/auth/token` (15 min), public keys at `/api/auth/jwks`",
    tables: {
      jwks: [
        col("publicKey", "string", true),
        col("privateKey", "string", true),
        col("createdAt", "date", true),
        col("expiresAt", "date", false),
        col("alg", "string", false),
        col("crv", "string", false),
      ],
    },
  },
  bearer: {
    call: { factory: "bearer", from: "better-auth/plugins" },
    id: "plugin-bearer",
    server: { imports: [fromPlugins("bearer")], plugins: ["bearer()"] },
    readme: "`bearer`: `Authorization: Bearer <session token>` for clients without cookies",
  },
  "two-factor": {
    call: { factory: "twoFactor", from: "better-auth/plugins" },
    id: "plugin-two-factor",
    server: {
      imports: [fromPlugins("twoFactor")],
      plugins: ["twoFactor({ issuer: appName })"],
      options: { rateLimitRules: ['"/two-factor/verify-*": { window: 60, max: 5 },', '"/two-factor/send-otp": { window: 60, max: 3 },'] },
    },
    client: { imports: [fromClientPlugins("twoFactorClient")], plugins: ["twoFactorClient()"] },
    readme: "`two-factor`: TOTP and backup codes (`/api/auth/two-factor/*`)",
    tables: {
      user: [col("twoFactorEnabled", "boolean", false, { default: false })],
      twoFactor: [
        col("secret", "string", true, { index: true }),
        col("backupCodes", "string", true),
        userId(),
        col("verified", "boolean", false, { default: true }),
        col("failedVerificationCount", "number", false, { default: 0 }),
        col("lockedUntil", "date", false),
      ],
    },
  },
  username: {
    call: { factory: "username", from: "better-auth/plugins" },
    id: "plugin-username",
    server: { imports: [fromPlugins("username")], plugins: ["username()"] },
    client: { imports: [fromClientPlugins("usernameClient")], plugins: ["usernameClient()"] },
    readme: "`username`: sign-in with a username (`/api/auth/sign-in/username`)",
    tables: {
      user: [col("username", "string", false, { unique: true, sortable: true }), col("displayUsername", "string", false)],
    },
  },
  "magic-link": {
    call: { factory: "magicLink", from: "better-auth/plugins" },
    byHand: `  import { magicLink } from "better-auth/plugins";\n  plugins: [magicLink({ sendMagicLink: async ({ email, url }) => { /* send url to email */ } })],`,
    id: "plugin-magic-link",
    requires: [mailer],
    templates: ["plugin-magic-link"],
    server: {
      imports: [fromPluginFile("magic-link", "magicLinkPlugin")],
      plugins: ["magicLinkPlugin()"],
      // Each request sends an email: fewer than other sign-ins.
      options: { rateLimitRules: ['"/sign-in/magic-link": { window: 60, max: 3 },', '"/magic-link/verify": { window: 60, max: 5 },'] },
    },
    client: { imports: [fromClientPlugins("magicLinkClient")], plugins: ["magicLinkClient()"] },
    readme: "`magic-link`: passwordless sign-in links by email (`/api/auth/sign-in/magic-link`), valid 5 minutes",
  },
  organization: {
    call: { factory: "organization", from: "better-auth/plugins" },
    id: "plugin-organization",
    requires: [mailer],
    templates: ["plugin-organization"],
    server: { imports: [fromPluginFile("organization", "organizationPlugin")], plugins: ["organizationPlugin()"] },
    client: { imports: [fromClientPlugins("organizationClient")], plugins: ["organizationClient()"] },
    readme: "`organization`: organizations, members, roles, and invitations sent by email",
    tables: {
      session: [col("activeOrganizationId", "string", false)],
      organization: [
        col("name", "string", true, { sortable: true }),
        col("slug", "string", true, { unique: true, sortable: true, index: true }),
        col("logo", "string", false),
        col("createdAt", "date", true),
        col("metadata", "string", false),
      ],
      member: [
        col("organizationId", "string", true, { references: "organization", index: true }),
        userId(),
        col("role", "string", true, { sortable: true, default: "member" }),
        col("createdAt", "date", true),
      ],
      invitation: [
        col("organizationId", "string", true, { references: "organization", index: true }),
        col("email", "string", true, { sortable: true, index: true }),
        col("role", "string", false, { sortable: true }),
        col("status", "string", true, { sortable: true, default: "pending" }),
        col("expiresAt", "date", true),
        col("createdAt", "date", true),
        col("inviterId", "string", true, { references: "user" }),
      ],
    },
  },
  admin: {
    call: { factory: "admin", from: "better-auth/plugins" },
    id: "plugin-admin",
    templates: ["plugin-admin"],
    scripts: { "admin:grant": "tsx scripts/make-admin.ts" },
    server: { imports: [fromPlugins("admin")], plugins: ["admin()"] },
    client: { imports: [fromClientPlugins("adminClient")], plugins: ["adminClient()"] },
    readme: "`admin`: user management (list users, set role, ban, impersonate); `role` defaults to `user` and is not settable at sign-up; make the first admin with `admin:grant -- <email>`",
    tables: {
      user: [
        col("role", "string", false),
        col("banned", "boolean", false, { default: false }),
        col("banReason", "string", false),
        col("banExpires", "date", false),
      ],
      session: [col("impersonatedBy", "string", false)],
    },
  },
  "email-otp": {
    call: { factory: "emailOTP", from: "better-auth/plugins" },
    byHand: `  import { emailOTP } from "better-auth/plugins";\n  plugins: [emailOTP({ sendVerificationOTP: async ({ email, otp, type }) => { /* send otp to email */ } })],`,
    id: "plugin-email-otp",
    requires: [mailer],
    templates: ["plugin-email-otp"],
    server: {
      imports: [fromPluginFile("email-otp", "emailOTPPlugin")],
      plugins: ["emailOTPPlugin()"],
      // Sending a code costs an email; checking one is a guess at six digits.
      options: {
        rateLimitRules: [
          '"/email-otp/send-verification-otp": { window: 60, max: 3 },',
          '"/email-otp/request-password-reset": { window: 60, max: 3 },',
          '"/email-otp/*": { window: 60, max: 5 },',
        ],
      },
    },
    client: { imports: [fromClientPlugins("emailOTPClient")], plugins: ["emailOTPClient()"] },
    readme: "`email-otp`: six-digit codes by email for sign-in, verification and password reset (`/api/auth/email-otp/*`, `/api/auth/sign-in/email-otp`)",
  },
  "multi-session": {
    call: { factory: "multiSession", from: "better-auth/plugins" },
    id: "plugin-multi-session",
    server: { imports: [fromPlugins("multiSession")], plugins: ["multiSession()"] },
    client: { imports: [fromClientPlugins("multiSessionClient")], plugins: ["multiSessionClient()"] },
    readme: "`multi-session`: several signed-in accounts per browser (`/api/auth/multi-session/list-device-sessions`, `set-active`, `revoke`)",
  },
  "api-key": {
    call: { factory: "apiKey", from: "@better-auth/api-key" },
    byHand: `  npm install @better-auth/api-key (its peers may need npm "overrides" for your better-auth version)\n  import { apiKey } from "@better-auth/api-key";\n  plugins: [apiKey()],`,
    id: "plugin-api-key",
    templates: ["plugin-api-key"],
    dependencies: ["@better-auth/api-key"],
    server: { imports: [fromPluginFile("api-key", "apiKeyPlugin")], plugins: ["apiKeyPlugin()"] },
    client: { imports: [{ from: "@better-auth/api-key/client", names: ["apiKeyClient"] }], plugins: ["apiKeyClient()"] },
    readme: "`api-key`: API keys for scripts and servers (`/api/auth/api-key/*`); send one as `x-api-key` to act as its owner, 100 requests a minute per key",
    tables: {
      apikey: [
        col("configId", "string", true, { default: "default", index: true }),
        col("name", "string", false),
        col("start", "string", false),
        col("referenceId", "string", true, { index: true }),
        col("prefix", "string", false),
        col("key", "string", true, { index: true }),
        col("refillInterval", "number", false),
        col("refillAmount", "number", false),
        col("lastRefillAt", "date", false),
        col("enabled", "boolean", false, { default: true }),
        col("rateLimitEnabled", "boolean", false, { default: true }),
        col("rateLimitTimeWindow", "number", false),
        col("rateLimitMax", "number", false),
        col("requestCount", "number", false, { default: 0 }),
        col("remaining", "number", false),
        col("lastRequest", "date", false),
        col("expiresAt", "date", false),
        ...timestamps(),
        col("permissions", "string", false),
        col("metadata", "string", false),
      ],
    },
  },
  passkey: {
    call: { factory: "passkey", from: "@better-auth/passkey" },
    byHand: `  npm install @better-auth/passkey (its peers may need npm "overrides" for your better-auth version)\n  import { passkey } from "@better-auth/passkey";\n  plugins: [passkey({ rpID: "example.com", rpName: "My app", origin: "https://example.com" })],`,
    id: "plugin-passkey",
    templates: ["plugin-passkey"],
    dependencies: ["@better-auth/passkey"],
    server: { imports: [fromPluginFile("passkey", "passkeyPlugin")], plugins: ["passkeyPlugin(appName)"] },
    client: { imports: [{ from: "@better-auth/passkey/client", names: ["passkeyClient"] }], plugins: ["passkeyClient()"] },
    env: [
      { key: "PASSKEY_RP_ID", value: "localhost", example: "example.com", comment: "WebAuthn relying-party ID: your front-end's domain, no scheme or port" },
      { key: "PASSKEY_ORIGIN", value: "http://localhost:3000", example: "https://example.com", comment: "Front-end origin(s) where passkeys are created and used, comma-separated" },
    ],
    readme: "`passkey`: WebAuthn passkeys (`/api/auth/passkey/*`) for the relying party `PASSKEY_RP_ID` at `PASSKEY_ORIGIN`",
    tables: {
      passkey: [
        col("name", "string", false),
        col("publicKey", "string", true),
        userId(),
        col("credentialID", "string", true, { index: true }),
        col("counter", "number", true),
        col("deviceType", "string", true),
        col("backedUp", "boolean", true),
        col("transports", "string", false),
        col("createdAt", "date", false),
        col("aaguid", "string", false),
      ],
    },
  },
  openapi: {
    call: { factory: "openAPI", from: "better-auth/plugins" },
    id: "plugin-openapi",
    server: { imports: [fromPlugins("openAPI")], plugins: ["openAPI()"] },
    readme: "`openapi`: OpenAPI schema of every auth endpoint, browsable at `/api/auth/reference`",
  },
  anonymous: {
    call: { factory: "anonymous", from: "better-auth/plugins" },
    id: "plugin-anonymous",
    server: { imports: [fromPlugins("anonymous")], plugins: ["anonymous()"] },
    client: { imports: [fromClientPlugins("anonymousClient")], plugins: ["anonymousClient()"] },
    readme: "`anonymous`: guest accounts (`/api/auth/sign-in/anonymous`); the guest account is deleted when its owner signs up or in for real (carry data over with `onLinkAccount`)",
    tables: {
      user: [col("isAnonymous", "boolean", false, { default: false })],
    },
  },
};

/** The user columns a plugin adds (custom fields may not reuse them). */
export const pluginUserColumns = (plugin: Plugin): string[] => (plugins[plugin].tables?.user ?? []).map((c) => c.name);

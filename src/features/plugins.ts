import type { Plugin } from "../config/catalog.js";
import type { Feature } from "./types.js";

const fromPlugins = (...names: string[]) => ({ from: "better-auth/plugins", names });
const fromClientPlugins = (...names: string[]) => ({ from: "better-auth/client/plugins", names });

/**
 * Better Auth plugins. Plugins with real configuration get their own file under
 * `src/plugins/` (a template folder) so auth.ts stays a flat list of calls.
 */
export const plugins: Record<Plugin, Feature> = {
  jwt: {
    id: "plugin-jwt",
    templates: ["plugin-jwt"],
    server: { imports: [{ from: "./plugins/jwt.js", names: ["jwtPlugin"] }], plugins: ["jwtPlugin()"] },
    client: { imports: [fromClientPlugins("jwtClient")], plugins: ["jwtClient()"] },
    env: [{ key: "JWT_AUDIENCE", value: "http://localhost:{{port}}", comment: "`aud` of issued JWTs; resource servers check it" }],
    readme: "`jwt`: EdDSA (Ed25519) access tokens from `GET /api/auth/token` (15 min), public keys at `/api/auth/jwks`",
  },
  bearer: {
    id: "plugin-bearer",
    server: { imports: [fromPlugins("bearer")], plugins: ["bearer()"] },
    readme: "`bearer`: `Authorization: Bearer <session token>` for clients without cookies",
  },
  "two-factor": {
    id: "plugin-two-factor",
    server: { imports: [fromPlugins("twoFactor")], plugins: ["twoFactor({ issuer: appName })"] },
    client: { imports: [fromClientPlugins("twoFactorClient")], plugins: ["twoFactorClient()"] },
    userFields: ["twoFactorEnabled"],
    readme: "`two-factor`: TOTP and backup codes (`/api/auth/two-factor/*`)",
  },
  username: {
    id: "plugin-username",
    server: { imports: [fromPlugins("username")], plugins: ["username()"] },
    client: { imports: [fromClientPlugins("usernameClient")], plugins: ["usernameClient()"] },
    userFields: ["username", "displayUsername"],
    readme: "`username`: sign-in with a username (`/api/auth/sign-in/username`)",
  },
  "magic-link": {
    id: "plugin-magic-link",
    templates: ["mailer", "plugin-magic-link"],
    server: { imports: [{ from: "./plugins/magic-link.js", names: ["magicLinkPlugin"] }], plugins: ["magicLinkPlugin()"] },
    client: { imports: [fromClientPlugins("magicLinkClient")], plugins: ["magicLinkClient()"] },
    env: [{ key: "MAIL_OUTBOX", value: ".outbox/mail.jsonl", comment: "Development mailer: links are printed and appended here" }],
    readme: "`magic-link`: passwordless sign-in links (development mailer prints them and writes `.outbox/mail.jsonl`)",
  },
  organization: {
    id: "plugin-organization",
    server: { imports: [fromPlugins("organization")], plugins: ["organization()"] },
    client: { imports: [fromClientPlugins("organizationClient")], plugins: ["organizationClient()"] },
    readme: "`organization`: organizations, members, invitations and roles",
  },
  admin: {
    id: "plugin-admin",
    server: { imports: [fromPlugins("admin")], plugins: ["admin()"] },
    client: { imports: [fromClientPlugins("adminClient")], plugins: ["adminClient()"] },
    userFields: ["role", "banned", "banReason", "banExpires"],
    readme: "`admin`: user management (list users, set role, ban, impersonate); `role` defaults to `user` and is not settable at sign-up",
  },
};

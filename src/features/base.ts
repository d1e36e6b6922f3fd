import type { Feature } from "./types.js";

/** What every generated service has: the auth server, client, env, scripts, smoke test. */
export const base: Feature = {
  id: "base",
  templates: ["base"],
  policies: { "src/auth.ts": "ast-edit", "src/auth-client.ts": "ast-edit" },
  dependencies: ["better-auth"],
  devDependencies: ["typescript", "tsx", "@types/node"],
  scripts: {
    dev: "tsx watch src/server.ts",
    build: "tsc -p tsconfig.build.json",
    start: "node dist/server.js",
    typecheck: "tsc --noEmit",
    smoke: "tsx scripts/smoke.ts",
  },
  server: {
    imports: [],
    plugins: [],
    // Same-site cookies unless a feature (cross-site cookies) replaces this policy.
    options: { cookies: ["useSecureCookies: env.isProduction,", 'defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure: env.isProduction },'] },
  },
  env: [
    { key: "BETTER_AUTH_SECRET", value: { secret: true }, example: "", comment: "32+ random bytes; generate with: openssl rand -base64 32" },
    // The port lives in one place, BETTER_AUTH_URL: PORT, the JWT issuer and audience, the smoke test
    // and the clients all follow it (src/env.ts), so moving the service means editing one line.
    { key: "BETTER_AUTH_URL", value: "http://localhost:{{port}}", comment: "Public URL of this service (issuer and audience of its JWTs); the port to listen on comes from it" },
    { key: "PORT", value: "", comment: "Only when the service listens on another port than BETTER_AUTH_URL's (behind a proxy); empty = BETTER_AUTH_URL's port (the project's own when the URL names none)" },
    { key: "TRUSTED_ORIGINS", value: "http://localhost:3000", comment: "Comma-separated origins allowed to call this service (CORS and CSRF)" },
    { key: "TRUSTED_PROXIES", value: "", comment: "Comma-separated IPs/CIDRs of your proxies: X-Forwarded-For counts only on requests they forward; empty = the socket address" },
    { key: "MAX_BODY_BYTES", value: "1048576", comment: "Largest request body the auth endpoints read (bytes); larger ones get 413" },
  ],
  readme: "Email and password sign-up and sign-in with rate limits, sessions in the database",
};

import type { Feature } from "./types.js";

/** What every generated service has: the auth server, client, env, scripts, smoke test. */
export const base: Feature = {
  id: "base",
  templates: ["base"],
  dependencies: ["better-auth"],
  devDependencies: ["typescript", "tsx", "@types/node"],
  scripts: {
    dev: "tsx watch src/server.ts",
    build: "tsc -p tsconfig.build.json",
    start: "node dist/server.js",
    typecheck: "tsc --noEmit",
    smoke: "tsx scripts/smoke.ts",
  },
  env: [
    { key: "BETTER_AUTH_SECRET", value: { secret: true }, example: "", comment: "32+ random bytes; generate with: openssl rand -base64 32" },
    { key: "BETTER_AUTH_URL", value: "http://localhost:{{port}}", comment: "Public URL of this service (issuer and audience of its JWTs)" },
    { key: "PORT", value: "{{port}}" },
    { key: "TRUSTED_ORIGINS", value: "http://localhost:3000", comment: "Comma-separated origins allowed to call this service (CORS and CSRF)" },
    { key: "TRUSTED_PROXIES", value: "", comment: "Comma-separated proxy IPs/CIDRs whose X-Forwarded-For is trusted; empty = use the socket address" },
  ],
  readme: "Email and password sign-up and sign-in with rate limits, sessions in the database",
};

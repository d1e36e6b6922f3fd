/**
 * Every dependency version a generated project uses, in one place. The end-to-end tests install
 * exactly this set; bump here and let them say whether the combination still installs.
 */
export const VERSIONS = {
  "better-auth": "1.7.25",
  hono: "^4.13.19",
  "@hono/node-server": "^2.1.8",
  express: "^5.3.0",
  cors: "^2.8.6",
  "better-sqlite3": "^12.11.1",
  pg: "^8.23.1",
  axios: "^1.21.1",
  typescript: "~5.9.3",
  tsx: "^4.23.15",
  "@types/node": "^20.19.0",
  "@types/express": "^5.0.6",
  "@types/cors": "^2.8.19",
  "@types/pg": "^8.23.1",
  "@types/better-sqlite3": "^9.6.0",
} as const satisfies Record<string, string>;

export type PackageName = keyof typeof VERSIONS;

/** Node versions the generated project supports (better-sqlite3 12 builds on 20 to 24). */
export const GENERATED_NODE_ENGINES = ">=20.19";

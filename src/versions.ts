/**
 * Every dependency version a generated project uses, in one place. The end-to-end tests install
 * exactly this set; bump here and let them say whether the combination still installs.
 */
export const VERSIONS = {
  "better-auth": "1.7.25",
  // The newest published; their exact peer pins predate better-auth 1.7.25 (see PEER_OVERRIDES).
  "@better-auth/api-key": "1.7.5",
  "@better-auth/passkey": "1.7.6",
  nodemailer: "^10.6.0",
  hono: "^4.13.19",
  "@hono/node-server": "^2.1.8",
  express: "^5.3.0",
  cors: "^2.8.6",
  fastify: "^5.12.8",
  "@fastify/cors": "^11.4.3",
  next: "^16.4.6",
  react: "^19.3.1",
  "react-dom": "^19.3.1",
  "better-sqlite3": "^12.11.1",
  pg: "^8.23.1",
  mysql2: "^3.24.6",
  mongodb: "^7.9.0",
  "drizzle-orm": "^0.45.4",
  "drizzle-kit": "^0.31.11",
  // Prisma 7: a TypeScript client with driver adapters (no query-engine binary at run time).
  prisma: "^7.10.1",
  "@prisma/client": "^7.10.0",
  "@prisma/adapter-pg": "^7.10.0",
  "@prisma/adapter-mariadb": "^7.10.0",
  "@prisma/adapter-better-sqlite3": "^7.10.0",
  // Redis secondary storage: Better Auth's own adapter, which peers on ioredis 5 (not 6).
  "@better-auth/redis-storage": "1.7.5",
  ioredis: "^5.11.1",
  axios: "^1.21.1",
  typescript: "~5.9.3",
  tsx: "^4.23.15",
  "@types/node": "^20.19.0",
  "@types/express": "^5.0.6",
  "@types/cors": "^2.8.19",
  "@types/react": "^19.3.0",
  "@types/react-dom": "^19.3.0",
  "@types/pg": "^8.23.1",
  "@types/better-sqlite3": "^9.6.0",
  "@types/nodemailer": "^8.0.2",
} as const satisfies Record<string, string>;

export type PackageName = keyof typeof VERSIONS;

/**
 * npm `overrides` a generated package.json gets when it depends on the package named on the left.
 * @better-auth/api-key and @better-auth/passkey pin exact peers (@better-auth/utils 0.4.2,
 * better-call 1.4.0, …) that better-auth 1.7.25 has moved past, so a plain `npm install` fails with
 * ERESOLVE. These point those peers at the versions better-auth itself depends on; bump them with
 * better-auth (the plugins e2e test installs the set and fails if they drift apart).
 */
export const PEER_OVERRIDES: Partial<Record<PackageName, Record<string, string>>> = {
  "@better-auth/api-key": { "@better-auth/utils": "0.5.1", "better-call": "1.4.5" },
  "@better-auth/passkey": { "@better-auth/utils": "0.5.1", "better-call": "1.4.5", "@better-fetch/fetch": "1.3.3" },
};

/** Node versions the generated project supports (better-sqlite3 12.11 declares Node 20 to 26). */
export const GENERATED_NODE_ENGINES = ">=20.19";

/** Node's types for projects on `node:sqlite` (Node >= 22.13): @types/node 20 has no `node:sqlite`. */
export const NODE_SQLITE_TYPES = "^22.13.0";

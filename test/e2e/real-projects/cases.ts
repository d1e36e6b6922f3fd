// What each real project looks like, as generated (see scripts/real-projects.mjs): where its Better
// Auth config, auth client and ORM schema are, how it migrates, and what its files are called.
// The end-to-end test checks `add` against these facts; no `--config` is ever passed.

export interface DatabaseSetup {
  kind: "postgres" | "sqlite";
  /** The env file the project's own tools read DATABASE_URL from. */
  envFile: string;
  /** For SQLite: the database file, relative to the project root, that DATABASE_URL points at. */
  sqliteFile?: string;
  /** The project's own command that applies its schema (run with Node 22 first on PATH). */
  apply: string[];
  /**
   * The project's drizzle-kit (0.x) confirms a push on its terminal and, without one, applies
   * nothing: `add` must say it did not migrate (and print the command), never claim it did.
   */
  needsTerminal?: boolean;
}

export interface RealCase {
  name: string;
  orm: "drizzle" | "prisma";
  /** The file holding the `betterAuth(` call. */
  serverConfig: string;
  /** The file holding `createAuthClient(`, when the project has one. */
  client?: string;
  /** The Drizzle module with the `user` table, or the Prisma file with `model User`. */
  schema: string;
  /** Drizzle migrations folder (drizzle.config `out`), where `drizzle-kit generate` may write. */
  migrations?: string;
  /** A plugin Better Auth requires to stay last in `plugins`. */
  lastPlugin?: "nextCookies" | "sveltekitCookies";
  /** GitHub is configured by the generator already: `add provider github` must change nothing there. */
  githubConfigured?: boolean;
  /** Set before the baseline commit, as a person would fill in the generator's placeholders. */
  envValues?: Record<string, Record<string, string>>;
  /** Database used by the migration checks (Drizzle projects). */
  database?: DatabaseSetup;
  /** Folder to run `prisma validate` in. */
  prismaDir?: string;
}

export const CASES: RealCase[] = [
  {
    name: "bts-hono-pg",
    orm: "drizzle",
    serverConfig: "packages/auth/src/index.ts",
    client: "apps/web/src/lib/auth-client.ts",
    schema: "packages/db/src/schema/auth.ts",
    migrations: "packages/db/src/migrations",
    // The root `db:push` goes through turbo, whose interactive tasks need its terminal UI; the
    // workspace script is the same command without turbo.
    database: { kind: "postgres", envFile: "apps/server/.env", apply: ["npm", "run", "db:push", "-w", "@bts-hono-pg/db"] },
  },
  {
    name: "bts-express-sqlite",
    orm: "drizzle",
    serverConfig: "packages/auth/src/index.ts",
    client: "apps/web/src/lib/auth-client.ts",
    schema: "packages/db/src/schema/auth.ts",
    migrations: "packages/db/src/migrations",
    // DATABASE_URL=file:../../local.db, relative to apps/server and to packages/db alike.
    database: { kind: "sqlite", envFile: "apps/server/.env", sqliteFile: "local.db", apply: ["npm", "run", "db:push"] },
  },
  {
    name: "t3-drizzle-pg",
    orm: "drizzle",
    serverConfig: "src/server/better-auth/config.ts",
    client: "src/server/better-auth/client.ts",
    schema: "src/server/db/schema.ts",
    migrations: "drizzle",
    githubConfigured: true,
    // src/env.js rejects empty strings; a person fills these in before the first `db:push`.
    envValues: { ".env": { BETTER_AUTH_GITHUB_CLIENT_ID: "github-client-id", BETTER_AUTH_GITHUB_CLIENT_SECRET: "github-client-secret" } },
    database: { kind: "postgres", envFile: ".env", apply: ["npm", "run", "db:push"], needsTerminal: true },
  },
  {
    name: "t3-prisma-sqlite",
    orm: "prisma",
    serverConfig: "src/server/better-auth/config.ts",
    client: "src/server/better-auth/client.ts",
    schema: "prisma/schema.prisma",
    githubConfigured: true,
    envValues: { ".env": { BETTER_AUTH_GITHUB_CLIENT_ID: "github-client-id", BETTER_AUTH_GITHUB_CLIENT_SECRET: "github-client-secret" } },
    prismaDir: ".",
  },
  {
    name: "bts-next-prisma-pg",
    orm: "prisma",
    serverConfig: "packages/auth/src/index.ts",
    client: "apps/web/src/lib/auth-client.ts",
    schema: "packages/db/prisma/schema/auth.prisma",
    lastPlugin: "nextCookies",
    prismaDir: "packages/db",
  },
  {
    name: "sv-drizzle-pg",
    orm: "drizzle",
    serverConfig: "src/lib/server/auth.ts",
    schema: "src/lib/server/db/auth.schema.ts",
    migrations: "drizzle",
    lastPlugin: "sveltekitCookies",
    // drizzle.config has `strict: true`: without a terminal, plain `db:push` prints the SQL, says
    // "Interactive prompts require a TTY" and exits 0 having applied nothing; --force applies.
    database: { kind: "postgres", envFile: ".env", apply: ["npm", "run", "db:push", "--", "--force"], needsTerminal: true },
  },
];

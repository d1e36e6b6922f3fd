import type { SecondaryStorage } from "../config/catalog.js";
import type { Feature } from "./types.js";

/**
 * Better Auth's secondary storage: sessions, verification values and rate-limit counters in a
 * store every instance shares, so the service can run as several processes behind one URL.
 * Without one, sessions live in the database and a short signed cookie cache spares most session
 * checks a database read.
 */
export const secondaryStorages: Record<SecondaryStorage, Feature | null> = {
  none: {
    id: "session-cookie-cache",
    server: {
      imports: [],
      plugins: [],
      options: {
        session: [
          "// A signed copy of the session in a cookie answers session checks for 60 s without a database",
          "// read. Sign-out clears it at once; a session revoked elsewhere (another device, an admin, a",
          "// password reset) still passes where a copy of its cookie is, for at most those 60 s.",
          'cookieCache: { enabled: true, maxAge: 60, strategy: "compact" },',
        ],
      },
    },
    readme: "Session cookie cache (60 s, signed): session checks without a database read; sign-out ends the session at once, a revocation elsewhere within 60 s (see \"Sessions, limits and outages\")",
  },
  redis: {
    id: "secondary-storage-redis",
    templates: ["secondary-storage-redis"],
    dependencies: ["@better-auth/redis-storage", "ioredis"],
    env: [
      { key: "REDIS_URL", value: "redis://127.0.0.1:6379", example: "redis://:password@localhost:6379/0", comment: "Redis shared by every instance: sessions, verification values, rate limits" },
      { key: "REDIS_KEY_PREFIX", value: "", comment: "Prefix of every key this service writes; empty = the project name and a colon (lets services share one Redis)" },
    ],
    server: {
      imports: [{ from: "./secondary-storage.js", names: ["secondaryStorage"] }],
      plugins: [],
      options: {
        top: ["secondaryStorage,"],
        session: [
          // Better Auth keeps sessions only in the secondary storage unless told otherwise.
          "// Sessions live in Redis (read on every request); the database keeps a copy so a Redis restart",
          "// signs nobody out. Sign-out and revocation delete both, on whichever instance they happen.",
          "storeSessionInDatabase: true,",
          "// No signed session cookie: it would keep a revoked session alive for its max age.",
          "cookieCache: { enabled: false },",
        ],
        rateLimit: ["// Counted in Redis, so the limits hold across every instance.", 'storage: "secondary-storage",'],
      },
    },
    readme: "Redis secondary storage (`REDIS_URL`): sessions, verification values and rate-limit counters shared by every instance; sessions are also kept in the database; no session cookie cache, so a sign-out or revocation counts at once everywhere",
  },
};

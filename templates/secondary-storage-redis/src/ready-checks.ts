// What /ready asks before it answers 200 (see readiness.ts). Add your own dependencies here.
import { pingDatabase } from "./db.js";
import { redis } from "./secondary-storage.js";

export const readyChecks: Record<string, () => Promise<unknown>> = {
  database: pingDatabase,
  // Sessions and rate limits live in Redis: without it no request can be served.
  redis: () => redis.ping(),
};

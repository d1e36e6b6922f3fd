// What /ready asks before it answers 200 (see readiness.ts). Add your own dependencies here.
import { pingDatabase } from "./db.js";

export const readyChecks: Record<string, () => Promise<unknown>> = {
  database: pingDatabase,
};

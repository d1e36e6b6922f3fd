import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";

/** The project's .env as the service reads it: its values, with the environment winning (process.loadEnvFile's rule). */
export function projectEnv(root: string, environment: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const path = join(root, ".env");
  const fromFile = existsSync(path) ? (parseEnv(readFileSync(path, "utf8")) as Record<string, string>) : {};
  return { ...fromFile, ...environment };
}

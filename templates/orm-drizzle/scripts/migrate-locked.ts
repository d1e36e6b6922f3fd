// `drizzle-kit migrate` under the migration lock (scripts/migration-lock.ts): replicas that start
// together migrate once; the others wait, then find every migration applied.
import { spawn } from "node:child_process";
import { withMigrationLock } from "./migration-lock.js";

const code = await withMigrationLock(
  () =>
    new Promise<number>((resolve, reject) => {
      const child = spawn("drizzle-kit", ["migrate"], { stdio: "inherit" });
      child.on("error", reject);
      child.on("exit", (status) => resolve(status ?? 1));
    }),
);
process.exitCode = code;

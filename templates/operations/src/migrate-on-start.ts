// MIGRATE_ON_START=true: apply pending migrations before the server accepts requests. Safe with
// many replicas starting together: the migrate script holds a database lock (see
// scripts/migration-lock.ts), so one replica migrates and the others wait, then find nothing to do.
// Runs the project's own script, so the image needs npm and the dev dependencies it uses
// (tsx, drizzle-kit or prisma). Prisma projects run `db:deploy`, never `prisma migrate dev`.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import "./env.js"; // loads .env, where MIGRATE_ON_START may be set

if (process.env.MIGRATE_ON_START === "true") {
  const scripts: Record<string, string> = JSON.parse(readFileSync("package.json", "utf8")).scripts ?? {};
  const script = scripts["db:deploy"] ? "db:deploy" : "db:migrate";
  console.log(`MIGRATE_ON_START: npm run ${script}`);
  const result = spawnSync("npm", ["run", "--silent", script], { stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`MIGRATE_ON_START: npm run ${script} failed; not starting.`);
    process.exit(1);
  }
}

import { UserError } from "../cli/errors.js";
import type { Database, Orm, SqliteDriver } from "./catalog.js";

/**
 * Node versions where `node:sqlite` works without a flag: it arrived behind --experimental-sqlite
 * in 22.5 and 23.0, and was unflagged in 22.13 and 23.4. The generated `engines` for the node driver.
 */
export const NODE_SQLITE_ENGINES = "^22.13.0 || >=23.4.0";

/** Whether this Node version (`process.versions.node`, with or without a leading v) has an unflagged `node:sqlite`. */
export function hasNodeSqlite(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, "").split(".").map((n) => Number.parseInt(n, 10));
  return major > 23 || (major === 23 && minor >= 4) || (major === 22 && minor >= 13);
}

/** The JavaScript runtime running the create command (`process.versions`). */
export interface Runtime {
  node: string;
  bun?: string;
}

interface DriverChoice {
  database: Database;
  orm: Orm;
  /** What the config file, the manifest or --sqlite-driver said; undefined = pick the default. */
  given: SqliteDriver | undefined;
  /** Whether this run installs and migrates, i.e. runs the project's code on this machine's Node. */
  runsProject: boolean;
}

/**
 * The SQLite driver for a config, or undefined for other databases. Without a runtime (`add`, a
 * re-render, tests) the recorded choice is kept, and a project recorded without one was made with
 * better-sqlite3 (before node:sqlite was an option). With a runtime (create), the default is
 * node:sqlite where this Node has it. Drizzle and Prisma reach SQLite through better-sqlite3 here.
 */
export function resolveSqliteDriver({ database, orm, given, runsProject }: DriverChoice, runtime?: Runtime): SqliteDriver | undefined {
  if (database !== "sqlite") {
    if (given) throw new UserError(`--sqlite-driver is only for --database sqlite; drop --sqlite-driver ${given} for ${database}.`, { code: "INVALID_OPTION", flag: "--sqlite-driver" });
    return undefined;
  }
  if (orm !== "kysely") {
    const through = orm === "drizzle" ? "Drizzle's SQLite driver" : "Prisma's SQLite adapter";
    if (given === "node") throw new UserError(`--sqlite-driver node works with --orm kysely only (${through} is better-sqlite3); pass --orm kysely, or drop --sqlite-driver.`, { code: "INVALID_OPTION", flag: "--sqlite-driver" });
    return "better-sqlite3";
  }
  if (given) {
    if (given === "node" && runtime && runsProject && !nodeSqliteRuntime(runtime))
      throw new UserError(
        `--sqlite-driver node needs Node >= 22.13 (node:sqlite), but this is ${runtime.bun ? `Bun ${runtime.bun}` : `Node ${runtime.node}`}; run with Node 22.13 or later, pass --sqlite-driver better-sqlite3, or pass --no-migrate to migrate it on a newer Node later.`,
        { code: "INVALID_OPTION", flag: "--sqlite-driver" },
      );
    return given;
  }
  return runtime && nodeSqliteRuntime(runtime) ? "node" : "better-sqlite3";
}

/**
 * Under Bun, `process.versions.node` is Bun's compatibility level, not a Node binary: the
 * project's scripts (tsx, `node dist/server.js`) run on whatever Node is installed, so stay native.
 */
function nodeSqliteRuntime(runtime: Runtime): boolean {
  return !runtime.bun && hasNodeSqlite(runtime.node);
}

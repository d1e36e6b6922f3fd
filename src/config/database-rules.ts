import { posix } from "node:path";
import { redact, UserError } from "../cli/errors.js";
import type { Database, Orm } from "./catalog.js";

export const DEFAULT_SQLITE_URL = "file:./data/auth.db";

/** The URL schemes each database server accepts, and an example for error messages. */
const SERVER_URLS: Partial<Record<Database, { name: string; schemes: string[]; example: string }>> = {
  postgres: { name: "PostgreSQL", schemes: ["postgres", "postgresql"], example: "postgres://user:password@host:5432/db" },
  mysql: { name: "MySQL", schemes: ["mysql"], example: "mysql://user:password@host:3306/db" },
  mongodb: { name: "MongoDB", schemes: ["mongodb", "mongodb+srv"], example: "mongodb://user:password@host:27017/db" },
};

/** Databases that run as a server: without a TTY, their URL must come from --database-url. */
export const needsDatabaseUrl = (database: Database | undefined): boolean => database !== undefined && database in SERVER_URLS;

/** Why a URL does not suit a server database (for the wizard's prompt), or undefined when it does. */
export function databaseUrlProblem(database: Database, url: string): string | undefined {
  const server = SERVER_URLS[database];
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (server && (!scheme || !server.schemes.includes(scheme))) return `Starts with ${server.schemes.map((s) => `${s}://`).join(" or ")}`;
  return undefined;
}

/**
 * The connection string and ORM for a database, or one sentence naming the flag that fixes the
 * combination. `givenOrm` is what the user chose (undefined = the default, Kysely, or none for MongoDB).
 */
export function resolveDatabase(database: Database, url: string | undefined, givenOrm: Orm | undefined): { databaseUrl: string; orm: Orm } {
  const orm: Orm = givenOrm ?? (database === "mongodb" ? "none" : "kysely");
  if (database === "mongodb" && orm !== "none") {
    const why = orm === "prisma" ? "Prisma 7 has no MongoDB driver adapter" : `${orm === "kysely" ? "Kysely" : "Drizzle"} has no MongoDB support`;
    throw new UserError(`--orm ${orm} does not work with MongoDB (${why}); drop --orm, and Better Auth's MongoDB adapter is used directly.`, { code: "INVALID_OPTION" });
  }
  if (database !== "mongodb" && orm === "none")
    throw new UserError(`--orm none is only for --database mongodb; pass --orm kysely, drizzle or prisma for ${database}.`, { code: "INVALID_OPTION" });

  const server = SERVER_URLS[database];
  if (!server) return { databaseUrl: url === undefined ? DEFAULT_SQLITE_URL : sqliteUrl(url), orm };
  if (!url) throw new UserError(`${server.name} needs a connection string; pass --database-url ${server.example}.`, { code: "INVALID_OPTION" });
  if (databaseUrlProblem(database, url))
    throw new UserError(`--database-url "${redact(url)}" is not a ${server.name} URL; it must start with ${server.schemes.map((s) => `${s}://`).join(" or ")}.`, { code: "INVALID_OPTION" });
  return { databaseUrl: url, orm };
}

/**
 * SQLite's `--database-url`: `file:PATH` or a bare PATH, relative to the project (kept inside it)
 * or absolute, written as `file:./PATH` or `file:/PATH`, which the generated code, Prisma and
 * `.env` parsers all read the same way.
 */
export function sqliteUrl(url: string): string {
  const refuse = (why: string): never => {
    throw new UserError(`--database-url "${redact(url)}" ${why}; SQLite takes a file path inside the project, like --database-url file:./data/auth.db.`, { code: "INVALID_OPTION" });
  };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !/^file:\/\/(\/|$)/i.test(url)) refuse("is a server URL, but SQLite takes a file (or pick the matching --database)");
  let path = url.replace(/^file:(\/\/(?=\/))?/i, "");
  if (/[\u0000-\u001f\u007f]/.test(path)) refuse("holds control characters");
  if (path === "" || path === ":memory:" || path.startsWith(":memory:")) refuse("names no file (an in-memory database would lose every user when the service stops)");
  if (/[?#]/.test(path)) refuse("holds query options, which the generated code would take as part of the file name");
  if (!/^[\w./ -]+$/.test(path)) refuse("holds characters other than letters, digits, spaces and _ . / -");
  if (path.endsWith("/") || /(^|\/)\.{1,2}$/.test(path)) refuse("names a folder, not a file");
  if (posix.isAbsolute(path)) return `file:${posix.normalize(path)}`;
  path = posix.normalize(path);
  if (path === ".." || path.startsWith("../")) refuse("points outside the project");
  return `file:./${path}`;
}

/** The .gitignore line for a custom SQLite file inside the project (with its -wal/-shm/-journal), if one is needed. */
export function sqliteGitignore(databaseUrl: string): string | undefined {
  if (databaseUrl === DEFAULT_SQLITE_URL || !databaseUrl.startsWith("file:./")) return undefined;
  return `/${databaseUrl.slice("file:./".length).replace(/ /g, "\\ ")}*`;
}

// Checks on a real project after `add`: what git says changed, whether files still parse, what the
// ORM schema and the Better Auth config hold, the project's own type-check, and its database.
import { parse, type ParserPlugin } from "@babel/parser";
import * as t from "@babel/types";
import { execa } from "execa";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { NODE22, node22Env, project, run } from "../../../scripts/real-projects.mjs";
import { CLI, installEnv, WORK } from "../harness.js";
import type { RealCase } from "./cases.js";

export const read = (dir: string, file: string) => readFileSync(join(dir, file), "utf8");

/** Run in the project with Node 22 first on PATH; throws with the output when it fails. */
export async function inProject(dir: string, command: string[], env: Record<string, string> = {}) {
  const result = await run(command[0], command.slice(1), { cwd: dir, env: node22Env({ ...project22Env, ...env }), timeout: 4 * 60_000 });
  if (result.code !== 0) throw new Error(`${command.join(" ")} failed (exit ${result.code}) in ${dir}:\n${result.output.slice(-3000)}`);
  return result.output;
}

// Prisma downloads engine binaries before most commands; they cannot be fetched here, and
// generating or validating needs none.
const project22Env = { PRISMA_QUERY_ENGINE_LIBRARY: "/dev/null", PRISMA_SCHEMA_ENGINE_BINARY: "/dev/null" };

/**
 * Our CLI, as CI runs it (harness `cli`), but in its own process group with a time limit: a
 * migration tool waiting on a prompt would otherwise hang the run. On time-out the whole group
 * (the CLI and what it started) is killed and the exit code is -1.
 */
export function cliWithin(args: string[], ms: number): Promise<{ exitCode: number; all: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: WORK, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CI: "true", ...installEnv() } });
    let all = "";
    child.stdout.on("data", (d: Buffer) => (all += d.toString()));
    child.stderr.on("data", (d: Buffer) => (all += d.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    }, ms);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolveRun(timedOut ? { exitCode: -1, all: `${all}\n[killed: still running after ${ms / 1000} s]` } : { exitCode: code ?? -1, all });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// git

async function git(dir: string, args: string[]) {
  const result = await execa("git", args, { cwd: dir, reject: false, all: true, stdin: "ignore" });
  if (result.exitCode !== 0) throw new Error(`git ${args.join(" ")} failed in ${dir}:\n${result.all}`);
  return result.stdout;
}

/** A repository whose first commit is the project as it is now; env files are tracked too. */
export async function gitBaseline(dir: string) {
  await git(dir, ["init", "-q", "-b", "main"]);
  // The database files our checks create are not part of the project.
  writeFileSync(join(dir, ".git/info/exclude"), "*.db\n*.db-journal\n*.db-wal\n*.db-shm\n*.sqlite\n");
  await commitAll(dir, "generated");
}

export async function commitAll(dir: string, message: string) {
  await git(dir, ["add", "-A"]);
  // .env files are git-ignored by every generator, but `add` may edit them: follow them as well.
  const envFiles = (await git(dir, ["ls-files", "--others", "--ignored", "--exclude-standard"])).split("\n").filter((f) => /(^|\/)\.env[^/]*$/.test(f) && !f.includes("node_modules/"));
  if (envFiles.length) await git(dir, ["add", "-f", "--", ...envFiles]);
  await git(dir, ["-c", "user.email=e2e@example.com", "-c", "user.name=e2e", "commit", "-q", "--allow-empty", "--no-verify", "-m", message]);
}

export interface FileChange {
  file: string;
  added: number;
  deleted: number;
  isNew: boolean;
}

/** Every file that differs from the last commit (new files included), with its line counts. */
export async function changes(dir: string): Promise<FileChange[]> {
  await git(dir, ["add", "-A", "--intent-to-add"]);
  const envFiles = (await git(dir, ["ls-files", "--others", "--ignored", "--exclude-standard"])).split("\n").filter((f) => /(^|\/)\.env[^/]*$/.test(f) && !f.includes("node_modules/"));
  if (envFiles.length) await git(dir, ["add", "-f", "--intent-to-add", "--", ...envFiles]);
  const numstat = await git(dir, ["diff", "--numstat", "HEAD"]);
  // A Prisma model's columns are aligned (`prisma format`): a longer field name re-aligns the model.
  const ignoringSpace = await git(dir, ["diff", "--numstat", "--ignore-all-space", "HEAD", "--", "*.prisma"]);
  const aligned = new Map(ignoringSpace.split("\n").filter(Boolean).map((line) => [line.split("\t")[2], Number(line.split("\t")[1])]));
  const status = await git(dir, ["diff", "--name-status", "HEAD"]);
  const added = new Set(status.split("\n").filter((l) => l.startsWith("A\t")).map((l) => l.slice(2)));
  return numstat
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [a, d, file] = line.split("\t");
      return { file, added: Number(a), deleted: file.endsWith(".prisma") ? (aligned.get(file) ?? 0) : Number(d), isNew: added.has(file) };
    });
}

export const diff = (dir: string, files: string[] = []) => git(dir, ["diff", "HEAD", "--", ...files]);

// ---------------------------------------------------------------------------------------------
// parsing

function babel(source: string, file: string) {
  const plugins: ParserPlugin[] = /\.[jt]sx$/.test(file) ? ["typescript", "jsx"] : ["typescript"];
  return parse(source, { sourceType: "module", plugins, errorRecovery: false });
}

/** Parse errors of the changed source files (JS/TS with Babel, JSON, Prisma with `prisma validate`). */
export async function parseErrors(dir: string, c: RealCase, files: string[]): Promise<string[]> {
  const errors: string[] = [];
  for (const file of files) {
    if (!existsSync(join(dir, file))) continue;
    const source = read(dir, file);
    try {
      if (/\.(m|c)?[jt]sx?$/.test(file)) babel(source, file);
      else if (/\.json$/.test(file) && !/tsconfig/.test(file)) JSON.parse(source);
    } catch (error) {
      errors.push(`${file}: ${(error as Error).message}`);
    }
  }
  if (c.orm === "prisma" && c.prismaDir && files.some((f) => f.endsWith(".prisma"))) {
    const result = await run("npx", ["prisma", "validate"], { cwd: join(dir, c.prismaDir), env: node22Env({ ...project22Env, DATABASE_URL: prismaUrl(c) }) });
    if (result.code !== 0) errors.push(`prisma validate: ${result.output.slice(-2000)}`);
  }
  return errors;
}

const prismaUrl = (c: RealCase) => (c.name.includes("sqlite") ? "file:./db.sqlite" : "postgresql://postgres@127.0.0.1:5432/postgres");

// ---------------------------------------------------------------------------------------------
// the Better Auth config

function calls(node: t.Node, visit: (call: t.CallExpression) => void) {
  t.traverseFast(node, (n) => {
    if (t.isCallExpression(n)) visit(n);
  });
}

const calleeName = (call: t.CallExpression) => (t.isIdentifier(call.callee) ? call.callee.name : t.isMemberExpression(call.callee) && t.isIdentifier(call.callee.property) ? call.callee.property.name : undefined);

function propertyKey(p: t.ObjectProperty | t.ObjectMethod) {
  return t.isIdentifier(p.key) ? p.key.name : t.isStringLiteral(p.key) ? p.key.value : undefined;
}

function property(object: t.ObjectExpression, key: string) {
  return object.properties.find((p): p is t.ObjectProperty => t.isObjectProperty(p) && propertyKey(p) === key);
}

/** The options object of the single `betterAuth({...})` call in a file. */
export function betterAuthOptions(source: string, file: string): t.ObjectExpression {
  const found: t.ObjectExpression[] = [];
  calls(babel(source, file), (call) => {
    if (calleeName(call) === "betterAuth" && t.isObjectExpression(call.arguments[0])) found.push(call.arguments[0]);
  });
  if (found.length !== 1) throw new Error(`${file}: expected one betterAuth({...}) call, found ${found.length}`);
  return found[0];
}

/** Names of the plugin calls in the `plugins` array, in order (spreads as "...<source>"). */
export function serverPlugins(source: string, file: string): string[] {
  const plugins = property(betterAuthOptions(source, file), "plugins");
  if (!plugins) return [];
  if (!t.isArrayExpression(plugins.value)) return [`<${plugins.value.type}>`];
  return plugins.value.elements.map((e) => (t.isCallExpression(e) ? (calleeName(e) ?? "?") : t.isSpreadElement(e) ? `...${source.slice(e.argument.start ?? 0, e.argument.end ?? 0)}` : e ? source.slice(e.start ?? 0, e.end ?? 0) : "<hole>"));
}

/** Keys of `socialProviders`, one entry per occurrence. */
export function socialProviders(source: string, file: string): string[] {
  const providers = property(betterAuthOptions(source, file), "socialProviders");
  if (!providers || !t.isObjectExpression(providers.value)) return [];
  return providers.value.properties.map((p) => (t.isSpreadElement(p) ? "..." : (propertyKey(p) ?? "?")));
}

/** Names of the plugin calls passed to `createAuthClient({ plugins: [...] })`. */
export function clientPlugins(source: string, file: string): string[] {
  const names: string[] = [];
  calls(babel(source, file), (call) => {
    if (calleeName(call) !== "createAuthClient") return;
    const options = call.arguments[0];
    const plugins = t.isObjectExpression(options) ? property(options, "plugins") : undefined;
    if (plugins && t.isArrayExpression(plugins.value)) for (const e of plugins.value.elements) if (t.isCallExpression(e)) names.push(calleeName(e) ?? "?");
  });
  return names;
}

// ---------------------------------------------------------------------------------------------
// ORM schema

export interface Column {
  key: string;
  /** The SQL column name given to the column builder, when written out. */
  sqlName?: string;
  /** The column's source text. */
  text: string;
}

/** The columns of the Drizzle table whose SQL name is `table` (e.g. `pgTable("user", {...})`). */
export function drizzleColumns(source: string, file: string, table: string): Column[] | undefined {
  let columns: Column[] | undefined;
  calls(babel(source, file), (call) => {
    const [name, shape] = call.arguments;
    if (!t.isStringLiteral(name) || name.value !== table || !/Table$|^createTable$/.test(calleeName(call) ?? "")) return;
    const object = t.isObjectExpression(shape) ? shape : t.isArrowFunctionExpression(shape) && t.isObjectExpression(shape.body) ? shape.body : undefined;
    if (!object) return;
    columns = object.properties.filter((p): p is t.ObjectProperty => t.isObjectProperty(p)).map((p) => {
      const text = source.slice(p.start ?? 0, p.end ?? 0);
      // The innermost call of the chain is the column builder: text("plan", ...), integer("level").
      let head: t.Node = p.value;
      while (t.isCallExpression(head) && t.isMemberExpression(head.callee)) head = head.callee.object;
      const sqlName = t.isCallExpression(head) && t.isStringLiteral(head.arguments[0]) ? head.arguments[0].value : undefined;
      return { key: propertyKey(p) ?? "?", sqlName, text };
    });
  });
  return columns;
}

/** Field lines of a Prisma model, by field name. */
export function prismaFields(source: string, model: string): Map<string, string> | undefined {
  const match = new RegExp(`^model\\s+${model}\\s*\\{([\\s\\S]*?)^\\}`, "m").exec(source);
  if (!match) return undefined;
  const fields = new Map<string, string>();
  for (const line of match[1].split("\n")) {
    const m = /^\s*([A-Za-z_]\w*)\s+\S/.exec(line);
    if (m && !line.trim().startsWith("//")) fields.set(m[1], line.trim());
  }
  return fields;
}

// ---------------------------------------------------------------------------------------------
// the project's own type-check

export interface TypecheckResult {
  code: number;
  /** Error messages without positions, sorted; line numbers move when a file gains lines. */
  errors: string[];
  output: string;
}

export async function typecheck(dir: string, name: string): Promise<TypecheckResult> {
  const command = project(name).typecheck;
  const result = await run(command[0], command.slice(1), { cwd: dir, env: node22Env(project22Env) });
  const errors = new Set<string>();
  const lines = result.output.split("\n");
  lines.forEach((line, i) => {
    // tsc: "<file>(<line>,<col>): error TS…" (behind a "<package>:check-types: " prefix under turbo).
    if (/\berror TS\d+:/.test(line)) errors.add(line.split(dir + "/").join("").replace(/\(\d+,\d+\)|:\d+:\d+/g, "").trim());
    // svelte-check: "<file>:<line>:<col>" then "Error: <message>".
    const svelte = /^Error:\s*(.*)$/.exec(line.trim());
    if (svelte) errors.add(`${(lines[i - 1] ?? "").replace(/:\d+:\d+$/, "").replace(dir + "/", "").trim()}: ${svelte[1]}`);
  });
  return { code: result.code, errors: [...errors].sort(), output: result.output };
}

// ---------------------------------------------------------------------------------------------
// databases

const PG = { host: "127.0.0.1", port: 5432, user: "postgres" };

async function psql(database: string, sql: string) {
  const result = await execa("psql", ["-h", PG.host, "-U", PG.user, "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-F", "\t", "-c", sql], { reject: false, all: true });
  if (result.exitCode !== 0) throw new Error(`psql failed: ${sql}\n${result.all}`);
  return result.stdout;
}

async function sqlite(file: string, sql: string) {
  // Node 22 has node:sqlite built in; no native module to build.
  const script = `const { DatabaseSync } = require("node:sqlite"); const db = new DatabaseSync(process.argv[1]); const sql = process.argv[2];
    if (/^\\s*select|^\\s*pragma/i.test(sql)) console.log(JSON.stringify(db.prepare(sql).all())); else db.exec(sql);`;
  const result = await execa(NODE22, ["--no-warnings", "-e", script, file, sql], { reject: false, all: true });
  if (result.exitCode !== 0) throw new Error(`sqlite failed: ${sql}\n${result.all}`);
  return result.stdout;
}

export interface Database {
  url: string;
  /** Column name → default expression ("" when none) of a table. */
  columns(table: string): Promise<Map<string, string>>;
  tables(): Promise<string[]>;
  /** One row of `user` by id, as strings. */
  user(id: string): Promise<Record<string, string> | undefined>;
  insertUser(row: { id: string; name: string; email: string }): Promise<void>;
  drop(): Promise<void>;
}

export async function createDatabase(dir: string, setup: NonNullable<RealCase["database"]>, prefix: string): Promise<Database> {
  if (setup.kind === "postgres") {
    const name = `${prefix}_${randomBytes(4).toString("hex")}`;
    await psql("postgres", `CREATE DATABASE ${name}`);
    const db: Database = {
      url: `postgresql://${PG.user}@${PG.host}:${PG.port}/${name}`,
      async columns(table) {
        const rows = await psql(name, `SELECT column_name, coalesce(column_default, '') FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '${table}'`);
        return new Map(rows.split("\n").filter(Boolean).map((r) => r.split("\t") as [string, string]));
      },
      async tables() {
        return (await psql(name, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)).split("\n").filter(Boolean);
      },
      async user(id) {
        const row = await psql(name, `SELECT row_to_json(u)::text FROM "user" u WHERE id = '${id}'`);
        return row ? stringify(JSON.parse(row)) : undefined;
      },
      async insertUser(row) {
        const columns = await db.columns("user");
        await psql(name, insertSql(columns, row, "now()", "false"));
      },
      drop: async () => void (await psql("postgres", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
    };
    return db;
  }
  const file = join(dir, setup.sqliteFile ?? "local.db");
  const db: Database = {
    url: `file:${file}`,
    async columns(table) {
      const rows = JSON.parse((await sqlite(file, `PRAGMA table_info("${table}")`)) || "[]") as { name: string; dflt_value: string | null }[];
      return new Map(rows.map((r) => [r.name, r.dflt_value ?? ""]));
    },
    async tables() {
      return (JSON.parse((await sqlite(file, `SELECT name FROM sqlite_master WHERE type = 'table'`)) || "[]") as { name: string }[]).map((r) => r.name);
    },
    async user(id) {
      const rows = JSON.parse((await sqlite(file, `SELECT * FROM "user" WHERE id = '${id}'`)) || "[]") as Record<string, unknown>[];
      return rows[0] ? stringify(rows[0]) : undefined;
    },
    async insertUser(row) {
      await sqlite(file, insertSql(await db.columns("user"), row, String(Date.now()), "0"));
    },
    drop: async () => {},
  };
  return db;
}

const stringify = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? "" : String(v)]));

/** An INSERT that fills the columns Better Auth's core schema has, whatever their casing. */
function insertSql(columns: Map<string, string>, row: { id: string; name: string; email: string }, now: string, no: string) {
  const values: Record<string, string> = { id: `'${row.id}'`, name: `'${row.name}'`, email: `'${row.email}'` };
  for (const column of columns.keys()) {
    const core = column.replace(/_/g, "").toLowerCase();
    if (core === "emailverified") values[column] = no;
    if (core === "createdat" || core === "updatedat") values[column] = now;
  }
  const names = Object.keys(values);
  return `INSERT INTO "user" (${names.map((n) => `"${n}"`).join(", ")}) VALUES (${names.map((n) => values[n]).join(", ")})`;
}

/** Point the project's env file at the test database (replacing the generator's placeholder). */
export function setEnv(dir: string, file: string, values: Record<string, string>) {
  const path = join(dir, file);
  let text = existsSync(path) ? readFileSync(path, "utf8") : "";
  for (const [key, value] of Object.entries(values)) {
    const line = `${key}="${value}"`;
    const pattern = new RegExp(`^${key}=.*$`, "m");
    text = pattern.test(text) ? text.replace(pattern, line) : `${text}${text.endsWith("\n") || !text ? "" : "\n"}${line}\n`;
  }
  writeFileSync(path, text);
}

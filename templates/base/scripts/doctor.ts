// `npm run doctor [-- --json]`: checks what this service needs to run: environment, database and
// schema, JWT signing keys against the configured secrets, Redis, and matching Better Auth package
// versions. One line per problem with its fix; exit 0 when everything holds, 1 otherwise.
// `npx create-auth-service doctor` runs this same script; it needs nothing but this project.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { databaseCheck } from "./doctor/database-check.js";
import { envChecks } from "./doctor/env-check.js";
import { jwksCheck } from "./doctor/jwks-check.js";
import { redisCheck } from "./doctor/redis-check.js";
import { formatReport, pass, report, type Check } from "./doctor/report.js";
import { versionsCheck } from "./doctor/versions-check.js";

const json = process.argv.includes("--json");
// With --json, stdout carries the report only: anything the loaded config logs goes to stderr.
const print = console.log;
if (json) console.log = console.error;
if (existsSync(".env")) process.loadEnvFile(".env"); // the service's own rule: the environment wins over .env

const manifest = existsSync("create-auth-service.json")
  ? (JSON.parse(readFileSync("create-auth-service.json", "utf8")) as { config?: { providers?: string[]; plugins?: string[]; packageManager?: string } })
  : {};
const config = manifest.config ?? {};
const env = { ...process.env };
const checks: Check[] = envChecks(env, { providers: config.providers ?? [], sendsMail: existsSync("src/mailer.ts") });

// The schema check and the JWKS check load src/auth.ts, whose env.ts refuses a weak secret or a
// malformed URL. The env check has reported those; stand-ins let the other checks still run.
const envFails = (pattern: RegExp) => checks.some((c) => !c.ok && pattern.test(c.message));
const standIns: Record<string, string> = {};
if (envFails(/^BETTER_AUTH_SECRETS?\b/)) Object.assign(standIns, { BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"), BETTER_AUTH_SECRETS: "" });
if (envFails(/^BETTER_AUTH_URL\b/)) standIns.BETTER_AUTH_URL = "http://localhost:3000";
if (envFails(/^PORT\b/)) standIns.PORT = "";

// The schema check (a child process) and the JWKS check (this process) run side by side.
const databaseRun = databaseCheck(config.packageManager ?? "npm", { ...process.env, ...standIns });
const jwksRun = config.plugins && !config.plugins.includes("jwt") ? null : readJwks();

async function readJwks(): Promise<Check | Error> {
  Object.assign(process.env, standIns);
  try {
    const { auth } = await import("../src/auth.js");
    const context = await auth.$context;
    if (!context.options.plugins?.some((p) => p.id === "jwt")) return pass("jwks", "not checked: the jwt plugin is off.");
    return await jwksCheck(env, () => context.adapter.findMany<{ id: string; privateKey: string }>({ model: "jwks" }));
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

const database = await databaseRun;
checks.push(database);
const jwks = await jwksRun;
if (jwks instanceof Error) {
  // With the database down or the schema incomplete, the database check has the failure.
  if (database.ok) checks.push({ id: "jwks", ok: false, message: `could not read the jwks table: ${jwks.message}`, fix: "run db:migrate, then rerun doctor" });
  else checks.push(pass("jwks", "not checked: the database check failed."));
} else if (jwks) checks.push(jwks);

const redis = await redisCheck(env.REDIS_URL);
if (redis) checks.push(redis);
checks.push(versionsCheck("."));

const result = report(checks);
print(json ? JSON.stringify(result) : formatReport(result));
// Exit without waiting for open database pools or sockets.
process.exit(result.ok ? 0 : 1);

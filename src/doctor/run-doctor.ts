// `doctor`: in a project made by this tool, its own scripts/doctor.ts does every check (it loads
// the project's config, database and secrets); elsewhere the checks that need no project code run.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { UserError } from "../cli/errors.js";
import { MANIFEST_FILE } from "../manifest.js";
import { envChecks, providersInEnv } from "./checks/env.js";
import { redisCheck } from "./checks/redis.js";
import { versionsCheck } from "./checks/versions.js";
import { projectEnv } from "./env-file.js";
import { fail, report, type DoctorReport } from "./report.js";

export type { Check, DoctorReport } from "./report.js";

function runScript(root: string, tsx: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(tsx, ["scripts/doctor.ts", "--json"], { cwd: root, env: process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", (error) => done({ code: 1, stdout, stderr: error.message }));
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

async function projectDoctor(root: string): Promise<DoctorReport> {
  const tsx = join(root, "node_modules/.bin/tsx");
  if (!existsSync(tsx)) return report([fail("versions", "Dependencies are not installed (no node_modules/.bin/tsx).", "run your package manager's install, then rerun doctor")]);
  const result = await runScript(root, tsx);
  const last = result.stdout.trim().split("\n").pop() ?? "";
  try {
    const parsed = JSON.parse(last) as DoctorReport;
    if (typeof parsed.ok === "boolean" && Array.isArray(parsed.checks)) return parsed;
  } catch {
    /* reported below */
  }
  const tail = (result.stderr || result.stdout).trim().split("\n").slice(-3).join(" ");
  return report([fail("doctor", `scripts/doctor.ts did not produce a report (exit ${result.code}): ${tail}`, "run it yourself to see why: npx tsx scripts/doctor.ts")]);
}

async function anyBetterAuthProject(root: string): Promise<DoctorReport> {
  const pkgPath = join(root, "package.json");
  const pkg = existsSync(pkgPath) ? (JSON.parse(readFileSync(pkgPath, "utf8")) as { dependencies?: Record<string, string> }) : null;
  if (!pkg?.dependencies?.["better-auth"] && !existsSync(join(root, "node_modules/better-auth")))
    throw new UserError(`${root} is not a Better Auth project (no better-auth in package.json); pass --cwd <project dir>.`, { code: "NOT_A_PROJECT", path: root });
  const env = projectEnv(root);
  const redis = await redisCheck(env.REDIS_URL);
  return report([
    ...envChecks(env, { providers: providersInEnv(env), sendsMail: false }),
    ...(redis ? [redis] : []),
    versionsCheck(root),
  ]);
}

/** Every check that applies to the project at `cwd`; `ok` is true when all hold. */
export async function runDoctor(cwd: string): Promise<DoctorReport> {
  const root = resolve(cwd);
  if (existsSync(join(root, MANIFEST_FILE)) && existsSync(join(root, "scripts/doctor.ts"))) return projectDoctor(root);
  return anyBetterAuthProject(root);
}

/** True when runDoctor(cwd) can run only the checks that need no project code (database and JWKS are left out). */
export const isPartialDoctor = (cwd: string) => !(existsSync(join(resolve(cwd), MANIFEST_FILE)) && existsSync(join(resolve(cwd), "scripts/doctor.ts")));

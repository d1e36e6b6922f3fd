import type { ResolvedConfig } from "../config/resolve.js";
import { PACKAGE_MANAGER_SPECS } from "../features/package-managers.js";
import { failStep, run } from "./exec.js";
import { runScriptArgs, runScriptCommand } from "./package-manager.js";

/**
 * The post-steps after files are written. Each checks its real result: a tool that exits 0
 * without doing its job (as Better Auth's CLI can) must not be reported as success.
 */
export async function install(dir: string, config: ResolvedConfig): Promise<void> {
  const result = await run(config.packageManager, ["install"], dir, { CI: process.env.CI ?? "", ...PACKAGE_MANAGER_SPECS[config.packageManager].installEnv });
  if (!result.ok) failStep("Installing dependencies", result, `cd ${dir} && ${config.packageManager} install`);
}

/** Generate the SQL, migrate, then check: db:check exits 1 if anything is still missing. */
export async function migrate(dir: string, config: ResolvedConfig): Promise<void> {
  const steps: [script: string, what: string][] = [
    ["db:generate", "Generating the schema"],
    ["db:migrate", "Migrating the database"],
    ["db:check", "Checking the schema after migrating"],
  ];
  for (const [script, what] of steps) {
    const result = await run(config.packageManager, runScriptArgs(script), dir);
    const retry = script === "db:check" ? "db:migrate" : script;
    if (!result.ok) failStep(what, result, `cd ${dir} && ${runScriptCommand(config.packageManager, retry)}`);
  }
}

export async function gitInit(dir: string, toolVersion: string): Promise<"created" | "skipped"> {
  const inside = await run("git", ["rev-parse", "--is-inside-work-tree"], dir);
  if (inside.ok && inside.output.trim() === "true") return "skipped"; // already part of a repository (monorepo)
  const steps: [string, string[]][] = [
    ["git", ["init", "-q"]],
    ["git", ["add", "-A"]],
    ["git", ["-c", "user.name=create-auth-service", "-c", "user.email=create-auth-service@localhost", "commit", "-q", "--no-verify", "-m", `Initial commit from create-auth-service ${toolVersion}`]],
  ];
  for (const [cmd, args] of steps) {
    const result = await run(cmd, args, dir);
    if (!result.ok) failStep(`git ${args[0]}`, result, `cd ${dir} && git init && git add -A && git commit -m "Initial commit"`);
  }
  return "created";
}

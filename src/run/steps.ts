import type { ResolvedConfig } from "../config/resolve.js";
import { failStep, run } from "./exec.js";
import { installArgs, runScriptArgs, runScriptCommand } from "./package-manager.js";

/**
 * The post-steps after files are written. Each checks its real result: a tool that exits 0
 * without doing its job (as Better Auth's CLI can) must not be reported as success.
 */
export async function install(dir: string, config: ResolvedConfig): Promise<void> {
  const result = await run(config.packageManager, installArgs(config.packageManager), dir, { CI: process.env.CI ?? "" });
  if (!result.ok) failStep("Installing dependencies", result, `cd ${dir} && ${config.packageManager} install`);
}

/** Generate the SQL, then migrate; db:migrate re-checks the schema itself and exits 1 if anything is missing. */
export async function migrate(dir: string, config: ResolvedConfig): Promise<void> {
  const generate = await run(config.packageManager, runScriptArgs(config.packageManager, "db:generate"), dir);
  if (!generate.ok) failStep("Generating the schema", generate, `cd ${dir} && ${runScriptCommand(config.packageManager, "db:generate")}`);
  const migrated = await run(config.packageManager, runScriptArgs(config.packageManager, "db:migrate"), dir);
  if (!migrated.ok) failStep("Migrating the database", migrated, `cd ${dir} && ${runScriptCommand(config.packageManager, "db:migrate")}`);
  const check = await run(config.packageManager, runScriptArgs(config.packageManager, "db:check"), dir);
  if (!check.ok) failStep("Checking the schema after migrating", check, `cd ${dir} && ${runScriptCommand(config.packageManager, "db:migrate")}`);
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

import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { MANIFEST_FILE } from "../manifest.js";
import { run, tail } from "../run/exec.js";
import { runScriptArgs } from "../run/package-manager.js";
import { StepError, UserError } from "./errors.js";
import { out } from "./output.js";

/** `generate` / `migrate` subcommands: run the project's own script, with a truthful exit code. */
export async function projectScript(cwd: string, script: "db:generate" | "db:migrate"): Promise<void> {
  const root = resolve(cwd);
  const manifestPath = join(root, MANIFEST_FILE);
  if (!existsSync(manifestPath)) throw new UserError(`${root} is not a project made by create-auth-service (no ${MANIFEST_FILE}); pass --cwd <project dir>.`, { code: "NOT_A_PROJECT", path: root });
  if (!existsSync(join(root, "node_modules"))) throw new UserError(`Dependencies are not installed in ${root}; run your package manager's install first.`, { path: root });
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { config?: { packageManager?: string } };
  const pm = manifest.config?.packageManager ?? "npm";
  const result = await out.step(`${pm} run ${script}`, () => run(pm, runScriptArgs(script), root), { succeeded: (r) => r.ok });
  if (!result.ok) throw new StepError(`${script} failed:\n${tail(result.output)}`, `cd ${root} && ${pm} run ${script}`);
  out.info(tail(result.output, 5));
}

import { existsSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { needsDatabaseUrl } from "../config/database-rules.js";
import { loadConfigFile } from "../config/load-file.js";
import { reproducibleCommand } from "../config/reproduce.js";
import { FLAG_OF, parsePartial, resolveConfig, type ResolvedConfig } from "../config/resolve.js";
import type { PartialConfig } from "../config/schema.js";
import { applyPolicies } from "../pipeline/apply.js";
import { commitTree, inspectTarget, planCommit } from "../render/commit.js";
import { renderProject } from "../render/project.js";
import { checkPackageManager, detectPackageManager, probePackageManager, runScriptCommand } from "../run/package-manager.js";
import { describeFsError, isFsError, registerSecret, urlPassword, UserError } from "./errors.js";
import { flagsToPartial, projectNameFromDir, targetDirectory, type CreateFlags } from "./flags.js";
import { out } from "./output.js";

export interface CreateContext {
  version: string;
  /** A human can answer prompts (stdin and stdout are TTYs). */
  interactive: boolean;
}

/** Answers that have no safe default: without a TTY they must come from flags (or --yes). */
function missingAnswers(directory: string | undefined, partial: PartialConfig): string[] {
  const missing: string[] = [];
  if (!directory) missing.push("a target directory (positional or --project-dir)");
  for (const key of ["framework", "database"] as const) if (partial[key] === undefined) missing.push(FLAG_OF[key]);
  if (needsDatabaseUrl(partial.database) && !partial.databaseUrl) missing.push(FLAG_OF.databaseUrl);
  return missing;
}

/** The FastAPI module and the API client live on the jwt plugin's tokens. */
function checkCompatibility(config: ResolvedConfig): void {
  if (!config.plugins.includes("jwt") && (config.backend !== "none" || config.apiClient !== "none"))
    throw new UserError(`--backend ${config.backend} and --api-client ${config.apiClient} need the jwt plugin; add jwt to --plugins, or pass --backend none --api-client none.`);
}

function readIfFile(path: string): string | null {
  try {
    return existsSync(path) && statSync(path).isFile() ? readFileSync(path, "utf8") : null;
  } catch (error) {
    // An unreadable file next to the new ones (--force): refused before anything is written.
    throw isFsError(error) ? new UserError(`${describeFsError(error, path, "read")}; nothing was written.`) : error;
  }
}

/** A target that only holds these is treated as empty. */
const IGNORABLE = new Set([".git", ".DS_Store", "Thumbs.db"]);

export async function createCommand(positional: string | undefined, flags: CreateFlags, ctx: CreateContext): Promise<void> {
  const fromFile = flags.config ? loadConfigFile(flags.config) : {};
  const fromFlags = parsePartial(flagsToPartial(flags), "flags");
  let partial: PartialConfig = { packageManager: detectPackageManager(), ...fromFile, ...fromFlags };
  let directory = targetDirectory(positional, flags);

  if (ctx.interactive && !flags.yes) {
    const { runWizard } = await import("../prompts/wizard.js");
    ({ directory, partial } = await runWizard(directory, partial));
  } else if (!flags.yes) {
    const missing = missingAnswers(directory, partial);
    if (missing.length) throw new UserError(`No terminal to ask in: pass ${missing.join(", ")}, or --yes to use the defaults.`);
  }
  directory ??= "my-auth-service";
  partial.projectName ??= projectNameFromDir(directory);

  // Defaults that depend on the Node running this (the SQLite driver) are decided here, once, and recorded.
  const { config, notes, warnings } = resolveConfig(partial, { runtime: { node: process.versions.node, bun: process.versions.bun } });
  // Whatever fails later (a step's output quoting the URL), the password is never printed.
  registerSecret(urlPassword(config.databaseUrl));
  checkCompatibility(config);
  // A missing package manager is refused here, before anything is written (not after the files).
  if (config.install) {
    const problem = await checkPackageManager(config.packageManager, probePackageManager);
    if (problem) throw new UserError(problem);
  }
  notes.forEach((n) => out.note(n));
  warnings.forEach((w) => out.warn(w));

  const root = resolve(directory);
  const tree = await renderProject(config, { toolVersion: ctx.version });
  // A link, a file or an unreadable folder is refused here, before anything is written.
  const existing = inspectTarget(root).filter((f) => !IGNORABLE.has(f));
  if (existing.length && !flags.force)
    throw new UserError(`${directory} is not empty (${existing.slice(0, 3).join(", ")}${existing.length > 3 ? ", …" : ""}); pick a new directory, or pass --force to add files next to them (existing files are never replaced).`);
  // The same rule book as `add`: on an empty directory everything is new; next to existing files
  // (--force) owned files never replace them, package.json and env files only gain what they lack.
  const applied = applyPolicies(tree, (path) => readIfFile(join(root, path)), { recorded: {} });
  if (applied.conflicts.length)
    throw new UserError(`These files already exist with other content and would be replaced: ${applied.conflicts.join(", ")}. Move them away or pick another directory; nothing was written.`);
  const plan = planCommit(applied.changes, root, undefined, () => true);

  if (flags.dryRun) {
    out.info(`Dry run: would write ${plan.create.length + plan.update.length} file(s) to ${directory} (${tree.size - applied.changes.size} unchanged):`);
    for (const path of applied.changes.paths()) out.info(`  ${plan.update.includes(path) ? "~" : "+"} ${path}`);
    out.note("Nothing was written.");
    return;
  }

  commitTree(applied.changes, root, plan);
  out.success(`Created ${config.projectName} in ${directory} (${plan.create.length} files).`);
  await postSteps(root, config, ctx.version);

  const rel = relative(process.cwd(), root);
  const cd = rel === "" ? "." : rel.startsWith("..") ? root : rel;
  out.info("\nNext steps:");
  if (cd !== ".") out.info(`  cd ${cd}`);
  if (!config.install) out.info(`  ${config.packageManager} install`);
  if ((!config.install || !config.migrate) && config.orm !== "none") {
    // Drizzle and Prisma migrate from what db:generate writes (SQL files, the client).
    if (config.orm !== "kysely") out.info(`  ${runScriptCommand(config.packageManager, "db:generate")}`);
    out.info(`  ${runScriptCommand(config.packageManager, "db:migrate")}`);
  }
  out.info(`  ${runScriptCommand(config.packageManager, "dev")}`);
  out.info(`  ${runScriptCommand(config.packageManager, "smoke")}   # in another terminal`);
  out.note(`\nRecreate it without prompts:\n  ${reproducibleCommand(directory, config)}`);
}

async function postSteps(root: string, config: ResolvedConfig, version: string): Promise<void> {
  if (!config.install && !config.git) return;
  const steps = await import("../run/steps.js");
  const { spinner } = await import("./spinner.js");
  if (config.install) {
    await spinner(`Installing dependencies with ${config.packageManager}`, () => steps.install(root, config));
    if (config.migrate && config.orm === "none") out.note("MongoDB needs no migrations: Better Auth creates its collections and indexes on first use.");
    else if (config.migrate) await spinner("Creating the database tables", () => steps.migrate(root, config));
  } else if (config.migrate) {
    out.note("Skipping migrate: it needs the dependencies (run install first).");
  }
  if (config.git) {
    const result = await spinner("Initialising git", () => steps.gitInit(root, version));
    if (result === "skipped") out.note("Inside an existing git repository: no new repository created.");
  }
}

import { existsSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { needsDatabaseUrl } from "../config/database-rules.js";
import { loadConfigFile } from "../config/load-file.js";
import { reproducibleCommand } from "../config/reproduce.js";
import { FLAG_OF, parsePartial, resolveConfig, type ResolvedConfig } from "../config/resolve.js";
import type { PartialConfig } from "../config/schema.js";
import { applyPolicies } from "../pipeline/apply.js";
import { commitTree, inspectTarget, planCommit, type CommitPlan } from "../render/commit.js";
import { renderProject } from "../render/project.js";
import type { Tree } from "../render/tree.js";
import { checkPackageManager, detectPackageManager, probePackageManager, runScriptCommand } from "../run/package-manager.js";
import { describeFsError, isFsError, registerSecret, urlPassword, UserError } from "./errors.js";
import { toolInvocation } from "./invocation.js";
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
    throw new UserError(`--backend ${config.backend} and --api-client ${config.apiClient} need the jwt plugin; add jwt to --plugins, or pass --backend none --api-client none.`, { code: "INVALID_OPTION", flag: "--plugins" });
}

function readIfFile(path: string): string | null {
  try {
    return existsSync(path) && statSync(path).isFile() ? readFileSync(path, "utf8") : null;
  } catch (error) {
    // An unreadable file next to the new ones (--force): refused before anything is written.
    throw isFsError(error) ? new UserError(`${describeFsError(error, path, "read")}; nothing was written.`, { code: "FS_ERROR", path }) : error;
  }
}

/** A target that only holds these is treated as empty. */
const IGNORABLE = new Set([".git", ".DS_Store", "Thumbs.db"]);

/** How create runs, apart from the project's configuration. */
export interface CreateOptions {
  yes?: boolean;
  dryRun?: boolean;
  force?: boolean;
}

/** What create wrote (or, in a dry run, would write): `tree` holds each file's content. */
export interface CreateResult {
  root: string;
  config: ResolvedConfig;
  tree: Tree;
  plan: CommitPlan;
}

export async function createCommand(positional: string | undefined, flags: CreateFlags, ctx: CreateContext): Promise<void> {
  const fromFile = flags.config ? loadConfigFile(flags.config) : {};
  const fromFlags = parsePartial(flagsToPartial(flags), "flags");
  const partial: PartialConfig = { packageManager: detectPackageManager(), ...fromFile, ...fromFlags };
  await createProject(targetDirectory(positional, flags), partial, { yes: flags.yes, dryRun: flags.dryRun, force: flags.force }, ctx);
}

/** Create a project from a validated partial config: the flags' way, and the MCP server's. */
export async function createProject(target: string | undefined, given: PartialConfig, flags: CreateOptions, ctx: CreateContext): Promise<CreateResult> {
  let partial = given;
  let directory = target;
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
  const tool = toolInvocation(ctx.version);
  const tree = await renderProject(config, { toolVersion: ctx.version, toolCommand: tool });
  // A link, a file or an unreadable folder is refused here, before anything is written.
  const existing = inspectTarget(root).filter((f) => !IGNORABLE.has(f));
  if (existing.length && !flags.force)
    throw new UserError(`${directory} is not empty (${existing.slice(0, 3).join(", ")}${existing.length > 3 ? ", …" : ""}); pick a new directory, or pass --force to add files next to them (existing files are never replaced).`, { code: "CONFLICT", path: root });
  // The same rule book as `add`: on an empty directory everything is new; next to existing files
  // (--force) owned files never replace them, package.json and env files only gain what they lack.
  const applied = applyPolicies(tree, (path) => readIfFile(join(root, path)), { recorded: {} });
  if (applied.conflicts.length)
    throw new UserError(`These files already exist with other content and would be replaced: ${applied.conflicts.join(", ")}. Move them away or pick another directory; nothing was written.`, { code: "CONFLICT", path: root });
  const plan = planCommit(applied.changes, root, undefined, () => true);

  if (flags.dryRun) {
    out.info(`Dry run: would write ${plan.create.length + plan.update.length} file(s) to ${directory} (${tree.size - applied.changes.size} unchanged):`);
    for (const path of applied.changes.paths()) out.file({ path, action: plan.update.includes(path) ? "would-change" : "would-create" });
    out.note("Nothing was written.");
    return { root, config, tree: applied.changes, plan };
  }

  commitTree(applied.changes, root, plan);
  for (const path of applied.changes.paths()) out.file({ path, action: plan.update.includes(path) ? "changed" : "created" }, false);
  out.success(`Created ${config.projectName} in ${directory} (${plan.create.length} files).`);
  await postSteps(root, config, ctx.version);

  const rel = relative(process.cwd(), root);
  const cd = rel === "" ? "." : rel.startsWith("..") ? root : rel;
  const next: string[] = [];
  if (cd !== ".") next.push(`cd ${cd}`);
  if (!config.install) next.push(`${config.packageManager} install`);
  if ((!config.install || !config.migrate) && config.orm !== "none") {
    // Drizzle and Prisma migrate from what db:generate writes (SQL files, the client).
    if (config.orm !== "kysely") next.push(runScriptCommand(config.packageManager, "db:generate"));
    next.push(runScriptCommand(config.packageManager, "db:migrate"));
  }
  next.push(runScriptCommand(config.packageManager, "dev"), `${runScriptCommand(config.packageManager, "smoke")}   # in another terminal`);
  out.nextSteps(next, "\nNext steps:");
  out.note(`\nRecreate it without prompts:\n  ${reproducibleCommand(directory, config, tool)}`);
  return { root, config, tree: applied.changes, plan };
}

async function postSteps(root: string, config: ResolvedConfig, version: string): Promise<void> {
  if (!config.install && !config.git) return;
  const steps = await import("../run/steps.js");
  if (config.install) {
    await out.step(`Installing dependencies with ${config.packageManager}`, () => steps.install(root, config));
    if (config.migrate && config.orm === "none") out.note("MongoDB needs no migrations: Better Auth creates its collections and indexes on first use.");
    else if (config.migrate) await out.step("Creating the database tables", () => steps.migrate(root, config));
  } else if (config.migrate) {
    out.note("Skipping migrate: it needs the dependencies (run install first).");
  }
  if (config.git) {
    const result = await out.step("Initialising git", () => steps.gitInit(root, version));
    if (result === "skipped") out.note("Inside an existing git repository: no new repository created.");
  }
}

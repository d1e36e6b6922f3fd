// `add-field`, `add plugin`, `add provider`: plan every change in memory, check it (conflicts,
// rows that could not be backfilled), show it or ask, write it all at once, then migrate.
import * as nodeFs from "node:fs";
import { join, resolve } from "node:path";
import { CancelledError, StepError, UserError } from "../cli/errors.js";
import { out } from "../cli/output.js";
import { MANIFEST_FILE } from "../manifest.js";
import { commitTree, planCommit } from "../render/commit.js";
import { run as defaultRun, tail } from "../run/exec.js";
import { runScriptArgs, runScriptCommand } from "../run/package-manager.js";
import { backfillAdvice, backfillProblem, countUsers as defaultCountUsers } from "./backfill.js";
import type { AddDeps, AddOptions, AddPlan, AddRequest } from "./common.js";
import { unifiedDiff } from "./diff.js";
import { planExisting } from "./existing.js";
import { planGenerated } from "./generated.js";

export type { AddDeps, AddOptions, AddPlan, AddRequest } from "./common.js";

export interface AddOutcome {
  /** Files written (created or updated), relative to the project root. */
  written: string[];
  plan: AddPlan;
}

async function gitStatus(root: string): Promise<string | null> {
  const result = await defaultRun("git", ["status", "--porcelain", "--", "."], root);
  return result.ok ? result.output : null;
}

async function confirm(message: string): Promise<boolean> {
  const prompts = await import("@clack/prompts");
  const answer = await prompts.confirm({ message });
  if (prompts.isCancel(answer)) throw new CancelledError();
  return answer === true;
}

async function choose(message: string, options: string[]): Promise<string> {
  const prompts = await import("@clack/prompts");
  const answer = await prompts.select({ message, options: options.map((value) => ({ value, label: value })) });
  if (prompts.isCancel(answer)) throw new CancelledError();
  return answer as string;
}

export const defaultDeps = (): AddDeps => ({ fs: nodeFs, run: defaultRun, countUsers: defaultCountUsers, gitStatus, confirm, choose });

/** Plan only: what `add` would change in the project at `opts.cwd` (nothing is written). */
export async function planAdd(request: AddRequest, opts: AddOptions, deps: AddDeps): Promise<AddPlan> {
  const root = resolve(opts.cwd);
  if (!deps.fs.existsSync(root)) throw new UserError(`--cwd ${opts.cwd} does not exist; pass the project directory.`, { code: "NOT_A_PROJECT", path: root });
  try {
    deps.fs.readdirSync(root);
  } catch {
    throw new UserError(`--cwd ${opts.cwd} is not a readable directory; pass the project directory.`, { code: "NOT_A_PROJECT", path: root });
  }
  const manifestPath = join(root, MANIFEST_FILE);
  const manifestText = deps.fs.existsSync(manifestPath) ? (deps.fs.readFileSync(manifestPath, "utf8") as string) : null;
  let manifest: { tool?: string; kind?: string; config?: unknown; files?: unknown } | null = null;
  if (manifestText !== null) {
    try {
      manifest = JSON.parse(manifestText);
    } catch (error) {
      throw new UserError(`${MANIFEST_FILE} is not valid JSON (${(error as Error).message}); restore it from git.`, { code: "NOT_A_PROJECT", path: manifestPath });
    }
    if (manifest?.tool !== "create-auth-service") throw new UserError(`${MANIFEST_FILE} was not written by create-auth-service; restore it from git.`, { code: "NOT_A_PROJECT", path: manifestPath });
  }
  if (manifest && manifest.kind !== "existing") {
    if (!manifest.config || typeof manifest.files !== "object") throw new UserError(`${MANIFEST_FILE} lacks "config" or "files"; restore it from git.`, { code: "NOT_A_PROJECT", path: manifestPath });
    return planGenerated(root, manifest as never, request, opts, deps);
  }
  return planExisting(root, manifestText, request, opts, deps);
}

/** The ORM whose migration adds the new columns (it decides which defaults reach existing rows). */
function planOrm(plan: AddPlan): string {
  return plan.generated?.orm ?? plan.orm?.adapter ?? "kysely";
}

/** Refuse, before writing, new required fields that the existing users could not get a value for. */
async function checkBackfill(plan: AddPlan, opts: AddOptions, deps: AddDeps): Promise<void> {
  const orm = planOrm(plan);
  const risky = plan.newFields.filter((f) => backfillProblem(f, orm) !== null);
  const uniques = plan.newFields.filter((f) => f.unique && f.required);
  if (risky.length === 0 && uniques.length === 0) return;
  const problems = risky.map((f) => backfillProblem(f, orm)).join("; ");
  if (plan.generated?.database === "mongodb" || orm === "mongodb" || orm === "none") return; // no schema to migrate: existing documents just lack the field
  if (opts.dryRun) {
    // A dry run only reads: it does not run the project's code to count the users.
    if (risky.length > 0) out.warn(`${problems}: if the user table has rows, the migration will fail (${backfillAdvice(risky)}). The dry run did not check for rows.`);
    return;
  }
  let count: number | null = null;
  let why = "this project was not made by create-auth-service, so its database cannot be asked";
  if (plan.generated) {
    const result = await deps.countUsers(plan.root, plan.generated.database);
    if ("count" in result) count = result.count;
    else why = result.error;
  }
  if (count === null) {
    if (risky.length === 0 || opts.force) {
      if (risky.length > 0) out.warn(`Could not check whether the user table has rows (${why}); adding ${problems} anyway (--force). Migrating fails if it has rows.`);
      return;
    }
    throw new UserError(
      `${problems}, and whether the user table already has rows cannot be checked (${why}). Existing users would have no value, so the migration would fail: ${backfillAdvice(risky)}. If the table is empty, pass --force.`,
      { code: "UNSAFE_MIGRATION" },
    );
  }
  if (risky.length > 0 && count > 0)
    throw new UserError(`${problems}, but the user table has ${count} row(s) that would get no value, so the migration would fail: ${backfillAdvice(risky)}. Nothing was written.`, { code: "UNSAFE_MIGRATION" });
  if (uniques.length > 0 && count > 1)
    throw new UserError(
      `${uniques.map((f) => `"${f.name}"`).join(", ")} would be unique and required, but the user table has ${count} rows that would all get the same value; make it :optional. Nothing was written.`,
      { code: "UNSAFE_MIGRATION" },
    );
}

function printDiff(plan: AddPlan): void {
  for (const path of plan.tree.paths()) {
    const before = plan.before.get(path) ?? null;
    out.file({ path, action: before === null ? "would-create" : "would-change", diff: unifiedDiff(path, before, plan.tree.read(path)!) });
  }
}

export async function runAdd(request: AddRequest, opts: AddOptions, overrides: Partial<AddDeps> = {}): Promise<AddOutcome> {
  const deps: AddDeps = { ...defaultDeps(), ...overrides };
  // `git status` runs while the change is planned: a child process costs as much as the planning.
  const pendingStatus = deps.gitStatus(resolve(opts.cwd)).catch(() => null);
  const plan = await planAdd(request, opts, deps);
  const { root } = plan;
  plan.notes.forEach((n) => out.note(n));

  if (plan.added.length === 0) {
    // Asked only for what is already there: nothing to do, whatever else differs (e.g. a newer tool's templates).
    const what = plan.present.length ? `${plan.present.join(", ")} ${plan.present.length === 1 ? "is" : "are"} already there` : "nothing to add";
    out.success(`Nothing changed: ${what}.`);
    return { written: [], plan };
  }
  if (plan.conflicts.length > 0)
    throw new UserError(
      `You edited these files, and this change would replace them: ${plan.conflicts.join(", ")}. Nothing was written. Commit or save your edits, then re-run with --force to replace them (git diff shows what changed), or apply the change by hand.`,
      { code: "CONFLICT", path: plan.conflicts[0] },
    );
  if (plan.tree.size === 0) {
    out.success(`Nothing changed: the project already has ${plan.added.join(", ")}.`);
    return { written: [], plan };
  }
  await checkBackfill(plan, opts, deps);

  const status = await pendingStatus;
  if (status && status.trim()) out.warn(`The git working tree has uncommitted changes; review this command's changes separately with git diff before committing.`);
  if (plan.forced.length) out.warn(`--force: replacing your edits in ${plan.forced.join(", ")}.`);

  if (opts.dryRun) {
    printDiff(plan);
    out.note(`Dry run: ${plan.tree.size} file(s) would change; nothing was written.`);
    return { written: [], plan };
  }

  if (!opts.yes) {
    if (!opts.interactive) throw new UserError(`No terminal to confirm in: pass --yes to write ${plan.tree.size} file(s) (or --dry-run to see the diff).`);
    out.info(`Adding ${plan.added.join(", ") || "missing pieces"} will change:`);
    for (const path of plan.tree.paths()) out.info(`  ${plan.before.get(path) === null ? "+" : "~"} ${path}`);
    if (!(await deps.confirm("Write these files?"))) throw new CancelledError();
  }

  const commit = planCommit(plan.tree, root, deps.fs, () => true);
  commitTree(plan.tree, root, commit, deps.fs);
  const written = [...commit.create, ...commit.update].sort();
  out.success(`${plan.added.length ? `Added ${plan.added.join(", ")}` : "Updated the project"} (${written.length} file(s)):`);
  for (const path of written) out.file({ path, action: commit.create.includes(path) ? "created" : "changed" });
  if (plan.present.length) out.note(`Already there: ${plan.present.join(", ")}.`);

  await afterWrite(plan, opts, deps);
  return { written, plan };
}

async function afterWrite(plan: AddPlan, opts: AddOptions, deps: AddDeps): Promise<void> {
  if (!plan.schemaChanged) return;
  if (plan.kind === "existing") return migrateExisting(plan, opts, deps);
  const { packageManager: pm, dependenciesAdded, orm } = plan.generated!;
  if (orm === "none") return out.info("No migration needed: the database adapter creates what it needs.");
  const migrate = runScriptCommand(pm, "db:migrate");
  if (opts.migrate === false) return out.nextSteps([migrate], "Skipped the migration (--no-migrate); run it with:");
  if (!deps.fs.existsSync(join(plan.root, "node_modules"))) return out.nextSteps([`${pm} install`, migrate], "Dependencies are not installed, so the database was not migrated; run:");
  if (dependenciesAdded) return out.nextSteps([`${pm} install`, migrate], "New dependencies were added to package.json; run:");
  const scripts = projectScripts(deps, plan.root);
  if (!scripts["db:migrate"]) return out.info(`package.json has no db:migrate script; update the database schema with your own migration tool.`);
  // Kysely's db:migrate compares with the live database itself; other ORMs first generate their migration from the new schema.
  if (orm !== "kysely" && scripts["db:generate"]) {
    const generate = runScriptCommand(pm, "db:generate");
    const generated = await out.step("Generating the migration", () => deps.run(pm, runScriptArgs("db:generate"), plan.root), { succeeded: (r) => r.ok });
    if (!generated.ok) throw new StepError(`Generating the migration failed:\n${tail(generated.output)}`, `cd ${plan.root} && ${generate} && ${migrate}`);
  }
  const result = await out.step("Migrating the database", () => deps.run(pm, runScriptArgs("db:migrate"), plan.root), { succeeded: (r) => r.ok });
  if (!result.ok) throw new StepError(`Migrating the database failed:\n${tail(result.output)}`, `cd ${plan.root} && ${migrate}`);
  // The script's own last words (npm's "> tsx scripts/migrate.ts" echo left out).
  out.info(tail(result.output.split("\n").filter((l) => l.trim() && !l.startsWith(">")).join("\n"), 3));
}

function projectScripts(deps: AddDeps, root: string): Record<string, string> {
  try {
    return JSON.parse(deps.fs.readFileSync(join(root, "package.json"), "utf8") as string).scripts ?? {};
  } catch {
    return {};
  }
}

/** An existing project migrates with its own tool and scripts; every command run is printed. */
async function migrateExisting(plan: AddPlan, opts: AddOptions, deps: AddDeps): Promise<void> {
  const { planMigration, displayStep } = await import("./migrate-existing.js");
  const orm = plan.orm ?? { adapter: "kysely" as const, schemaFiles: [] };
  if (orm.adapter === "mongodb") return out.info("MongoDB needs no migration for the new fields.");
  const migration = planMigration(plan.root, deps.fs as never, orm.adapter, orm.schemaFiles[0], plan.authExport ?? null);
  const commands = migration.steps.map(displayStep);
  if (commands.length === 0) return out.info(`Update your database schema with your own migration tool (${migration.blocked ?? "no migration command is known for this project"}).`);
  if (opts.migrate === false) return out.nextSteps(commands, "Skipped the migration (--no-migrate); update the database with:");
  if (migration.blocked) return out.nextSteps(commands, `Not migrated: ${migration.blocked}. Then update the database with:`);
  const asking = migration.steps.find((s) => s.needsTerminal);
  if (asking && !opts.interactive) return out.nextSteps(commands, `Not migrated: ${asking.needsTerminal}, and there is no terminal here. Update the database from a terminal with:`);
  for (const [i, step] of migration.steps.entries()) {
    const cwd = join(plan.root, step.cwd);
    if (step.needsTerminal) {
      // The tool's own questions go to the user: it runs on this terminal, not behind a spinner.
      out.info(`Running ${commands[i]} (it may ask you to confirm):`);
      const { spawnSync } = await import("node:child_process");
      const status = spawnSync(step.command, step.args, { cwd, stdio: "inherit", env: { ...process.env, ...step.env } }).status;
      if (status !== 0) throw new StepError(`${commands[i]} failed (exit ${status}).`, `cd ${plan.root} && ${commands.slice(i).join(" && ")}`);
      continue;
    }
    const result = await out.step(`Running ${commands[i]}`, () => deps.run(step.command, step.args, cwd, step.env), { succeeded: (r) => r.ok });
    if (!result.ok) throw new StepError(`${commands[i]} failed:\n${tail(result.output)}`, `cd ${plan.root} && ${commands.slice(i).join(" && ")}`);
    out.info(`Ran ${commands[i]}`);
  }
}

// Entry point. Only commander and the catalog load up front; each command imports its own code
// when it runs, so `--help` and `--version` stay fast.
import { Command, Option } from "commander";
import { API_CLIENTS, BACKENDS, DATABASES, FRAMEWORKS, ORMS, PACKAGE_MANAGERS, PLUGINS, PROVIDERS, SECONDARY_STORAGES, SQLITE_DRIVERS } from "./config/catalog.js";
import { describeFsError, EXIT, isFsError, redact } from "./cli/errors.js";

/** Inlined by scripts/build.mjs from package.json, so start-up reads no file for it. */
declare const __CAS_VERSION__: string;
const version = __CAS_VERSION__;
const argv = process.argv.slice(2);
/** `--json`: one JSON object on stdout, no prompts, no progress (README "For scripts and coding agents"). */
const json = (argv.includes("--") ? argv.slice(0, argv.indexOf("--")) : argv).includes("--json");
const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY) && process.env.CI !== "true" && !json;
/** Commands whose `--json` prints the { ok, command, files, steps, … } object. */
const ENVELOPED = new Set(["create", "add-field", "add", "generate", "migrate", "schema"]);
const JSON_HELP = "print one JSON object on stdout (no prompts, no progress); see README";
const collect = (value: string, previous: string[] = []) => [...previous, value];

async function report(error: unknown): Promise<never> {
  const { out, errorRecord } = await import("./cli/output.js");
  const e = error as { name?: string; message?: string; exitCode?: number; retry?: string; code?: string };
  if (jsonReport) {
    const record = errorRecord(error, isFsError(error) ? `${describeFsError(error)}.` : undefined);
    if (record.code === "INTERNAL") console.error(redact(error instanceof Error ? (error.stack ?? error.message) : String(error)));
    writeJson(jsonReport.fail({ ...record, ...(e?.retry ? { retry: e.retry } : {}) }));
    process.exit(e?.exitCode ?? EXIT.failed);
  }
  if (json && argv[0] === "doctor") {
    // doctor prints its own { ok, checks } object; when it cannot run at all, the same shape says why.
    const record = errorRecord(error, isFsError(error) ? `${describeFsError(error)}.` : undefined);
    if (record.code === "INTERNAL") console.error(redact(error instanceof Error ? (error.stack ?? error.message) : String(error)));
    writeJson({ ok: false, checks: [], error: record });
    process.exit(e?.exitCode ?? EXIT.failed);
  }
  if (e?.name === "CancelledError") {
    // The prompt already said "Cancelled; nothing was written."
  } else if (e?.name === "UserError") {
    out.error(e.message!);
  } else if (e?.name === "StepError") {
    out.error(e.message!);
    if (e.retry) out.info(`The files are in place; fix the cause and retry with:\n  ${e.retry}`);
  } else if (isFsError(error)) {
    // A file-system failure nothing turned into a sentence yet: still one line, never a stack.
    out.error(`${describeFsError(error)}.`);
  } else {
    // A bug, not a user error: keep the stack so it can be reported (without credentials).
    console.error(redact(error instanceof Error ? (error.stack ?? error.message) : String(error)));
  }
  process.exit(e?.exitCode ?? EXIT.failed);
}

/** Set when a command with `--json` starts: it gathers the output that is printed at the end. */
let jsonReport: import("./cli/output.js").Report | undefined;
let writeJson: (value: unknown) => void = (value) => void process.stdout.write(`${JSON.stringify(value)}\n`);

const program = new Command("create-auth-service")
  .version(version, "-v, --version")
  .description("Scaffold a Better Auth service, and add fields, plugins and providers to it later.")
  .showSuggestionAfterError()
  .configureOutput({ outputError: (str, write) => write(redact(str)) })
  .exitOverride((err) => {
    // commander's own usage errors (unknown option, missing value) are bad usage: exit 2.
    if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") process.exit(0);
    // Bad usage is found before any command starts: its JSON object is written here.
    if (json) {
      // A value a flag does not accept (--framework nope) is INVALID_OPTION, naming the flag; the rest is USAGE.
      const flag = err.code === "commander.invalidArgument" ? /option '(--?[\w-]+)/.exec(err.message)?.[1] : undefined;
      const error = { code: flag ? "INVALID_OPTION" : "USAGE", message: redact(err.message.replace(/^error: /, "")), ...(flag ? { flag } : {}) };
      const command = program.commands.find((c) => c.name() === argv[0])?.name() ?? "create";
      writeJson({ ok: false, command, error, files: [], steps: [], warnings: [], nextSteps: [], messages: [] });
    }
    process.exit(EXIT.usage);
  })
  .hook("preAction", async (_program, command) => {
    if (!command.opts().json || !ENVELOPED.has(command.name())) return;
    const { Report, reserveStdout, useSink } = await import("./cli/output.js");
    const write = reserveStdout();
    writeJson = (value) => write(`${JSON.stringify(value)}\n`);
    const report = (jsonReport = new Report(command.name()));
    useSink(report);
    // Ctrl-C (or a SIGINT from a supervisor) still ends with one object, and exit 130.
    process.once("SIGINT", () => {
      writeJson(report.fail({ code: "CANCELLED", message: "Cancelled; files written so far are listed." }));
      process.exit(EXIT.cancelled);
    });
  });

program
  .command("create [directory]", { isDefault: true })
  .description("create a new auth service (the default command)")
  .addOption(new Option("--framework <name>", "HTTP framework").choices(FRAMEWORKS))
  .addOption(new Option("--database <name>", "database").choices(DATABASES))
  .option("--database-url <url>", "connection string (default for sqlite: file:./data/auth.db)")
  .addOption(new Option("--orm <name>", "schema management").choices(ORMS))
  .addOption(new Option("--sqlite-driver <name>", "SQLite driver (default: node on Node >= 22.13, else better-sqlite3)").choices(SQLITE_DRIVERS))
  .addOption(new Option("--secondary-storage <name>", "sessions and rate limits shared by several instances (default none)").choices(SECONDARY_STORAGES))
  .option("--providers <list>", "comma list of social providers, e.g. github,google")
  .option("--plugins <list>", `comma list of plugins (${PLUGINS.join(", ")}); default jwt,bearer; "none" for none`)
  .option("--field <spec>", 'custom user field, repeatable: name:type[:modifier…], e.g. "tier:enum(free|pro):default=free"', collect)
  .option("--custom-fields <specs>", 'several field specs separated by spaces, e.g. "role:string tier:string"')
  .addOption(new Option("--backend <name>", "resource-server security module").choices(BACKENDS))
  .addOption(new Option("--api-client <name>", "TypeScript API client").choices(API_CLIENTS))
  .option("--port <number>", "port of the auth service (default 3001)")
  .option("--project-name <name>", "npm package name (default: the directory name)")
  .option("--project-dir <dir>", "target directory (same as the positional argument)")
  .addOption(new Option("--package-manager <name>", "package manager (default: the one that ran this)").choices(PACKAGE_MANAGERS))
  .option("--cross-site-cookies", "SameSite=None; Secure; Partitioned cookies for front-ends or webviews on another site (needs HTTPS)")
  .option("--docker", "Dockerfile, compose.yaml and .dockerignore (default)")
  .option("--no-docker", "skip the Docker files")
  .option("--install", "install dependencies (default)")
  .option("--no-install", "skip installing dependencies")
  .option("--migrate", "generate and migrate the database (default)")
  .option("--no-migrate", "skip the database migration")
  .option("--git", "initialise a git repository (default)")
  .option("--no-git", "skip git init")
  .option("-y, --yes", "use defaults for everything not given; never prompt")
  .option("--dry-run", "print the files that would be written, write nothing")
  .option("--force", "allow a non-empty target directory (existing files are still never replaced)")
  .option("--config <file>", "JSON file with the same keys as the flags (or a project's create-auth-service.json)")
  .option("--json", JSON_HELP)
  .addHelpText("after", `
Field modifiers: optional, required, default=VALUE, unique, index, input, no-input, no-return
Field types: string number boolean date json string[] number[] enum(a|b|c)

Examples:
  npx create-auth-service my-auth --yes
  npx create-auth-service my-auth --framework express --database postgres \\
      --database-url postgres://postgres@127.0.0.1:5432/auth --field "tier:enum(free|pro):default=free" --yes

Exit codes: 0 done, 1 a later step failed (files kept), 2 bad usage or input (nothing written), 130 cancelled.

Other commands: generate, migrate, doctor, rotate-secret, schema, mcp (see: create-auth-service help).
Add --json to any command for one JSON object on stdout (scripts, CI, coding agents).`)
  .action(async (directory: string | undefined, flags) => {
    const { createCommand } = await import("./cli/create.js");
    await createCommand(directory, flags, { version, interactive });
  });

program
  .command("generate")
  .description("inside a generated project: write the SQL that would update the database")
  .option("--cwd <dir>", "project directory", ".")
  .option("--json", JSON_HELP)
  .action(async (flags: { cwd: string }) => {
    const { projectScript } = await import("./cli/project-scripts.js");
    await projectScript(flags.cwd, "db:generate");
  });

program
  .command("migrate")
  .description("inside a generated project: bring the database schema up to date")
  .option("--cwd <dir>", "project directory", ".")
  .option("--json", JSON_HELP)
  .action(async (flags: { cwd: string }) => {
    const { projectScript } = await import("./cli/project-scripts.js");
    await projectScript(flags.cwd, "db:migrate");
  });

const addOptions = (command: Command) =>
  command
    .option("--cwd <dir>", "project directory", ".")
    .option("--config <file>", "your Better Auth config (auth.ts), for projects not made by this tool")
    .option("--dry-run", "print the diff of every file it would change, write nothing")
    .option("-y, --yes", "write without asking (required without a terminal)")
    .option("--no-migrate", "do not run the project's db:migrate afterwards")
    .option("--force", "replace generated files you edited (listed), or add a required field when the rows cannot be counted")
    .option("--json", JSON_HELP);

addOptions(
  program
    .command("add-field <spec...>")
    .description("add custom user fields to a project (same specs as --field)"),
)
  .addHelpText("after", `
Examples:
  npx create-auth-service add-field "company:string:optional" "level:number:default=1" --yes
  npx create-auth-service add-field "tier:enum(free|pro):default=free" --dry-run

Exit codes: 0 done (or nothing to change), 1 the migration failed (files kept), 2 refused (nothing written).`)
  .action(async (specs: string[], flags) => {
    const { addFieldCommand } = await import("./cli/add.js");
    await addFieldCommand(specs, flags, { version, interactive });
  });

addOptions(
  program
    .command("add <kind> <names...>")
    .description("add plugins (add plugin two-factor) or social providers (add provider github) to a project"),
)
  .addHelpText("after", `
Plugins: ${PLUGINS.join(", ")}
Providers: ${PROVIDERS.join(", ")}

Examples:
  npx create-auth-service add plugin two-factor --yes
  npx create-auth-service add provider github google --dry-run`)
  .action(async (kind: string, names: string[], flags) => {
    const { addCommand } = await import("./cli/add.js");
    await addCommand(kind, names, flags, { version, interactive });
  });

program
  .command("doctor")
  .description("check a Better Auth project: env, database schema, JWKS keys vs secrets, Redis, package versions")
  .option("--cwd <dir>", "project directory", ".")
  .option("--json", "print { ok, checks: [{ id, ok, message, fix }] }")
  .addHelpText("after", "\nExit codes: 0 every check holds, 1 a check failed, 2 not a Better Auth project.")
  .action(async (flags: { cwd: string; json?: boolean }) => {
    const { doctorCommand } = await import("./doctor/command.js");
    await doctorCommand(flags);
  });

program
  .command("rotate-secret")
  .description("add a fresh secret version to .env (BETTER_AUTH_SECRETS); older versions stay until you remove them")
  .option("--cwd <dir>", "project directory", ".")
  .action(async (flags: { cwd: string }) => {
    const { rotateSecretCommand } = await import("./doctor/rotate-secret.js");
    await rotateSecretCommand(flags);
  });

program
  .command("schema")
  .description("print the JSON Schema of the config file")
  .option("--json", JSON_HELP)
  .action(async () => {
    const { printJsonSchema } = await import("./config/json-schema.js");
    printJsonSchema();
  });

program
  .command("mcp")
  .description("serve the tools of this CLI to coding agents: a Model Context Protocol server on stdio")
  .action(async () => {
    const { serveMcp } = await import("./mcp/server.js");
    await serveMcp({ version });
  });

// For scripts/matrix.mjs, not users: the closed sets of choices as JSON, so a new framework,
// database, ORM, storage or plugin joins the test matrix without an edit there.
program
  .command("catalog", { hidden: true })
  .option("--json", "print the choices as JSON")
  .action(async (flags: { json?: boolean }) => {
    const { UserError } = await import("./cli/errors.js");
    if (!flags.json) throw new UserError('"catalog" is a reserved word (it prints the choices with --json); to create ./catalog run: create-auth-service create catalog');
    const { DEFAULT_PLUGINS } = await import("./config/catalog.js");
    const { projectConfigSchema } = await import("./config/schema.js");
    const { framework, database, orm, secondaryStorage } = projectConfigSchema.parse({ projectName: "x" });
    console.log(JSON.stringify({
      frameworks: FRAMEWORKS, databases: DATABASES, orms: ORMS, secondaryStorages: SECONDARY_STORAGES,
      plugins: PLUGINS, defaultPlugins: DEFAULT_PLUGINS, backends: BACKENDS, apiClients: API_CLIENTS,
      defaults: { framework, database, orm, secondaryStorage },
    }));
  });

// A bare `--help` describes the default command (create), whose flags are what users look for.
if (argv[0] === "-h" || argv[0] === "--help") argv.unshift("create");

try {
  await program.parseAsync(argv, { from: "user" });
  if (jsonReport) writeJson(jsonReport.finish());
} catch (error) {
  await report(error);
}

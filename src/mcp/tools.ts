// What each MCP tool does: the same code paths as the CLI commands, run without a terminal
// (every answer comes from the arguments; nothing is asked), reported through a Report sink.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { unifiedDiff } from "../add/diff.js";
import { runAdd } from "../add/run.js";
import { createProject } from "../cli/create.js";
import { UserError } from "../cli/errors.js";
import type { Report } from "../cli/output.js";
import * as catalog from "../config/catalog.js";
import { configJsonSchema } from "../config/json-schema.js";
import { runDoctor } from "../doctor/index.js";
import { projectConfigSchema } from "../config/schema.js";
import { detectPackageManager } from "../run/package-manager.js";
import {
  addFieldsInputSchema, addPluginsInputSchema, addProvidersInputSchema, createInputSchema, parseAddArgs, parseCreateArgs, planInputSchema,
} from "./inputs.js";

type Args = Record<string, unknown>;
export interface ToolContext {
  version: string;
}
export interface ToolDefinition {
  name: string;
  description: string;
  inputSchema: () => { type: "object"; [key: string]: unknown };
  /** Runs with `report` as the output sink; what it returns is added to the result object. */
  run: (args: Args, report: Report, ctx: ToolContext) => Promise<Record<string, unknown> | void>;
}

function describeOptions(): Record<string, unknown> {
  const defaults = projectConfigSchema.parse({ projectName: "x" }) as Record<string, unknown>;
  delete defaults.projectName;
  return {
    choices: {
      frameworks: catalog.FRAMEWORKS, databases: catalog.DATABASES, orms: catalog.ORMS, sqliteDrivers: catalog.SQLITE_DRIVERS,
      secondaryStorages: catalog.SECONDARY_STORAGES, plugins: catalog.PLUGINS, providers: catalog.PROVIDERS, backends: catalog.BACKENDS,
      apiClients: catalog.API_CLIENTS, packageManagers: catalog.PACKAGE_MANAGERS, fieldTypes: [...catalog.FIELD_TYPES, "enum(a|b|…)"],
      fieldModifiers: ["optional", "required", "default=VALUE", "unique", "index", "input", "no-input", "no-return", "max=N"],
    },
    defaults,
    fieldSpecExample: "tier:enum(free|pro):default=free",
    configSchema: configJsonSchema(),
  };
}

async function create(args: Args, ctx: ToolContext, dryRun: boolean) {
  const { directory, partial, force } = parseCreateArgs(args, dryRun);
  return createProject(directory, { packageManager: detectPackageManager(), ...partial }, { yes: true, dryRun, force }, { version: ctx.version, interactive: false });
}

const addTool = (name: string, key: "fields" | "plugins" | "providers", description: string, inputSchema: ToolDefinition["inputSchema"]): ToolDefinition => ({
  name,
  description,
  inputSchema,
  async run(args, _report, ctx) {
    const { cwd, names, config, dryRun, migrate, force } = parseAddArgs(args, key);
    const request = { fields: [] as string[], plugins: [] as string[], providers: [] as string[], [key]: names };
    await runAdd(request, { cwd, config, dryRun, yes: true, migrate, force, interactive: false, toolVersion: ctx.version });
  },
});

export const TOOLS: ToolDefinition[] = [
  {
    name: "describe_options",
    description: "Every choice create-auth-service offers (frameworks, databases, ORMs, plugins, providers, field types), the defaults, and the JSON Schema of the config keys that plan_project and create_project take.",
    inputSchema: () => ({ type: "object", properties: {}, additionalProperties: false }),
    run: async () => describeOptions(),
  },
  {
    name: "plan_project",
    description: "What create_project would write, without writing anything: each file with its content (or, next to existing files with force, a diff). Same arguments as create_project.",
    inputSchema: planInputSchema,
    async run(args, report, ctx) {
      const { content } = parseCreateArgs(args, true);
      const { tree, root } = await create(args, ctx, true);
      for (const file of report.files) {
        const after = tree.read(file.path) ?? "";
        if (file.action === "would-change") {
          const full = join(root, file.path);
          file.diff = unifiedDiff(file.path, existsSync(full) ? readFileSync(full, "utf8") : null, after);
        } else if (content) file.content = after;
      }
    },
  },
  {
    name: "create_project",
    description: "Create a Better Auth service in a new directory (as `create-auth-service <directory> --yes` with these options), then install, migrate and git-init unless install, migrate or git is false. Installing takes minutes: pass install: false to only write the files.",
    inputSchema: createInputSchema,
    async run(args, _report, ctx) {
      const { root } = await create(args, ctx, false);
      return { directory: root };
    },
  },
  addTool("add_fields", "fields", "Add custom user fields to a project (as `add-field <spec…> --yes`): edits the auth config, schema and types, then migrates unless migrate is false. dryRun returns the diffs only.", addFieldsInputSchema),
  addTool("add_plugins", "plugins", "Add Better Auth plugins to a project (as `add plugin <name…> --yes`). dryRun returns the diffs only.", addPluginsInputSchema),
  addTool("add_providers", "providers", "Add social sign-in providers to a project (as `add provider <name…> --yes`). dryRun returns the diffs only.", addProvidersInputSchema),
  {
    name: "doctor",
    description: "Check a Better Auth project (as `doctor --json`): env, database schema, JWKS keys vs secrets, Redis, package versions. Returns { ok, checks: [{ id, ok, message, fix }] }; ok is false (and isError set) when a check fails.",
    inputSchema: () => ({
      type: "object",
      properties: { cwd: { type: "string", description: "the project directory (absolute, or relative to the server's working directory)" } },
      required: ["cwd"],
      additionalProperties: false,
    }),
    async run(args) {
      if (typeof args.cwd !== "string" || !args.cwd.trim()) throw new UserError(`"cwd" is required: pass the project directory.`, { code: "USAGE" });
      const { ok, checks } = await runDoctor(args.cwd);
      return { ok, checks };
    },
  },
];

// `add-field <spec…>` and `add plugin|provider <name…>`: commander glue around src/add/run.ts.
import { runAdd, type AddRequest } from "../add/run.js";
import { UserError } from "./errors.js";

export interface AddFlags {
  cwd?: string;
  config?: string;
  dryRun?: boolean;
  yes?: boolean;
  migrate?: boolean;
  force?: boolean;
}

export interface AddContext {
  version: string;
  interactive: boolean;
}

function options(flags: AddFlags, ctx: AddContext) {
  return {
    cwd: flags.cwd ?? ".",
    config: flags.config,
    dryRun: flags.dryRun ?? false,
    yes: flags.yes ?? false,
    migrate: flags.migrate ?? true,
    force: flags.force ?? false,
    interactive: ctx.interactive,
    toolVersion: ctx.version,
  };
}

export async function addFieldCommand(specs: string[], flags: AddFlags, ctx: AddContext): Promise<void> {
  const fields = specs.map((s) => s.trim()).filter(Boolean);
  if (fields.length === 0) throw new UserError(`Pass at least one field spec, e.g. add-field "tier:enum(free|pro):default=free".`);
  await runAdd({ fields, plugins: [], providers: [] }, options(flags, ctx));
}

export async function addCommand(kind: string, names: string[], flags: AddFlags, ctx: AddContext): Promise<void> {
  const list = names.flatMap((n) => n.split(",")).map((n) => n.trim()).filter(Boolean);
  const request: AddRequest = { fields: [], plugins: [], providers: [] };
  if (kind === "plugin" || kind === "plugins") request.plugins = list;
  else if (kind === "provider" || kind === "providers") request.providers = list;
  else if (kind === "field" || kind === "fields") request.fields = names;
  else throw new UserError(`Unknown kind "${kind}"; use add plugin <name…>, add provider <name…>, or add-field <spec…>.`);
  await runAdd(request, options(flags, ctx));
}

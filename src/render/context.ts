import { fieldMax, inJwt, validatorSource } from "../config/field-limits.js";
import type { CustomField } from "../config/field-spec.js";
import type { ResolvedConfig } from "../config/resolve.js";
import { PACKAGE_MANAGER_SPECS } from "../features/package-managers.js";
import type { Plan } from "../features/plan.js";

/** A custom field with every spelling the templates need, computed once here (not in templates). */
export interface FieldView extends CustomField {
  /** TypeScript type of the value, e.g. `string`, `"free" | "pro"`, `string[]`. */
  tsType: string;
  /** Better Auth `type:` literal as TS source, e.g. `"string"` or `["free", "pro"]`. */
  betterAuthType: string;
  /** TS source of the default value, e.g. `"free"`, `0`, `false`; undefined when none. */
  tsDefault?: string;
  /** Python annotation for the claims model, e.g. `str`, `Literal["free", "pro"]`, `list[str]`, `datetime`. */
  pyType: string;
  /** Python source of the default, e.g. `"free"`, `0`, `False`, `None`. */
  pyDefault: string;
  /** A JSON value a test may send at sign-up for this field (within its limits). */
  sampleJson: string;
  /** TS source of the value check in auth.fields.ts, e.g. `text(255)`, `list(100, integer)`. */
  validator: string;
  /** Whether the field is a JWT claim: returned, and neither a long string nor JSON. */
  jwtClaim: boolean;
}

export interface TemplateContext {
  toolVersion: string;
  /** This tool as the docs should run it again: `npx create-auth-service@1.2.3` or `node /abs/bin/create-auth-service.js`. */
  toolCommand: string;
  projectName: string;
  port: number;
  framework: ResolvedConfig["framework"];
  database: ResolvedConfig["database"];
  fields: FieldView[];
  /** Fields that appear in the JWT and the Python claims model (returned, and small enough). */
  claimFields: FieldView[];
  /** Fields a user may send at sign-up (input: true). */
  inputFields: FieldView[];
  plugins: Record<string, boolean>;
  providers: { id: string; envPrefix: string }[];
  serverImports: string[];
  serverPlugins: string[];
  serverOptions: Plan["serverOptions"];
  clientImports: string[];
  clientPlugins: string[];
  /** One line per feature for the generated README. */
  readme: string[];
  /** --cross-site-cookies: the README explains SameSite=None, CSRF and third-party cookie blocking. */
  crossSiteCookies: boolean;
  /** --docker: the README explains the Dockerfile and compose.yaml, and what was never run. */
  docker: boolean;
  runScript: string;
  packageManager: ResolvedConfig["packageManager"];
  /** Files the tool owns (rewritten by later commands, never to be edited by hand), for AGENTS.md. */
  ownedFiles: string[];
  /** backend/ holds the FastAPI security module (and backend/.env). */
  fastapiBackend: boolean;
  /** The schema is migrated (every database but MongoDB). */
  hasMigrations: boolean;
  /** api-client/ is generated. */
  hasApiClient: boolean;
  /** Files that are the user's, which the tool only adds to (splices, missing scripts or variables), for AGENTS.md. */
  sharedFiles: string[];
}

const q = (s: string) => JSON.stringify(s);

function tsType(f: CustomField): string {
  switch (f.type) {
    case "enum": return f.values!.map(q).join(" | ");
    case "date": return "Date";
    case "json": return "unknown";
    default: return f.type;
  }
}

function pyBaseType(f: CustomField): string {
  switch (f.type) {
    case "enum": return `Literal[${f.values!.map(q).join(", ")}]`;
    case "string": return "str";
    case "number": return "int";
    case "boolean": return "bool";
    case "date": return "datetime";
    case "json": return "Any";
    case "string[]": return "list[str]";
    case "number[]": return "list[int]";
  }
}

function pyLiteral(v: string | number | boolean): string {
  return typeof v === "boolean" ? (v ? "True" : "False") : typeof v === "number" ? String(v) : q(v);
}

function sample(f: CustomField): unknown {
  switch (f.type) {
    case "enum": return f.values![f.values!.length - 1];
    case "string": return `sample-${f.name}`.slice(0, fieldMax(f));
    case "number": return 42;
    case "boolean": return true;
    case "date": return "2030-01-02T03:04:05.000Z";
    case "json": return JSON.stringify({ sample: f.name }).length <= fieldMax(f)! ? { sample: f.name } : {};
    case "string[]": return ["a", "b"].slice(0, fieldMax(f));
    case "number[]": return [1, 2].slice(0, fieldMax(f));
  }
}

export function fieldView(f: CustomField): FieldView {
  // A claim can be absent/null unless the field is required or always filled by a default.
  const alwaysSet = f.required || f.defaultValue !== undefined;
  return {
    ...f,
    tsType: tsType(f),
    betterAuthType: f.type === "enum" ? `[${f.values!.map(q).join(", ")}]` : q(f.type),
    tsDefault: f.defaultValue === undefined ? undefined : JSON.stringify(f.defaultValue),
    pyType: alwaysSet ? pyBaseType(f) : `${pyBaseType(f)} | None`,
    pyDefault: f.defaultValue !== undefined ? pyLiteral(f.defaultValue) : alwaysSet ? "" : "None",
    sampleJson: JSON.stringify(sample(f)),
    validator: validatorSource(f),
    jwtClaim: inJwt(f),
  };
}

export function buildContext(config: ResolvedConfig, plan: Plan, toolVersion: string, toolCommand = `npx create-auth-service@${toolVersion}`): TemplateContext {
  const fields = config.fields.map(fieldView);
  return {
    toolVersion,
    // The registry package as the project's manager runs one (`pnpm dlx`, `yarn dlx`, `bunx`).
    toolCommand: toolCommand.replace(/^npx /, `${PACKAGE_MANAGER_SPECS[config.packageManager].dlx} `),
    projectName: config.projectName,
    port: config.port,
    framework: config.framework,
    database: config.database,
    fields,
    claimFields: fields.filter((f) => f.jwtClaim),
    inputFields: fields.filter((f) => f.input),
    plugins: Object.fromEntries(config.plugins.map((p) => [p.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()), true])),
    providers: config.providers.map((id) => ({ id, envPrefix: id.toUpperCase() })),
    serverImports: plan.serverImports,
    serverPlugins: plan.serverPlugins,
    serverOptions: plan.serverOptions,
    clientImports: plan.clientImports,
    clientPlugins: plan.clientPlugins,
    crossSiteCookies: config.crossSiteCookies,
    docker: config.docker,
    // Feature lines spell script commands as npm does; the README speaks the project's manager.
    readme: [
      ...plan.features.flatMap((f) => (f.readme ? [f.readme.replaceAll("`npm run ", `\`${PACKAGE_MANAGER_SPECS[config.packageManager].run} `)] : [])),
      ...(PACKAGE_MANAGER_SPECS[config.packageManager].readme ? [PACKAGE_MANAGER_SPECS[config.packageManager].readme!] : []),
    ],
    packageManager: config.packageManager,
    fastapiBackend: config.backend === "fastapi",
    hasMigrations: config.orm !== "none",
    hasApiClient: config.apiClient !== "none",
    // Filled in by renderProject once every file and its policy is known.
    ownedFiles: [],
    sharedFiles: [],
    runScript: PACKAGE_MANAGER_SPECS[config.packageManager].run,
  };
}

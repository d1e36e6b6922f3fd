import type { ResolvedConfig } from "../config/resolve.js";
import type { PackageName } from "../versions.js";

/** An environment variable a feature needs, written to `.env` (real value) and `.env.example`. */
export interface EnvVar {
  key: string;
  /** Value for `.env`; "secret" draws 32 random bytes from a CSPRNG at render time. */
  value: string | { secret: true };
  /** Value for `.env.example` (committed); defaults to `value` unless that is a secret. */
  example?: string;
  comment?: string;
  /** Which env file: the auth service's or the Python backend's. */
  target?: "service" | "backend";
}

/**
 * Where a feature's lines go in betterAuth({ ... }): `top` is the options object itself, the others
 * the inside of that option (auth.ts.hbs renders one loop per section). Each line is written as it
 * appears, trailing comma included, so a line may also be a `// why` comment.
 * `cookies` (inside `advanced`) is one policy, not a list: the last feature that sets it wins.
 * `rateLimitRules` go into `rateLimit.customRules` ahead of the base rules: the first matching path wins.
 */
export const SERVER_OPTION_SECTIONS = ["top", "emailAndPassword", "session", "rateLimit", "rateLimitRules", "cookies"] as const;
/** Sections whose lines come from the last feature that sets them instead of every feature's. */
export const REPLACED_SECTIONS: readonly ServerOptionSection[] = ["cookies"];
export type ServerOptionSection = (typeof SERVER_OPTION_SECTIONS)[number];
export type ServerOptions = Partial<Record<ServerOptionSection, string[]>>;

export interface ImportSpec {
  from: string;
  names: string[];
}

/**
 * A feature is a small declarative module: what it adds to a generated project. The planner
 * collects the features that apply; nothing else decides which templates render.
 */
export interface Feature {
  id: string;
  /** Features this one builds on (e.g. the mailer); the planner adds each once, before the first user. */
  requires?: Feature[];
  /** Template folders under templates/, rendered in order (later folders may add files). */
  templates?: string[];
  dependencies?: PackageName[];
  devDependencies?: PackageName[];
  /** Versions that replace VERSIONS' for this project (e.g. Node 22's types where Node 22 is required). */
  versions?: Partial<Record<PackageName, string>>;
  /** The generated `engines.node`, when this feature needs more than GENERATED_NODE_ENGINES. */
  engines?: string;
  scripts?: Record<string, string>;
  env?: EnvVar[];
  /**
   * Imports and calls for the `plugins: [...]` array of the server's betterAuth() options.
   * `pluginsLast` go after every feature's `plugins` (e.g. `nextCookies()`, which must be last).
   * `options` are source lines for the options object itself, by section (see ServerOptionSection).
   */
  server?: { imports: ImportSpec[]; plugins: string[]; pluginsLast?: string[]; options?: ServerOptions };
  /** Same for createAuthClient(). */
  client?: { imports: ImportSpec[]; plugins: string[] };
  /**
   * How later runs treat the files this feature adds (see Policy in src/render/tree.ts); files not
   * listed are `owned`. The user's auth config and client are `ast-edit`: spliced, never replaced.
   */
  policies?: Record<string, "ast-edit" | "user">;
  /** Files computed from the config rather than templated (e.g. an ORM schema), written after the templates. */
  files?: (config: ResolvedConfig) => Record<string, string>;
  /** One line for the generated README's "What is inside" list. */
  readme?: string;
}

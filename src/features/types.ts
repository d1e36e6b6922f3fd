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
  /** Template folders under templates/, rendered in order (later folders may add files). */
  templates?: string[];
  dependencies?: PackageName[];
  devDependencies?: PackageName[];
  scripts?: Record<string, string>;
  env?: EnvVar[];
  /** Imports and calls for the `plugins: [...]` array of the server's betterAuth() options. */
  server?: { imports: ImportSpec[]; plugins: string[] };
  /** Same for createAuthClient(). */
  client?: { imports: ImportSpec[]; plugins: string[] };
  /** User columns the feature adds itself: custom fields may not reuse them. */
  userFields?: string[];
  /** One line for the generated README's "What is inside" list. */
  readme?: string;
}

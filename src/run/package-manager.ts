import type { PackageManager } from "../config/catalog.js";

/** `npm create`, `pnpm create`, `yarn create`, `bun create` all announce themselves here. */
export function detectPackageManager(userAgent = process.env.npm_config_user_agent ?? ""): PackageManager {
  const name = userAgent.split("/")[0];
  return name === "pnpm" || name === "yarn" || name === "bun" ? name : "npm";
}

/** npm, pnpm, yarn and bun all spell these the same way: `<pm> install`, `<pm> run <script>`. */
export const runScriptArgs = (script: string): string[] => ["run", script];

export const runScriptCommand = (pm: PackageManager | string, script: string): string => `${pm} run ${script}`;

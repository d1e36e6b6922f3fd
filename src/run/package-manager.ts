import type { PackageManager } from "../config/catalog.js";

/** `npm create`, `pnpm create`, `yarn create`, `bun create` all announce themselves here. */
export function detectPackageManager(userAgent = process.env.npm_config_user_agent ?? ""): PackageManager {
  const name = userAgent.split("/")[0];
  return name === "pnpm" || name === "yarn" || name === "bun" ? name : "npm";
}

export function installArgs(_pm: PackageManager): string[] {
  return ["install"];
}

export function runScriptArgs(pm: PackageManager, script: string): string[] {
  return pm === "npm" ? ["run", script] : ["run", script];
}

export function runScriptCommand(pm: PackageManager, script: string): string {
  return pm === "npm" ? `npm run ${script}` : `${pm} run ${script}`;
}

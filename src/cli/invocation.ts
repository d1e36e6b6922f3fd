import { realpathSync } from "node:fs";
import { sep } from "node:path";

/**
 * The command that runs this very tool again, for the lines it prints and writes (the recreate
 * command, the generated README and AGENTS.md): an installed package (npx, a global or project
 * install) is named with its exact version; a local checkout by the absolute path of its script,
 * since `npx create-auth-service` would fetch a different build from the registry, or none at all.
 */
export function toolInvocation(version: string, script: string | undefined = process.argv[1]): string {
  if (!script) return `npx create-auth-service@${version}`;
  let path = script;
  try {
    path = realpathSync(script);
  } catch {
    // A script that cannot be resolved (deleted since start): its given path is the best guess.
  }
  if (path.split(sep).includes("node_modules")) return `npx create-auth-service@${version}`;
  return `node ${/^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`}`;
}

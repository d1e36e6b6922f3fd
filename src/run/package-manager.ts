import { PACKAGE_MANAGERS, type PackageManager } from "../config/catalog.js";
import { PACKAGE_MANAGER_SPECS } from "../features/package-managers.js";

/** `npm create`, `pnpm create`, `yarn create`, `bun create` all announce themselves here. */
export function detectPackageManager(userAgent = process.env.npm_config_user_agent ?? ""): PackageManager {
  const name = userAgent.split("/")[0];
  return name === "pnpm" || name === "yarn" || name === "bun" ? name : "npm";
}

const known = (pm: string): pm is PackageManager => (PACKAGE_MANAGERS as readonly string[]).includes(pm);

/** npm, pnpm, yarn (2+) and bun all accept `<pm> install` and `<pm> run <script>`. */
export const runScriptArgs = (script: string): string[] => ["run", script];

/** The command a person types to run a script, in the manager's usual spelling. */
export const runScriptCommand = (pm: PackageManager | string, script: string): string =>
  `${known(pm) ? PACKAGE_MANAGER_SPECS[pm].run : `${pm} run`} ${script}`;

/**
 * Whether the package manager can be started: `probe` runs `<pm> --version` (injected so the
 * decision is testable without child processes). Returns the error message, or null when usable.
 */
export async function checkPackageManager(pm: PackageManager, probe: (pm: PackageManager) => Promise<boolean>): Promise<string | null> {
  if (await probe(pm)) return null;
  const hint = pm === "npm" ? "reinstall Node.js" : pm === "bun" ? "install Bun" : `install it (corepack enable, or npm install -g ${pm})`;
  return `--package-manager ${pm}: ${pm} was not found on PATH (\`${pm} --version\` failed); ${hint}, pick another with --package-manager, or pass --no-install.`;
}

/** `<pm> --version` from a neutral folder (Yarn 2+ refuses to run inside an unrelated project). */
export async function probePackageManager(pm: PackageManager): Promise<boolean> {
  const { run } = await import("./exec.js");
  const { tmpdir } = await import("node:os");
  return (await run(pm, ["--version"], tmpdir())).ok;
}

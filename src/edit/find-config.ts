// Which of the `betterAuth(...)` calls a scan found is the project's config.
import { UserError } from "../cli/errors.js";
import type { FoundServer, ProjectScan } from "./find-project.js";

/**
 * The project's one Better Auth server config from a scan (`scanAuthProject`). Several → a user
 * error listing them (file:line) and naming the flag; none → one saying what was searched.
 */
export function chooseServerConfig(scan: Pick<ProjectScan, "servers" | "searched" | "skipped">, flag = "--config"): FoundServer {
  if (scan.servers.length === 1) return scan.servers[0];
  if (scan.servers.length > 1) {
    const list = scan.servers.map((s) => `${s.file}:${s.line}`).join(", ");
    throw new UserError(`Found ${scan.servers.length} betterAuth(...) configs (${list}); pick one with ${flag} <path>.`);
  }
  const unreadable = scan.skipped.length > 0 ? ` (${scan.skipped.length} file${scan.skipped.length === 1 ? "" : "s"} could not be parsed: ${scan.skipped.map((s) => s.file).join(", ")})` : "";
  throw new UserError(`No Better Auth config found: no betterAuth(...) call imported from "better-auth" in ${scan.searched}${unreadable}; pass its path with ${flag} <path>.`, { code: "NOT_A_PROJECT" });
}

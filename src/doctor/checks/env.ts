// The env check is the generated project's own (templates/base/scripts/doctor/env-check.ts, with its
// secret rule in src/secret-strength.ts): one implementation for the project and for this CLI.
import { PROVIDERS } from "../../config/catalog.js";
export { envChecks } from "../../../templates/base/scripts/doctor/env-check.js";

/** Providers a project not made by this tool configures: those with a <ID>_CLIENT_ID or _CLIENT_SECRET set. */
export function providersInEnv(env: Record<string, string | undefined>): string[] {
  return PROVIDERS.filter((id) => env[`${id.toUpperCase()}_CLIENT_ID`] || env[`${id.toUpperCase()}_CLIENT_SECRET`]);
}

// `rotate-secret`: a fresh CSPRNG secret becomes the current version in .env's BETTER_AUTH_SECRETS.
// Older versions stay (sessions they signed and JWKS keys they encrypted keep working) until you
// remove them; BETTER_AUTH_SECRET stays as the fallback for data made before versioned secrets.
import { existsSync, readFileSync, statSync, writeFileSync, chmodSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseEnv } from "node:util";
import { formatSecretVersions, parseSecretVersions, type SecretVersion } from "../../templates/base/src/secret-versions.js";
import { UserError } from "../cli/errors.js";
import { newSecret } from "../render/env-file.js";

export interface Rotation {
  path: string;
  version: number;
  kept: number[];
}

/** The new .env text: BETTER_AUTH_SECRETS with `fresh` first, replacing the line or added after BETTER_AUTH_SECRET. */
export function rotateEnvText(text: string, fresh: string): { text: string; version: number; kept: number[] } {
  const env = parseEnv(text) as Record<string, string>;
  let versions: SecretVersion[];
  try {
    versions = env.BETTER_AUTH_SECRETS ? parseSecretVersions(env.BETTER_AUTH_SECRETS) : env.BETTER_AUTH_SECRET ? [{ version: 1, value: env.BETTER_AUTH_SECRET }] : [];
  } catch (error) {
    throw new UserError(`.env: ${(error as Error).message}`, { code: "INVALID_CONFIG" });
  }
  if (versions.length === 0) throw new UserError(".env sets neither BETTER_AUTH_SECRET nor BETTER_AUTH_SECRETS; add one first (openssl rand -base64 32).", { code: "INVALID_CONFIG" });
  const version = Math.max(...versions.map((v) => v.version)) + 1;
  const line = `BETTER_AUTH_SECRETS=${formatSecretVersions([{ version, value: fresh }, ...versions])}`;
  const lines = text.split("\n");
  const existing = lines.findIndex((l) => /^\s*(export\s+)?BETTER_AUTH_SECRETS\s*=/.test(l));
  if (existing >= 0) lines[existing] = line;
  else {
    const legacy = lines.findIndex((l) => /^\s*(export\s+)?BETTER_AUTH_SECRET\s*=/.test(l));
    const comment = "# Versioned secrets, current first; remove an old one once nothing needs it (npm run doctor)";
    lines.splice(legacy >= 0 ? legacy + 1 : lines.length, 0, comment, line);
  }
  return { text: lines.join("\n"), version, kept: versions.map((v) => v.version) };
}

export function rotateSecret(cwd: string): Rotation {
  const path = join(resolve(cwd), ".env");
  if (!existsSync(path)) throw new UserError(`${path} does not exist; run rotate-secret in the service's folder or pass --cwd <project dir>.`, { code: "NOT_A_PROJECT", path });
  const mode = statSync(path).mode & 0o777;
  const next = rotateEnvText(readFileSync(path, "utf8"), newSecret());
  writeFileSync(path, next.text);
  chmodSync(path, mode); // the secrets file keeps its permissions (0600 as created)
  return { path, version: next.version, kept: next.kept };
}

export async function rotateSecretCommand(flags: { cwd: string }): Promise<void> {
  const { out } = await import("../cli/output.js");
  const rotation = rotateSecret(flags.cwd);
  out.info(
    `Added secret version ${rotation.version} to ${rotation.path} (current from the next start; kept: ${rotation.kept.join(", ")}).\n` +
      "Restart the service. Existing sessions and JWT signing keys keep working while the older versions stay;\n" +
      "remove one only when `npm run doctor` reports no JWKS key needing it and the sessions it signed have expired.",
  );
}

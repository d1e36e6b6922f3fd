// The jwt plugin keeps its signing keys in the `jwks` table, each private key encrypted with the
// secret current when it was made (Better Auth's symmetricEncrypt). A key that no configured secret
// decrypts cannot sign: /api/auth/token fails once it is the newest key. This decrypts each one
// with exactly the secrets the service is configured with.
import { symmetricDecrypt } from "better-auth/crypto";
import { parseSecretVersions } from "../../src/secret-versions.js";
import { fail, pass, type Check } from "./report.js";

interface JwkRow {
  id: string;
  privateKey: string;
  createdAt?: Date | string;
}

type Env = Record<string, string | undefined>;

/** The key Better Auth decrypts with: versioned secrets (plus BETTER_AUTH_SECRET for older keys), or the one secret. */
function secretConfig(env: Env) {
  const legacy = env.BETTER_AUTH_SECRET || env.AUTH_SECRET || undefined;
  if (!env.BETTER_AUTH_SECRETS) return legacy;
  const versions = parseSecretVersions(env.BETTER_AUTH_SECRETS);
  return { keys: new Map(versions.map((s) => [s.version, s.value])), currentVersion: versions[0].version, legacySecret: legacy };
}

/** Which secret a stored key says it needs: "$ba$<version>$…" is versioned, bare hex is the single-secret format. */
function neededSecret(privateKey: string): string {
  const version = /^"?\$ba\$(\d+)\$/.exec(privateKey)?.[1];
  return version === undefined ? "the BETTER_AUTH_SECRET it was created with" : `secret version ${version}`;
}

export async function jwksCheck(env: Env, rows: () => Promise<JwkRow[]>): Promise<Check> {
  let key: ReturnType<typeof secretConfig>;
  try {
    key = secretConfig(env);
  } catch {
    return pass("jwks", "not checked: BETTER_AUTH_SECRETS does not parse (see the env check).");
  }
  if (!key) return pass("jwks", "not checked: no secret is configured (see the env check).");
  const keys = await rows();
  const unreadable: string[] = [];
  for (const row of keys) {
    const stored = JSON.parse(row.privateKey) as unknown;
    if (typeof stored !== "string") continue; // stored unencrypted (jwks.disablePrivateKeyEncryption)
    try {
      await symmetricDecrypt({ key, data: stored });
    } catch {
      unreadable.push(`${row.id} (needs ${neededSecret(row.privateKey)})`);
    }
  }
  if (unreadable.length === 0) return pass("jwks", keys.length ? `${keys.length} signing key(s) decrypt with the configured secrets.` : "no signing keys yet (the first token creates one).");
  return fail(
    "jwks",
    `${unreadable.length} of ${keys.length} JWKS signing key(s) decrypt with no configured secret: ${unreadable.join(", ")}.`,
    "put the old secret back into BETTER_AUTH_SECRETS (or BETTER_AUTH_SECRET), or delete those rows from the jwks table so a new key is made (tokens they signed then stop verifying)",
  );
}

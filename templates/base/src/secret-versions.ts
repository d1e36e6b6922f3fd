// BETTER_AUTH_SECRETS holds versioned secrets for rotation: "3:newest,2:older,1:oldest", the current
// one first. Better Auth signs and encrypts with the current version and still decrypts data made
// with any listed one. Parsed here as Better Auth parses it, but strictly (duplicates are refused).

export interface SecretVersion {
  version: number;
  value: string;
}

export function parseSecretVersions(text: string): SecretVersion[] {
  const seen = new Set<number>();
  const entries = text.split(",").map((entry) => entry.trim()).filter(Boolean);
  if (entries.length === 0) throw new Error('BETTER_AUTH_SECRETS is empty; write it as "2:<new secret>,1:<old secret>" or unset it.');
  return entries.map((entry, index) => {
    const colon = entry.indexOf(":");
    const version = Number(entry.slice(0, colon));
    if (colon < 1 || !Number.isInteger(version) || version < 0 || String(version) !== entry.slice(0, colon).trim())
      throw new Error(`BETTER_AUTH_SECRETS entry ${index + 1} is not "<version>:<secret>" with a whole-number version.`);
    if (seen.has(version)) throw new Error(`BETTER_AUTH_SECRETS lists version ${version} twice; each version must be unique.`);
    seen.add(version);
    const value = entry.slice(colon + 1).trim();
    if (!value) throw new Error(`BETTER_AUTH_SECRETS version ${version} has no secret.`);
    return { version, value };
  });
}

export const formatSecretVersions = (secrets: SecretVersion[]) => secrets.map((s) => `${s.version}:${s.value}`).join(",");

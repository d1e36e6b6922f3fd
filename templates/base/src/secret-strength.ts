// BETTER_AUTH_SECRET signs sessions and encrypts the JWT signing keys: a guessable one hands out
// sessions for any user. Length alone is not enough (`aaaa…`, `change-me-change-me-…` are long).

const PLACEHOLDER = /change[-_ .]?me|replace[-_ .]?me|placeholder|example|your[-_ .]?secret|secret[-_ .]?here|insecure|dummy|not[-_ .]?a[-_ .]?secret/i;

/** Shannon entropy of the text's own character frequencies, in bits per character. */
export function shannonBitsPerChar(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const n = [...text].length;
  let bits = 0;
  for (const c of counts.values()) bits -= (c / n) * Math.log2(c / n);
  return bits;
}

/**
 * Why `secret` is too weak to run in production, or null when it is fine. A secret from
 * `openssl rand -base64 32` (or `-hex 32`) always passes: 32+ characters, at least 10 distinct,
 * and at least 100 bits by its character statistics (base64 ≈ 200, hex ≈ 240).
 */
export function secretWeakness(secret: string): string | null {
  if (secret.length < 32) return "is shorter than 32 characters";
  if (/\s/.test(secret)) return "contains whitespace";
  if (PLACEHOLDER.test(secret)) return "looks like a placeholder";
  if (/^(.{1,16}?)\1+.{0,16}$/s.test(secret)) return "is a short pattern repeated";
  // Ten in a row: a random hex secret has six in a row about once in 50,000, ten about once in a billion.
  if (/(.)\1{9}/s.test(secret)) return "repeats one character ten times in a row";
  if (new Set(secret).size < 10) return "uses fewer than 10 distinct characters";
  if (shannonBitsPerChar(secret) * [...secret].length < 100) return "has too little entropy";
  return null;
}

// Signed cookie values as Better Auth writes them (better-call's format): `value.signature`, the
// signature an HMAC-SHA256 of the value in standard base64 (44 characters).
import { createHmac, timingSafeEqual } from "node:crypto";

export const sign = (value: string, secret: string) => createHmac("sha256", secret).update(value).digest("base64");

function signedBy(value: string, signature: string, secret: string): boolean {
  const expected = Buffer.from(sign(value, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** `value.signature` signed by a previous secret → the same value signed by `current`; otherwise null. */
export function resign(signed: string, current: string, previous: string[]): string | null {
  const dot = signed.lastIndexOf(".");
  if (dot < 1) return null;
  const value = signed.slice(0, dot);
  const signature = signed.slice(dot + 1);
  if (signedBy(value, signature, current) || !previous.some((secret) => signedBy(value, signature, secret))) return null;
  return `${value}.${sign(value, current)}`;
}


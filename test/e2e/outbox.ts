// What a user does outside the browser in the e2e flows: read the development outbox (MAIL_OUTBOX,
// JSON lines), open an emailed link, type a TOTP code from an authenticator app.
import { createHmac } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sleep, type Browser } from "./harness.js";

// ---- TOTP (RFC 6238 over RFC 4226 HOTP, SHA-1, 30 s, 6 digits), as an authenticator app computes it.
function base32(text: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of text.replace(/=+$/, "").toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  return Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2)));
}

export function totp(secret: string, at = Date.now()): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac("sha1", base32(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}

// ---- The development outbox (MAIL_OUTBOX, JSON lines).
export interface Mail {
  to: string;
  subject: string;
  text: string;
  data?: Record<string, string>;
}

export async function mailTo(dir: string, to: string, subject: RegExp): Promise<Mail> {
  const file = join(dir, ".outbox/mail.jsonl");
  for (let i = 0; i < 40; i++) {
    const mails: Mail[] = existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l)) : [];
    const found = mails.filter((m) => m.to === to && subject.test(m.subject)).at(-1);
    if (found) return found;
    await sleep(100);
  }
  throw new Error(`no mail to ${to} matching ${subject} in ${file}`);
}

/** An emailed link's first hop, as a browser takes it: cookies kept, the redirect not followed. */
export async function openLink(browser: Browser, url: string) {
  const { pathname, search } = new URL(url);
  return browser.request("GET", pathname + search, undefined, {}, { redirect: "manual" });
}

// Development mailer: prints each message and appends it to MAIL_OUTBOX (JSON lines), so you and
// the smoke test can follow magic links and codes without an SMTP server. Replace `sendMail`
// with your provider (SMTP, Resend, SES, ...) before production.
import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** Machine-readable extras (link, code) for tests. */
  data?: Record<string, string>;
}

export async function sendMail(mail: Mail): Promise<void> {
  if (process.env.NODE_ENV === "production") {
    throw new Error("The development mailer is disabled in production; wire a real mail provider in src/mailer.ts.");
  }
  console.log(`[mail] to=${mail.to} subject="${mail.subject}"\n${mail.text}`);
  const outbox = process.env.MAIL_OUTBOX || ".outbox/mail.jsonl";
  mkdirSync(dirname(outbox), { recursive: true });
  appendFileSync(outbox, JSON.stringify({ ...mail, at: new Date().toISOString() }) + "\n");
}

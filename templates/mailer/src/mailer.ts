// Sends the service's email. With SMTP_URL set (smtp:// or smtps://user:pass@host:port) it goes
// out through nodemailer; without it, each message is printed and appended to MAIL_OUTBOX (JSON
// lines) so you and your tests can follow links and codes. Production without SMTP_URL refuses to
// start: sign-in links and reset emails that silently go nowhere would lock users out.
import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import nodemailer from "nodemailer";
import { env } from "./env.js"; // loads .env (which may set SMTP_URL) before this module reads it

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** Machine-readable extras (link, code) kept in the development outbox; not sent over SMTP. */
  data?: Record<string, string>;
}

type Send = (mail: Mail) => Promise<void>;

function smtp(url: string): Send {
  const transport = nodemailer.createTransport(url);
  const from = process.env.MAIL_FROM || "no-reply@localhost";
  return async ({ to, subject, text }) => {
    await transport.sendMail({ from, to, subject, text });
  };
}

function developmentOutbox(path: string): Send {
  return async (mail) => {
    console.log(`[mail] to=${mail.to} subject="${mail.subject}"\n${mail.text}`);
    // Sign-in links and codes are credentials: the outbox is readable by its owner only.
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    appendFileSync(path, JSON.stringify({ ...mail, at: new Date().toISOString() }) + "\n", { mode: 0o600 });
  };
}

function chooseTransport(): Send {
  if (process.env.SMTP_URL) return smtp(process.env.SMTP_URL);
  if (env.isProduction) {
    throw new Error("SMTP_URL is not set: this service sends email (sign-in links, codes, password resets) and will not run in production without a mail server.");
  }
  return developmentOutbox(process.env.MAIL_OUTBOX || ".outbox/mail.jsonl");
}

export const sendMail: Send = chooseTransport();

import type { Feature } from "./types.js";

/**
 * Outgoing email: SMTP through nodemailer when SMTP_URL is set, a development outbox otherwise.
 * Features that send email or codes list it in `requires`; once present it also sends Better
 * Auth's own password-reset and verification emails (its `server.options` lines in auth.ts).
 */
export const mailer: Feature = {
  id: "mailer",
  templates: ["mailer"],
  dependencies: ["nodemailer"],
  devDependencies: ["@types/nodemailer"],
  server: {
    imports: [{ from: "./emails.js", names: ["sendPasswordResetEmail", "sendVerificationEmail"] }],
    plugins: [],
    options: {
      emailAndPassword: ["sendResetPassword: sendPasswordResetEmail,", "revokeSessionsOnPasswordReset: true,"],
      top: ["emailVerification: { sendVerificationEmail, sendOnSignUp: true },"],
    },
  },
  env: [
    { key: "SMTP_URL", value: "", example: "smtps://user:password@smtp.example.com:465", comment: "Outgoing mail server; empty = development outbox (refused when NODE_ENV=production)" },
    { key: "MAIL_FROM", value: "no-reply@localhost", example: "Example <no-reply@example.com>", comment: "Sender of every email" },
    { key: "MAIL_OUTBOX", value: ".outbox/mail.jsonl", comment: "Development outbox: each email is printed and appended here (JSON lines)" },
  ],
  readme: "Email (password reset, verification on sign-up, and the plugins' links and codes): SMTP via nodemailer when `SMTP_URL` is set, otherwise printed and appended to `.outbox/mail.jsonl`; production refuses to start without `SMTP_URL`",
};
